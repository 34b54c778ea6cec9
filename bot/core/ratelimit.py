"""Per-key rate limit arithmetic, pure: GCRA (generic cell rate algorithm).

`limit` hits per `window` seconds: a burst of up to `limit` at once, then one every
`window / limit` seconds. The whole state of a key is one number, its theoretical arrival time
(`tat`), so a shared store can apply a hit in one atomic statement (`Store.rate_hit`) and every
replica sees the same limit. `step` is the reference the store's SQL is tested against.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Gcra:
    limit: int
    window: float = 60.0

    @property
    def interval(self) -> float:
        """Seconds one hit costs."""
        return self.window / self.limit

    @property
    def tolerance(self) -> float:
        """How far ahead of now the arrival time may run: the burst allowance."""
        return self.window - self.interval

    def step(self, tat: float | None, now: float) -> tuple[float, float]:
        """Apply one hit.

        Args:
            tat: the key's theoretical arrival time (None for a new key).
            now: the current time.

        Returns:
            (new tat, wait): wait 0 when the hit is allowed (and counted), else the seconds
            until it would be (the hit is not counted and tat is unchanged).
        """
        start = now if tat is None or tat < now else tat
        if start - now > self.tolerance:
            return (tat if tat is not None else now), max(0.001, start - now - self.tolerance)
        return start + self.interval, 0.0
