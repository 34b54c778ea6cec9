"""Telegram HTML: the only place that builds it.

Every corpus- or user-derived value goes through `esc` (html.escape) before it enters a
message. Messages are assembled from blocks whose tags are balanced, and packed into chunks of at
most 4096 characters, so a split never cuts through a tag.
"""

from __future__ import annotations

import datetime
import html
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot import render_text, texts
from bot.admin import AdminError, Pending, Published, Revoked, StatusReport
from bot.browse import Article
from bot.models import Answer, Citation, Regulation
from bot.store.repo import Score

if TYPE_CHECKING:
    from bot.corpus.knowledge import Knowledge
    from bot.search.index import BuildReport

LIMIT = 4096


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def link(label: str, url: str | None) -> str:
    """An escaped link, or just the escaped label when the URL is not http(s)."""
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}">{esc(label)}</a>'
    return esc(label)


def _pieces(raw: str, budget: int) -> list[str]:
    """Split plain text so that each escaped piece fits in `budget` characters."""
    out: list[str] = []
    current = ""
    for line in raw.splitlines(keepends=True):
        while len(esc(line)) > budget:  # a single very long line: cut by characters
            cut = budget // 6
            if current:
                out.append(current)
                current = ""
            out.append(line[:cut])
            line = line[cut:]
        if len(esc(current + line)) > budget:
            out.append(current)
            current = ""
        current += line
    if current or not out:
        out.append(current)
    return [p for p in out if p.strip()] or [""]


def wrap(raw: str, tag: str | None = None, budget: int = LIMIT - 200) -> list[str]:
    """Escape plain text (split as needed) and wrap each piece in `tag`."""
    pieces = [esc(p.strip("\n")) for p in _pieces(raw, budget)]
    if tag is None:
        return pieces
    name = tag.split()[0]
    return [f"<{tag}>{p}</{name}>" for p in pieces]


def pack(blocks: Iterable[str], limit: int = LIMIT, sep: str = "\n") -> list[str]:
    """Join balanced HTML blocks into as few messages of at most `limit` characters as possible."""
    chunks: list[str] = []
    current = ""
    for block in blocks:
        if len(block) > limit:  # never happens for blocks built here; keep the limit anyway
            block = block[: limit - 1] + texts.TRUNCATED
        candidate = f"{current}{sep}{block}" if current else block
        if len(candidate) > limit:
            chunks.append(current)
            current = block
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks or [""]


def citation_head(c: Citation) -> str:
    badge = texts.STATUS_BADGE.get(c.status, esc(c.status))
    marker = texts.NOT_VERBATIM.get(c.verification)
    extra = f" · <i>{esc(marker)}</i>" if marker else ""
    return f"📖 {link(c.label, c.url)} · {badge}{extra}"


def answer_html(answer: Answer) -> list[str]:
    """The reply to a question: verdict, answer, conditions, sanction, citations, disclaimer."""
    blocks: list[str] = []
    if answer.verdict:
        blocks.append(f"<b>{texts.VERDICT[answer.verdict]}</b>")
    blocks.extend(wrap(answer.answer))
    if answer.conditions:
        items = "\n".join(f"• {esc(c)}" for c in answer.conditions)
        blocks.append(f"<b>{texts.CONDITIONS}</b>\n{items}")
    if answer.sanction:
        blocks.append(f"<b>{texts.SANCTION}</b>: {esc(answer.sanction)}")
    if answer.citations:
        blocks.append(f"\n<b>{texts.SOURCES}</b>")
    for c in answer.citations:
        note = f"\n<i>{esc(c.note)}</i>" if c.note else ""
        blocks.append(citation_head(c) + note)
        blocks.extend(wrap(c.quote, "blockquote expandable"))
    blocks.extend(f"ℹ️ {esc(note)}" for note in answer.notes)
    if answer.found:
        blocks.append(f"\n<i>{texts.DISCLAIMER}</i>")
    return pack(blocks)


def article_html(article: Article) -> list[str]:
    badge = texts.STATUS_BADGE.get(article.status, esc(article.status))
    marker = texts.NOT_VERBATIM.get(article.verification)
    extra = f" · <i>{esc(marker)}</i>" if marker else ""
    blocks = [f"<b>{link(article.label, article.url)}</b> · {badge}{extra}"]
    if article.note:
        blocks.append(f"<i>{esc(article.note)}</i>")
    blocks.extend(wrap(article.text))
    if article.penjelasan:
        blocks.append(f"\n<b>{texts.PENJELASAN}</b>")
        blocks.extend(wrap(article.penjelasan))
    return pack(blocks)


