"""A fake Telegram Bot API server on 127.0.0.1 that records every call (PTB-style assertions).

Routes `POST /bot<token>/<method>` and `GET /file/bot<token>/<path>`. Form values are JSON-decoded
when they parse (PTB JSON-encodes everything but plain strings); multipart bodies (uploads) are
parsed too. Unknown methods answer 400 like the real server.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Netral",
    "username": "netral_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None  # what the fake answered


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _chat(chat_id: Any) -> dict[str, Any]:
    chat_id = int(chat_id)
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "User"}
    return {"id": chat_id, "type": "supergroup", "title": "Grup"}


class FakeBotAPI:
    """Start with `start()` (or as a context manager); `url` is the PTB base_url."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, data)
        self.chat_admins: dict[int, set[int]] = {}
        self.fail: dict[str, tuple[int, str]] = {}  # method -> (error_code, description)
        self.retry_after: dict[str, int] = {}  # method -> seconds: answer 429 with retry_after
        self.blocked: set[int] = set()  # chats whose sendMessage gets 403 (never started the bot)
        # setMyCommands as set: scope key ("all_private_chats", "chat:4242", "default") -> names
        self.commands: dict[str, list[str]] = {}
        self._cond = threading.Condition()
        self._message_ids = itertools.count(1000)
        self._poll_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ── lifecycle ─────────────────────────────────────────────────────────
    def start(self) -> FakeBotAPI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                fake._handle(self)

            def do_GET(self) -> None:
                fake._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # ── test API ──────────────────────────────────────────────────────────
    def push(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates (ids are assigned when missing)."""
        with self._cond:
            for update in updates:
                update.setdefault("update_id", next(self._update_ids))
                self.updates.append(update)
            self._cond.notify_all()

    def add_file(self, file_id: str, data: bytes, file_path: str) -> None:
        self.files[file_id] = (file_path, data)

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        with self._cond:
            return [c.method for c in self.calls]

    def clear(self) -> None:
        with self._cond:
            self.calls.clear()

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 10.0, where: Any = None
    ) -> list[Call]:
        """Block until `count` calls of `method` (matching `where(call)`) were recorded."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c for c in self.calls if c.method == method and (where is None or where(c))
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{method}: {len(found)}/{count} calls after {timeout}s")
                self._cond.wait(left)

    # ── HTTP ──────────────────────────────────────────────────────────────
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urlparse(request.path).path
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if path.startswith("/file/bot"):
            file_path = path.split("/", 3)[3] if path.count("/") >= 3 else ""
            found = next((d for p, d in self.files.values() if p == file_path), None)
            self._reply(
                request, 200 if found is not None else 404, found or b"", "application/octet-stream"
            )
            return
        if path.startswith("/_control/"):
            self._control(request, path.removeprefix("/_control/"), body)
            return
        parts = path.split("/")
        if len(parts) < 3 or not parts[1].startswith("bot"):
            self._json(request, 404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = parts[2]
        params, files = self._params(request.headers.get("Content-Type", ""), body)
        call = Call(method, params, files=files)
        handler = getattr(self, f"_m_{method}", None)
        failure = self.fail.get(method)
        if method in self.retry_after:
            seconds = self.retry_after[method]
            with self._cond:
                self.calls.append(call)
                self._cond.notify_all()
            description = f"Too Many Requests: retry after {seconds}"
            payload = {"ok": False, "error_code": 429, "description": description}
            self._json(request, 429, {**payload, "parameters": {"retry_after": seconds}})
            return
        if str(params.get("chat_id")) in {str(c) for c in self.blocked}:
            failure = (403, "Forbidden: bot can't initiate conversation with a user")
        if handler is not None and failure is None:
            call.result = handler(params)  # recorded with its result, so waiters can read it
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()
        if failure is not None:
            code, description = failure
            self._json(request, code, {"ok": False, "error_code": code, "description": description})
        elif handler is None:
            description = f"Bad Request: method {method} not found"
            self._json(request, 400, {"ok": False, "error_code": 400, "description": description})
        else:
            self._json(request, 200, {"ok": True, "result": call.result})

    def _control(self, request: BaseHTTPRequestHandler, action: str, body: bytes) -> None:
        """Out-of-process use (benchmarks): push updates, read calls as {chat_id, at} rows."""
        query = dict(parse_qsl(urlparse(request.path).query))
        if action == "push":
            self.push(*json.loads(body))
            self._json(request, 200, {"ok": True})
            return
        since = int(query.get("since", 0))
        rows = [
            {
                "chat_id": c.params.get("chat_id"),
                "at": c.at,
                "text": str(c.params.get("text"))[:80],
                "poll_id": c.result.get("poll", {}).get("id")
                if isinstance(c.result, dict)
                else None,
            }
            for c in self.calls_to(query.get("method", "sendMessage"))[since:]
        ]
        self._json(request, 200, {"ok": True, "result": rows})

    @staticmethod
    def _params(
        content_type: str, body: bytes
    ) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
        if not body:
            return {}, {}
        if content_type.startswith("application/json"):
            return json.loads(body), {}
        if content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
            )
            params: dict[str, Any] = {}
            files: dict[str, tuple[str, bytes]] = {}
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                if filename:
                    files[str(name)] = (filename, payload)
                    params[str(name)] = f"attach://{name}"
                else:
                    params[str(name)] = _decode(payload.decode("utf-8"))
            return params, files
        return {
            k: _decode(v) for k, v in parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        }, {}

    def _reply(
        self, request: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str
    ) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # PTB cancels the in-flight long poll on stop

    def _json(self, request: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        self._reply(request, status, json.dumps(payload).encode(), "application/json")

    # ── methods ───────────────────────────────────────────────────────────
    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": _chat(params.get("chat_id", 1)),
            "from": BOT_USER,
            **extra,
        }

    def _m_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), 0.2)
        deadline = time.monotonic() + wait
        with self._cond:
            while True:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                if self.updates:
                    return list(self.updates[: int(params.get("limit") or 100)])
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._cond.wait(left)

    def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        return self._message(params, text=params.get("text", ""))

    def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        return self._message(params, text=params.get("text", ""))

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        return self._message(params, text="")

    def _m_sendPoll(self, params: dict[str, Any]) -> Any:
        options = params.get("options") or []
        poll = {
            "id": f"poll-{next(self._poll_ids)}",
            "question": params.get("question", ""),
            "options": [
                {
                    "text": o if isinstance(o, str) else o.get("text", ""),
                    "voter_count": 0,
                    "persistent_id": str(index),  # required since Bot API 9.6
                }
                for index, o in enumerate(options)
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": False,
            "allows_revoting": False,  # required since Bot API 9.6
            "members_only": False,  # required since Bot API 10.0
        }
        if params.get("correct_option_ids") is not None:
            poll["correct_option_ids"] = params["correct_option_ids"]
        if params.get("open_period") is not None:
            poll["open_period"] = params["open_period"]
        return self._message(params, poll=poll)

    def _m_stopPoll(self, params: dict[str, Any]) -> Any:
        return {
            "id": "stopped",
            "question": "",
            "options": [],
            "total_voter_count": 0,
            "is_closed": True,
            "is_anonymous": False,
            "type": "quiz",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }

    def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        return self._message(
            params,
            document={"file_id": "doc-sent", "file_unique_id": "doc-sent-u", "file_name": "x"},
        )

    def _m_getFile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        path, data = self.files.get(file_id, (f"documents/{file_id}", b""))
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(data),
            "file_path": path,
        }

    def _m_getChatMember(self, params: dict[str, Any]) -> Any:
        user_id = int(params.get("user_id", 0))
        admin = user_id in self.chat_admins.get(int(params.get("chat_id", 0)), set())
        user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        if admin:
            return {
                "status": "administrator",
                "user": user,
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
            }
        return {"status": "member", "user": user}

    def _m_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        chat_id = int(params.get("chat_id", 0))
        return [
            self._m_getChatMember({"chat_id": chat_id, "user_id": uid})
            for uid in self.chat_admins.get(chat_id, set())
        ]

    def _ok(self, params: dict[str, Any]) -> Any:
        return True

    _m_answerCallbackQuery = _ok
    _m_sendChatAction = _ok

    def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        scope = params.get("scope") or {"type": "default"}
        scope = json.loads(scope) if isinstance(scope, str) else scope
        key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
        commands = params.get("commands") or []
        commands = json.loads(commands) if isinstance(commands, str) else commands
        with self._cond:
            self.commands[key] = [c["command"] for c in commands]
        return True

    _m_deleteMyCommands = _ok
    _m_deleteWebhook = _ok
    _m_setWebhook = _ok
    _m_close = _ok
    _m_logOut = _ok


def main() -> None:
    """Serve until killed, printing the port (benchmarks run the fake in its own process)."""
    api = FakeBotAPI().start()
    print(api.port, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
