"""HTML rendering: escaping, badges, markers and the 4096-character limit."""

from __future__ import annotations

import re

from bot.core.quiz import Standing
from bot.models import Answer, Citation
from bot.tg import keyboards, render, render_quiz


def _citation(**extra: object) -> Citation:
    data = {
        "regulation": "pp-94-2021",
        "pasal": "5",
        "label": "PP 94/2021 Pasal 5 <b>",
        "quote": "PNS dilarang <script>alert(1)</script> & memberikan dukungan",
        "url": 'https://example.org/a?x=1&y="2"',
        "status": "berlaku",
        "verification": "verbatim",
        "unit_id": "pp-94-2021/pasal-5",
    }
    data.update(extra)
    return Citation(**data)  # type: ignore[arg-type]


def _answer(**extra: object) -> Answer:
    data = {
        "question": "q",
        "found": True,
        "verdict": "dilarang",
        "answer": "Jawaban <i>tanpa</i> HTML & tanda",
        "sanction": "Hukuman disiplin <berat>",
        "citations": [_citation()],
        "sources": [],
        "mode": "faq",
    }
    data.update(extra)
    return Answer(**data)  # type: ignore[arg-type]


def _balanced(chunk: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*>", chunk):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_every_corpus_value_is_escaped() -> None:
    html = render.answer_html(_answer())[0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Jawaban &lt;i&gt;tanpa&lt;/i&gt; HTML &amp; tanda" in html
    assert "&lt;berat&gt;" in html
    assert 'href="https://example.org/a?x=1&amp;y=&quot;2&quot;"' in html
    assert "PP 94/2021 Pasal 5 &lt;b&gt;</a>" in html


def test_verdict_badges_status_and_disclaimer() -> None:
    assert "⛔ Dilarang" in render.answer_html(_answer())[0]
    assert "✅ Boleh" in render.answer_html(_answer(verdict="boleh"))[0]
    assert "⚠️ Boleh dengan syarat" in render.answer_html(_answer(verdict="boleh_bersyarat"))[0]
    revoked = render.answer_html(_answer(citations=[_citation(status="dicabut")]))[0]
    assert "🔴 dicabut" in revoked
    assert "bukan nasihat hukum" in revoked


def test_non_verbatim_units_are_marked_as_summaries() -> None:
    html = render.answer_html(_answer(citations=[_citation(verification="ringkasan")]))[0]
    assert "ringkasan, bukan teks resmi" in html
    assert "bukan teks resmi" not in render.answer_html(_answer())[0]


def test_long_answers_split_below_4096_with_balanced_tags() -> None:
    quote = ("Ketentuan panjang & <rinci>. " * 40 + "\n") * 30
    answer = _answer(citations=[_citation(quote=quote) for _ in range(4)])
    chunks = render.answer_html(answer)
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert all(_balanced(c) for c in chunks)


def test_one_enormous_line_is_cut_safely() -> None:
    chunks = render.wrap("&" * 20_000)
    assert all(len(c) <= 4096 for c in chunks)
    assert "".join(chunks).count("&amp;") == 20_000


def test_non_http_links_are_not_links() -> None:
    assert render.link("x", "javascript:alert(1)") == "x"


def test_leaderboard_escapes_names_and_gives_no_medal_for_zero_points() -> None:
    board = render_quiz.leaderboard_html(
        [
            Standing(1, 1, "<Ani>", 3, 3, 2.0),
            Standing(2, 2, "Budi", 2, 3, 1.0),
            Standing(None, 3, "Citra", 0, 3, 0.0),
        ],
        3,
        "ab12",
        stopped=False,
    )
    assert "🥇 &lt;Ani&gt; — 3 poin" in board
    assert "🥈 Budi" in board
    assert "Citra" not in board
    assert "1 peserta lain belum mendapat poin" in board


def test_callback_data_is_versioned_and_short() -> None:
    value = keyboards.data("faq", "e", "x" * 30)
    assert value.startswith("faq:v1:e:")
    assert keyboards.parse(value) == ("faq", "e", ["x" * 30])
    assert keyboards.parse("faq:v0:e:x") == ("faq", "", [])


def test_json_log_lines() -> None:
    import json
    import logging

    from bot.tg.app import JsonLines

    record = logging.LogRecord("bot.tg", logging.ERROR, __file__, 1, "error [%s]", ("ab12",), None)
    data = json.loads(JsonLines().format(record))
    assert data["msg"] == "error [ab12]"
    assert data["level"] == "ERROR"
