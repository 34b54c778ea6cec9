"""Quiz state in the store: sessions, rounds, polls (poll_id → session), answers, participants.

An event session is a small state machine that any process may advance (`phase`):
    ready  ── ask question position+1 ──►  open  ── poll closed / deadline ──►  closed
      ▲                                                                          │
      └──────────────────────── reveal sent (more questions) ◄───────────────────┘
A step is run by whoever claims its lease (`claim_due`, `claim_session`: one conditional
UPDATE, so exactly one process wins); the round closes exactly once (`close_round`: UPDATE …
WHERE phase = 'open'); an answer counts only while its round is open, at most once per
participant and question, whichever copy (group poll or private copy) arrives first.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.quiz import AnswerRecord, answer_elapsed, is_correct
from bot.store.base import StoreBase


@dataclass(frozen=True)
class QuizSession:
    id: str
    kind: str  # "private" | "event"
    chat_id: int
    host_id: int
    questions: list[str]
    seconds: int
    position: int  # the question asked last (-1 before the first)
    state: str  # "running" | "closed"
    created_at: float
    closed_at: float | None
    phase: str = "ready"  # event: "ready" | "open" | "closed" (see the module docstring)
    closes_at: float | None = None  # the open round's group poll closes then
    due_at: float | None = None  # the next step is due then
    failures: int = 0  # failed attempts at the current step
    stopped: bool = False  # ended early (by the host, or after repeated errors)


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
    poll: PollRecord
    correct: bool


@dataclass(frozen=True)
class Score:
    private_answered: int
    private_correct: int
    events: int
    event_points: int


@dataclass(frozen=True)
class RoundStats:
    answered: int
    correct: int


_SESSION_COLUMNS = (
    "id, kind, chat_id, host_id, questions, seconds, position, state, created_at, closed_at, "
    "phase, closes_at, due_at, failures, stopped"
)
_POLL_COLUMNS = (
    "poll_id, session_id, position, question_id, correct, chat_id, message_id, sent_at, closes_at"
)


def _session(row: Any) -> QuizSession:
    return QuizSession(
        row["id"],
        row["kind"],
        int(row["chat_id"]),
        int(row["host_id"]),
        json.loads(row["questions"]),
        int(row["seconds"]),
        int(row["position"]),
        row["state"],
        float(row["created_at"]),
        row["closed_at"],
        row["phase"],
        row["closes_at"],
        row["due_at"],
        int(row["failures"]),
        bool(row["stopped"]),
    )


def _poll(row: Any) -> PollRecord:
    return PollRecord(
        row["poll_id"],
        row["session_id"],
        int(row["position"]),
        row["question_id"],
        int(row["correct"]),
        int(row["chat_id"]),
        int(row["message_id"]),
        float(row["sent_at"]),
        row["closes_at"],
    )


class QuizStore(StoreBase):
    """Quiz methods of `Store`."""

    def _init_quiz(self) -> None:
        # Polls never change once recorded: a per-process cache saves a round trip per answer.
        self._polls: OrderedDict[str, PollRecord] = OrderedDict()
        self._polls_lock = threading.Lock()

    # ── sessions ────────────────────────────────────────────────────────────
    def create_session(
        self,
        kind: str,
        chat_id: int,
        host_id: int,
        question_ids: Sequence[str],
        seconds: int,
        now: float | None = None,
    ) -> QuizSession:
        """Open a quiz session with a fresh short code as its id (an event's first step is due)."""
        now = time.time() if now is None else now
        row = self._one(
            "INSERT INTO quiz_sessions (id, kind, chat_id, host_id, questions, seconds, "
            f"created_at, phase, due_at) VALUES (?,?,?,?,?,?,?,'ready',?) RETURNING {_SESSION_COLUMNS}",
            (
                secrets.token_hex(4),
                kind,
                chat_id,
                host_id,
                json.dumps(list(question_ids)),
                seconds,
                now,
                now if kind == "event" else None,
            ),
        )
        return _session(row)

    def session(self, session_id: str) -> QuizSession | None:
        row = self._one(f"SELECT {_SESSION_COLUMNS} FROM quiz_sessions WHERE id = ?", (session_id,))
        return _session(row) if row else None

    def running_sessions(self, kind: str | None = None) -> list[QuizSession]:
        rows = self._all(
            f"SELECT {_SESSION_COLUMNS} FROM quiz_sessions WHERE state = 'running' "
            "AND (kind = ? OR CAST(? AS TEXT) IS NULL) ORDER BY created_at",
            (kind, kind),
        )
        return [_session(r) for r in rows]

    def chat_session(self, chat_id: int, kind: str, running: bool = True) -> QuizSession | None:
        """The chat's running session (or, with running=False, its latest one)."""
        found = self.chat_sessions(chat_id, kind, limit=1, running=running)
        return found[0] if found else None

    def chat_sessions(
        self, chat_id: int, kind: str, limit: int = 10, running: bool = False
    ) -> list[QuizSession]:
        """The chat's sessions of `kind`, newest first (only running ones with running=True)."""
        rows = self._all(
            f"SELECT {_SESSION_COLUMNS} FROM quiz_sessions WHERE chat_id = ? AND kind = ? "
            "AND (state = 'running' OR ? = 0) ORDER BY created_at DESC, id LIMIT ?",
            (chat_id, kind, int(running), limit),
        )
        return [_session(r) for r in rows]

    def extend_session(self, session_id: str, question_ids: Sequence[str]) -> None:
        session = self.session(session_id)
        if session is not None:
            self._write(
                "UPDATE quiz_sessions SET questions = ? WHERE id = ?",
                (json.dumps([*session.questions, *question_ids]), session_id),
            )

    def close_session(self, session_id: str, stopped: bool = False) -> bool:
        """Close a running session; False when it was already closed (close exactly once)."""
        result = self._write(
            "UPDATE quiz_sessions SET state = 'closed', closed_at = ?, stopped = ?, "
            "lease_until = NULL, lease_owner = NULL WHERE id = ? AND state = 'running'",
            (time.time(), int(stopped), session_id),
        )
        return result.rowcount == 1

    # ── event steps: lease, round open/close ────────────────────────────────
    def claim_due(
        self, now: float, lease_s: float, owner: str, limit: int = 20
    ) -> list[QuizSession]:
        """Claim the event sessions whose next step is due and that nobody else is running.

        One conditional UPDATE: of two processes sweeping at once, each session goes to one.
        """
        cond = (
            "state = 'running' AND kind = 'event' AND due_at <= ? "
            "AND (lease_until IS NULL OR lease_until <= ?)"
        )
        rows = self._all(
            "UPDATE quiz_sessions SET lease_until = ?, lease_owner = ? WHERE id IN "
            f"(SELECT id FROM quiz_sessions WHERE {cond} ORDER BY due_at LIMIT ?) AND {cond} "
            f"RETURNING {_SESSION_COLUMNS}",
            (now + lease_s, owner, now, now, limit, now, now),
        )
        return [_session(r) for r in rows]

    def claim_session(
        self, session_id: str, now: float, lease_s: float, owner: str
    ) -> QuizSession | None:
        """Claim one session's step if it is due and free (right after a start or a poll close)."""
        row = self._one(
            "UPDATE quiz_sessions SET lease_until = ?, lease_owner = ? WHERE id = ? "
            "AND state = 'running' AND kind = 'event' AND due_at <= ? "
            f"AND (lease_until IS NULL OR lease_until <= ?) RETURNING {_SESSION_COLUMNS}",
            (now + lease_s, owner, session_id, now, now),
        )
        return _session(row) if row else None

    def finish_step(
        self,
        session_id: str,
        owner: str,
        phase: str | None,
        due_at: float | None,
        failures: int = 0,
    ) -> bool:
        """Record a step's outcome (phase None: unchanged) and release its lease.

        Returns:
            False when the lease was lost (another process took the step over) or the session
            was closed meanwhile.
        """
        result = self._write(
            "UPDATE quiz_sessions SET phase = COALESCE(CAST(? AS TEXT), phase), due_at = ?, "
            "failures = ?, lease_until = NULL, lease_owner = NULL "
            "WHERE id = ? AND lease_owner = ? AND state = 'running'",
            (phase, due_at, failures, session_id, owner),
        )
        return result.rowcount == 1

    def close_round(self, session_id: str, position: int, due_at: float) -> bool:
        """Close the open round of question `position`, exactly once; the reveal is due then."""
        result = self._write(
            "UPDATE quiz_sessions SET phase = 'closed', due_at = ? WHERE id = ? AND position = ? "
            "AND phase = 'open' AND state = 'running'",
            (due_at, session_id, position),
        )
        return result.rowcount == 1

    # ── polls ───────────────────────────────────────────────────────────────
    def add_poll(self, poll: PollRecord, opens_round: bool = False, grace: float = 1.0) -> None:
        """Record a sent poll (poll_id → session) and advance the session to its position.

        Args:
            poll: what was sent.
            opens_round: an event's group poll: its round is open now, until `closes_at`.
            grace: seconds after `closes_at` before the deadline sweep closes the round.
        """
        with self.engine.transaction() as tx:
            tx.execute(
                f"INSERT INTO quiz_polls ({_POLL_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
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
            if opens_round:
                due = (poll.closes_at or poll.sent_at) + grace
                tx.execute(
                    "UPDATE quiz_sessions SET position = ?, phase = 'open', closes_at = ?, "
                    "due_at = ? WHERE id = ?",
                    (poll.position, poll.closes_at, due, poll.session_id),
                )
            else:
                tx.execute(
                    "UPDATE quiz_sessions SET position = CASE WHEN position < ? THEN ? "
                    "ELSE position END WHERE id = ?",
                    (poll.position, poll.position, poll.session_id),
                )
        self._cache_poll(poll)

    def set_position(self, session_id: str, position: int) -> None:
        """Advance a session past a question without a poll (e.g. one removed from the bank)."""
        self._write(
            "UPDATE quiz_sessions SET position = CASE WHEN position < ? THEN ? ELSE position END "
            "WHERE id = ?",
            (position, position, session_id),
        )

    def polls(self, session_id: str, position: int | None = None) -> list[PollRecord]:
        rows = self._all(
            f"SELECT {_POLL_COLUMNS} FROM quiz_polls WHERE session_id = ? "
            "AND (position = ? OR CAST(? AS INTEGER) IS NULL) ORDER BY position, sent_at",
            (session_id, position, position),
        )
        return [_poll(r) for r in rows]

    def poll(self, poll_id: str) -> PollRecord | None:
        with self._polls_lock:
            cached = self._polls.get(poll_id)
        if cached is not None:
            return cached
        row = self._one(f"SELECT {_POLL_COLUMNS} FROM quiz_polls WHERE poll_id = ?", (poll_id,))
        if row is None:
            return None
        record = _poll(row)
        self._cache_poll(record)
        return record

    def _cache_poll(self, poll: PollRecord) -> None:
        with self._polls_lock:
            self._polls[poll.poll_id] = poll
            while len(self._polls) > 4096:
                self._polls.popitem(last=False)

    # ── answers ─────────────────────────────────────────────────────────────
    def record_quiz_answer(
        self, poll_id: str, user_id: int, name: str, option_ids: Sequence[int], now: float
    ) -> RecordedAnswer | None:
        """Score a poll answer, at most once per participant and question.

        An event answer counts only while its round is open (one statement that reads the
        session row under a share lock, so it cannot interleave with the round's close); a
        private one counts for as long as the session exists.

        Returns:
            None for unknown polls, retracted votes, closed rounds and repeat answers.
        """
        poll = self.poll(poll_id)
        if poll is None or not option_ids:
            return None
        correct = is_correct(poll.correct, option_ids)
        elapsed = answer_elapsed(poll.sent_at, now, poll.closes_at)
        result = self._write(
            "INSERT INTO quiz_answers (poll_id, user_id, name, option, correct, answered_at, "
            "elapsed, session_id, position) SELECT ?, ?, ?, ?, ?, ?, ?, s.id, ? "
            "FROM quiz_sessions s WHERE s.id = ? AND (s.kind = 'private' OR (s.state = 'running' "
            f"AND s.phase = 'open' AND s.position = ?)){self.engine.for_share} "
            "ON CONFLICT DO NOTHING",
            (
                poll_id,
                user_id,
                name,
                option_ids[0],
                int(correct),
                now,
                elapsed,
                poll.position,
                poll.session_id,
                poll.position,
            ),
        )
        return RecordedAnswer(poll, correct) if result.rowcount == 1 else None

    def answered(self, session_id: str, position: int, user_id: int) -> bool:
        row = self._one(
            "SELECT 1 FROM quiz_answers WHERE session_id = ? AND position = ? AND user_id = ?",
            (session_id, position, user_id),
        )
        return row is not None

    def session_answers(self, session_id: str) -> list[AnswerRecord]:
        rows = self._all(
            "SELECT user_id, name, position, correct, elapsed, answered_at FROM quiz_answers "
            "WHERE session_id = ? ORDER BY answered_at, poll_id",
            (session_id,),
        )
        return [
            AnswerRecord(int(r[0]), r[1], int(r[2]), bool(r[3]), float(r[4]), float(r[5]))
            for r in rows
        ]

    def round_stats(self, session_id: str, position: int) -> RoundStats:
        row = self._one(
            "SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM quiz_answers "
            "WHERE session_id = ? AND position = ?",
            (session_id, position),
        )
        return RoundStats(int(row[0]), int(row[1]))

    # ── participants and scores ─────────────────────────────────────────────
    def add_participant(self, session_id: str, user_id: int, name: str) -> None:
        self._write(
            "INSERT INTO quiz_participants (session_id, user_id, name, joined_at) "
            "VALUES (?,?,?,?) ON CONFLICT (session_id, user_id) DO UPDATE SET name = excluded.name",
            (session_id, user_id, name, time.time()),
        )

    def participants(self, session_id: str) -> list[tuple[int, str]]:
        rows = self._all(
            "SELECT user_id, name FROM quiz_participants WHERE session_id = ? "
            "ORDER BY joined_at, user_id",
            (session_id,),
        )
        return [(int(r[0]), r[1]) for r in rows]

    def score(self, user_id: int) -> Score:
        """A user's totals: private quiz answers and event points."""
        rows = self._all(
            "SELECT s.kind, COUNT(*), COALESCE(SUM(a.correct), 0), COUNT(DISTINCT s.id) "
            "FROM quiz_answers a JOIN quiz_sessions s ON s.id = a.session_id "
            "WHERE a.user_id = ? GROUP BY s.kind",
            (user_id,),
        )
        by_kind = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
        private = by_kind.get("private", (0, 0, 0))
        event = by_kind.get("event", (0, 0, 0))
        return Score(private[0], private[1], event[2], event[1])
