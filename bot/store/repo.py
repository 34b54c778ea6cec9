"""`Store`: every read and write of the bot's SQLite state, as plain dataclasses.

One connection, serialised by a lock; every write commits at once (autocommit), so a killed
process loses nothing it had acknowledged.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.core.quiz import AnswerRecord, answer_elapsed, is_correct
from bot.store.db import connect

DB_NAME = "netral.sqlite3"


@dataclass(frozen=True)
class QuizSession:
    id: str
    kind: str  # "private" | "event"
    chat_id: int
    host_id: int
    questions: list[str]
    seconds: int
    position: int
    state: str  # "running" | "closed"
    created_at: float
    closed_at: float | None


@dataclass(frozen=True)
class PollRecord:
    poll_id: str
    session_id: str
    position: int
    question_id: str
    correct: int
    chat_id: int
    message_id: int
    sent_at: float
    closes_at: float | None


@dataclass(frozen=True)
class RecordedAnswer:
    session: QuizSession
    poll: PollRecord
    correct: bool


@dataclass(frozen=True)
class Score:
    private_answered: int
    private_correct: int
    events: int
    event_points: int


@dataclass(frozen=True)
class AuditEntry:
    at: float
    user_id: int
    action: str
    detail: str
    ok: bool


def _session(row: sqlite3.Row) -> QuizSession:
    return QuizSession(
        row["id"],
        row["kind"],
        row["chat_id"],
        row["host_id"],
        json.loads(row["questions"]),
        row["seconds"],
        row["position"],
        row["state"],
        row["created_at"],
        row["closed_at"],
    )


def _poll(row: sqlite3.Row) -> PollRecord:
    return PollRecord(*tuple(row))


class Store:
    """The bot's state in `<data_dir>/netral.sqlite3`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = connect(path)
        self._lock = threading.RLock()

    @classmethod
    def from_config(cls, config: Config) -> Store:
        return cls(config.data_dir / DB_NAME)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    # ── usage counters ──────────────────────────────────────────────────────
    def bump(self, name: str, count: int = 1) -> None:
        self._write(
            "INSERT INTO usage (name, count) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET count = count + excluded.count",
            (name, count),
        )

    def usage(self) -> dict[str, int]:
        return {row["name"]: row["count"] for row in self._all("SELECT name, count FROM usage")}

    # ── answers, feedback, follow-up context ────────────────────────────────
    def record_answer(
        self, question: str, verdict: str | None, mode: str, unit_ids: Sequence[str]
    ) -> int:
        """Remember an answer shown, so its buttons (full text, 👍/👎) can refer to it."""
        cursor = self._write(
            "INSERT INTO answers (question, verdict, mode, unit_ids, created_at) VALUES (?,?,?,?,?)",
            (question, verdict, mode, json.dumps(list(unit_ids)), time.time()),
        )
        return int(cursor.lastrowid or 0)

    def answer_units(self, answer_id: int) -> list[str] | None:
        row = self._one("SELECT unit_ids FROM answers WHERE id = ?", (answer_id,))
        return json.loads(row["unit_ids"]) if row else None

    def add_feedback(self, answer_id: int, user_id: int, value: int) -> bool:
        """Store 👍 (+1) or 👎 (-1); a second vote by the same user replaces the first."""
        if self._one("SELECT 1 FROM answers WHERE id = ?", (answer_id,)) is None:
            return False
        self._write(
            "INSERT INTO feedback (answer_id, user_id, value, created_at) VALUES (?,?,?,?) "
            "ON CONFLICT(answer_id, user_id) DO UPDATE SET value = excluded.value, "
            "created_at = excluded.created_at",
            (answer_id, user_id, 1 if value > 0 else -1, time.time()),
        )
        return True

    def feedback_counts(self) -> dict[str, int]:
        row = self._one(
            "SELECT COALESCE(SUM(value > 0), 0) AS up, COALESCE(SUM(value < 0), 0) AS down "
            "FROM feedback"
        )
        return {"up": int(row["up"]), "down": int(row["down"])} if row else {"up": 0, "down": 0}

    def feedback(self, answer_id: int) -> dict[int, int]:
        rows = self._all("SELECT user_id, value FROM feedback WHERE answer_id = ?", (answer_id,))
        return {row["user_id"]: row["value"] for row in rows}

    def previous_question(self, user_id: int) -> str | None:
        row = self._one("SELECT question FROM last_question WHERE user_id = ?", (user_id,))
        return row["question"] if row else None

    def set_previous_question(self, user_id: int, question: str) -> None:
        self._write(
            "INSERT INTO last_question (user_id, question, asked_at) VALUES (?,?,?) "
            "ON CONFLICT(user_id) DO UPDATE SET question = excluded.question, "
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

    # ── quiz sessions ───────────────────────────────────────────────────────
    def create_session(
        self, kind: str, chat_id: int, host_id: int, question_ids: Sequence[str], seconds: int
    ) -> QuizSession:
        """Open a quiz session with a fresh short code as its id."""
        session_id = secrets.token_hex(4)
        self._write(
            "INSERT INTO quiz_sessions (id, kind, chat_id, host_id, questions, seconds, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                session_id,
                kind,
                chat_id,
                host_id,
                json.dumps(list(question_ids)),
                seconds,
                time.time(),
            ),
        )
        found = self.session(session_id)
        assert found is not None
        return found

    def session(self, session_id: str) -> QuizSession | None:
        row = self._one("SELECT * FROM quiz_sessions WHERE id = ?", (session_id,))
        return _session(row) if row else None

    def running_sessions(self, kind: str | None = None) -> list[QuizSession]:
        rows = self._all(
            "SELECT * FROM quiz_sessions WHERE state = 'running' AND (? IS NULL OR kind = ?) "
            "ORDER BY created_at",
            (kind, kind),
        )
        return [_session(r) for r in rows]

    def chat_session(self, chat_id: int, kind: str, running: bool = True) -> QuizSession | None:
        """The chat's running session (or, with running=False, its latest one)."""
        row = self._one(
            "SELECT * FROM quiz_sessions WHERE chat_id = ? AND kind = ? "
            "AND (state = 'running' OR ?) ORDER BY created_at DESC, rowid DESC LIMIT 1",
            (chat_id, kind, int(not running)),
        )
        return _session(row) if row else None

    def extend_session(self, session_id: str, question_ids: Sequence[str]) -> None:
        session = self.session(session_id)
        if session is not None:
            self._write(
                "UPDATE quiz_sessions SET questions = ? WHERE id = ?",
                (json.dumps([*session.questions, *question_ids]), session_id),
            )

    def close_session(self, session_id: str) -> bool:
        """Close a running session; False when it was already closed (close exactly once)."""
        cursor = self._write(
            "UPDATE quiz_sessions SET state = 'closed', closed_at = ? "
            "WHERE id = ? AND state = 'running'",
            (time.time(), session_id),
        )
        return cursor.rowcount == 1

    def add_poll(self, poll: PollRecord) -> None:
        """Record a sent poll (poll_id → session) and advance the session to its position."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO quiz_polls VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    poll.poll_id,
                    poll.session_id,
                    poll.position,
                    poll.question_id,
                    poll.correct,
                    poll.chat_id,
                    poll.message_id,
                    poll.sent_at,
                    poll.closes_at,
                ),
            )
            conn.execute(
                "UPDATE quiz_sessions SET position = MAX(position, ?) WHERE id = ?",
                (poll.position, poll.session_id),
            )

    def set_position(self, session_id: str, position: int) -> None:
        """Advance a session past a question without a poll (e.g. one removed from the bank)."""
        self._write(
            "UPDATE quiz_sessions SET position = MAX(position, ?) WHERE id = ?",
            (position, session_id),
        )

    def polls(self, session_id: str, position: int | None = None) -> list[PollRecord]:
        rows = self._all(
            "SELECT * FROM quiz_polls WHERE session_id = ? AND (? IS NULL OR position = ?) "
            "ORDER BY position, sent_at",
            (session_id, position, position),
        )
        return [_poll(r) for r in rows]

    def record_quiz_answer(
        self, poll_id: str, user_id: int, name: str, option_ids: Sequence[int], now: float
    ) -> RecordedAnswer | None:
        """Score a poll answer; None for unknown polls, closed events, retracted or repeat votes."""
        row = self._one("SELECT * FROM quiz_polls WHERE poll_id = ?", (poll_id,))
        if row is None or not option_ids:
            return None
        poll = _poll(row)
        session = self.session(poll.session_id)
        # A closed event counts nothing more; a private round may close before its last answer.
        if session is None or (session.kind == "event" and session.state != "running"):
            return None
        correct = is_correct(poll.correct, option_ids)
        elapsed = answer_elapsed(poll.sent_at, now, poll.closes_at)
        cursor = self._write(
            "INSERT OR IGNORE INTO quiz_answers VALUES (?,?,?,?,?,?,?)",
            (poll_id, user_id, name, option_ids[0], int(correct), now, elapsed),
        )
        return RecordedAnswer(session, poll, correct) if cursor.rowcount == 1 else None

    def session_answers(self, session_id: str) -> list[AnswerRecord]:
        rows = self._all(
            "SELECT a.user_id, a.name, p.position, a.correct, a.elapsed, a.answered_at "
            "FROM quiz_answers a JOIN quiz_polls p ON p.poll_id = a.poll_id "
            "WHERE p.session_id = ? ORDER BY a.answered_at",
            (session_id,),
        )
        return [AnswerRecord(r[0], r[1], r[2], bool(r[3]), float(r[4]), float(r[5])) for r in rows]

    def add_participant(self, session_id: str, user_id: int, name: str) -> None:
        self._write(
            "INSERT INTO quiz_participants VALUES (?,?,?,?) "
            "ON CONFLICT(session_id, user_id) DO UPDATE SET name = excluded.name",
            (session_id, user_id, name, time.time()),
        )

    def participants(self, session_id: str) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT user_id, name FROM quiz_participants WHERE session_id = ? ORDER BY joined_at",
            (session_id,),
        )
        return [(r[0], r[1]) for r in rows]

    def score(self, user_id: int) -> Score:
        """A user's totals: private quiz answers and event points."""
        rows = self._all(
            "SELECT s.kind, COUNT(*), COALESCE(SUM(a.correct), 0), COUNT(DISTINCT s.id) "
            "FROM quiz_answers a JOIN quiz_polls p ON p.poll_id = a.poll_id "
            "JOIN quiz_sessions s ON s.id = p.session_id WHERE a.user_id = ? GROUP BY s.kind",
            (user_id,),
        )
        by_kind = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
        private = by_kind.get("private", (0, 0, 0))
        event = by_kind.get("event", (0, 0, 0))
        return Score(private[0], private[1], event[2], event[1])
