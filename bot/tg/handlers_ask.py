"""Asking: /start, /help, /privasi, questions (text, /tanya, group mentions), answer buttons."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

from telegram import Bot, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden

from bot import texts
from bot.store.base import BoundAnswer
from bot.tg import handlers_quiz, keyboards, render, render_answer
from bot.tg.context import NetralContext, message_of

log = logging.getLogger(__name__)
LONG_BASIS = 1200  # characters: a longer "Dasar hukum" in a group goes to the presser in private


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
    text = message.text or message.caption or ""  # a photo's caption is a question too
    entities = message.entities if message.text else message.caption_entities
    mention = f"@{bot_username}".lower()
    mentioned = any(
        e.type == MessageEntityType.MENTION
        and text[e.offset : e.offset + e.length].lower() == mention
        for e in entities
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
    await update.effective_message.reply_html(
        texts.START_HTML, reply_markup=keyboards.start_actions()
    )


async def start_action(update: Update, context: NetralContext) -> None:
    """A /start quick action: explain how to ask, or open the FAQ, a quiz question, /lapor."""
    from bot.tg import handlers_browse  # handlers_browse imports this module

    query = update.callback_query
    _, action, _ = keyboards.parse(query.data or "")
    await query.answer()
    if action == "ask":
        text = texts.START_ASK_HOWTO_HTML.format(bot=render.esc(context.bot.username or "Netral"))
        await update.effective_message.reply_html(text)
    elif action == "faq":
        await handlers_browse.faq(update, context)
    elif action == "quiz":
        await handlers_quiz.kuis(update, context)
    elif action == "report":
        await handlers_browse.lapor(update, context)


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
    question = addressed_text(message_of(update), context.bot.username, context.bot.id)
    if question == "":  # a bare mention: how to ask, no answer buttons
        await message_of(update).reply_text(
            texts.HINT_BARE_MENTION.format(bot=context.bot.username)
        )
    elif question is not None:
        await answer_question(update, context, question)


async def private_caption(update: Update, context: NetralContext) -> None:
    """A photo (or other media) with a caption in a private chat: the caption is the question."""
    await answer_question(update, context, update.effective_message.caption or "")


async def tanya(update: Update, context: NetralContext) -> None:
    """Answer `/tanya pertanyaan` in any chat."""
    question = " ".join(context.args or [])
    if not question.strip():
        await update.effective_message.reply_text(texts.HINT_EMPTY_TANYA)
        return
    await answer_question(update, context, question)


def _refusal(context: NetralContext, user_id: int, question: str) -> str | None:
    """Why a question is not answered now (too long, rate limit), or None. "" means refused
    but already told: one rate-limit notice per window per user, not one per flooded message."""
    limit = context.config.telegram.max_question_chars
    if len(question) > limit:
        return texts.HINT_TOO_LONG.format(length=len(question), limit=limit)
    now = context.now()
    wait = context.limiter.hit(user_id, now)
    if not wait:
        return None
    noticed = context.bot_data.rate_noticed
    if noticed.get(user_id, 0.0) > now:
        return ""
    if len(noticed) > 10_000:  # bounded: forget windows that are over
        for key in [k for k, until in noticed.items() if until <= now]:
            del noticed[key]
    noticed[user_id] = now + wait
    return texts.RATE_LIMITED.format(limit=context.limiter.limit, seconds=max(1, round(wait)))


async def answer_question(update: Update, context: NetralContext, question: str) -> None:
    """Refuse or answer: "typing…" while working, then the short answer and its buttons."""
    message = message_of(update)
    # An update may carry no user (a channel or anonymous admin post): key by the chat then.
    asker_id = update.effective_user.id if update.effective_user else message.chat_id
    refusal = _refusal(context, asker_id, question)
    if refusal is not None:
        if refusal:  # "" = already told in this rate-limit window: stay silent
            await message.reply_text(refusal)
        return
    typing = None
    if not context.asker.is_cached(asker_id, question):  # a cached answer goes out at once
        typing = asyncio.create_task(message.chat.send_action(ChatAction.TYPING))
    asked = await context.asker.ask(asker_id, question)
    answer = asked.answer
    markup = None
    # Not recorded (the store could not write): no buttons that would point at nothing.
    if asked.answer_id and render_answer.is_real(answer):
        try:
            token = context.store.bind_answer(
                asked.answer_id, message.chat_id, render_answer.basis_json(answer)
            )
        except Exception:  # recording is best-effort: the answer still goes out
            log.exception("could not bind answer %s to its chat", asked.answer_id)
        else:
            markup = keyboards.answer_buttons(token, bool(answer.citations))
    await send_chunks(message, [render_answer.short_html(answer)], markup)
    if typing is not None:
        await asyncio.gather(typing, return_exceptions=True)


def _bound(update: Update, context: NetralContext) -> tuple[list[str], BoundAnswer | None]:
    """The callback's args and the answer its token names in this chat (None: unknown/other)."""
    query = update.callback_query
    _, _, args = keyboards.parse(query.data or "")
    chat = update.effective_chat
    if not args or chat is None:
        return args, None
    return args, context.store.answer_by_token(args[0], chat.id)


async def full_text(update: Update, context: NetralContext) -> None:
    """ "📖 Dasar hukum": the quoted units, replying to the answer. In a group a long one goes to
    the presser in private when the bot can reach them."""
    query = update.callback_query
    _, bound = _bound(update, context)
    chunks = render_answer.basis_html(bound.basis) if bound is not None else []
    if not chunks:
        await query.answer(texts.FULL_TEXT_GONE, show_alert=True)
        return
    chat = update.effective_chat
    reply_to = query.message.message_id if query.message is not None else None
    long = len(chunks) > 1 or len(chunks[0]) > LONG_BASIS
    if chat.type != ChatType.PRIVATE and long and query.from_user is not None:
        try:
            await send_to_chat(context.bot, query.from_user.id, chunks)
        except (Forbidden, BadRequest):  # never started the bot: reply in the group instead
            pass
        else:
            await query.answer(texts.BASIS_SENT_PRIVATE)
            return
    await query.answer()
    await send_to_chat(context.bot, chat.id, chunks, reply_to=reply_to)


async def feedback(update: Update, context: NetralContext) -> None:
    """Store a 👍/👎 (one per user per answer, changeable) and show the pressed one as chosen."""
    query = update.callback_query
    args, bound = _bound(update, context)
    vote = args[1] if len(args) == 2 and args[1] in ("up", "down") else None
    user = update.effective_user
    if bound is None or vote is None or user is None:
        await query.answer(texts.FEEDBACK_GONE)
        return
    before = context.store.feedback(bound.id).get(user.id)
    context.store.add_feedback(bound.id, user.id, 1 if vote == "up" else -1)
    changed = before is not None and before != (1 if vote == "up" else -1)
    await query.answer(texts.FEEDBACK_CHANGED if changed else texts.FEEDBACK_THANKS)
    if query.message is not None:
        markup = keyboards.answer_buttons(args[0], bool(bound.unit_ids), chosen=vote)
        # BadRequest: "message is not modified" (the same vote again) or too old to edit.
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(markup)


async def non_text(update: Update, context: NetralContext) -> None:
    """Hint that only text questions are understood."""
    if update.effective_chat.type == ChatType.PRIVATE:
        await update.effective_message.reply_text(texts.HINT_NON_TEXT)
