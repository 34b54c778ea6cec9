"""Quiz handlers: private (/kuis, /skor, "next") and event quizzes in groups (/kuis_mulai,
/kuis_stop, /kuis_hasil [kode], the deep-link join, poll answers and poll closes).

Every poll is recorded (`poll_id → session`) in the store before anything else happens to it and
answers are written as they arrive, so a restart — or, scaled out, the loss of a replica — loses
nothing; the event steps themselves are in `quiz_event`. A group gets one poll and one short
reveal per question and one leaderboard, never a message per answer (Telegram allows a bot
about 20 messages a minute in a group).
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import TelegramError

from bot import texts
from bot.core.quiz import (
    PRIVATE_ROUND,
    copy_open_period,
    event_request,
    leaderboard,
    pick_questions,
    private_next,
    results_csv,
)
from bot.store.repo import QuizSession
from bot.tg import keyboards, render, render_quiz
from bot.tg.context import NetralContext
from bot.tg.quiz_event import advance, bank, finish, poll_closed, send_poll


def _name(user: object) -> str:
    return getattr(user, "full_name", None) or getattr(user, "username", None) or "Peserta"


async def send_private_question(context: NetralContext, chat_id: int, user_id: int) -> None:
    """Send the open private question again, else the next one; a summary ends the round."""
    questions = bank(context)
    if not questions:
        await context.bot.send_message(chat_id, texts.QUIZ_EMPTY)
        return
    store = context.store
    session = store.chat_session(chat_id, "private")
    if session is None:
        order = [q.id for q in pick_questions(list(questions.values()), PRIVATE_ROUND)]
        session = store.create_session("private", chat_id, user_id, order, 0, now=context.now())
        context.bot_data.metrics.quiz_started("private")
    current = session.position
    answered = current < 0 or store.answered(session.id, current, user_id)
    position = private_next(current, len(session.questions), answered)
    while position is not None and session.questions[position] not in questions:
        store.set_position(session.id, position)  # removed from the bank since: skip it
        position = private_next(position, len(session.questions), True)
    if position is None:
        await _round_over(context, session, chat_id)
        return
    if position == current:
        total = len(session.questions)
        await context.bot.send_message(
            chat_id, texts.QUIZ_OPEN_AGAIN.format(n=position + 1, total=total)
        )
    await send_poll(
        context, session, chat_id, position, questions[session.questions[position]], None
    )


async def _round_over(context: NetralContext, session: QuizSession, chat_id: int) -> None:
    if not context.store.close_session(session.id):
        return  # the summary was sent already
    answers = context.store.session_answers(session.id)
    text = render_quiz.round_summary_html(sum(a.correct for a in answers), len(session.questions))
    await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)


async def kuis(update: Update, context: NetralContext) -> None:
    """Send a private quiz question as a native quiz poll."""
    if update.effective_chat.type != ChatType.PRIVATE:
        await update.effective_message.reply_text(texts.QUIZ_PRIVATE_ONLY)
        return
    await send_private_question(context, update.effective_chat.id, update.effective_user.id)


async def next_question(update: Update, context: NetralContext) -> None:
    """Send the next private quiz question (the "next" button; never skips the open one)."""
    await update.callback_query.answer()
    await send_private_question(context, update.effective_chat.id, update.effective_user.id)


async def skor(update: Update, context: NetralContext) -> None:
    """Show the user's quiz score."""
    score = context.store.score(update.effective_user.id)
    await update.effective_message.reply_html(render.score_html(score))


async def poll_answer(update: Update, context: NetralContext) -> None:
    """Score a quiz poll answer (no reply in groups: a message per answer would flood them)."""
    answer = update.poll_answer
    if answer.user is None:
        return
    recorded = context.store.record_quiz_answer(
        answer.poll_id, answer.user.id, _name(answer.user), list(answer.option_ids), context.now()
    )
    if recorded is None:
        return
    context.bot_data.metrics.quiz_answered()
    poll = recorded.poll
    if poll.chat_id == answer.user.id:  # a private poll: was it the round's last question?
        session = context.store.session(poll.session_id)
        if session and session.kind == "private" and poll.position == len(session.questions) - 1:
            await _round_over(context, session, poll.chat_id)


