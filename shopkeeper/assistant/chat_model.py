"""The chat model behind the agent, and what to tell the person when it fails.

Any OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM, llama.cpp server) is
reached through `langchain-openai`'s ChatOpenAI.
"""

from __future__ import annotations

import openai
from langchain.agents.middleware.model_call_limit import ModelCallLimitExceededError
from langchain_openai import ChatOpenAI
from langgraph.errors import GraphRecursionError

from shopkeeper.core.settings import Settings

MAX_RETRIES = 1  # one quick retry for a 429/5xx blip; a dead server must fall back fast


def make_chat_model(settings: Settings) -> ChatOpenAI:
    """ChatOpenAI from OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL.

    A local server (Ollama, llama.cpp) needs no key; the client still wants one, so a
    placeholder is sent. Chat Completions, not the Responses API: every compatible server
    speaks it.
    """
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else "none"
    return ChatOpenAI(
        model=settings.openai_model,
        api_key=key,
        base_url=settings.openai_base_url or None,
        timeout=settings.llm_timeout_seconds,
        max_retries=MAX_RETRIES,
        use_responses_api=False,
    )


def failure_note(err: BaseException, settings: Settings, error_id: str) -> str:
    """One line for the person: why the built-in assistant answered instead."""
    why = f"the language model step failed (error {error_id}, details in the log)"
    if isinstance(err, openai.APITimeoutError):
        why = f"the language model did not answer within {settings.llm_timeout_seconds:g} s"
    elif isinstance(err, openai.RateLimitError):
        why = "the language model is busy or over its quota (429)"
    elif isinstance(err, openai.AuthenticationError | openai.PermissionDeniedError):
        why = "the language model refused the API key (check OPENAI_API_KEY)"
    elif isinstance(err, openai.APIStatusError):
        why = f"the language model server returned an error ({err.status_code})"
    elif isinstance(err, openai.APIConnectionError):
        why = "the language model server could not be reached"
    elif isinstance(err, ModelCallLimitExceededError | GraphRecursionError):
        why = f"the language model needed more than {settings.llm_max_steps} steps"
    return f"The built-in assistant answered because {why}."
