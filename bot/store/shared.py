"""State that replicas share beyond quizzes: webhook update ids, rate limits, admin previews
and named values (the serving index pointer)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from bot.core.ratelimit import Gcra
from bot.store.base import StoreBase

UPDATE_NEW, UPDATE_DONE, UPDATE_BUSY = "new", "done", "busy"


@dataclass(frozen=True)
class PendingRecord:
    token: str
    user_id: int
    reg_id: str
    replace: bool
    summary: str
    markdown: str
    created_at: float
    kind: str = "regulation"  # or "knowledge"
    base: bytes | None = None  # knowledge: the live file when previewed


class SharedStore(StoreBase):
    """Update de-duplication, rate limits, pending previews, shared values."""

    # ── webhook updates ─────────────────────────────────────────────────────
    def claim_update(self, update_id: int, now: float, lease_s: float) -> str:
        """Claim a webhook update for processing (Telegram retries a delivery that failed).

        Returns:
            "new": process it (first delivery, or the replica that claimed it stopped answering
            for `lease_s`); "done": already processed, drop it; "busy": another replica is on it
            now, so ask Telegram to retry later.
        """
        row = self._one(
            "INSERT INTO updates_seen (update_id, claimed_at) VALUES (?, ?) "
            "ON CONFLICT (update_id) DO UPDATE SET claimed_at = excluded.claimed_at "
            "WHERE updates_seen.done_at IS NULL AND updates_seen.claimed_at <= ? "
            "RETURNING update_id",
            (update_id, now, now - lease_s),
        )
        if row is not None:
            return UPDATE_NEW
        seen = self._one("SELECT done_at FROM updates_seen WHERE update_id = ?", (update_id,))
        return UPDATE_DONE if seen is None or seen[0] is not None else UPDATE_BUSY

    def finish_update(self, update_id: int, now: float) -> None:
        self._write("UPDATE updates_seen SET done_at = ? WHERE update_id = ?", (now, update_id))

    def release_update(self, update_id: int) -> None:
        """Forget a claim whose processing did not finish, so a retry is taken at once."""
        self._write(
            "DELETE FROM updates_seen WHERE update_id = ? AND done_at IS NULL", (update_id,)
        )

    def prune(self, now: float, keep_updates_s: float = 86400.0) -> None:
        """Drop update ids older than a day (Telegram keeps undelivered updates 24 h), expired
        rate-limit rows and previews older than a day."""
        self._write("DELETE FROM updates_seen WHERE claimed_at < ?", (now - keep_updates_s,))
        self._write("DELETE FROM rate_limits WHERE tat < ?", (now,))
        self._write("DELETE FROM admin_pending WHERE created_at < ?", (now - 86400.0,))

    # ── rate limits ─────────────────────────────────────────────────────────
    def rate_hit(self, key: str, now: float, rule: Gcra) -> float:
        """Count one hit for `key` under `rule` (see bot.core.ratelimit), atomically.

        Returns:
            0 when allowed, else the seconds until the next hit would be (this one not counted).
        """
        start = "CASE WHEN rate_limits.tat > ? THEN rate_limits.tat ELSE ? END"
        row = self._one(
            "INSERT INTO rate_limits (key, tat) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
            f"SET tat = {start} + ? WHERE {start} - ? <= ? RETURNING tat",
            (key, now + rule.interval, now, now, rule.interval, now, now, now, rule.tolerance),
        )
        if row is not None:
            return 0.0
        current = self._one("SELECT tat FROM rate_limits WHERE key = ?", (key,))
        tat = float(current[0]) if current else now
        return rule.step(tat, now)[1]

    # ── pending admin previews ──────────────────────────────────────────────
    def put_pending(self, record: PendingRecord) -> None:
        self._write(
            "INSERT INTO admin_pending (token, user_id, reg_id, replace_existing, summary, "
            "markdown, created_at, kind, base) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                record.token,
                record.user_id,
                record.reg_id,
                int(record.replace),
                record.summary,
                record.markdown,
                record.created_at,
                record.kind,
                record.base,
            ),
        )

    def get_pending(self, token: str) -> PendingRecord | None:
        row = self._one(
            "SELECT token, user_id, reg_id, replace_existing, summary, markdown, created_at, "
            "kind, base FROM admin_pending WHERE token = ?",
            (token,),
        )
        return _pending(row) if row else None

    def take_pending(self, token: str) -> PendingRecord | None:
        """Remove and return a preview: of two presses (on any replica) only one gets it."""
        row = self._one(
            "DELETE FROM admin_pending WHERE token = ? RETURNING token, user_id, reg_id, "
            "replace_existing, summary, markdown, created_at, kind, base",
            (token,),
        )
        return _pending(row) if row else None

    # ── named values ────────────────────────────────────────────────────────
    def get_value(self, name: str) -> str | None:
        row = self._one("SELECT value FROM shared_values WHERE name = ?", (name,))
        return row[0] if row else None

    def set_value(self, name: str, value: str) -> None:
        self._write(
            "INSERT INTO shared_values (name, value, updated_at) VALUES (?,?,?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (name, value, time.time()),
        )


def _pending(r: Any) -> PendingRecord:
    return PendingRecord(
        r["token"],
        int(r["user_id"]),
        r["reg_id"],
        bool(r["replace_existing"]),
        r["summary"],
        r["markdown"],
        float(r["created_at"]),
        r["kind"],
        bytes(r["base"]) if r["base"] is not None else None,
    )


class StoreLimiter:
    """Per-user question limit kept in the store, so every replica enforces the same one."""

    def __init__(self, store: SharedStore, limit: int, window: float = 60.0) -> None:
        self.store = store
        self.rule = Gcra(limit, window)
        self.limit = limit

    def hit(self, key: int | str, now: float) -> float:
        """0 when allowed, else the seconds to wait (the hit is not counted)."""
        return self.store.rate_hit(f"q:{key}", now, self.rule)
