"""Quizzes: private (/kuis, /skor) and event quizzes in groups run by the JobQueue.

Every poll is recorded (`poll_id → session`) in SQLite before anything else happens to it, and
answers are written as they arrive, so a restart loses nothing; `rearm` resumes running event
sessions from the database. A group gets one poll per question and one leaderboard, never a
message per answer (Telegram allows a bot about 20 messages a minute in a group).
"""

from __future__ import annotations

import logging

from telegram import Poll, Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, JobQueue

from bot.core.quiz import (
    GRACE_SECONDS,
    event_request,
    leaderboard,
    next_step,
    pick_questions,
    results_csv,
)
from bot.models import QuizQuestion
from bot.store.repo import PollRecord, QuizSession
from bot.tg import keyboards, render, texts
from bot.tg.context import NetralContext

log = logging.getLogger(__name__)
JOB_PREFIX = "quiz:"


def _bank(context: NetralContext) -> dict[str, QuizQuestion]:
    return {q.id: q for q in context.services.knowledge.quiz}


def _name(user: object) -> str:
    return getattr(user, "full_name", None) or getattr(user, "username", None) or "Peserta"


async def _send_poll(
    context: NetralContext,
    session: QuizSession,
    chat_id: int,
    position: int,
    question: QuizQuestion,
    open_period: int | None,
) -> PollRecord:
    """Send one native quiz poll and record it (poll_id → session) at once."""
    markup = keyboards.quiz_next(session.id) if session.kind == "private" else None
    message = await context.bot.send_poll(
        chat_id,
        question.question,
        list(question.options),
        is_anonymous=False,
        type=Poll.QUIZ,
        correct_option_ids=[question.correct],
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
    context.store.add_poll(record)
    return record


async def send_private_question(context: NetralContext, chat_id: int, user_id: int) -> None:
    """Send the user's next private quiz question (a new round when the bank is exhausted)."""
    bank = _bank(context)
    if not bank:
        await context.bot.send_message(chat_id, texts.QUIZ_EMPTY)
        return
    session = context.store.chat_session(chat_id, "private")
    if session is None:
        order = [q.id for q in pick_questions(list(bank.values()), len(bank))]
        session = context.store.create_session("private", chat_id, user_id, order, 0)
        context.bot_data.metrics.quiz_started("private")
    upcoming = [
        (i, qid) for i, qid in enumerate(session.questions) if i > session.position and qid in bank
    ]
    if not upcoming:
        context.store.close_session(session.id)
        await context.bot.send_message(chat_id, texts.QUIZ_DONE)
        return
    position, qid = upcoming[0]
    await _send_poll(context, session, chat_id, position, bank[qid], None)


async def kuis(update: Update, context: NetralContext) -> None:
    """Send a private quiz question as a native quiz poll."""
    if update.effective_chat.type != ChatType.PRIVATE:
        await update.effective_message.reply_text(texts.QUIZ_PRIVATE_ONLY)
        return
    await send_private_question(context, update.effective_chat.id, update.effective_user.id)


async def next_question(update: Update, context: NetralContext) -> None:
    """Send the next private quiz question (the "next" button)."""
    await update.callback_query.answer()
    await send_private_question(context, update.effective_chat.id, update.effective_user.id)


async def skor(update: Update, context: NetralContext) -> None:
    """Show the user's quiz score."""
    score = context.store.score(update.effective_user.id)
    await update.effective_message.reply_html(render.score_html(score))


async def poll_answer(update: Update, context: NetralContext) -> None:
    """Record and score a quiz poll answer (no reply: one message per answer would flood groups)."""
    answer = update.poll_answer
    if answer.user is None:
        return
    recorded = context.store.record_quiz_answer(
        answer.poll_id, answer.user.id, _name(answer.user), list(answer.option_ids), context.now()
    )
    if recorded is not None:
        context.bot_data.metrics.quiz_answered()


async def may_host(context: NetralContext, chat_id: int, user_id: int) -> bool:
    """Configured hosts and administrators, and the group's own administrators, may host."""
    telegram = context.config.telegram
    if user_id in telegram.host_ids or user_id in telegram.admin_ids:
        return True
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def _host_check(update: Update, context: NetralContext) -> bool:
    chat = update.effective_chat
    if chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        await update.effective_message.reply_text(texts.EVENT_GROUP_ONLY)
        return False
    if not await may_host(context, chat.id, update.effective_user.id):
        await update.effective_message.reply_text(texts.EVENT_NOT_ALLOWED)
        return False
    return True


def schedule_step(job_queue: JobQueue, session_id: str, delay: float) -> None:
    job_queue.run_once(event_step, max(0.0, delay), data=session_id, name=JOB_PREFIX + session_id)


def cancel_steps(job_queue: JobQueue, session_id: str) -> None:
    for job in job_queue.get_jobs_by_name(JOB_PREFIX + session_id):
        job.schedule_removal()


def _event_refusal(context: NetralContext, chat_id: int) -> str | None:
    if context.store.chat_session(chat_id, "event") is not None:
        return texts.EVENT_ALREADY
    return None if context.services.knowledge.quiz else texts.QUIZ_EMPTY


async def kuis_mulai(update: Update, context: NetralContext) -> None:
    """Start an event quiz: `/kuis_mulai [jumlah] [detik]` (group admins and hosts)."""
    if not await _host_check(update, context):
        return
    chat, cfg, bank = update.effective_chat, context.config.quiz, context.services.knowledge.quiz
    refusal = _event_refusal(context, chat.id)
    if refusal:
        await update.effective_message.reply_text(refusal)
        return
    request = event_request(
        context.args or [], len(bank), cfg.default_questions, cfg.default_seconds, cfg.max_questions
    )
    ids = [q.id for q in pick_questions(bank, request.questions)]
    session = context.store.create_session(
        "event", chat.id, update.effective_user.id, ids, request.seconds
    )
    context.bot_data.metrics.quiz_started("event")
    link = f"https://t.me/{context.bot.username}?start=kuis_{session.id}"
    text = render.event_started_html(len(ids), request.seconds, link, session.id)
    await update.effective_message.reply_html(text, disable_web_page_preview=True)
    schedule_step(context.job_queue, session.id, 0)


async def event_step(context: NetralContext) -> None:
    """Job: ask the next event question, wait for the current poll, or close the session."""
    session = context.store.session(str(context.job.data))
    if session is None or session.state != "running":
        return
    group_polls = [
        p for p in context.store.polls(session.id, session.position) if p.chat_id == session.chat_id
    ]
    closes_at = max((p.closes_at or 0.0 for p in group_polls), default=None)
    step = next_step(session.position, len(session.questions), closes_at, context.now())
    if step.action == "wait":
        schedule_step(context.job_queue, session.id, step.delay)
    elif step.action == "close":
        await close_event(context, session, stopped=False)
    else:
        await _ask_event_question(context, session, step.position)


async def _ask_event_question(context: NetralContext, session: QuizSession, position: int) -> None:
    question = _bank(context).get(session.questions[position])
    if question is None:  # removed from the bank since the session started: skip it
        context.store.set_position(session.id, position)
        schedule_step(context.job_queue, session.id, 0)
        return
    await _send_poll(context, session, session.chat_id, position, question, session.seconds)
    for user_id, _ in context.store.participants(session.id):
        try:
            await _send_poll(context, session, user_id, position, question, session.seconds)
        except TelegramError as err:
            log.info("quiz %s: private poll to a participant failed: %s", session.id, err)
    schedule_step(context.job_queue, session.id, session.seconds + GRACE_SECONDS)


async def close_event(context: NetralContext, session: QuizSession, stopped: bool) -> None:
    """Post the leaderboard once and close the session."""
    if session.id in context.bot_data.closing:
        return
    context.bot_data.closing.add(session.id)
    try:
        cancel_steps(context.job_queue, session.id)
        standings = leaderboard(context.store.session_answers(session.id))
        asked = len({p.position for p in context.store.polls(session.id)})
        text = render.leaderboard_html(standings, asked, stopped)
        await context.bot.send_message(session.chat_id, text, parse_mode=ParseMode.HTML)
        context.store.close_session(session.id)
    finally:
        context.bot_data.closing.discard(session.id)


async def kuis_stop(update: Update, context: NetralContext) -> None:
    """Stop the group's event quiz early and post the leaderboard."""
    if not await _host_check(update, context):
        return
    session = context.store.chat_session(update.effective_chat.id, "event")
    if session is None:
        await update.effective_message.reply_text(texts.EVENT_NONE)
        return
    cancel_steps(context.job_queue, session.id)
    for poll in context.store.polls(session.id, session.position):
        if poll.closes_at and poll.closes_at > context.now() and poll.message_id:
            try:
                await context.bot.stop_poll(poll.chat_id, poll.message_id)
            except TelegramError as err:
                log.info("quiz %s: stopPoll failed: %s", session.id, err)
    await close_event(context, session, stopped=True)


async def kuis_hasil(update: Update, context: NetralContext) -> None:
    """Send the latest event quiz's results to the host as a CSV file."""
    if not await _host_check(update, context):
        return
    session = context.store.chat_session(update.effective_chat.id, "event", running=False)
    if session is None:
        await update.effective_message.reply_text(texts.EVENT_NO_RESULTS)
        return
    data = results_csv(leaderboard(context.store.session_answers(session.id))).encode("utf-8")
    try:
        await context.bot.send_document(
            update.effective_user.id,
            data,
            filename=f"kuis-{session.id}.csv",
            caption=texts.EVENT_RESULTS_CAPTION.format(code=session.id),
        )
    except TelegramError:
        await update.effective_message.reply_text(texts.EVENT_RESULTS_FAILED)
        return
    await update.effective_message.reply_text(texts.EVENT_RESULTS_SENT)


async def join_event(update: Update, context: NetralContext, code: str) -> None:
    """Join a running event quiz in private (deep link `/start kuis_<kode>`)."""
    session = context.store.session(code)
    if session is None or session.kind != "event" or session.state != "running":
        await update.effective_message.reply_text(texts.EVENT_JOIN_GONE)
        return
    name = _name(update.effective_user)
    context.store.add_participant(session.id, update.effective_user.id, name)
    await update.effective_message.reply_html(render.event_joined_html(session.id, name))


def rearm(application: Application) -> int:  # type: ignore[type-arg]
    """Resume running event sessions after a start; returns how many were re-armed."""
    sessions = application.bot_data.store.running_sessions("event")
    for session in sessions:
        schedule_step(application.job_queue, session.id, 0)
    return len(sessions)
