"""Every template in bot/texts.py, rendered with edge values: no leftover {placeholders}, no
doubled words, no empty slots, valid Telegram HTML where the template is HTML; and the screens
whose templates the issue found broken, rendered through their real renderers."""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest

from bot import texts
from bot.admin import StatusReport
from bot.tg import render

# Telegram's HTML subset (https://core.telegram.org/bots/api#html-style).
TELEGRAM_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
    "tg-emoji", "code", "pre", "blockquote",
}  # fmt: skip
LONG = "Lampiran-B-angka-5 " * 24 + "akhir"
SPECIAL = '<PP & "94"/2021>'


def _templates() -> Iterator[tuple[str, str]]:
    for name, value in vars(texts).items():
        if name.startswith("_"):
            continue
        if isinstance(value, str):
            yield name, value
        elif isinstance(value, dict):
            yield from ((f"{name}[{k}]", v) for k, v in value.items() if isinstance(v, str))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                parts = item if isinstance(item, tuple) else (item,)
                yield from ((f"{name}[{i}]", p) for p in parts if isinstance(p, str))


TEMPLATES = sorted(_templates())


def _fields(template: str) -> list[tuple[str, str]]:
    return [(f, spec or "") for _, f, spec, _ in string.Formatter().parse(template) if f]


def _value(spec: str, text: str, number: float) -> Any:
    if spec and spec[-1] == "d":
        return int(number)
    return number if spec and spec[-1] in "fe%" else text


def _render(template: str, text: str, number: float, is_html: bool) -> str:
    values = {
        field: _value(spec, html.escape(text) if is_html else text, number)
        for field, spec in _fields(template)
    }
    return template.format(**values)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TELEGRAM_TAGS:
            self.errors.append(f"<{tag}> is not in Telegram's HTML")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"</{tag}> does not close the open tag")


def html_errors(text: str) -> list[str]:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    if re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);)", text, re.IGNORECASE):
        checker.errors.append("a bare & (Telegram rejects it)")
    if re.search(r"<(?![a-z/])", text):
        checker.errors.append("a bare <")
    return checker.errors + [f"<{t}> never closed" for t in checker.stack]


_DOUBLED = re.compile(r"\b(\w{2,})\b[\s(,]+\1\b", re.IGNORECASE)
_PREPOSITIONS = re.compile(r"\b(ke|di|dari|pada|untuk|dalam)\s+(ke|di|dari|pada)\b", re.I)
_EMPTY_SLOT = re.compile(r"\(\s*\)|[^\S\n]{2,}\S|[^\S\n][,.;:](?!\d)|\(\s|\s\)")


def _problems(name: str, rendered: str, is_html: bool) -> list[str]:
    found = []
    if re.search(r"\{[a-z_]+(:[^}]*)?\}", rendered):
        found.append("leftover placeholder")
    visible = html.unescape(re.sub(r"<[^>]+>", "", rendered)) if is_html else rendered
    for m in _DOUBLED.finditer(visible):
        if not m.group(1).isdigit():
            found.append(f"doubled word {m.group(0)!r}")
    found += [f"stacked prepositions {m.group(0)!r}" for m in _PREPOSITIONS.finditer(visible)]
    lines = [line.rstrip() for line in visible.split("\n")]
    for line in lines:
        body = line.lstrip()  # indentation (list items, previews) is layout, not a slot
        found += [f"empty slot {m.group(0)!r} in {line!r}" for m in _EMPTY_SLOT.finditer(body)]
    if is_html:
        found += html_errors(rendered)
    return [f"{name}: {p}" for p in found]


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 150
    assert sum(bool(_fields(t)) for _, t in TEMPLATES) > 60


