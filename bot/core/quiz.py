"""Quiz rules, pure: choosing questions, scoring, leaderboard order and session progress.

Scoring: one point per correct answer, at most one answer per participant and question (the
first copy answered, group poll or private copy). Speed only breaks ties: among equal points,
the smaller total answer time over the correct answers wins (then the earlier last correct
answer, then the name, so the order is total and stable). Telegram's `poll_answer` carries no
timestamp, so an answer's time is its arrival: delivery lag adds to it (and Telegram delivers
one poll's answers one at a time, so a busy poll lags more for its later answers). Nobody with
0 points gets a rank or a medal.
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
# A group gets about 20 messages a minute from a bot; an event question costs two (the poll and
# its reveal), so one question per 6 s at most.
GROUP_MESSAGES_PER_MINUTE = 20
MIN_CYCLE_SECONDS = 2 * 60 / GROUP_MESSAGES_PER_MINUTE
# Seconds between a question's reveal and the next question.
REVEAL_PAUSE_SECONDS = 3.0
# A failing event step is retried this many times (then the session stops cleanly).
MAX_STEP_FAILURES = 3
# Private quiz: questions per round (a summary follows the last one).
PRIVATE_ROUND = 10


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
    """A leaderboard row; `rank` is None for 0 points (no rank, no medal)."""

    rank: int | None
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
        Standings, best first; equal points and equal time share a rank; 0 points: no rank.
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
        standings.append(
            Standing(rank if points else None, user_id, name, points, answered, seconds)
        )
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


@dataclass(frozen=True)
class AfterReveal:
    """What follows a question's reveal: the next question (due at `due_at`) or the end."""

    action: Literal["ask", "finish"]
    due_at: float


def after_reveal(position: int, total: int, round_sent_at: float | None, now: float) -> AfterReveal:
    """Schedule the next event question, paced to the group's message limit.

    Args:
        position: the question just revealed.
        total: questions in the session.
        round_sent_at: when that question's poll was sent (None if unknown).
        now: the current time.
    """
    if position + 1 >= total:
        return AfterReveal("finish", now)
    due = now + REVEAL_PAUSE_SECONDS
    if round_sent_at is not None:
        due = max(due, round_sent_at + MIN_CYCLE_SECONDS)
    return AfterReveal("ask", due)


def retry_delay(failures: int) -> float:
    """Seconds before a failed event step is tried again (5, 10, 20, …)."""
    return 5.0 * 2 ** max(0, failures - 1)


def copy_open_period(group_closes_at: float, now: float) -> int | None:
    """open_period of a private copy so that it closes no later than the group poll; None when
    too little time is left for a poll (Telegram's minimum is 5 s)."""
    left = int(group_closes_at - now)
    return left if left >= MIN_SECONDS else None


def private_next(position: int, total: int, answered_current: bool) -> int | None:
    """The private question to send: the open one again (never skipped), else the next one;
    None when the round is over."""
    if position >= 0 and not answered_current:
        return position
    return position + 1 if position + 1 < total else None


def results_csv(standings: Sequence[Standing]) -> str:
    """The leaderboard as CSV (header + one row per participant) for the host."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["peringkat", "nama", "user_id", "poin", "dijawab", "detik_jawaban_benar"])
    for s in standings:
        rank = "" if s.rank is None else s.rank
        writer.writerow([rank, s.name, s.user_id, s.points, s.answered, f"{s.seconds:.2f}"])
    return out.getvalue()
