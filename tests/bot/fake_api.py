"""A fake Telegram Bot API on 127.0.0.1: a small HTTP server the unchanged bot reaches via
TELEGRAM_BASE_URL, with the real python-telegram-bot HTTP client.

Tests act as people (`send`, `press`, `upload`) by queueing updates that the bot's long
polling fetches; every Bot API call the bot makes is recorded (`calls`). Like Telegram, it
parses HTML (and refuses what Telegram refuses), counts 4096 characters per message, keeps
callback data to 64 bytes, stores sent messages so they can be edited, replied to and
pressed, and serves uploaded files for download.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.bot.fake_html import HtmlError, parse_html, utf16
from tests.bot.fake_http import ApiError, make_server

BOT = {"id": 999, "is_bot": True, "first_name": "Shop Bot", "username": "shop_test_bot"}
SILENT = {"getUpdates", "getMe", "deleteWebhook"}  # not recorded: polling noise


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None
    error: ApiError | None = None  # the error answer, when the fake refused the call


class FakeTelegram:
    """The fake server and the test's hands on it."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.updates: list[dict[str, Any]] = []
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        self.blocked: set[int] = set()
        self.too_old: set[str] = set()
        self.down: set[str] = set()  # methods answered with a server error (Telegram trouble)
        self.commands: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._msg_ids = itertools.count(100)
        self.server = make_server(self)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def start(self) -> FakeTelegram:
        self.thread.start()
        return self

    def stop(self) -> None:
        with self.cond:
            self.cond.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # --- people -------------------------------------------------------------------------
    def user(self, uid: int, first: str, last: str | None = None) -> dict[str, Any]:
        u = {"id": uid, "is_bot": False, "first_name": first}
        if last:
            u["last_name"] = last
        self.chats.setdefault(uid, {"id": uid, "type": "private", "first_name": first})
        return u

    def group(self, gid: int, title: str) -> dict[str, Any]:
        return self.chats.setdefault(gid, {"id": gid, "type": "group", "title": title})

    def _push(self, kind: str, payload: dict[str, Any]) -> int:
        with self.cond:
            uid = next(self._ids)
            self.updates.append({"update_id": uid, kind: payload})
            self.cond.notify_all()
        return uid

    def send(
        self,
        user: dict[str, Any],
        text: str,
        chat: dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A person writes `text` (commands and @mentions get their entities)."""
        chat = chat or self.chats[user["id"]]
        msg = self._message(chat, user, text=text)
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        for word in text.split():
            if word.startswith("@"):
                entities.append(
                    {"type": "mention", "offset": text.index(word), "length": len(word)}
                )
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
        self._push("message", msg)
        return msg

    def press(self, user: dict[str, Any], message: dict[str, Any], data: str) -> str:
        """A person taps a button under `message` (its data need not be one the bot made)."""
        qid = f"cq{next(self._ids)}"
        query = {"id": qid, "from": user, "chat_instance": "ci", "data": data, "message": message}
        self._push("callback_query", query)
        return qid

    def upload(
        self,
        user: dict[str, Any],
        name: str,
        content: bytes,
        caption: str | None = None,
        claimed_size: int | None = None,
    ) -> dict[str, Any]:
        """A person sends a file as a document."""
        fid = f"file{next(self._ids)}"
        self.files[fid] = (f"documents/{name}", content)
        doc = {"file_id": fid, "file_unique_id": f"u{fid}", "file_name": name,
               "file_size": claimed_size if claimed_size is not None else len(content)}  # fmt: skip
        msg = self._message(self.chats[user["id"]], user, document=doc)
        if caption:
            msg["caption"] = caption
        self._push("message", msg)
        return msg

    def _message(self, chat: dict[str, Any], sender: dict[str, Any], **body: Any) -> dict[str, Any]:
        msg = {"message_id": next(self._msg_ids), "date": int(time.time()), "chat": chat,
               "from": sender, **body}  # fmt: skip
        self.messages[(chat["id"], msg["message_id"])] = msg
        return msg

    # --- what the bot did ---------------------------------------------------------------
    def mark(self) -> int:
        return len(self.calls)

    def since(self, mark: int, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        with self.cond:
            calls = list(self.calls[mark:])
        return [
            c
            for c in calls
            if (method is None or c.method == method)
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    async def wait(self, check: Callable[[], Any], timeout: float = 15.0) -> Any:
        """Until `check()` is truthy (polled while the bot runs in the same event loop)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = check()
            if found:
                return found
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out; calls: {[(c.method, c.params) for c in self.calls]}")

    async def next_call(
        self, mark: int, method: str, chat_id: int | None = None, n: int = 1
    ) -> list[Call]:
        return await self.wait(  # type: ignore[no-any-return]
            lambda: found if len(found := self.since(mark, method, chat_id)) >= n else None
        )

    # --- the Bot API --------------------------------------------------------------------
    def handle(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> Any:
        if method == "getUpdates":
            return self._get_updates(params)
        call = Call(method, params, files)
        answer: Callable[..., Any] = _METHODS.get(method, FakeTelegram._true)
        try:
            if method in self.down:
                raise ApiError(502, "Bad Gateway")
            call.result = answer(self, params, files)
            return call.result
        except ApiError as err:
            call.error = err
            raise
        finally:  # recorded once answered, so a test never sees a call without its answer
            if method not in SILENT:
                with self.cond:
                    self.calls.append(call)

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        with self.cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            return list(self.updates)

    def _true(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        return True

    def _chat(self, params: dict[str, Any]) -> dict[str, Any]:
        cid = params.get("chat_id")
        if cid not in self.chats:
            raise ApiError(400, "Bad Request: chat not found")
        if cid in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return self.chats[cid]

    def _markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    def _formatted(self, text: str, params: dict[str, Any], limit: int) -> dict[str, Any]:
        if params.get("parse_mode") == "HTML":
            try:
                text, entities = parse_html(text)
            except HtmlError as err:
                raise ApiError(400, f"Bad Request: can't parse entities: {err}") from err
        else:
            entities = []
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16(text) > limit:
            raise ApiError(400, "Bad Request: message is too long")
        return {"text": text, "entities": entities} if entities else {"text": text}

    def _store(
        self, chat: dict[str, Any], params: dict[str, Any], body: dict[str, Any]
    ) -> dict[str, Any]:
        msg = self._message(chat, BOT, **body)
        markup = self._markup(params)
        if markup and "inline_keyboard" in markup:  # messages carry only inline keyboards
            msg["reply_markup"] = markup
        reply = (params.get("reply_parameters") or {}).get("message_id")
        if reply and (chat["id"], reply) in self.messages:
            msg["reply_to_message"] = self.messages[(chat["id"], reply)]
        return msg

    def _send_message(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        return self._store(chat, params, self._formatted(str(params.get("text", "")), params, 4096))

    def _send_file(
        self, kind: str, params: dict[str, Any], files: dict[str, Any]
    ) -> dict[str, Any]:
        chat = self._chat(params)
        if kind not in files:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        name, data = files[kind]
        body: dict[str, Any] = {}
        if params.get("caption"):
            cap = self._formatted(str(params["caption"]), params, 1024)
            body = {"caption": cap["text"], "caption_entities": cap.get("entities", [])}
        fid = f"sent{next(self._ids)}"
        self.files[fid] = (name, data)
        if kind == "photo":
            body["photo"] = [{"file_id": fid, "file_unique_id": fid, "width": 800, "height": 450}]
        else:
            body["document"] = {"file_id": fid, "file_unique_id": fid, "file_name": name}
        return self._store(chat, params, body)

    def _edit_text(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        key = (params.get("chat_id"), params.get("message_id"))
        msg = self.messages.get(key)  # type: ignore[arg-type]
        if msg is None or msg["from"]["id"] != BOT["id"]:
            raise ApiError(400, "Bad Request: message to edit not found")
        new = self._formatted(str(params.get("text", "")), params, 4096)
        markup = self._markup(params)
        same = new.get("text") == msg.get("text") and new.get("entities") == msg.get("entities")
        if same and markup == msg.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        msg.pop("entities", None)
        msg.pop("reply_markup", None)  # Telegram drops buttons not sent again
        msg.update(new)
        if markup:
            msg["reply_markup"] = markup
        return msg

    def _answer_callback(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        if params.get("callback_query_id") in self.too_old:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired")
        if len(str(params.get("text", ""))) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _get_file(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        fid = str(params.get("file_id"))
        if fid not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = self.files[fid]
        return {"file_id": fid, "file_unique_id": fid, "file_size": len(data), "file_path": path}

    def _set_commands(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        self.commands = list(params.get("commands") or [])
        return True

    def file_bytes(self, path: str) -> bytes | None:
        for p, data in self.files.values():
            if p == path:
                return data
        return None


_METHODS: dict[str, Callable[..., Any]] = {
    "getMe": lambda self, p, f: BOT,
    "sendMessage": FakeTelegram._send_message,
    "sendPhoto": lambda self, p, f: self._send_file("photo", p, f),
    "sendDocument": lambda self, p, f: self._send_file("document", p, f),
    "editMessageText": FakeTelegram._edit_text,
    "answerCallbackQuery": FakeTelegram._answer_callback,
    "getFile": FakeTelegram._get_file,
    "setMyCommands": FakeTelegram._set_commands,
}
