"""Inline keyboards and their callback data: namespaced and versioned (`ns:v1:action:…`).

Telegram limits callback data to 64 bytes, so buttons carry short ids (answer row ids, FAQ ids,
session codes, preview tokens), never unit ids or text.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.models import Ruling

VERSION = "v1"
ANSWER = "ans"
FAQ = "faq"
QUIZ = "quiz"
ADMIN = "adm"
START = "start"
MAX_CALLBACK_BYTES = 64


def data(namespace: str, action: str, *args: str | int) -> str:
    """Build callback data; raises ValueError beyond Telegram's 64 bytes."""
    value = ":".join([namespace, VERSION, action, *(str(a) for a in args)])
    if len(value.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data too long: {value!r}")
    return value


def parse(value: str) -> tuple[str, str, list[str]]:
    """(namespace, action, args) of callback data built by `data`; unknown versions → action ''."""
    parts = value.split(":")
    if len(parts) < 3 or parts[1] != VERSION:
        return (parts[0] if parts else "", "", [])
    return parts[0], parts[2], parts[3:]


def pattern(namespace: str, action: str | None = None) -> str:
    """A CallbackQueryHandler pattern for one namespace (and action)."""
    return f"^{namespace}:{VERSION}:" + (f"{action}(:|$)" if action else "")


def answer_buttons(token: str, has_units: bool, chosen: str | None = None) -> InlineKeyboardMarkup:
    """ "📖 Dasar hukum" (when the answer cites units) and 👍/👎, the `chosen` one marked.

    Buttons carry the answer's unguessable token (bound to its chat), never its row id."""
    votes = []
    for vote, label in (("up", texts.BUTTON_UP), ("down", texts.BUTTON_DOWN)):
        shown = texts.BUTTON_CHOSEN.format(button=label) if vote == chosen else label
        votes.append(InlineKeyboardButton(shown, callback_data=data(ANSWER, "fb", token, vote)))
    rows = [votes]
    if has_units:
        full = InlineKeyboardButton(
            texts.BUTTON_FULL_TEXT, callback_data=data(ANSWER, "full", token)
        )
        rows.insert(0, [full])
    return InlineKeyboardMarkup(rows)


def start_actions() -> InlineKeyboardMarkup:
    """/start's quick actions: how to ask, FAQ, quiz, where to report."""
    buttons = [
        (texts.BUTTON_START_ASK, "ask"),
        (texts.BUTTON_START_FAQ, "faq"),
        (texts.BUTTON_START_QUIZ, "quiz"),
        (texts.BUTTON_START_REPORT, "report"),
    ]
    row = [InlineKeyboardButton(label, callback_data=data(START, a)) for label, a in buttons]
    return InlineKeyboardMarkup([row[:2], row[2:]])


def faq_topics(topics: Sequence[tuple[str, str, int]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"{title} ({count})", callback_data=data(FAQ, "t", tid))]
            for tid, title, count in topics
        ]
    )


def faq_entries(rulings: Sequence[Ruling]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                _short(r.title or r.questions[0]), callback_data=data(FAQ, "e", r.id)
            )
        ]
        for r in rulings
    ]
    rows.append([InlineKeyboardButton(texts.FAQ_BACK, callback_data=data(FAQ, "home"))])
    return InlineKeyboardMarkup(rows)


def faq_back(topic: str) -> InlineKeyboardMarkup:
    """Under an FAQ answer: the topic's list again, as a new message ("new") below the answer."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.FAQ_BACK, callback_data=data(FAQ, "t", topic, "new"))]]
    )


def quiz_next(session_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.QUIZ_NEXT, callback_data=data(QUIZ, "next", session_id))]]
    )


def event_join(link: str) -> InlineKeyboardMarkup:
    """The deep link into a private chat that joins an event quiz, as a button."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.EVENT_JOIN_BUTTON, url=link)]])


def publish_confirm(token: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.BUTTON_PUBLISH, callback_data=data(ADMIN, "pub", token))],
            [InlineKeyboardButton(texts.BUTTON_CANCEL, callback_data=data(ADMIN, "cancel", token))],
        ]
    )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
