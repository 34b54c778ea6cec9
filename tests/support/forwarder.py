"""A round-robin reverse proxy on 127.0.0.1 in front of webhook replicas, with Telegram's
delivery behaviour: one POST at a time per caller, and a failed delivery (connection error or a
non-2xx answer) is retried on the next replica after a short back-off, for a bounded time."""

from __future__ import annotations

import itertools
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

HEADERS = ("Content-Type", "X-Telegram-Bot-Api-Secret-Token")


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = 30.0) -> int:
    """POST and return the status (0 when the connection failed)."""
    request = urllib.request.Request(url, body, headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0


class Forwarder:
    """`url` + path → one of `targets` (base URLs), round-robin, retried like Telegram does."""

    def __init__(
        self, targets: list[str], retry_for: float = 30.0, fail_timeout: float = 5.0
    ) -> None:
        self.targets = targets
        self.retry_for = retry_for
        self.fail_timeout = fail_timeout
        self._down: dict[str, float] = {}
        self.handled: Counter[str] = Counter()  # target → deliveries it acknowledged
        self.failed: Counter[str] = Counter()  # target → deliveries that failed there
        self._next = itertools.count()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> Forwarder:
        forwarder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {h: self.headers[h] for h in HEADERS if self.headers.get(h)}
                status = forwarder.deliver(self.path, body, headers)
                self.send_response(status or 502)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _pick(self) -> str:
        """The next target, skipping ones that refused connections lately (nginx's fail_timeout)."""
        with self._lock:
            now = time.monotonic()
            for _ in self.targets:
                target = self.targets[next(self._next) % len(self.targets)]
                if self._down.get(target, 0.0) <= now:
                    return target
            return self.targets[next(self._next) % len(self.targets)]

    def deliver(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        deadline = time.monotonic() + self.retry_for
        status, attempt = 0, 0
        while time.monotonic() < deadline:
            target = self._pick()
            status = post(target + path, body, headers)
            if 200 <= status < 300 or status in (400, 403):
                with self._lock:
                    self.handled[target] += 1
                return status
            with self._lock:
                self.failed[target] += 1
                if status == 0:  # no connection: leave it out for a while
                    self._down[target] = time.monotonic() + self.fail_timeout
            attempt += 1
            if attempt % len(self.targets) == 0:  # every target failed once: back off
                time.sleep(min(0.1 * attempt, 1.0))
        return status
