"""A fake OpenAI-compatible server on 127.0.0.1 that serves canned responses and records requests.

Modelled on simonw/llm's mock model (`enqueue(...)`, a request history) and the stdlib fake in
shared/research/offline-dependencies.md §6. It serves:

- `POST /v1/chat/completions`: the next enqueued response (a chat.completion whose assistant
  content is the given text, or a raw body with any HTTP status), optionally after a delay or
  trickled out slowly; with nothing enqueued it answers HTTP 500.
- `GET /v1/models`: a model list naming `models`.

Usage::

    with FakeOpenAI() as server:
        server.enqueue('{"verdict": null, ...}')
        server.enqueue(status=500)
        ... OPENAI_BASE_URL=server.base_url ...
        server.requests[0].json["messages"]
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Canned:
    """One canned reply: `body` is sent as-is with `status` after `delay` seconds.

    With `trickle` > 0 the headers go out at once and the body follows one byte every `trickle`
    seconds, which defeats a per-read socket timeout (only an overall deadline stops it).
    """

    body: str
    status: int = 200
    delay: float = 0.0
    trickle: float = 0.0


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: str

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def completion(content: str, model: str = "gpt-4o-mini") -> str:
    """A `chat.completion` JSON body whose single choice says `content`."""
    return json.dumps(
        {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
    )


def _error(status: int, message: str) -> str:
    return json.dumps({"error": {"message": message, "type": "server_error", "code": status}})


@dataclass
class FakeOpenAI:
    """The server; start with `with FakeOpenAI() as server:` or `start()` / `close()`."""

    models: tuple[str, ...] = ("gpt-4o-mini",)
    requests: list[Recorded] = field(default_factory=list)
    _queue: deque[Canned] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closing: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(
        self,
        content: str | None = None,
        *,
        status: int = 200,
        body: str | None = None,
        delay: float = 0.0,
        trickle: float = 0.0,
    ) -> None:
        """Queue one reply: assistant `content` (wrapped in a chat.completion) or a raw `body`."""
        if body is None:
            body = completion(content or "") if status < 400 else _error(status, "fake error")
        with self._lock:
            self._queue.append(Canned(body, status, delay, trickle))

    def reset(self) -> None:
        """Forget queued replies and recorded requests."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next(self, recorded: Recorded) -> Canned:
        with self._lock:
            self.requests.append(recorded)
            if self._queue:
                return self._queue.popleft()
        return Canned(_error(500, "fake: nothing enqueued"), 500)

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                return

            def _record(self) -> Recorded:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                return Recorded(self.command, self.path, dict(self.headers.items()), body)

            def _send(self, canned: Canned) -> None:
                if canned.delay and fake._closing.wait(canned.delay):
                    return
                data = canned.body.encode("utf-8")
                try:
                    self.send_response(canned.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if not canned.trickle:
                        self.wfile.write(data)
                        return
                    for i in range(len(data)):
                        self.wfile.write(data[i : i + 1])
                        self.wfile.flush()
                        if fake._closing.wait(canned.trickle):
                            return
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as it should

            def do_POST(self) -> None:
                recorded = self._record()
                if self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(fake._next(recorded))
                else:
                    self._send(Canned(_error(404, "not found"), 404))

            def do_GET(self) -> None:
                recorded = self._record()
                with fake._lock:
                    fake.requests.append(recorded)
                if self.path.rstrip("/").endswith("/models"):
                    data = [{"id": m, "object": "model", "owned_by": "fake"} for m in fake.models]
                    self._send(Canned(json.dumps({"object": "list", "data": data})))
                else:
                    self._send(Canned(_error(404, "not found"), 404))

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def close(self) -> None:
        self._closing.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()
