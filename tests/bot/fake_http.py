"""The HTTP side of the fake Bot API: POST /bot<token>/<method> (form or multipart, values
JSON-encoded the way python-telegram-bot sends them) and GET /file/bot<token>/<path>."""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, unquote

TOKEN = "123456:TEST-TOKEN"
STRING_PARAMS = {"text", "caption", "parse_mode", "callback_query_id", "action", "file_id",
                 "url", "input_field_placeholder", "secret_token"}  # fmt: skip


class ApiError(Exception):
    """A Bot API error answer (status code and Telegram's description)."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


class Api(Protocol):
    def handle(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> Any: ...

    def file_bytes(self, path: str) -> bytes | None: ...


def make_server(api: Api) -> ThreadingHTTPServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) answering for `api`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    server.daemon_threads = True
    return server


def _decode(raw: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in STRING_PARAMS:
            out[key] = value
            continue
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def _handler(api: Api) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            prefix, path = f"/file/bot{TOKEN}/", unquote(self.path)  # the client quotes ':'
            data = api.file_bytes(path[len(prefix) :]) if path.startswith(prefix) else None
            self.send_response(200 if data is not None else 404)
            self.end_headers()
            self.wfile.write(data or b"")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))

            method = self.path.rsplit("/", 1)[-1]
            if not self.path.startswith(f"/bot{TOKEN}/"):
                return self._reply(
                    401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                )
            fields, files = _form(self.headers.get("Content-Type", ""), body)
            try:
                result = api.handle(method, _decode(fields), files)
            except ApiError as err:
                return self._reply(err.code, {"ok": False, "error_code": err.code,
                                              "description": err.description})  # fmt: skip
            self._reply(200, {"ok": True, "result": result})

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a cancelled poll
                self.wfile.write(data)

    return Handler


def _form(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    if content_type.startswith("multipart/form-data"):
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        fields: dict[str, str] = {}
        files: dict[str, tuple[str, bytes]] = {}
        for part in msg.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            filename = part.get_filename()
            data = part.get_payload(decode=True)
            assert isinstance(data, bytes)
            if filename:
                files[name] = (filename, data)
            else:
                fields[name] = data.decode()
        return fields, files
    return dict(parse_qsl(body.decode(), keep_blank_values=True)), {}