@pytest.mark.parametrize(
    ("text", "number"),
    [("PP 94/2021", 1), ("5", 0), (LONG, 123_456.75), (SPECIAL, 4096)],
    ids=["typical", "zero", "long", "html-special"],
)
def test_every_template_renders_clean(text: str, number: float) -> None:
    problems: list[str] = []
    for name, template in TEMPLATES:
        is_html = name.split("[")[0].endswith("_HTML") or "<b>" in template or "<code>" in template
        rendered = _render(template, text, number, is_html)
        problems += _problems(name, rendered, is_html)
    assert not problems, "\n".join(problems)


def test_every_template_accepts_empty_values_without_leaving_placeholders() -> None:
    """Empty strings must not crash a template or leave `{…}` or break its HTML."""
    problems = []
    for name, template in TEMPLATES:
        is_html = name.split("[")[0].endswith("_HTML") or "<b>" in template
        rendered = _render(template, "", 0, is_html)
        if re.search(r"\{[a-z_]+(:[^}]*)?\}", rendered):
            problems.append(f"{name}: leftover placeholder")
        if is_html:
            problems += [f"{name}: {e}" for e in html_errors(rendered)]
    assert not problems, "\n".join(problems)


def _status(**overrides: Any) -> StatusReport:
    values: dict[str, Any] = {
        "generation": "gen-20261203",
        "regulations": 9,
        "units": 812,
        "by_status": {"berlaku": 7, "dicabut": 2},
        "rulings": 40,
        "quiz_questions": 30,
        "llm": "disabled (extractive answers)",
        "uptime_s": 4.2,
        "questions_answered": 0,
        "feedback": {},
        "running_quizzes": 0,
    }
    values.update(overrides)
    return StatusReport(**values)


def test_status_reads_as_indonesian_for_a_non_programmer() -> None:
    now = 1_796_293_604.2  # 2026-12-03 10:26:44 UTC: started 10:26:40 UTC = 17.26 WIB
    text = render.status_html(_status(), now=now)
    assert "Aktif sejak 3 Des 2026 17.26 WIB (4 detik lalu)" in text
    assert "Jawaban disusun tanpa model bahasa (mode ekstraktif)." in text
    assert "LLM" not in text
    assert "disabled" not in text
    assert "00:00:04" not in text
    assert not _problems("status", text, True)
    empty = render.status_html(_status(generation=None, by_status={}, uptime_s=0), now=now)
    assert "(0 detik lalu)" in empty
    assert not _problems("status-empty", empty, True)
    long = render.status_html(_status(uptime_s=3 * 86400 + 7200 + 59), now=now)
    assert "(3 hari 2 jam lalu)" in long


@pytest.mark.parametrize(
    ("reachability", "expected"),
    [
        ("disabled (extractive answers)", texts.STATUS_LLM_NONE),
        ("unavailable (LLM support not installed)", texts.STATUS_LLM_MISSING),
        ("unreachable: HTTP 500", texts.STATUS_LLM_DOWN),
        ("reachable (12 ms), but the server does not list model x", texts.STATUS_LLM_NO_MODEL),
        ("reachable (model gpt-4o-mini, 12 ms)", texts.STATUS_LLM_OK),
    ],
)
def test_llm_state_in_words(reachability: str, expected: str) -> None:
    assert render.llm_state(reachability) == expected


def test_sources_of_a_revoked_regulation_say_dicabut_once() -> None:
    from bot.models import Regulation

    def reg(rid: str, short: str, status: str, replaced_by: str | None) -> Regulation:
        number, year = rid.split("-")[1:]
        return Regulation(
            rid, "Disiplin PNS", short, "pp", number, int(year), status,  # type: ignore[arg-type]
            "https://example.org", "verbatim", replaced_by=replaced_by,
        )  # fmt: skip

    old = reg("pp-53-2010", "PP 53/2010", "dicabut", "pp-94-2021")
    new = reg("pp-94-2021", "PP 94/2021", "berlaku", None)
    text = "".join(render.sources_html([new, old]))
    assert "🔴 dicabut (diganti PP 94/2021)" in text
    assert "dicabut (dicabut" not in text
    assert not html_errors(text)