def sources_html(regulations: Sequence[Regulation]) -> list[str]:
    shorts = {r.id: r.short for r in regulations}
    blocks = [texts.SUMBER_HEAD_HTML]
    for reg in regulations:
        badge = texts.STATUS_BADGE.get(reg.status, esc(reg.status))
        if reg.status == "dicabut" and reg.replaced_by:
            replaced = texts.SUMBER_REPLACED.format(
                short=shorts.get(reg.replaced_by, reg.replaced_by)
            )
            badge = f"{badge} ({esc(replaced)})"
        marker = texts.NOT_VERBATIM.get(reg.verification)
        extra = f" · <i>{esc(marker)}</i>" if marker else ""
        blocks.append(
            f"\n• <b>{link(reg.short, reg.source_url)}</b> · {badge}{extra}\n"
            f"  {esc(reg.title)}\n  <code>/pasal {esc(reg.id)} N</code>"
        )
    return pack(blocks)


WIB = datetime.timezone(datetime.timedelta(hours=7))


def wib_time(at: float) -> str:
    """ "3 Des 2026 17.50 WIB" for a Unix time."""
    t = datetime.datetime.fromtimestamp(at, WIB)
    month = texts.MONTHS[t.month - 1]
    return texts.TIME_WIB.format(day=t.day, month=month, year=t.year, hour=t.hour, minute=t.minute)


def ago(seconds: float) -> str:
    """ "4 detik", "2 jam 5 menit": the two largest units of an elapsed time."""
    left, parts = max(0, int(seconds)), list[str]()
    for name, size in texts.AGO_UNITS:
        if left >= size and len(parts) < 2:
            parts.append(f"{left // size} {name}")
            left %= size
    return " ".join(parts) or f"0 {texts.AGO_UNITS[-1][0]}"


def llm_state(reachability: str) -> str:
    """The LLM state in words an administrator reads (bot.services.llm_reachability → texts)."""
    if reachability.startswith("disabled"):
        return texts.STATUS_LLM_NONE
    if reachability.startswith("unavailable"):
        return texts.STATUS_LLM_MISSING
    if reachability.startswith("unreachable"):
        return texts.STATUS_LLM_DOWN
    if "does not list model" in reachability:
        return texts.STATUS_LLM_NO_MODEL
    return texts.STATUS_LLM_OK


def status_html(report: StatusReport, now: float | None = None) -> str:
    by_status = ", ".join(f"{k} {v}" for k, v in sorted(report.by_status.items()))
    now = time.time() if now is None else now
    return texts.STATUS_HTML.format(
        generation=esc(report.generation or texts.STATUS_NO_INDEX),
        regulations=report.regulations,
        by_status=esc(by_status or "-"),
        units=report.units,
        rulings=report.rulings,
        quiz=report.quiz_questions,
        llm=esc(llm_state(report.llm)),
        since=wib_time(now - report.uptime_s),
        ago=ago(report.uptime_s),
        questions=report.questions_answered,
        up=report.feedback.get("up", 0),
        down=report.feedback.get("down", 0),
        running=report.running_quizzes,
    )


def reindex_html(report: BuildReport) -> str:
    return texts.REINDEX_DONE_HTML.format(
        generation=esc(report.generation),
        units=report.units,
        embedded=report.embedded,
        reused=report.reused,
        seconds=report.seconds,
    )


def preview_html(pending: Pending) -> str:
    """The preview of an upload: the ingestion report (the console's text) or what a
    knowledge file changes, and the start of the file."""
    if pending.kind == "knowledge":
        summary = render_text.knowledge_preview(pending.staged)
        return texts.KNOWLEDGE_PREVIEW_HTML.format(
            target=esc(pending.reg_id), summary=clip(summary, 3000)
        )
    summary = pending.summary
    if pending.preview is not None:
        summary = render_text.ingest_preview(pending.preview.report, pending.preview.problems)
    head = "\n".join(pending.markdown.splitlines()[:25])
    return texts.PREVIEW_HTML.format(
        reg_id=esc(pending.reg_id), summary=clip(summary, 1800), head=clip(head, 1500)
    )


