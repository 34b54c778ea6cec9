"""The engine-holding base of `Store`: opening, the SQL helpers, and the plain records
(usage counters, answers shown, feedback, follow-up context, audit)."""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.store.db import migrate
from bot.store.engine import Engine, Result, SqliteEngine

DB_NAME = "netral.sqlite3"


TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16}")


@dataclass(frozen=True)
class BoundAnswer:
    id: int
    unit_ids: list[str]
    basis: str  # JSON written by the front end that showed the answer


@dataclass(frozen=True)
class AuditEntry:
    at: float
    user_id: int
    action: str
    detail: str
    ok: bool


class StoreBase:
    """Holds the engine; every public method is one short transaction or one statement."""

    def __init__(self, target: Path | Engine) -> None:
        self.engine: Engine = SqliteEngine(target) if isinstance(target, Path) else target
        migrate(self.engine)

    @property
    def path(self) -> Path | None:
        """The SQLite file; None on PostgreSQL."""
        return getattr(self.engine, "path", None)

    @property
    def shared(self) -> bool:
        """True when other processes (replicas) share this state: PostgreSQL."""
        return self.engine.dialect == "postgresql"

    def describe(self) -> str:
        return self.engine.describe()

    def close(self) -> None:
        self.engine.close()

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.engine.execute(sql, params).rows

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.engine.execute(sql, params).one()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> Result:
        return self.engine.execute(sql, params)

    def writable(self) -> str:
        """ "ok" when the store takes a write (rolled back), else the error in one line."""
        try:
            with self.engine.transaction() as tx:
                tx.execute(
                    "INSERT INTO usage (name, count) VALUES ('_healthz', 0) "
                    "ON CONFLICT (name) DO NOTHING"
                )
                raise _Rollback
        except _Rollback:
            return "ok"
        except Exception as exc:
            return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"

    # ── usage counters ──────────────────────────────────────────────────────
    def bump(self, name: str, count: int = 1) -> None:
        self._write(
            "INSERT INTO usage (name, count) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET count = usage.count + excluded.count",
            (name, count),
        )

    def usage(self) -> dict[str, int]:
        rows = self._all("SELECT name, count FROM usage WHERE name <> '_healthz'")
        return {row["name"]: int(row["count"]) for row in rows}

    # ── answers, feedback, follow-up context ────────────────────────────────
    def record_answer(
        self, question: str, verdict: str | None, mode: str, unit_ids: Sequence[str]
    ) -> int:
        """Remember an answer shown, so its buttons (full text, 👍/👎) can refer to it."""
        row = self._one(
            "INSERT INTO answers (question, verdict, mode, unit_ids, created_at) "
            "VALUES (?,?,?,?,?) RETURNING id",
            (question, verdict, mode, json.dumps(list(unit_ids)), time.time()),
        )
        return int(row[0])

    def bind_answer(self, answer_id: int, chat_id: int, basis: str) -> str:
        """Give a shown answer its button token, bound to `chat_id`, and keep its "Dasar hukum"
        content (`basis`, JSON). The token is what buttons carry: ids are guessable."""
        token = secrets.token_urlsafe(12)
        self._write(
            "UPDATE answers SET token = ?, chat_id = ?, basis = ? WHERE id = ?",
            (token, chat_id, basis, answer_id),
        )
        return token

    def answer_by_token(self, token: str, chat_id: int) -> BoundAnswer | None:
        """The answer a button names, or None when unknown or shown in another chat."""
        if not TOKEN_RE.fullmatch(token):
            return None
        row = self._one(
            "SELECT id, chat_id, unit_ids, basis FROM answers WHERE token = ?", (token,)
        )
        if row is None or row["chat_id"] is None or int(row["chat_id"]) != chat_id:
            return None
        return BoundAnswer(int(row["id"]), json.loads(row["unit_ids"]), row["basis"] or "")

    def add_feedback(self, answer_id: int, user_id: int, value: int) -> bool:
        """Store 👍 (+1) or 👎 (-1); a second vote by the same user replaces the first."""
        # One statement: the vote is written only when the answer exists.
        result = self._write(
            "INSERT INTO feedback (answer_id, user_id, value, created_at) "
            "SELECT id, ?, ?, ? FROM answers WHERE id = ? "
            "ON CONFLICT (answer_id, user_id) DO UPDATE SET value = excluded.value, "
            "created_at = excluded.created_at",
            (user_id, 1 if value > 0 else -1, time.time(), answer_id),
        )
        return result.rowcount == 1

    def feedback_counts(self) -> dict[str, int]:
        row = self._one(
            "SELECT COALESCE(SUM(CASE WHEN value > 0 THEN 1 ELSE 0 END), 0) AS up, "
            "COALESCE(SUM(CASE WHEN value < 0 THEN 1 ELSE 0 END), 0) AS down FROM feedback"
        )
        return {"up": int(row["up"]), "down": int(row["down"])} if row else {"up": 0, "down": 0}

    def feedback(self, answer_id: int) -> dict[int, int]:
        rows = self._all("SELECT user_id, value FROM feedback WHERE answer_id = ?", (answer_id,))
        return {int(row["user_id"]): int(row["value"]) for row in rows}

    def previous_question(self, user_id: int) -> str | None:
        """The user's follow-up context: free text (a question, or a JSON "frame" blob)."""
        row = self._one("SELECT question FROM last_question WHERE user_id = ?", (user_id,))
        return row["question"] if row else None

    def set_previous_question(self, user_id: int, question: str) -> None:
        self._write(
            "INSERT INTO last_question (user_id, question, asked_at) VALUES (?,?,?) "
            "ON CONFLICT (user_id) DO UPDATE SET question = excluded.question, "
            "asked_at = excluded.asked_at",
            (user_id, question, time.time()),
        )

    # ── audit ───────────────────────────────────────────────────────────────
    def audit(self, user_id: int, action: str, detail: str = "", ok: bool = True) -> None:
        self._write(
            "INSERT INTO audit (at, user_id, action, detail, ok) VALUES (?,?,?,?,?)",
            (time.time(), user_id, action, detail, int(ok)),
        )

    def audit_log(self, limit: int = 100) -> list[AuditEntry]:
        rows = self._all(
            "SELECT at, user_id, action, detail, ok FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        )
        return [
            AuditEntry(r["at"], r["user_id"], r["action"], r["detail"], bool(r["ok"])) for r in rows
        ]


class _Rollback(Exception):
    """Raised inside a transaction to roll it back on purpose."""
