"""Quiz messages: poll questions with "Soal n/N", the event announcement, the per-question
reveal, the leaderboard and the private round summary (escaped HTML, via render.esc)."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.core.quiz import Standing
from bot.models import QuizQuestion
from bot.store.repo import RoundStats
from bot.tg.render import esc, pack

LEADERBOARD_ROWS = 30
POLL_QUESTION_MAX = 300  # Telegram's limit for a poll question


def poll_question(position: int, total: int, question: QuizQuestion) -> str:
    """Plain text (polls take no HTML): "Soal 2/5 · …", cut to Telegram's limit."""
    text = texts.QUIZ_POLL_QUESTION.format(n=position + 1, total=total, question=question.question)
    return text if len(text) <= POLL_QUESTION_MAX else text[: POLL_QUESTION_MAX - 1] + "…"


def event_started_html(count: int, seconds: int, code: str) -> str:
    return texts.EVENT_STARTED_HTML.format(count=count, seconds=seconds, code=esc(code))


def reveal_html(position: int, total: int, question: QuizQuestion, stats: RoundStats) -> str:
    """The short reveal after an event question: correct option, one-line explanation."""
    return texts.EVENT_REVEAL_HTML.format(
        n=position + 1,
        total=total,
        answer=esc(question.options[question.correct]),
        explanation=esc(" ".join(question.explanation.split())),
        correct=stats.correct,
        answered=stats.answered,
    )


def leaderboard_html(
    standings: Sequence[Standing], questions: int, code: str, stopped: bool, failed: bool = False
) -> str:
    """Ranked rows for participants with points (medals for the top three); the rest counted."""
    lines = [texts.LEADERBOARD_HTML.format(count=questions, code=esc(code))]
    if failed:
        lines.append(f"<i>{texts.LEADERBOARD_FAILED}</i>")
    elif stopped:
        lines.append(f"<i>{texts.LEADERBOARD_STOPPED}</i>")
    ranked = [s for s in standings if s.rank is not None]
    if not standings:
        lines.append(texts.LEADERBOARD_EMPTY)
    for s in ranked[:LEADERBOARD_ROWS]:
        rank = s.rank or 0
        medal = texts.MEDALS[rank - 1] if rank <= len(texts.MEDALS) else f"{rank}."
        lines.append(
            texts.LEADERBOARD_ROW_HTML.format(
                medal=medal, name=esc(s.name), points=s.points, seconds=s.seconds
            )
        )
    if len(ranked) > LEADERBOARD_ROWS:
        lines.append(f"… +{len(ranked) - LEADERBOARD_ROWS}")
    if len(standings) > len(ranked):
        lines.append(texts.LEADERBOARD_NO_POINTS.format(count=len(standings) - len(ranked)))
    return pack(lines)[0]


def round_summary_html(correct: int, total: int) -> str:
    return texts.QUIZ_ROUND_SUMMARY_HTML.format(correct=correct, total=total)