async def poll_update(update: Update, context: NetralContext) -> None:
    """A poll the bot sent changed: when an event's group poll closed, close its round."""
    if update.poll is not None and update.poll.is_closed:
        await poll_closed(context, update.poll.id)


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
    if chat.type not in {ChatType.GROUP.value, ChatType.SUPERGROUP.value}:
        await update.effective_message.reply_text(texts.EVENT_GROUP_ONLY)
        return False
    if not await may_host(context, chat.id, update.effective_user.id):
        await update.effective_message.reply_text(texts.EVENT_NOT_ALLOWED)
        return False
    return True


def _event_refusal(context: NetralContext, chat_id: int) -> str | None:
    if context.store.chat_session(chat_id, "event") is not None:
        return texts.EVENT_ALREADY
    return None if context.services.knowledge.quiz else texts.QUIZ_EMPTY


async def kuis_mulai(update: Update, context: NetralContext) -> None:
    """Start an event quiz: `/kuis_mulai [jumlah] [detik]` (group admins and hosts)."""
    if not await _host_check(update, context):
        return
    chat, cfg, quiz_bank = (
        update.effective_chat,
        context.config.quiz,
        context.services.knowledge.quiz,
    )
    refusal = _event_refusal(context, chat.id)
    if refusal:
        await update.effective_message.reply_text(refusal)
        return
    request = event_request(
        context.args or [],
        len(quiz_bank),
        cfg.default_questions,
        cfg.default_seconds,
        cfg.max_questions,
    )
    ids = [q.id for q in pick_questions(quiz_bank, request.questions)]
    session = context.store.create_session(
        "event", chat.id, update.effective_user.id, ids, request.seconds, now=context.now()
    )
    context.bot_data.metrics.quiz_started("event")
    link = f"https://t.me/{context.bot.username}?start=kuis_{session.id}"
    await update.effective_message.reply_html(
        render_quiz.event_started_html(len(ids), request.seconds, session.id),
        reply_markup=keyboards.event_join(link),
    )
    await advance(context, session.id)  # the first question, now


async def kuis_stop(update: Update, context: NetralContext) -> None:
    """Stop the group's event quiz early and post the leaderboard."""
    if not await _host_check(update, context):
        return
    session = context.store.chat_session(update.effective_chat.id, "event")
    if session is None:
        await update.effective_message.reply_text(texts.EVENT_NONE)
        return
    # Closing the session first stops every step and every later answer, on every replica.
    if not await finish(context, session, stopped=True):
        return
    for poll in context.store.polls(session.id, session.position):
        if poll.closes_at and poll.closes_at > context.now() and poll.message_id:
            # Already closed or deleted: the session is closed in the store anyway.
            with contextlib.suppress(TelegramError):
                await context.bot.stop_poll(poll.chat_id, poll.message_id)


async def kuis_hasil(update: Update, context: NetralContext) -> None:
    """Send an event quiz's results to the host as CSV: `/kuis_hasil [kode]` (default: latest)."""
    if not await _host_check(update, context):
        return
    chat_id, args = update.effective_chat.id, context.args or []
    session = context.store.chat_session(chat_id, "event", running=False)
    if args:
        found = context.store.session(args[0].strip().lower())
        if found is None or found.kind != "event" or found.chat_id != chat_id:
            codes = ", ".join(s.id for s in context.store.chat_sessions(chat_id, "event", 5)) or "-"
            await update.effective_message.reply_html(
                texts.EVENT_RESULTS_UNKNOWN_HTML.format(code=render.esc(args[0]), codes=codes)
            )
            return
        session = found
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
    user_id, name = update.effective_user.id, _name(update.effective_user)
    context.store.add_participant(session.id, user_id, name)
    await update.effective_message.reply_html(render.event_joined_html(session.id, name))
    question = (
        bank(context).get(session.questions[session.position]) if session.position >= 0 else None
    )
    period = copy_open_period(session.closes_at or 0.0, context.now())
    if session.phase == "open" and question is not None and period is not None:
        # Joined mid-question: this question's copy now, the next ones with everybody's.
        await send_poll(context, session, user_id, session.position, question, period)
