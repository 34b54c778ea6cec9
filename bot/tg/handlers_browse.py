"""Browsing: /faq (topics → entries), /sumber, /pasal ID N, /lapor."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ParseMode

from bot import browse, texts
from bot.tg import keyboards, render
from bot.tg.context import NetralContext, message_of
from bot.tg.handlers_ask import send_chunks, send_to_chat


async def faq(update: Update, context: NetralContext) -> None:
    """Show the FAQ topics."""
    markup = keyboards.faq_topics(browse.topics(context.services))
    await update.effective_message.reply_html(texts.FAQ_TOPICS_HTML, reply_markup=markup)


async def faq_callback(update: Update, context: NetralContext) -> None:
    """Navigate the FAQ: topic list, a topic's entries, or one entry's answer."""
    query = update.callback_query
    _, action, args = keyboards.parse(query.data or "")
    await query.answer()
    services = context.services
    if action == "home":
        markup = keyboards.faq_topics(browse.topics(services))
        await query.edit_message_text(texts.FAQ_TOPICS_HTML, ParseMode.HTML, reply_markup=markup)
    elif action == "t" and args and args[0] in services.knowledge.topics:
        markup = keyboards.faq_entries(browse.entries(services, args[0]))
        text = render.faq_entries_html(services.knowledge.topics[args[0]])
        if args[1:] == ["new"]:  # pressed under an FAQ answer: keep the answer on screen
            await context.bot.send_message(
                update.effective_chat.id, text, ParseMode.HTML, reply_markup=markup
            )
        else:  # the menu message itself: navigate in place
            await query.edit_message_text(text, ParseMode.HTML, reply_markup=markup)
    elif action == "e" and args and (answer := browse.faq_answer(services, args[0])):
        ruling = services.rulings[args[0]]
        chunks = render.faq_entry_html(ruling.questions[0], answer)
        chat_id = update.effective_chat.id
        await send_to_chat(context.bot, chat_id, chunks, keyboards.faq_back(ruling.topic))
    else:
        await query.edit_message_text(texts.FAQ_GONE)


async def sumber(update: Update, context: NetralContext) -> None:
    """List the regulations with status and links."""
    chunks = render.sources_html(browse.regulations(context.services))
    await send_chunks(message_of(update), chunks)


async def pasal(update: Update, context: NetralContext) -> None:
    """Send one article, named as people type it or as a "Dasar" line prints it."""
    query = " ".join(context.args or [])
    if not query.strip():
        await update.effective_message.reply_html(texts.PASAL_USAGE_HTML)
        return
    found = browse.lookup(context.services, query)
    if found.article is None:
        text = (
            texts.PASAL_NOT_FOUND.format(label=found.label)
            if found.label
            else texts.PASAL_UNRECOGNISED.format(query=query)
        )
        await update.effective_message.reply_text(text)
        return
    await send_chunks(message_of(update), render.article_html(found.article))


async def lapor(update: Update, context: NetralContext) -> None:
    """Explain where and how to report a suspected violation."""
    await update.effective_message.reply_html(texts.LAPOR_HTML, disable_web_page_preview=True)
