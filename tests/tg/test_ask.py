"""Asking through the real Application against the fake Bot API."""

from __future__ import annotations

import re
from typing import Any

from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import GROUP, make_callback, make_command, make_message
from tests.tg.conftest import GROUP_ID, USER, assert_no_apology, feed, sent_texts


def _buttons(call: Any) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [b for row in markup.get("inline_keyboard", []) for b in row]


async def test_start_greets_in_html(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("start"))
    call = fake_api.calls_to("sendMessage")[-1]
    assert call.params["parse_mode"] == "HTML"
    assert "Netral" in call.params["text"]


async def test_cached_answers_skip_typing(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message("Bolehkah PNS ikut kampanye?", user_id=1))
    await feed(app, make_message("bolehkah  PNS ikut kampanye?", user_id=2))
    assert len(fake_api.calls_to("sendChatAction")) == 1
    first, second = sent_texts(fake_api)
    assert first == second


async def test_question_gets_verdict_citation_links_and_buttons(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_message("Apakah PNS boleh ikut kampanye dengan memakai atribut partai?"))
    assert fake_api.calls_to("sendChatAction")[0].params["action"] == "typing"
    reply = fake_api.calls_to("sendMessage")[-1]
    text = reply.params["text"]
    assert reply.params["parse_mode"] == "HTML"
    assert "⛔ Dilarang" in text
    assert re.search(r'<a href="https?://[^"]+">[^<]+</a>', text)
    assert len(text) <= 4096
    data = [b["callback_data"] for b in _buttons(reply)]
    assert any(d.startswith("ans:v1:full:") for d in data)
    assert any(d.startswith("ans:v1:fb:") and d.endswith(":up") for d in data)
    assert_no_apology(fake_api)


async def test_full_text_button_sends_the_unit_text(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message("Apakah PNS boleh ikut kampanye dengan memakai atribut partai?"))
    answer = fake_api.calls_to("sendMessage")[-1]
    full = next(
        b["callback_data"]
        for b in _buttons(answer)
        if b["callback_data"].startswith("ans:v1:full:")
    )
    token = full.rsplit(":", 1)[-1]
    unit_id = app.bot_data.store.answer_by_token(token, answer.params["chat_id"]).unit_ids[0]
    unit = app.bot_data.services.corpus.unit(unit_id)
    await feed(app, make_callback(full))
    call = fake_api.calls_to("sendMessage")[-1]
    assert "<blockquote expandable>" in call.params["text"]
    assert unit.label.split(" huruf")[0].replace("&", "&amp;") in call.params["text"]
    assert fake_api.calls_to("answerCallbackQuery")


async def test_thumbs_up_is_stored(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message("Bolehkah PNS menjadi anggota partai politik?"))
    up = next(
        b["callback_data"]
        for b in _buttons(fake_api.calls_to("sendMessage")[-1])
        if b["callback_data"].endswith(":up")
    )
    await feed(app, make_callback(up))
    answer_id = app.bot_data.store._one("SELECT MAX(id) AS id FROM answers")["id"]
    assert app.bot_data.store.feedback(answer_id) == {USER: 1}
    assert app.bot_data.store.feedback_counts() == {"up": 1, "down": 0}
    assert "Terima kasih" in fake_api.calls_to("answerCallbackQuery")[-1].params["text"]


async def test_follow_up_uses_the_previous_question(app: Any, fake_api: FakeBotAPI) -> None:
    seen: list[tuple[str, Any]] = []
    services = app.bot_data.services
    original = services.answer

    def spy(question: str, previous: Any = None) -> Any:
        seen.append((question, previous))
        return original(question, previous)

    app.bot_data.asker.services = type("S", (), {"answer": staticmethod(spy)})()
    await feed(app, make_message("Apakah PNS boleh menjadi anggota partai politik?"))
    await feed(app, make_message("kalau PPPK bagaimana?"))
    question, context = seen[1]
    assert question == "kalau PPPK bagaimana?"
    assert context.frame.actor == "pns"
    assert "partai" in context.text
    assert "PPPK" in sent_texts(fake_api)[-1]  # the PPPK rule, not the PNS one again
    assert "belum memuat" not in sent_texts(fake_api)[-1]


async def test_tanya_command_answers(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("tanya", "bolehkah PNS menjadi anggota partai politik?"))
    assert "Dilarang" in sent_texts(fake_api)[-1]