def clip(raw: str, budget: int) -> str:
    """Escape `raw`, shortened so that the escaped text fits in `budget` characters."""
    text = esc(raw)
    while len(text) > budget:
        raw = raw[: max(0, len(raw) - (len(text) - budget) - 1)]
        text = esc(raw) + texts.TRUNCATED
    return text


def published_html(done: Published, knowledge: Knowledge | None = None) -> str:
    if done.kind == "knowledge" and knowledge is not None:
        return texts.KNOWLEDGE_PUBLISHED_HTML.format(
            path=esc(done.reg_id),
            generation=esc(done.report.generation),
            rulings=len(knowledge.rulings),
            quiz=len(knowledge.quiz),
        )
    return texts.PUBLISHED_HTML.format(
        reg_id=esc(done.reg_id),
        path=esc(done.path.name),
        generation=esc(done.report.generation),
        units=done.report.units,
    )


def revoked_html(done: Revoked) -> str:
    extra = (
        texts.CABUT_REPLACEMENT_HTML.format(replaced_by=esc(done.replaced_by))
        if done.replaced_by
        else ""
    )
    return texts.CABUT_DONE_HTML.format(
        reg_id=esc(done.reg_id), replacement=extra, generation=esc(done.report.generation)
    )


def faq_entry_html(question: str, answer: Answer) -> list[str]:
    """An FAQ entry: its question in bold, then the answer as for a typed question."""
    chunks = answer_html(answer)
    head = f"❓ <b>{esc(question)}</b>\n\n"
    if len(head) + len(chunks[0]) <= LIMIT:
        return [head + chunks[0], *chunks[1:]]
    return [head.strip(), *chunks]


def help_html(bot_username: str) -> str:
    return texts.HELP_HTML.format(bot=esc(bot_username))


def faq_entries_html(title: str) -> str:
    return texts.FAQ_ENTRIES_HTML.format(title=esc(title))


def score_html(score: Score) -> str:
    return texts.SCORE_HTML.format(
        correct=score.private_correct,
        answered=score.private_answered,
        events=score.events,
        points=score.event_points,
    )


def event_joined_html(code: str, name: str) -> str:
    return texts.EVENT_JOINED_HTML.format(code=esc(code), name=esc(name))


_UPLOAD_ERRORS = {
    "unsupported": texts.UPLOAD_UNSUPPORTED,
    "metadata": texts.UPLOAD_METADATA_HTML,
    "expired": texts.PUBLISH_EXPIRED,
    "exists": texts.UPLOAD_EXISTS_HTML,
    "source_url": texts.UPLOAD_SOURCE_URL_HTML,
    "invalid": texts.UPLOAD_INVALID_HTML,
    "encoding": texts.UPLOAD_ENCODING_HTML,
    "knowledge_invalid": texts.KNOWLEDGE_INVALID_HTML,
    "knowledge_unchanged": texts.KNOWLEDGE_UNCHANGED_HTML,
    "knowledge_file": texts.KNOWLEDGE_FILE_HTML,
}


def upload_error_html(err: Exception) -> str:
    """Why an upload or publication was refused (AdminError) or failed (IngestError)."""
    if isinstance(err, AdminError):
        template = _UPLOAD_ERRORS.get(err.code, texts.UPLOAD_UNSUPPORTED)
        return template.format(reg_id=esc(err.detail), error=esc(err.detail))
    return texts.UPLOAD_FAILED_HTML.format(error=esc(err))


def cabut_prompt_html(reg_id: str | None) -> str:
    """Ask for the replacing regulation (or show the usage)."""
    if reg_id is None:
        return texts.CABUT_USAGE_HTML
    return texts.CABUT_ASK_REPLACEMENT_HTML.format(reg_id=esc(reg_id))


def cabut_unknown_html(reg_id: str) -> str:
    return texts.CABUT_UNKNOWN_HTML.format(reg_id=esc(reg_id))


_CABUT_REFUSALS = {
    "replacement_self": texts.CABUT_SELF_HTML,
    "replacement_revoked": texts.CABUT_REPLACEMENT_REVOKED_HTML,
}


def cabut_refused_html(err: AdminError, target: str, replacement: str) -> str:
    """Why `/cabut target replacement` was refused."""
    if err.code in _CABUT_REFUSALS:
        return _CABUT_REFUSALS[err.code].format(reg_id=esc(err.detail))
    return cabut_unknown_html(replacement if err.code == "unknown_replacement" else target)
