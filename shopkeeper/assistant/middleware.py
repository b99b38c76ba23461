"""The agent's guards, as one LangChain middleware around the model and the tools.

- before the turn: clean and trim the stored history (memory.py);
- each model call: today's system prompt, and the tokens it used;
- each tool call: a ToolError becomes a tool message the model can act on ("did you mean
  ...?"); an unexpected failure becomes a short message with an error id (traceback in the
  log), so one broken tool does not end the turn;
- after each model reply: malformed tool-call arguments go back to the model as an error it
  can fix; a final answer goes through the grounding check — one correction is asked for,
  and if numbers are still unsupported the reply is replaced by the rendered tool results.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, cast

from langchain.agents.middleware import (
    AgentMiddleware,
    AgentState,
    ModelRequest,
    ModelResponse,
    hook_config,
)
from langchain_core.messages import (
    AIMessage,
    HumanMessage,
    RemoveMessage,
    SystemMessage,
    ToolMessage,
)
from langgraph.graph.message import REMOVE_ALL_MESSAGES
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.runtime import Runtime
from langgraph.types import Command

from shopkeeper.assistant import grounding
from shopkeeper.assistant.agent_tools import Turn
from shopkeeper.assistant.memory import CHECK_NAME, same, trim_history
from tools.context import ToolError

log = logging.getLogger(__name__)

MALFORMED = (
    "Error: the call to {name} could not be run because its arguments were not valid JSON "
    "({error}). Send the call again with a JSON object of arguments that fits the tool's schema."
)
INTERNAL = (
    "Error: {name} failed with an internal error (id {error_id}). Tell the person this could "
    "not be computed right now and that the error was logged; do not guess any figures."
)
CORRECTION = (
    "Automatic check (not from the person): your draft answer states numbers that appear in no "
    "tool result of this question: {numbers}. Every number you give must come from a tool "
    "result of this question (rounding is fine). Call a tool to get the figure, or leave it "
    "out, and write the answer again.\n\nYour draft was:\n{draft}"
)
GROUNDING_NOTE = (
    "The language model's answer had numbers that are in no tool result ({numbers}), so the "
    "tool results are shown as computed instead."
)


class TurnGuards(AgentMiddleware[AgentState[Any], Turn]):
    """History trimming, prompt, token accounting, tool errors and the grounding check."""

    def before_agent(self, state: AgentState[Any], runtime: Runtime[Turn]) -> dict[str, Any] | None:
        messages = list(state["messages"])
        kept = trim_history(messages, runtime.context.deps.settings.history_token_budget)
        if same(kept, messages):
            return None
        return {"messages": [RemoveMessage(id=REMOVE_ALL_MESSAGES), *kept]}

    def wrap_model_call(
        self,
        request: ModelRequest[Turn],
        handler: Callable[[ModelRequest[Turn]], ModelResponse[Any]],
    ) -> ModelResponse[Any]:
        turn = request.runtime.context
        response = handler(request.override(system_message=SystemMessage(turn.system_prompt)))
        for message in response.result:
            usage = getattr(message, "usage_metadata", None) or {}
            turn.prompt_tokens += int(usage.get("input_tokens", 0))
            turn.completion_tokens += int(usage.get("output_tokens", 0))
        return response

    def wrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]],
    ) -> ToolMessage | Command[Any]:
        turn = cast(Turn, request.runtime.context)
        call = request.tool_call
        name, call_id = call["name"], call["id"] or ""
        try:
            out = handler(request)
        except ToolError as err:
            turn.seen.append(str(err))
            return ToolMessage(str(err), tool_call_id=call_id, name=name, status="error")
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("tool %s failed (error %s)", name, error_id)
            text = INTERNAL.format(name=name, error_id=error_id)
            return ToolMessage(text, tool_call_id=call_id, name=name, status="error")
        if isinstance(out, ToolMessage) and out.status == "error":
            turn.seen.append(str(out.content))  # bad arguments, unknown tool
        return out

    @hook_config(can_jump_to=["model"])
    def after_model(self, state: AgentState[Any], runtime: Runtime[Turn]) -> dict[str, Any] | None:
        turn = runtime.context
        last = state["messages"][-1]
        if not isinstance(last, AIMessage):
            return None
        if last.tool_calls:
            turn.asked([str(c["id"]) for c in last.tool_calls])
            return None
        if last.invalid_tool_calls:
            return {
                "messages": [
                    ToolMessage(
                        MALFORMED.format(name=c.get("name"), error=c.get("error") or "unparsable"),
                        tool_call_id=c["id"],
                        name=c.get("name") or "unknown",
                        status="error",
                    )
                    for c in last.invalid_tool_calls
                    if c.get("id")
                ],
                "jump_to": "model",
            }
        check = grounding.check(last.text, turn.sources(), turn.extra_numbers())
        if check.ok:
            return None
        if turn.corrections == 0:
            turn.corrections += 1
            text = CORRECTION.format(numbers=", ".join(check.unsupported), draft=last.text)
            return {
                "messages": [RemoveMessage(id=last.id or ""), HumanMessage(text, name=CHECK_NAME)],
                "jump_to": "model",
            }
        turn.unsupported = check.unsupported
        if not turn.calls:  # nothing to show: the caller lets the offline router answer
            return {"messages": [RemoveMessage(id=last.id or "")]}
        return {"messages": [AIMessage(turn.rendered(), id=last.id)]}
