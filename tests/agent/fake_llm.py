"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for the agent tests.

The real `openai` client (through langchain-openai's ChatOpenAI) talks to it over HTTP, so the
tests exercise tool-schema serialisation, message replay, timeouts and HTTP errors as they
happen in production. Each POST to /v1/chat/completions takes the next step of the script;
every request body is recorded so a test can assert on exactly what a model would have seen.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Request = dict[str, Any]


@dataclass
class Step:
    """One scripted reply: a message, an HTTP error, or a hang (until the server stops)."""

    content: str | None = None
    tool_calls: list[tuple[str, dict[str, Any] | str]] = field(default_factory=list)
    status: int = 200
    hang: bool = False
    delay: float = 0.0  # seconds before replying (a slow but working model)


def say(text: str) -> Step:
    """A final answer."""
    return Step(content=text)


def call(*calls: tuple[str, dict[str, Any] | str]) -> Step:
    """Tool calls: (name, args); args given as a string are sent verbatim (malformed JSON)."""
    return Step(tool_calls=list(calls))


def error(status: int) -> Step:
    return Step(status=status)


def hang() -> Step:
    """Never answer (the client's timeout must fire)."""
    return Step(hang=True)


class FakeLLM:
    """The server: `script` is consumed in order; `requests` records every body received."""

    def __init__(self, script: list[Step | Callable[[Request], Step]] | None = None) -> None:
        self.script: list[Step | Callable[[Request], Step]] = list(script or [])
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._n = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> FakeLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # releases hanging handlers
        self.server.shutdown()
        self.server.server_close()

    def add(self, *steps: Step | Callable[[Request], Step]) -> None:
        with self._lock:
            self.script.extend(steps)

    def sent_text(self) -> str:
        """Everything sent to the model, as one string (for privacy assertions)."""
        return "\n".join(json.dumps(r, ensure_ascii=False) for r in self.requests)

    def _next(self, body: Request) -> Step:
        with self._lock:
            self.requests.append(body)
            if not self.script:
                return Step(status=500, content="fake LLM: script exhausted")
            step = self.script.pop(0)
        return step(body) if callable(step) else step

    def _reply(self, step: Step, body: Request) -> dict[str, Any]:
        self._n += 1
        message: dict[str, Any] = {"role": "assistant", "content": step.content}
        if step.tool_calls:
            message["tool_calls"] = [
                {
                    "id": f"call_{self._n}_{i}",
                    "type": "function",
                    "function": {
                        "name": name,
                        "arguments": args if isinstance(args, str) else json.dumps(args),
                    },
                }
                for i, (name, args) in enumerate(step.tool_calls)
            ]
        prompt = len(json.dumps(body)) // 4  # a rough, deterministic token count
        completion = len(json.dumps(message)) // 4
        return {
            "id": f"chatcmpl-{self._n}",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": "tool_calls" if step.tool_calls else "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                step = fake._next(body)
                if step.hang:
                    fake._stop.wait(30)  # bounded; released when the server stops
                    return
                if step.delay:
                    fake._stop.wait(step.delay)
                if step.status != 200:
                    self._send(step.status, {"error": {"message": step.content or "boom"}})
                    return
                self._send(200, fake._reply(step, body))

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        return Handler


def turn_messages(request: Request) -> list[dict[str, Any]]:
    """The messages of the current turn: from the person's last question on."""
    msgs = request.get("messages", [])
    starts = [
        i
        for i, m in enumerate(msgs)
        if m.get("role") == "user" and not str(m.get("content", "")).startswith("Automatic check")
    ]
    return msgs[starts[-1] :] if starts else msgs


def tool_results(request: Request) -> list[dict[str, Any]]:
    """The tool results of the current turn, parsed (error texts as {"error": text})."""
    out = []
    for m in turn_messages(request):
        if m.get("role") == "tool":
            try:
                out.append(json.loads(m["content"]))
            except (json.JSONDecodeError, TypeError):
                out.append({"error": m.get("content")})
    return out