async def test_group_answers_only_when_mentioned_or_replied_to(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_message("boleh PNS ikut kampanye?", chat_id=GROUP_ID, chat_type=GROUP))
    assert not fake_api.calls_to("sendMessage")
    text = "@netral_test_bot boleh PNS ikut kampanye?"
    mention = [{"type": "mention", "offset": 0, "length": len("@netral_test_bot")}]
    await feed(app, make_message(text, chat_id=GROUP_ID, chat_type=GROUP, entities=mention))
    assert len(fake_api.calls_to("sendMessage")) == 1
    bot_message = {
        "message_id": 5,
        "date": 0,
        "chat": {"id": GROUP_ID, "type": GROUP},
        "from": {"id": 999000, "is_bot": True, "first_name": "Netral"},
        "text": "jawaban",
    }
    reply = make_message(
        "kalau PPPK?", chat_id=GROUP_ID, chat_type=GROUP, reply_to_message=bot_message
    )
    await feed(app, reply)
    assert len(fake_api.calls_to("sendMessage")) == 2
    assert_no_apology(fake_api)


async def test_too_long_question_is_refused_with_a_hint(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_message("kampanye " * 200))
    assert "terlalu panjang" in sent_texts(fake_api)[-1]
    assert not fake_api.calls_to("sendChatAction")


async def test_rate_limit_gives_a_friendly_message(app: Any, fake_api: FakeBotAPI) -> None:
    limit = app.bot_data.config.telegram.rate_limit_per_minute
    for _ in range(limit + 1):
        await feed(app, make_message("Bolehkah PNS ikut kampanye?", user_id=31337))
    replies = sent_texts(fake_api)
    assert "Pelan-pelan" in replies[-1]
    assert sum("Pelan-pelan" in r for r in replies) == 1
    assert len(replies) == limit + 1


async def test_non_text_message_gets_a_hint(app: Any, fake_api: FakeBotAPI) -> None:
    sticker = {
        "file_id": "s1",
        "file_unique_id": "s1u",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
    update = make_message("x")
    del update["message"]["text"]
    update["message"]["sticker"] = sticker
    await feed(app, update)
    assert "hanya memahami pertanyaan berupa teks" in sent_texts(fake_api)[-1]


async def test_errors_get_an_apology_with_an_id_not_a_traceback(
    app: Any, fake_api: FakeBotAPI, caplog: Any
) -> None:
    async def broken(user_id: int, question: str) -> Any:
        raise RuntimeError("boom")

    app.bot_data.asker.ask = broken
    await feed(app, make_message("Bolehkah PNS ikut kampanye?"))
    text = sent_texts(fake_api)[-1]
    assert re.search(r"kode [0-9a-f]{8}", text)
    assert "Traceback" not in text
    assert "boom" not in text
    assert "boom" in caplog.text


async def test_help_privacy_and_lapor(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("help"), make_command("privasi"), make_command("lapor"))
    help_text, privacy, lapor = sent_texts(fake_api)[-3:]
    assert "/tanya" in help_text
    assert "disimpan" in privacy
    assert "tidak disimpan" in privacy
    assert "Bawaslu" in lapor
    assert "BKN" in lapor
    assert "PPK" in lapor
    assert "Jangan mengirim laporan ke KASN" in lapor


async def test_post_init_publishes_the_command_list(app: Any, fake_api: FakeBotAPI) -> None:
    from bot.tg.app import post_init

    await post_init(app)
    commands = fake_api.calls_to("setMyCommands")[-1].params["commands"]
    names = {c["command"] for c in commands}
    assert {"tanya", "faq", "sumber", "pasal", "lapor", "kuis", "skor", "privasi"} <= names


async def test_faq_browsing_topics_entries_and_answer(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("faq"))
    topics = _buttons(fake_api.calls_to("sendMessage")[-1])
    assert all(b["callback_data"].startswith("faq:v1:t:") for b in topics)
    await feed(app, make_callback(topics[0]["callback_data"]))
    entries = _buttons(fake_api.calls_to("editMessageText")[-1])
    assert entries[0]["callback_data"].startswith("faq:v1:e:")
    assert entries[-1]["callback_data"] == "faq:v1:home"
    before = len(sent_texts(fake_api))
    await feed(app, make_callback(entries[0]["callback_data"]))
    chunks = sent_texts(fake_api)[before:]
    assert chunks[0].startswith("❓ <b>")
    assert "<a href=" in "".join(chunks)
    assert all(len(c) <= 4096 for c in chunks)
    await feed(app, make_callback("faq:v1:e:no-such-entry"))
    assert "tidak ada" in fake_api.calls_to("editMessageText")[-1].params["text"]
    assert_no_apology(fake_api)


async def test_sumber_and_pasal(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("sumber"))
    sources = "".join(sent_texts(fake_api))
    assert "PP 94/2021" in sources
    assert "🟢 berlaku" in sources
    assert '<a href="http' in sources
    await feed(app, make_command("pasal", "pp-94-2021 5"))
    article = sent_texts(fake_api)[-1]
    assert "PP 94/2021 Pasal 5" in article
    assert len(article) <= 4096
    await feed(app, make_command("pasal", "pp-94-2021 9999"))
    assert "tidak ada dalam korpus" in sent_texts(fake_api)[-1]
    await feed(app, make_command("pasal"))
    assert "/pasal pp-94-2021 5" in sent_texts(fake_api)[-1]
