"""A circuit breaker: after repeated model failures, skip the model for a cool-down period."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    """Closed → (N consecutive failures) → open for `cooldown_s` → half-open (one trial call).

    A success in any state closes the circuit; a failed trial re-opens it for another cool-down.
    Thread-safe: answers may be composed from several worker threads.
    """

    def __init__(
        self,
        failures: int,
        cooldown_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.threshold = failures
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial = False  # a half-open trial call is in flight

    @property
    def state(self) -> str:
        """The state: closed, open or half-open (cool-down over; the next call is a trial)."""
        with self._lock:
            if self._opened_at is None:
                return "closed"
            return "open" if self._cooling() else "half-open"

    def _cooling(self) -> bool:
        return self._opened_at is not None and self._clock() - self._opened_at < self.cooldown_s

    def allow(self) -> bool:
        """Whether to call the model now. In half-open state only one caller gets through."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._cooling() or self._trial:
                return False
            self._trial = True
            return True

    def record_success(self) -> None:
        with self._lock:
            self._failures, self._opened_at, self._trial = 0, None, False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._trial or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._trial = False

    def remaining_s(self) -> float:
        """Seconds until the model is tried again (0 when closed or half-open)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))
