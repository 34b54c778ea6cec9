"""Asking: /start, /help, /privasi, questions (text, /tanya, group mentions), answer buttons."""

from __future__ import annotations

import asyncio
import logging
import re

from telegram import Bot, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode

from bot import browse
from bot.tg import handlers_quiz, keyboards, render, texts
from bot.tg.context import NetralContext

log = logging.getLogger(__name__)


async def send_chunks(message: Message, chunks: list[str], markup: object = None) -> None:
    """Reply with HTML chunks (quoting the question in groups); the keyboard goes on the last one."""
    quote = message.message_id if message.chat.type != ChatType.PRIVATE else None
    await send_to_chat(message.get_bot(), message.chat_id, chunks, markup, quote)


async def send_to_chat(
    bot: Bot, chat_id: int, chunks: list[str], markup: object = None, reply_to: int | None = None
) -> None:
    """Send HTML chunks to a chat (replying to `reply_to` when given); keyboard on the last one."""
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await bot.send_message(
            chat_id,
            chunk,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,  # type: ignore[arg-type]
            disable_web_page_preview=True,
            reply_parameters=ReplyParameters(reply_to, allow_sending_without_reply=True)
            if reply_to and index == 0
            else None,
        )


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message, or None when the bot is neither mentioned nor replied to."""
    text = message.text or ""
    mention = f"@{bot_username}".lower()
    mentioned = any(
        e.type == MessageEntityType.MENTION
        and text[e.offset : e.offset + e.length].lower() == mention
        for e in message.entities
    )
    reply = message.reply_to_message
    replied = reply is not None and reply.from_user is not None and reply.from_user.id == bot_id
    if not (mentioned or replied):
        return None
    return re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE).strip()


async def start(update: Update, context: NetralContext) -> None:
    """Greet the user, or join an event quiz from a `kuis_<kode>` deep link."""
    if context.args and context.args[0].startswith("kuis_"):
        await handlers_quiz.join_event(update, context, context.args[0].removeprefix("kuis_"))
        return
    await update.effective_message.reply_html(texts.START_HTML)


async def help_command(update: Update, context: NetralContext) -> None:
    """Explain scope, commands and limits."""
    await update.effective_message.reply_html(render.help_html(context.bot.username))


async def privacy(update: Update, context: NetralContext) -> None:
    """Say what is stored and what is not."""
    await update.effective_message.reply_html(texts.PRIVACY_HTML)


async def private_text(update: Update, context: NetralContext) -> None:
    """Answer a plain-text question in a private chat."""
    await answer_question(update, context, update.effective_message.text or "")


async def group_text(update: Update, context: NetralContext) -> None:
    """Answer a group message that mentions the bot or replies to it."""
    question = addressed_text(update.effective_message, context.bot.username, context.bot.id)
    if question is not None:
        await answer_question(update, context, question)


async def tanya(update: Update, context: NetralContext) -> None:
    """Answer `/tanya pertanyaan` in any chat."""
    question = " ".join(context.args or [])
    if not question.strip():
        await update.effective_message.reply_text(texts.HINT_EMPTY_TANYA)
        return
    await answer_question(update, context, question)


def _refusal(context: NetralContext, user_id: int, question: str) -> str | None:
    """Why a question is not answered now (too long, rate limit), or None."""
    limit = context.config.telegram.max_question_chars
    if len(question) > limit:
        return texts.HINT_TOO_LONG.format(length=len(question), limit=limit)
    wait = context.limiter.hit(user_id, context.now())
    if wait:
        return texts.RATE_LIMITED.format(limit=context.limiter.limit, seconds=max(1, round(wait)))
    return None


async def answer_question(update: Update, context: NetralContext, question: str) -> None:
    """Refuse or answer: "typing…" while working, then the rendered answer and its buttons."""
    message, user = update.effective_message, update.effective_user
    refusal = _refusal(context, user.id, question)
    if refusal:
        await message.reply_text(refusal)
        return
    typing = None
    if not context.asker.is_cached(user.id, question):  # a cached answer goes out at once
        typing = asyncio.create_task(message.chat.send_action(ChatAction.TYPING))
    asked = await context.asker.ask(user.id, question)
    # Not recorded (the store could not write): no buttons that would point at nothing.
    markup = (
        keyboards.answer_buttons(asked.answer_id, bool(asked.answer.citations))
        if asked.answer_id
        else None
    )
    await send_chunks(message, render.answer_html(asked.answer), markup)
    if typing is not None:
        await asyncio.gather(typing, return_exceptions=True)


async def full_text(update: Update, context: NetralContext) -> None:
    """Send the full text of the units an answer cited."""
    query = update.callback_query
    _, _, args = keyboards.parse(query.data or "")
    unit_ids = context.store.answer_units(int(args[0])) if args and args[0].isdigit() else None
    units = browse.units(context.services, unit_ids or [])
    if not units:
        await query.answer(texts.FULL_TEXT_GONE, show_alert=True)
        return
    await query.answer()
    await send_to_chat(context.bot, update.effective_chat.id, render.units_html(units))


async def feedback(update: Update, context: NetralContext) -> None:
    """Store a 👍/👎 on an answer."""
    query = update.callback_query
    _, _, args = keyboards.parse(query.data or "")
    valid = len(args) == 2 and args[0].isdigit() and args[1] in ("up", "down")
    stored = valid and context.store.add_feedback(
        int(args[0]), update.effective_user.id, 1 if args[1] == "up" else -1
    )
    await query.answer(texts.FEEDBACK_THANKS if stored else texts.FEEDBACK_GONE)


async def non_text(update: Update, context: NetralContext) -> None:
    """Hint that only text questions are understood."""
    if update.effective_chat.type == ChatType.PRIVATE:
        await update.effective_message.reply_text(texts.HINT_NON_TEXT)
