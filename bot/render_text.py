"""Plain-text rendering for the console: answers (`netral ask`, `netral chat`) and ingestion
previews (`netral corpus ingest`; Telegram shows the same preview text in a <pre> block).

The labels are the Telegram ones (bot/texts.py holds every Indonesian UI string; it imports
nothing from python-telegram-bot), so the console and the bot say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot import texts
from bot.models import Answer
from bot.texts import DISCLAIMER, NOT_VERBATIM, STATUS_BADGE, VERDICT

if TYPE_CHECKING:
    from bot.corpus.ingest import IngestReport
    from bot.corpus.knowledge_files import Staged
    from bot.corpus.regulation_diff import RegulationDiff


def render_answer(answer: Answer) -> str:
    lines: list[str] = []
    if answer.verdict:
        lines.append(VERDICT[answer.verdict].upper())
    lines.append(answer.answer)
    if answer.conditions:
        lines.append("Syarat:")
        lines.extend(f"  - {c}" for c in answer.conditions)
    if answer.sanction:
        lines.append(f"Sanksi: {answer.sanction}")
    for citation in answer.citations:
        marker = (
            f" [{NOT_VERBATIM[citation.verification]}]"
            if citation.verification in NOT_VERBATIM
            else ""
        )
        status = STATUS_BADGE.get(citation.status, citation.status)
        lines.append(f"\n📖 {citation.label} ({status}){marker}")
        lines.extend(f"   {line}" for line in citation.quote.splitlines())
        lines.append(f"   {citation.url}")
    lines.extend(f"\nℹ️ {note}" for note in answer.notes)
    if answer.found:
        lines.append(f"\n{DISCLAIMER}")
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{n} {texts.INGEST_RULES.get(rule, rule)}" for rule, n in ordered)


def ingest_preview(report: IngestReport, problems: Sequence[str] = ()) -> str:
    """The Indonesian preview of an ingestion, the same on the console and in Telegram."""
    t = texts
    out = [
        t.INGEST_HEAD.format(
            reg_id=report.id,
            count=report.pasal_count,
            ranges=report.ranges() or t.NONE,
            penjelasan=len(report.penjelasan),
        )
    ]
    if report.ocr_pages:
        out.append(t.INGEST_OCR.format(ocr=len(report.ocr_pages), pages=report.pages))
    out.append(t.INGEST_GAPS.format(gaps=", ".join(report.gaps) or t.NONE))
    if report.duplicates:
        out.append(t.INGEST_DUPLICATES.format(duplicates=", ".join(report.duplicates)))
    out.append(t.INGEST_REMOVED.format(counts=_counts(report.removed) or t.NONE))
    out.append(t.INGEST_FIXED.format(counts=_counts(report.fixed) or t.NONE))
    out.append(t.INGEST_HEADINGS.format(count=len(report.headings)))
    if report.layout_repairs:
        out.append(t.INGEST_REPAIRS.format(count=len(report.layout_repairs)))
        out.extend(
            t.INGEST_REPAIR_LINE.format(line=c.line, before=c.before, after=c.after)
            for c in report.layout_repairs
        )
    if report.low_confidence:
        out.append(t.INGEST_LOW_CONFIDENCE.format(count=len(report.low_confidence)))
        out.extend(
            t.INGEST_LOW_CONFIDENCE_LINE.format(line=line, text=text, confidence=confidence)
            for line, text, confidence in report.low_confidence
        )
    if report.unplaced:
        out.append(t.INGEST_UNPLACED.format(count=len(report.unplaced)))
        for u in report.unplaced:
            reason = t.INGEST_UNPLACED_REASONS.get(u.reason, u.reason).format(where=u.where)
            out.append(t.INGEST_UNPLACED_LINE.format(line=u.line, text=u.text, reason=reason))
    if report.warnings:
        out.append(t.INGEST_WARNINGS.format(count=len(report.warnings)))
        out.extend(
            t.INGEST_NOTES.get(n.code, "  {where}: " + n.code).format(
                where=n.where, marker=n.marker, previous=n.previous, line=n.line
            )
            for n in report.warnings
        )
    if problems:
        out.append(t.INGEST_PROBLEMS.format(count=len(problems)))
        out.extend(f"  {p}" for p in problems)
    out.append(t.INGEST_WRITTEN.format(path=report.path) if report.path else t.INGEST_NOT_WRITTEN)
    return "\n".join(out)


def regulation_diff(diff: RegulationDiff, max_lines: int = 12) -> str:
    """What a re-ingest would change, unit by unit (`netral corpus diff`)."""
    t = texts
    out = [
        t.DIFF_HEAD.format(
            reg_id=diff.reg_id,
            same=diff.same,
            changed=len(diff.changed),
            added=len(diff.added),
            removed=len(diff.removed),
        )
    ]
    for change in diff.changed:
        out.append(t.DIFF_CHANGED.format(unit=change.unit_id, label=change.label))
        lines = change.lines()
        out.extend(f"  {line}" for line in lines[:max_lines])
        if len(lines) > max_lines:
            out.append(t.DIFF_MORE.format(count=len(lines) - max_lines))
    out.extend(t.DIFF_ADDED.format(unit=c.unit_id, label=c.label) for c in diff.added)
    out.extend(t.DIFF_REMOVED.format(unit=c.unit_id, label=c.label) for c in diff.removed)
    return "\n".join(out)


def knowledge_preview(staged: Staged, max_ids: int = 8) -> str:
    """An edited knowledge file: where it goes, its problems, or what it changes."""
    t = texts
    kind = t.KNOWLEDGE_KINDS.get(staged.kind or "", t.KNOWLEDGE_KIND_UNKNOWN)
    out = [
        t.KNOWLEDGE_HEAD.format(
            name=staged.name,
            target=staged.target.as_posix(),
            kind=kind,
            new="" if staged.replaces else t.KNOWLEDGE_NEW_FILE,
        )
    ]
    if staged.problems:
        out.append(t.KNOWLEDGE_PROBLEMS.format(count=len(staged.problems)))
        out.extend(f"  {p}" for p in staged.problems)
        return "\n".join(out)
    if not staged.diff.changed:
        out.append(t.KNOWLEDGE_UNCHANGED)
    for part, changes in staged.diff.parts().items():
        if not changes:
            continue
        out.append(
            t.KNOWLEDGE_PART.format(
                label=t.KNOWLEDGE_PARTS[part],
                added=len(changes.added),
                changed=len(changes.changed),
                removed=len(changes.removed),
            )
        )
        for what in ("added", "changed", "removed"):
            ids = getattr(changes, what)
            if ids:
                shown = ", ".join(ids[:max_ids]) + (" …" if len(ids) > max_ids else "")
                out.append(t.KNOWLEDGE_IDS[what].format(ids=shown))
    return "\n".join(out)
