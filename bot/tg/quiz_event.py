"""Event quizzes as steps that any process may run: the deadline sweep and the round close.

The session's state lives in the store (`bot.store.quiz`): nothing here is kept in one process,
so with several replicas the quiz goes on when the one that started it dies. Each process runs
`sweep` every `store.sweep_interval_s`; a step is run by whichever process claims its lease:

    ready   send the group poll ("Soal n/N", open_period) and the participants' private copies
    open    the round closes on the poll's own close update (`poll_closed`), which Telegram
            queues after the poll's answers, or, as a fallback when that update does not come,
            when the sweep finds the deadline + `quiz.close_grace_s` passed; exactly once
    closed  send the reveal (correct option, one line with its Pasal), then the next question
            (paced to the group limit) or the leaderboard

A step that raises tells the host (privately, else in the group) and is retried with back-off;
after `MAX_STEP_FAILURES`, or when Telegram refuses for good, the session stops cleanly with the
leaderboard so far. It is never left "running" with nobody advancing it.
"""

from __future__ import annotations

import logging
import os
import socket
import traceback
import uuid

from telegram import Poll
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from bot import texts
from bot.core.quiz import (
    MAX_STEP_FAILURES,
    after_reveal,
    copy_open_period,
    leaderboard,
    retry_delay,
)
from bot.models import QuizQuestion
from bot.store.repo import PollRecord, QuizSession
from bot.tg import keyboards, render_quiz
from bot.tg.context import NetralContext

log = logging.getLogger(__name__)
PRUNE_EVERY = 600  # sweeps between prunes of old update ids and rate-limit rows


def process_owner() -> str:
    """A name for this process in step leases (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def lease_seconds(participants: int) -> float:
    """How long a step may take: private copies go out at about 30 a second."""
    return 30.0 + participants / 10


def bank(context: NetralContext) -> dict[str, QuizQuestion]:
    return {q.id: q for q in context.services.knowledge.quiz}


async def send_poll(
    context: NetralContext,
    session: QuizSession,
    chat_id: int,
    position: int,
    question: QuizQuestion,
    open_period: int | None,
    opens_round: bool = False,
) -> PollRecord:
    """Send one native quiz poll ("Soal n/N") and record it (poll_id → session) at once."""
    markup = keyboards.quiz_next(session.id) if session.kind == "private" else None
    message = await context.bot.send_poll(
        chat_id,
        render_quiz.poll_question(position, len(session.questions), question),
        list(question.options),
        is_anonymous=False,
        type=Poll.QUIZ,
        correct_option_ids=[question.correct],  # type: ignore[list-item]  # PTB: Literal 0..11
        explanation=question.explanation or None,
        open_period=open_period,
        reply_markup=markup,
    )
    sent_at = context.now()
    record = PollRecord(
        message.poll.id,
        session.id,
        position,
        question.id,
        question.correct,
        chat_id,
        message.message_id,
        sent_at,
        sent_at + open_period if open_period else None,
    )
    context.store.add_poll(record, opens_round=opens_round, grace=context.config.quiz.close_grace_s)
    return record


async def sweep(context: NetralContext) -> int:
    """Run every event step that is due and not taken by another process; returns how many."""
    data = context.bot_data
    data.sweeps += 1
    now = context.now()
    if data.sweeps % PRUNE_EVERY == 1:
        context.store.prune(now)
    claimed = context.store.claim_due(now, lease_seconds(0), data.owner)
    for session in claimed:
        await run_step(context, session)
    return len(claimed)


async def advance(context: NetralContext, session_id: str) -> bool:
    """Run the session's step now if it is due and free (after a start or a round close)."""
    session = context.store.claim_session(
        session_id, context.now(), lease_seconds(0), context.bot_data.owner
    )
    if session is None:
        return False
    await run_step(context, session)
    return True


async def run_step(context: NetralContext, session: QuizSession) -> None:
    """Advance one claimed session by one step; failures are reported, never swallowed."""
    try:
        if session.phase == "ready":
            await _ask_next(context, session)
        elif session.phase == "open":
            context.store.close_round(session.id, session.position, context.now())
            await _reveal(context, session)
        else:
            await _reveal(context, session)
    except Exception as err:
        await _step_failed(context, session, err)


