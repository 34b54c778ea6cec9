"""Issue 11, Telegram side: answer buttons you cannot forge, bounded callback fields, updates
without a user, one rate-limit notice per window, RetryAfter honoured, upload size on the bytes
received. Each runs through the real Application against the fake Bot API."""

from __future__ import annotations

from typing import Any

import pytest

from bot.tg import handlers_admin
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import GROUP, make_callback, make_document, make_message
from tests.tg.conftest import ADMIN, GROUP_ID, USER, assert_no_apology, feed, sent_texts

QUESTION = "Apakah PNS boleh ikut kampanye dengan memakai atribut partai?"


def _buttons(call: Any) -> list[str]:
    markup = call.params.get("reply_markup") or {}
    return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


async def _answer(app: Any, api: FakeBotAPI, **where: Any) -> list[str]:
    await feed(app, make_message(QUESTION, **where))
    return _buttons(api.calls_to("sendMessage")[-1])


async def test_buttons_carry_a_token_not_the_sequential_answer_id(
    app: Any, fake_api: FakeBotAPI
) -> None:
    data = await _answer(app, fake_api)
    answer_id = app.bot_data.store._one("SELECT MAX(id) AS id FROM answers")["id"]
    assert all(f":{answer_id}:" not in d and not d.endswith(f":{answer_id}") for d in data)
    fake_api.clear()
    # Guessing the id (what the buttons used to carry) neither shows the law nor stores a vote.
    await feed(app, make_callback(f"ans:v1:full:{answer_id}", user_id=USER + 1))
    await feed(app, make_callback(f"ans:v1:fb:{answer_id}:down", user_id=USER + 1))
    assert not fake_api.calls_to("sendMessage")
    assert app.bot_data.store.feedback(answer_id) == {}


async def test_a_token_only_works_in_the_chat_it_was_sent_to(
    app: Any, fake_api: FakeBotAPI
) -> None:
    data = await _answer(app, fake_api)
    full = next(d for d in data if d.startswith("ans:v1:full:"))
    up = next(d for d in data if d.endswith(":up"))
    fake_api.clear()
    await feed(app, make_callback(full, user_id=USER + 5))  # another user's private chat
    await feed(app, make_callback(up, user_id=USER + 5))
    assert not fake_api.calls_to("sendMessage")
    answer_id = app.bot_data.store._one("SELECT MAX(id) AS id FROM answers")["id"]
    assert app.bot_data.store.feedback(answer_id) == {}
    await feed(app, make_callback(full))  # the chat it was sent to
    assert fake_api.calls_to("sendMessage")


@pytest.mark.parametrize(
    "data",
    [
        "ans:v1:fb:" + "9" * 40 + ":up",
        "ans:v1:full:" + "9" * 40,
        "ans:v1:fb:-" + "9" * 30 + ":down",
        "faq:v1:t:" + "9" * 40,
        "faq:v1:e:" + "9" * 40,
        "quiz:v1:next:" + "9" * 40,
    ],
)
async def test_huge_numeric_callback_fields_do_not_raise(
    app: Any, fake_api: FakeBotAPI, data: str
) -> None:
    await feed(app, make_callback(data))
    assert fake_api.calls_to("answerCallbackQuery")
    assert_no_apology(fake_api)


async def test_an_update_without_a_user_is_handled(app: Any, fake_api: FakeBotAPI) -> None:
    text = "@netral_test_bot " + QUESTION
    mention = [{"type": "mention", "offset": 0, "length": len("@netral_test_bot")}]
    update = make_message(text, chat_id=GROUP_ID, chat_type=GROUP, entities=mention)
    del update["message"]["from"]  # a channel's or an anonymous admin's post
    update["message"]["sender_chat"] = {"id": GROUP_ID, "type": GROUP, "title": "Grup ASN"}
    await feed(app, update)
    assert_no_apology(fake_api)
    assert "Dilarang" in sent_texts(fake_api)[-1]


async def test_one_rate_limit_notice_per_window(app: Any, fake_api: FakeBotAPI) -> None:
    limit = app.bot_data.config.telegram.rate_limit_per_minute
    for _ in range(limit + 10):
        await feed(app, make_message("Bolehkah PNS ikut kampanye?", user_id=4040))
    replies = sent_texts(fake_api)
    assert sum("Pelan-pelan" in r for r in replies) == 1
    assert len(replies) == limit + 1
    # The next window gets its notice again.
    app.bot_data.clock.advance(61)
    for _ in range(limit + 2):
        await feed(app, make_message("Bolehkah PNS ikut kampanye?", user_id=4040))
    assert sum("Pelan-pelan" in r for r in sent_texts(fake_api)) == 2


async def test_retry_after_is_honoured_not_answered_with_an_apology(
    app: Any, fake_api: FakeBotAPI
) -> None:
    fake_api.retry_after["sendMessage"] = 1
    await feed(app, make_message(QUESTION, user_id=5050))
    sends = fake_api.calls_to("sendMessage")
    # The answer was retried after the wait Telegram asked for (PTB's rate limiter), then given
    # up; no apology was tried into the same 429.
    assert sends
    assert all("⛔ Dilarang" in str(c.params.get("text")) for c in sends)
    assert_no_apology(fake_api)


async def test_upload_size_is_checked_on_the_bytes_received(
    app: Any, fake_api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handlers_admin, "MAX_UPLOAD_BYTES", 1000)
    data = b"# Pasal 1\n" + b"x" * 5000
    fake_api.add_file("big-1", data, "documents/lainnya-99-2024.md")
    # The client claims 10 bytes; 5 kB arrive.
    await feed(app, make_document("big-1", "lainnya-99-2024.md", 10, user_id=ADMIN))
    reply = sent_texts(fake_api)[-1]
    assert "terlalu besar" in reply
    assert "diterima" in reply
    assert not app.bot_data.store._all("SELECT * FROM admin_pending")
