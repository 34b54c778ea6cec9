"""Per-key sliding-window rate limit, pure (the caller passes the clock)."""

from __future__ import annotations

from collections import deque


class SlidingWindow:
    """At most `limit` hits per `window` seconds for each key."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit = limit
        self.window = window
        self._hits: dict[int | str, deque[float]] = {}
        self._checks = 0

    def hit(self, key: int | str, now: float) -> float:
        """Count a hit now.

        Returns:
            0 when allowed, else the seconds until the next hit would be allowed (not counted).
        """
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        self._checks += 1
        if self._checks % 1000 == 0:
            self._prune(now)
        if len(hits) >= self.limit:
            return max(0.001, hits[0] + self.window - now)
        hits.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        for key in [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[key]
