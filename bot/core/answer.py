"""Pure helpers every answer path shares: scored units, quotes, citations, sources, notes and
reciprocal-rank fusion. The extractive and the LLM composers quote and annotate the same way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot import texts
from bot.models import Citation, Source, Unit

QUOTE_MAX = 700
MAX_CITATIONS = 4


@dataclass(frozen=True)
class Scored:
    """A retrieved unit with the evidence the policy weighs."""

    unit: Unit
    score: float  # rank-fusion score (orders sources)
    evidence: float  # 0..1: how well the unit covers the question


@dataclass(frozen=True)
class RegInfo:
    short: str
    status: str
    replaced_by: str | None  # short name of the replacing regulation


def fuse(rankings: Sequence[tuple[Sequence[str], float]], rrf_k: int) -> dict[str, float]:
    """Weighted reciprocal-rank fusion: id → Σ weight / (k + rank), rank from 1."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, item in enumerate(ids, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (rrf_k + rank)
    return scores


def blend_rulings(
    hits: Sequence[Scored],
    rulings: Sequence[tuple[Sequence[Unit], float]],
    weight: float,
    rrf_k: int,
) -> list[Scored]:
    """Fuse the units cited by the best-matching rulings into the retrieval ranking.

    The rulings layer is evidence about *where* the answer is even when its verdict is not used:
    the i-th ruling's cited units are one more ranking, weighted by how well that ruling matched
    and started at rank i + 1.
    """
    scores = {h.unit.id: h.score for h in hits}
    by_id = {h.unit.id: h for h in hits}
    for position, (units, match) in enumerate(rulings):
        ranked = [""] * position + [u.id for u in units]  # later rulings start lower
        for uid, bonus in fuse([(ranked, weight * match)], rrf_k).items():
            if uid:
                scores[uid] = scores.get(uid, 0.0) + bonus
        for unit in units:
            by_id.setdefault(unit.id, Scored(unit, 0.0, 0.0))
    ranked_ids = sorted(scores, key=lambda uid: -scores[uid])
    return [Scored(by_id[uid].unit, scores[uid], by_id[uid].evidence) for uid in ranked_ids]


def quote_of(text: str, limit: int = QUOTE_MAX) -> str:
    """The unit text, cut at a line or sentence end when it is too long for a chat reply."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind("\n"), cut.rfind("; "), cut.rfind(". "))
    return (cut[: end + 1] if end > limit // 2 else cut).rstrip() + " …"


def citation_of(unit: Unit, label: str | None = None, text: str | None = None) -> Citation:
    """A citation quoting `unit` (or a finer part of it: `label`, `text`) as the user sees it."""
    return Citation(
        regulation=unit.regulation,
        pasal=unit.pasal,
        label=label or unit.label,
        quote=quote_of(text or unit.text),
        url=unit.url,
        status=unit.status,
        verification=unit.verification,
        unit_id=unit.id,
        note=unit.note,
    )


def sources_of(first: Sequence[tuple[Unit, float]], hits: Sequence[Scored], k: int) -> list[Source]:
    """The ranked sources: every unit in `first` (what the answer cites) ahead of the retrieval
    ranking, which fills the list up to `k`."""
    seen: set[str] = set()
    out: list[Source] = []
    for unit, score in [*first, *((h.unit, h.score) for h in hits)]:
        if unit.id in seen:
            continue
        seen.add(unit.id)
        out.append(Source(unit.regulation, unit.pasal, unit.label, round(score, 4), unit.id))
    return out[: max(k, len({u.id for u, _ in first}))]


def citation_notes(citations: Sequence[Citation], regs: Mapping[str, RegInfo]) -> list[str]:
    """Notes for revoked regulations and non-verbatim quotes (the LLM path words them the same)."""
    notes: list[str] = []
    for reg_id in dict.fromkeys(c.regulation for c in citations):
        info = regs.get(reg_id)
        if info and info.status == "dicabut":
            replaced = texts.REPLACED_BY.format(short=info.replaced_by) if info.replaced_by else ""
            notes.append(texts.REVOKED_NOTE.format(short=info.short, replaced=replaced))
    if any(c.verification != "verbatim" for c in citations):
        notes.append(texts.NOT_VERBATIM_NOTE)
    return notes
