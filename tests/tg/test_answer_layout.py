"""Issue 10 Deliver 1: the short first message, "📖 Dasar hukum" in private and in groups, and
the 👍/👎 state — through the real Application against the fake Bot API."""

from __future__ import annotations

import html
import re
from typing import Any

from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import GROUP, make_callback, make_message
from tests.tg.conftest import GROUP_ID, USER, assert_no_apology, feed

QUESTION = "Apakah PNS boleh ikut kampanye dengan memakai atribut partai?"
MENTION = "@netral_test_bot "


def visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _buttons(call: Any) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def _data(call: Any, prefix: str) -> str:
    return next(b["callback_data"] for b in _buttons(call) if b["callback_data"].startswith(prefix))


def _group_question(text: str, user_id: int = USER) -> dict[str, Any]:
    entities = [{"type": "mention", "offset": 0, "length": len(MENTION) - 1}]
    return make_message(
        MENTION + text, user_id=user_id, chat_id=GROUP_ID, chat_type=GROUP, entities=entities
    )


async def test_private_answer_is_short_and_dasar_hukum_sends_the_quotes(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_message(QUESTION))
    sends = fake_api.calls_to("sendMessage")
    assert len(sends) == 1  # one message, never split
    first = sends[0].params["text"]
    assert first.startswith("<b>⛔ Dilarang</b>")
    assert "<blockquote" not in first  # no inline quotes
    assert "Dasar</b>: " in first
    assert len(visible(first)) <= 1200
    labels = [b["text"] for b in _buttons(sends[0])]
    assert labels == ["📖 Dasar hukum", "👍", "👎"]
    await feed(app, make_callback(_data(sends[0], "ans:v1:full:")))
    basis = fake_api.calls_to("sendMessage")[-1]
    text = basis.params["text"]
    assert "<blockquote expandable>" in text
    assert "berlaku" in text  # the status badge
    assert re.search(r'🔗 Sumber: <a href="https?://', text)  # the source link
    assert_no_apology(fake_api)


async def test_dasar_hukum_replies_to_the_answer(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message(QUESTION))
    answer = fake_api.calls_to("sendMessage")[-1]
    press = make_callback(_data(answer, "ans:v1:full:"))
    press["callback_query"]["message"]["message_id"] = answer.result["message_id"]
    await feed(app, press)
    basis = fake_api.calls_to("sendMessage")[-1]
    assert basis.params["reply_parameters"]["message_id"] == answer.result["message_id"]


async def test_violation_question_gets_a_violation_verdict(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message("PNS ikut kampanye pakai atribut partai, apakah melanggar?"))
    first = fake_api.calls_to("sendMessage")[-1].params["text"]
    assert first.startswith("<b>⛔ Termasuk pelanggaran</b>"), first[:80]


async def test_refusals_get_no_buttons(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message("Siapa calon presiden yang paling bagus?"))
    await feed(app, make_message("resep rendang padang yang enak"))
    for call in fake_api.calls_to("sendMessage"):
        assert not _buttons(call), call.params["text"][:80]


async def test_feedback_shows_the_chosen_vote_and_can_change(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_message(QUESTION))
    answer = fake_api.calls_to("sendMessage")[-1]
    answer_id = app.bot_data.store._one("SELECT MAX(id) AS id FROM answers")["id"]
    await feed(app, make_callback(_data(answer, "ans:v1:fb:")))  # 👍 comes first
    edit = fake_api.calls_to("editMessageReplyMarkup")[-1]
    assert [b["text"] for b in _buttons(edit)] == ["📖 Dasar hukum", "👍 ✓", "👎"]
    down = next(
        b["callback_data"] for b in _buttons(answer) if b["callback_data"].endswith(":down")
    )
    await feed(app, make_callback(down))
    edit = fake_api.calls_to("editMessageReplyMarkup")[-1]
    assert [b["text"] for b in _buttons(edit)] == ["📖 Dasar hukum", "👍", "👎 ✓"]
    assert app.bot_data.store.feedback(answer_id) == {USER: -1}  # one vote, changed
    assert "diubah" in fake_api.calls_to("answerCallbackQuery")[-1].params["text"]


async def test_group_short_answer_replies_and_long_basis_goes_private(
    app: Any, fake_api: FakeBotAPI
) -> None:
    question = _group_question(QUESTION)
    await feed(app, question)
    answer = fake_api.calls_to("sendMessage")[-1]
    assert int(answer.params["chat_id"]) == GROUP_ID
    assert answer.params["reply_parameters"]["message_id"] == question["message"]["message_id"]
    assert len(visible(answer.params["text"])) <= 1200
    press = make_callback(
        _data(answer, "ans:v1:full:"), user_id=USER, chat_id=GROUP_ID, chat_type=GROUP
    )
    await feed(app, press)
    basis = fake_api.calls_to("sendMessage")[-1]
    assert int(basis.params["chat_id"]) == USER  # the presser, in private
    assert "<blockquote expandable>" in basis.params["text"]
    assert "pribadi" in fake_api.calls_to("answerCallbackQuery")[-1].params["text"]


async def test_group_basis_falls_back_to_a_reply_when_the_presser_is_unreachable(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, _group_question(QUESTION))
    answer = fake_api.calls_to("sendMessage")[-1]
    fake_api.blocked.add(888)
    press = make_callback(
        _data(answer, "ans:v1:full:"), user_id=888, chat_id=GROUP_ID, chat_type=GROUP
    )
    press["callback_query"]["message"]["message_id"] = answer.result["message_id"]
    await feed(app, press)
    basis = fake_api.calls_to("sendMessage")[-1]
    assert int(basis.params["chat_id"]) == GROUP_ID
    assert basis.params["reply_parameters"]["message_id"] == answer.result["message_id"]
    assert "<blockquote expandable>" in basis.params["text"]
    assert_no_apology(fake_api)
