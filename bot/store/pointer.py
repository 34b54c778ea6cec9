"""The serving index generation's pointer kept in the store, for replicas that share a
Chroma server: every replica follows the same generation, switched in one write.

It satisfies `bot.search.index.Pointer`. `token()` reads the store at most once a second per
process, so following the pointer costs no round trip per question.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from bot.config import Config
from bot.store.repo import Store

NAME = "index.current"


class StorePointer:
    def __init__(self, store: Store, ttl: float = 1.0) -> None:
        self.store = store
        self.ttl = ttl
        self._lock = threading.Lock()
        self._read_at = float("-inf")
        self._value: str | None = None

    def read(self) -> dict[str, Any] | None:
        raw = self.store.get_value(NAME)
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def write(self, meta: dict[str, Any]) -> None:
        self.store.set_value(NAME, json.dumps(meta, ensure_ascii=False, sort_keys=True))
        with self._lock:
            self._read_at = float("-inf")  # this process switches at once

    def token(self) -> object:
        with self._lock:
            now = time.monotonic()
            if now - self._read_at >= self.ttl:
                self._value = self.store.get_value(NAME)
                self._read_at = now
            return self._value


def shared_pointer(config: Config, store: Store | None) -> StorePointer | None:
    """The store's pointer when replicas share state and vectors (PostgreSQL + Chroma server);
    None keeps the data dir's `current` file (the embedded default)."""
    if store is not None and store.shared and config.chroma.host:
        return StorePointer(store)
    return None
