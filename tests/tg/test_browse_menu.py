"""Browsing and the command menu through the real Application against the fake Bot API: /pasal in
the forms people type and the bot prints, /faq as new messages, captions, bare mentions, the
commands per scope and /start's quick actions."""

from __future__ import annotations

from typing import Any

import pytest

from bot import texts
from bot.tg.app import publish_commands
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import GROUP, _message_dict, make_callback, make_command
from tests.tg.conftest import ADMIN, GROUP_ID, USER, assert_no_apology, feed, sent_texts


def _buttons(call: Any) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("PP 94/2021 Pasal 5", "PP 94/2021 Pasal 5"),
        ("pp-94-2021 5 huruf n", "PP 94/2021 Pasal 5"),
        ("pp-94-2021 5", "PP 94/2021 Pasal 5"),
        ("Pasal 5 huruf n angka 2 PP 94/2021", "PP 94/2021 Pasal 5"),
        ("PP 94/2021 Pasal 5 huruf n angka 2", "PP 94/2021 Pasal 5"),  # a "Dasar" label
        ("UU ASN pasal 9", "Pasal 9"),
    ],
)
async def test_pasal_accepts_typed_and_printed_forms(
    app: Any, fake_api: FakeBotAPI, query: str, label: str
) -> None:
    await feed(app, make_command("pasal", query))
    article = sent_texts(fake_api)[-1]
    assert label in article, article[:200]
    assert "tidak ada dalam korpus" not in article
    assert_no_apology(fake_api)


async def test_pasal_unknown_says_which_label_and_never_the_doubled_template(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_command("pasal", "PP 94/2021 Pasal 9999"))
    missing = sent_texts(fake_api)[-1]
    assert missing.startswith("PP 94/2021 Pasal 9999 tidak ada dalam korpus")
    await feed(app, make_command("pasal", "peraturan entah apa"))
    assert "tidak saya kenali" in sent_texts(fake_api)[-1]


async def test_ui_label_of_a_dasar_line_opens_that_article(app: Any, fake_api: FakeBotAPI) -> None:
    """What a real answer prints after "Dasar:" is accepted verbatim by /pasal."""
    from bot.tg import render_answer

    asked = await app.bot_data.asker.ask(USER, "Bolehkah PNS ikut kampanye?")
    labels = [c.label for c in asked.answer.citations if "Pasal" in c.label]
    assert labels
    assert render_answer.is_real(asked.answer)
    await feed(app, make_command("pasal", labels[0]))
    assert "tidak" not in sent_texts(fake_api)[-1][:60]
    assert labels[0].split(" huruf")[0].split(" ayat")[0] in sent_texts(fake_api)[-1]


async def test_faq_entry_and_back_are_new_messages(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("faq"))
    topics = _buttons(fake_api.calls_to("sendMessage")[-1])
    await feed(app, make_callback(topics[0]["callback_data"]))
    entries = _buttons(fake_api.calls_to("editMessageText")[-1])[:-1]
    titles = {r.title for r in app.bot_data.services.knowledge.rulings if r.title}
    assert any(e["text"] in titles for e in entries)  # short titles, not whole questions
    assert all(len(e["text"]) <= 60 for e in entries)
    edits = len(fake_api.calls_to("editMessageText"))
    await feed(app, make_callback(entries[0]["callback_data"]))
    answer = fake_api.calls_to("sendMessage")[-1]
    back = _buttons(answer)[-1]["callback_data"]
    await feed(app, make_callback(back))
    assert len(fake_api.calls_to("editMessageText")) == edits  # the answer was never overwritten
    again = fake_api.calls_to("sendMessage")[-1]
    assert _buttons(again)[0]["callback_data"].startswith("faq:v1:e:")
    assert_no_apology(fake_api)


def _photo(caption: str | None, chat_id: int, chat_type: str = "private", **extra: Any) -> dict:
    message = _message_dict(None, USER, chat_id, chat_type, "Ani", **extra)
    message["photo"] = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
    if caption is not None:
        message["caption"] = caption
    return {"update_id": 90_000 + chat_id % 1000 + len(caption or ""), "message": message}


async def test_photo_with_caption_is_a_question(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, _photo("Bolehkah PNS ikut kampanye?", USER))
    reply = fake_api.calls_to("sendMessage")[-1]
    assert texts.HINT_NON_TEXT not in reply.params["text"]
    assert any(b["text"] == texts.BUTTON_FULL_TEXT for b in _buttons(reply))
    before = len(sent_texts(fake_api))
    await feed(app, _photo(None, USER))  # no caption: the text-only hint
    assert sent_texts(fake_api)[before:] == [texts.HINT_NON_TEXT]


async def test_group_photo_caption_mentioning_the_bot_is_answered(
    app: Any, fake_api: FakeBotAPI
) -> None:
    username = app.bot.username
    caption = f"@{username} bolehkah PNS ikut kampanye?"
    entity = {"type": "mention", "offset": 0, "length": len(username) + 1}
    await feed(app, _photo(caption, GROUP_ID, GROUP, caption_entities=[entity]))
    reply = fake_api.calls_to("sendMessage")[-1]
    assert int(reply.params["chat_id"]) == GROUP_ID
    assert any(b["text"] == texts.BUTTON_FULL_TEXT for b in _buttons(reply))


async def test_bare_mention_in_a_group_gets_the_hint_without_buttons(
    app: Any, fake_api: FakeBotAPI
) -> None:
    from tests.support.updates import make_message

    mention = f"@{app.bot.username}"
    entity = {"type": "mention", "offset": 0, "length": len(mention)}
    await feed(app, make_message(mention, USER, GROUP_ID, GROUP, entities=[entity]))
    reply = fake_api.calls_to("sendMessage")[-1]
    assert reply.params["text"] == texts.HINT_BARE_MENTION.format(bot=app.bot.username)
    assert not _buttons(reply)


async def test_commands_per_scope_admin_only_in_admin_chat(app: Any, fake_api: FakeBotAPI) -> None:
    await publish_commands(app.bot, app.bot_data.config)
    scopes = fake_api.commands
    assert set(scopes) == {"all_private_chats", "all_group_chats", f"chat:{ADMIN}"}
    admin = {name for name, _ in texts.COMMANDS_ADMIN}
    assert admin <= set(scopes[f"chat:{ADMIN}"])
    assert not admin & set(scopes["all_private_chats"])
    assert not admin & set(scopes["all_group_chats"])
    assert {"kuis_mulai", "kuis_stop", "kuis_hasil"} <= set(scopes["all_group_chats"])
    assert "kuis_mulai" not in scopes["all_private_chats"]


async def test_start_offers_quick_actions(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("start"))
    buttons = _buttons(fake_api.calls_to("sendMessage")[-1])
    assert [b["text"] for b in buttons] == [
        texts.BUTTON_START_ASK,
        texts.BUTTON_START_FAQ,
        texts.BUTTON_START_QUIZ,
        texts.BUTTON_START_REPORT,
    ]
    data = [b["callback_data"] for b in buttons]
    await feed(app, make_callback(data[0]))
    assert "Tulis saja pertanyaan" in sent_texts(fake_api)[-1]
    await feed(app, make_callback(data[1]))
    assert sent_texts(fake_api)[-1] == texts.FAQ_TOPICS_HTML
    await feed(app, make_callback(data[2]))
    assert fake_api.calls_to("sendPoll")
    await feed(app, make_callback(data[3]))
    assert sent_texts(fake_api)[-1] == texts.LAPOR_HTML
    assert_no_apology(fake_api)
