"""Update factories (PTB `tests/auxil/build_messages.py` style): plain dicts for the Bot API."""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(10_000)
_message_ids = itertools.count(1)
_callback_ids = itertools.count(1)

PRIVATE = "private"
GROUP = "supergroup"


def user(
    user_id: int = 777, first_name: str = "Ani", last_name: str | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name:
        data["last_name"] = last_name
    return data


def chat(chat_id: int, chat_type: str = PRIVATE) -> dict[str, Any]:
    if chat_type == PRIVATE:
        return {"id": chat_id, "type": PRIVATE, "first_name": "Ani"}
    return {"id": chat_id, "type": chat_type, "title": "Grup ASN"}


def _message_dict(
    text: str | None,
    user_id: int,
    chat_id: int | None,
    chat_type: str,
    name: str,
    entities: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat(chat_id if chat_id is not None else user_id, chat_type),
        "from": user(user_id, name),
        **extra,
    }
    if text is not None:
        message["text"] = text
    if entities:
        message["entities"] = entities
    return message


def make_message(
    text: str,
    user_id: int = 777,
    chat_id: int | None = None,
    chat_type: str = PRIVATE,
    name: str = "Ani",
    entities: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A text message update (private by default: chat id = user id)."""
    return {
        "update_id": next(_update_ids),
        "message": _message_dict(text, user_id, chat_id, chat_type, name, entities, **extra),
    }


def make_command(
    command: str,
    args: str = "",
    user_id: int = 777,
    chat_id: int | None = None,
    chat_type: str = PRIVATE,
    name: str = "Ani",
) -> dict[str, Any]:
    """`/command args` with the bot_command entity CommandHandler needs."""
    word = command if command.startswith("/") else f"/{command}"
    text = f"{word} {args}".strip()
    entity = {"type": "bot_command", "offset": 0, "length": len(word)}
    return make_message(text, user_id, chat_id, chat_type, name, [entity])


def make_callback(
    data: str,
    user_id: int = 777,
    chat_id: int | None = None,
    chat_type: str = PRIVATE,
    message_text: str = "…",
) -> dict[str, Any]:
    """An inline-button press on a message the bot sent."""
    message = _message_dict(
        message_text, 999000, chat_id if chat_id is not None else user_id, chat_type, "Netral"
    )
    message["from"] = {
        "id": 999000,
        "is_bot": True,
        "first_name": "Netral",
        "username": "netral_test_bot",
    }
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_callback_ids)),
            "chat_instance": "ci",
            "from": user(user_id),
            "data": data,
            "message": message,
        },
    }


def make_poll_answer(
    poll_id: str, user_id: int, option_ids: list[int], name: str = "Ani"
) -> dict[str, Any]:
    """A (non-anonymous) poll answer."""
    return {
        "update_id": next(_update_ids),
        "poll_answer": {
            "poll_id": poll_id,
            "user": user(user_id, name),
            "option_ids": option_ids,
            "option_persistent_ids": [str(i) for i in option_ids],  # required since Bot API 9.6
        },
    }


def make_document(
    file_id: str,
    file_name: str,
    size: int,
    user_id: int = 777,
    caption: str | None = None,
    mime_type: str = "text/markdown",
) -> dict[str, Any]:
    """A private message carrying a document."""
    document = {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": size,
    }
    extra: dict[str, Any] = {"document": document}
    if caption:
        extra["caption"] = caption
    return {
        "update_id": next(_update_ids),
        "message": _message_dict(None, user_id, None, PRIVATE, "Admin", None, **extra),
    }


def make_poll_closed(poll_id: str, question: str = "?", options: int = 3) -> dict[str, Any]:
    """The `poll` update Telegram sends when a poll the bot sent closes (open_period ran out)."""
    return {
        "update_id": next(_update_ids),
        "poll": {
            "id": poll_id,
            "question": question,
            "options": [
                {"text": f"o{i}", "voter_count": 0, "persistent_id": str(i)} for i in range(options)
            ],
            "total_voter_count": 0,
            "is_closed": True,
            "is_anonymous": False,
            "type": "quiz",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        },
    }
