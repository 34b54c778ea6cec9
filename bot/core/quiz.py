"""Quiz rules, pure: choosing questions, scoring, leaderboard order and session progress.

Scoring: one point per correct answer. Speed only breaks ties: among equal points, the smaller
total answer time over the correct answers wins (then the earlier last correct answer, then
the name, so the order is total and stable).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.models import QuizQuestion

# Telegram accepts open_period between 5 and 600 seconds.
MIN_SECONDS = 5
MAX_SECONDS = 600
# Seconds after a poll closes before the next question goes out (late updates still count).
GRACE_SECONDS = 1.0


@dataclass(frozen=True)
class AnswerRecord:
    """One participant's answer to one poll of a session."""

    user_id: int
    name: str
    position: int
    correct: bool
    elapsed: float  # seconds from the poll being sent to the answer arriving
    answered_at: float


@dataclass(frozen=True)
class Standing:
    """A leaderboard row."""

    rank: int
    user_id: int
    name: str
    points: int
    answered: int
    seconds: float  # total time over the correct answers (the tie-break)


@dataclass(frozen=True)
class EventRequest:
    """A host's `/kuis_mulai [jumlah] [detik]`, clamped to what the bank and Telegram allow."""

    questions: int
    seconds: int


def is_correct(question_correct: int, option_ids: Sequence[int]) -> bool:
    """True when the participant chose exactly the correct option."""
    return list(option_ids) == [question_correct]


def answer_elapsed(sent_at: float, answered_at: float, closes_at: float | None) -> float:
    """Seconds taken to answer, never negative and never beyond the poll's close."""
    end = answered_at if closes_at is None else min(answered_at, closes_at)
    return max(0.0, end - sent_at)


def leaderboard(answers: Iterable[AnswerRecord]) -> list[Standing]:
    """Rank participants: points desc, then total time of correct answers asc.

    Args:
        answers: every recorded answer of the session (at most one per user and poll position).

    Returns:
        Standings, best first; equal points and equal time share a rank.
    """
    per_user: dict[int, list[AnswerRecord]] = {}
    for record in answers:
        per_user.setdefault(record.user_id, []).append(record)
    rows: list[tuple[int, float, float, str, int, int]] = []
    for user_id, records in per_user.items():
        right = [r for r in records if r.correct]
        last = max((r.answered_at for r in right), default=float("inf"))
        seconds = round(sum(r.elapsed for r in right), 3)
        rows.append((len(right), seconds, last, records[-1].name, user_id, len(records)))
    rows.sort(key=lambda r: (-r[0], r[1], r[2], r[3].lower(), r[4]))
    standings: list[Standing] = []
    for index, (points, seconds, _last, name, user_id, answered) in enumerate(rows):
        previous = standings[-1] if standings else None
        same = previous is not None and (previous.points, previous.seconds) == (points, seconds)
        rank = previous.rank if same and previous else index + 1
        standings.append(Standing(rank, user_id, name, points, answered, seconds))
    return standings


def event_request(
    args: Sequence[str], bank_size: int, default_questions: int, default_seconds: int, limit: int
) -> EventRequest:
    """Parse `[jumlah] [detik]`; non-numbers fall back to the defaults.

    Args:
        args: the command's arguments.
        bank_size: questions available.
        default_questions: used when no number is given.
        default_seconds: used when no duration is given.
        limit: the most questions a host may ask for.
    """

    def number(index: int, default: int) -> int:
        try:
            return int(args[index])
        except (IndexError, ValueError):
            return default

    count = max(1, min(number(0, default_questions), limit, bank_size))
    seconds = max(MIN_SECONDS, min(number(1, default_seconds), MAX_SECONDS))
    return EventRequest(count, seconds)


def pick_questions(
    bank: Sequence[QuizQuestion],
    count: int,
    exclude: Iterable[str] = (),
    rng: random.Random | None = None,
) -> list[QuizQuestion]:
    """Choose `count` distinct questions, preferring those not in `exclude`."""
    rng = rng or random.Random()
    seen = set(exclude)
    fresh = [q for q in bank if q.id not in seen]
    rng.shuffle(fresh)
    if len(fresh) < count:
        rest = [q for q in bank if q.id in seen]
        rng.shuffle(rest)
        fresh += rest
    return fresh[:count]


Step = Literal["ask", "wait", "close"]


@dataclass(frozen=True)
class NextStep:
    """What an event session does next, and in how many seconds."""

    action: Step
    delay: float
    position: int  # the question to ask (for "ask"), else the current one


def next_step(
    position: int, total: int, closes_at: float | None, now: float, grace: float = GRACE_SECONDS
) -> NextStep:
    """Decide an event session's next step, also after a restart.

    Args:
        position: index of the last question sent (-1 before the first).
        total: questions in the session.
        closes_at: when the last question's poll closes (None before the first).
        now: the current time.
        grace: seconds to wait after a poll closes for late answers.

    Returns:
        "wait" until the current poll closed, then "ask" the next question or "close".
    """
    if closes_at is not None and now < closes_at + grace:
        return NextStep("wait", closes_at + grace - now, position)
    if position + 1 < total:
        return NextStep("ask", 0.0, position + 1)
    return NextStep("close", 0.0, position)


def results_csv(standings: Sequence[Standing]) -> str:
    """The leaderboard as CSV (header + one row per participant) for the host."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["peringkat", "nama", "user_id", "poin", "dijawab", "detik_jawaban_benar"])
    for s in standings:
        writer.writerow([s.rank, s.name, s.user_id, s.points, s.answered, f"{s.seconds:.2f}"])
    return out.getvalue()