async def _ask_next(context: NetralContext, session: QuizSession) -> None:
    questions, store, owner = bank(context), context.store, context.bot_data.owner
    position = session.position + 1
    while position < len(session.questions) and session.questions[position] not in questions:
        store.set_position(session.id, position)  # removed from the bank since: skip it
        position += 1
    if position >= len(session.questions):
        await finish(context, session, stopped=False)
        return
    question = questions[session.questions[position]]
    group = await send_poll(
        context, session, session.chat_id, position, question, session.seconds, opens_round=True
    )
    participants = store.participants(session.id)
    for user_id, _ in participants:
        period = copy_open_period(group.closes_at or 0.0, context.now())
        if period is None:
            break
        try:
            await send_poll(context, session, user_id, position, question, period)
        except TelegramError as err:
            log.info("quiz %s: private copy to a participant failed: %s", session.id, err)
    grace = context.config.quiz.close_grace_s
    store.finish_step(session.id, owner, None, (group.closes_at or group.sent_at) + grace)


async def _reveal(context: NetralContext, session: QuizSession) -> None:
    store, owner, now = context.store, context.bot_data.owner, context.now()
    question = bank(context).get(session.questions[session.position])
    group = [p for p in store.polls(session.id, session.position) if p.chat_id == session.chat_id]
    if question is not None:
        stats = store.round_stats(session.id, session.position)
        text = render_quiz.reveal_html(session.position, len(session.questions), question, stats)
        await context.bot.send_message(session.chat_id, text, parse_mode=ParseMode.HTML)
    sent_at = group[0].sent_at if group else None
    nxt = after_reveal(session.position, len(session.questions), sent_at, now)
    if nxt.action == "finish":
        await finish(context, session, stopped=False)
    else:
        store.finish_step(session.id, owner, "ready", nxt.due_at)


async def finish(
    context: NetralContext, session: QuizSession, stopped: bool, failed: bool = False
) -> bool:
    """Close the session exactly once and post its leaderboard; False when already closed."""
    if not context.store.close_session(session.id, stopped=stopped or failed):
        return False
    standings = leaderboard(context.store.session_answers(session.id))
    asked = len({p.position for p in context.store.polls(session.id)})
    text = render_quiz.leaderboard_html(standings, asked, session.id, stopped, failed)
    await context.bot.send_message(session.chat_id, text, parse_mode=ParseMode.HTML)
    return True


async def poll_closed(context: NetralContext, poll_id: str) -> None:
    """A group poll closed (Telegram enforces open_period): close its round and reveal."""
    poll = context.store.poll(poll_id)
    if poll is None:
        return
    session = context.store.session(poll.session_id)
    if session is None or session.kind != "event" or poll.chat_id != session.chat_id:
        return
    if context.store.close_round(session.id, poll.position, context.now()):
        await advance(context, session.id)


async def tell_host(context: NetralContext, session: QuizSession, text: str) -> None:
    """A private message to the host; in the group when the host cannot be reached."""
    for chat_id in (session.host_id, session.chat_id):
        try:
            await context.bot.send_message(chat_id, text)
            return
        except TelegramError as err:
            log.info("quiz %s: telling the host in %s failed: %s", session.id, chat_id, err)


async def _step_failed(context: NetralContext, session: QuizSession, err: Exception) -> None:
    error_id = uuid.uuid4().hex[:8]
    trace = "".join(traceback.format_exception(err))
    log.error("quiz %s: step failed [%s]: %s\n%s", session.id, error_id, err, trace)
    context.bot_data.metrics.error(err)
    failures = session.failures + 1
    final = isinstance(err, (Forbidden, BadRequest)) or failures >= MAX_STEP_FAILURES
    try:
        if not final:
            delay = retry_delay(failures)
            context.store.finish_step(
                session.id, context.bot_data.owner, None, context.now() + delay, failures
            )
            text = texts.EVENT_STEP_RETRY.format(
                code=session.id, error_id=error_id, seconds=round(delay)
            )
            await tell_host(context, session, text)
            return
        current = context.store.session(session.id) or session
        asked = len({p.position for p in context.store.polls(session.id)})
        await tell_host(
            context,
            current,
            texts.EVENT_STEP_STOPPED.format(code=session.id, error_id=error_id, asked=asked),
        )
        await finish(context, current, stopped=True, failed=True)
    except Exception as again:  # the store or Telegram is down too: the lease expires, retried
        log.error("quiz %s: could not record the failure [%s]: %s", session.id, error_id, again)
