"""The phone-first answer: a short first message, and its "📖 Dasar hukum" message.

The first message holds the verdict (worded for the question: "melanggar?" gets "Termasuk
pelanggaran"), at most three short sentences of the explanation cut at sentence ends, the
sanction in one line and "Dasar: label, label". The full explanation, conditions, notes and the
quoted units go into the "Dasar hukum" message, built from what the store kept (`basis_json`),
so the button works after a restart and on another replica.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot import texts
from bot.models import Answer
from bot.tg.render import LIMIT, esc, link, pack, wrap

MAX_SENTENCES = 3
MAX_EXPLANATION = 420  # characters of the short explanation
MAX_SANCTION = 160
MAX_LABELS = 4
MAX_LOOKUP_QUOTE = (
    480  # "apa bunyi Pasal X?": the wording is the answer, so it goes in the first message
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def sentences(text: str) -> list[str]:
    """Split at sentence ends (not inside "No. 5" or "huruf n."-style abbreviations)."""
    parts = [p.strip() for p in _SENTENCE_END.split(" ".join(text.split()))]
    return [p for p in parts if p]


def clip_words(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, marked with "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + texts.TRUNCATED


def short_explanation(text: str) -> str:
    """At most three sentences and `MAX_EXPLANATION` characters, cut at sentence ends."""
    kept: list[str] = []
    for sentence in sentences(text)[:MAX_SENTENCES]:
        if kept and len(" ".join([*kept, sentence])) > MAX_EXPLANATION:
            break
        kept.append(sentence)
    return clip_words(" ".join(kept), MAX_EXPLANATION)


def verdict_line(answer: Answer) -> str | None:
    if not answer.verdict:
        return None
    violation = bool((answer.frame or {}).get("violation_question"))
    words = texts.VERDICT_VIOLATION if violation else texts.VERDICT
    return words.get(answer.verdict) or texts.VERDICT.get(answer.verdict)


def labels(answer: Answer) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for c in answer.citations:
        seen.setdefault(c.label, c.url)
    return list(seen.items())


def is_lookup(answer: Answer) -> bool:
    """An article or definition lookup: no verdict, no ruling, the quoted text is what was asked."""
    return answer.verdict is None and answer.ruling_id is None and bool(answer.citations)


def is_real(answer: Answer) -> bool:
    """Buttons go only on real answers: not on refusals, "empty question" or declines."""
    return answer.declined is None and answer.found


def short_html(answer: Answer) -> str:
    """The first message: verdict, short explanation, sanction, "Dasar: …", disclaimer."""
    if not is_real(answer):
        return pack([*wrap(answer.answer), *(f"ℹ️ {esc(n)}" for n in answer.notes)])[0]
    blocks: list[str] = []
    verdict = verdict_line(answer)
    if verdict:
        blocks.append(f"<b>{esc(verdict)}</b>")
    blocks.append(esc(short_explanation(answer.answer)))
    if is_lookup(answer) and answer.citations[0].quote:
        quote = clip_words(" ".join(answer.citations[0].quote.split()), MAX_LOOKUP_QUOTE)
        blocks.append(f"<blockquote expandable>{esc(quote)}</blockquote>")
    if answer.conditions:
        blocks.append(texts.SHORT_CONDITIONS.format(count=len(answer.conditions)))
    if answer.sanction:
        sanction = clip_words(sentences(answer.sanction)[0], MAX_SANCTION)
        blocks.append(f"<b>{texts.SANCTION}</b>: {esc(sanction)}")
    pairs = labels(answer)
    if pairs:
        shown = ", ".join(link(label, url) for label, url in pairs[:MAX_LABELS])
        more = texts.MORE_LABELS.format(count=len(pairs) - MAX_LABELS)
        blocks.append(
            f"<b>{texts.BASIS_SHORT}</b>: {shown}{more if len(pairs) > MAX_LABELS else ''}"
        )
    blocks.append(f"<i>{texts.DISCLAIMER_SHORT}</i>")
    return "\n".join(blocks)[:LIMIT]


def basis_json(answer: Answer) -> str:
    """What the "Dasar hukum" button shows later, as JSON for the store."""
    return json.dumps(
        {
            "answer": answer.answer,
            "conditions": answer.conditions,
            "notes": answer.notes,
            "citations": [
                {
                    "label": c.label,
                    "url": c.url,
                    "status": c.status,
                    "verification": c.verification,
                    "quote": c.quote,
                    "note": c.note,
                }
                for c in answer.citations
            ],
        },
        ensure_ascii=False,
    )


def basis_html(stored: str) -> list[str]:
    """The "📖 Dasar hukum" message: the full explanation, conditions, each quoted unit with its
    status, verification and source link, and the notes."""
    try:
        data: dict[str, Any] = json.loads(stored) if stored else {}
    except ValueError:
        data = {}
    if not data.get("citations"):
        return []
    blocks = [f"<b>📖 {texts.SOURCES}</b>", *wrap(str(data.get("answer") or ""))]
    conditions = data.get("conditions") or []
    if conditions:
        items = "\n".join(f"• {esc(c)}" for c in conditions)
        blocks.append(f"<b>{texts.CONDITIONS}</b>\n{items}")
    for c in data["citations"]:
        badge = texts.STATUS_BADGE.get(c.get("status"), esc(c.get("status")))
        marker = texts.NOT_VERBATIM.get(c.get("verification"))
        extra = f" · <i>{esc(marker)}</i>" if marker else ""
        blocks.append(f"\n<b>{link(c.get('label', ''), c.get('url'))}</b> · {badge}{extra}")
        if c.get("note"):
            blocks.append(f"<i>{esc(c['note'])}</i>")
        blocks.extend(wrap(str(c.get("quote") or ""), "blockquote expandable"))
        if str(c.get("url", "")).startswith(("http://", "https://")):
            blocks.append(texts.SOURCE_LINK_HTML.format(link=link(texts.SOURCE_LINK, c["url"])))
    blocks.extend(f"ℹ️ {esc(n)}" for n in data.get("notes") or [])
    blocks.append(f"\n<i>{texts.DISCLAIMER}</i>")
    return pack(blocks)
