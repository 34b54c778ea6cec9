"""Stage 5, compose (extractive): turn a decision into an `Answer` whose every citation is a
unit the answer retrieved. The opener follows the question's intent; a verdict is shown only for
a question about whether an act is allowed (or what it costs)."""

from __future__ import annotations

from collections.abc import Sequence

from bot import texts
from bot.answering.catalog import Catalog
from bot.answering.query import Query
from bot.core.answer import MAX_CITATIONS, Scored, citation_notes, citation_of, sources_of
from bot.models import Answer, Citation, Note, Ruling, Unit

# A definition question is not about whether an act is allowed: its answer carries no verdict.
VERDICT_INTENTS = frozenset(
    {"boleh_tidak", "sanksi", "lapor", "lainnya", "prosedur", "pasal_lookup"}
)


def _answer(query: Query, **fields: object) -> Answer:
    answer = Answer(question=query.original, **fields)  # type: ignore[arg-type]
    answer.frame = query.frame.to_json()
    answer.understood = query.text
    return answer


def decline(
    query: Query, reason: str, hits: Sequence[Scored], k: int, text: str | None = None
) -> Answer:
    """A polite refusal: empty, endorsement, off-topic, not in the corpus, not covered."""
    default = {
        "empty": texts.EMPTY,
        "endorsement": texts.ENDORSEMENT,
        "off_topic": f"{texts.OFF_TOPIC} {texts.CHANNELS}",
    }.get(reason, f"{texts.NOT_COVERED} {texts.CHANNELS}")
    return _answer(
        query,
        found=False,
        verdict=None,
        answer=text or default,
        sanction=None,
        citations=[],
        sources=sources_of([], hits, k),
        mode="none",
        declined=reason,
    )


def off_topic(query: Query, hits: Sequence[Scored], k: int, channel: str) -> Answer:
    suffix = texts.OFF_TOPIC_CHANNEL.format(channel=channel) if channel else texts.CHANNELS
    return decline(query, "off_topic", hits, k, f"{texts.OFF_TOPIC} {suffix}")


def cite_units(
    query: Query,
    text: str,
    units: Sequence[tuple[Unit, str | None, str | None]],
    hits: Sequence[Scored],
    catalog: Catalog,
    k: int,
    notes: Sequence[str] = (),
) -> Answer:
    """An answer without a verdict that quotes `units` (unit, finer label, finer text)."""
    citations = [citation_of(u, label, part) for u, label, part in units]
    top = max((h.score for h in hits), default=0.05)
    first = [(u, round(top + 0.01, 4)) for u, _, _ in units]
    return _answer(
        query,
        found=True,
        verdict=None,
        answer=text,
        sanction=None,
        citations=citations,
        sources=sources_of(first, hits, k),
        mode="extractive",
        notes=[*citation_notes(citations, catalog.regs), *notes],
    )


def _sanction_text(ruling: Ruling, catalog: Catalog) -> str | None:
    if ruling.sanction is None:
        return None
    basis = ", ".join(dict.fromkeys(catalog.label_of(b) for b in ruling.sanction.basis))
    return f"{ruling.sanction.text} ({basis})" if basis else ruling.sanction.text


def _opener(query: Query, citations: Sequence[Citation]) -> str:
    if query.frame.intent == "pasal_lookup" and citations:
        # "UU Pilkada pasal berapa?": the named law's articles (a note's, too) are named first.
        named = sorted(citations, key=lambda c: c.unit_id.split("/")[0] not in query.named)
        labels = ", ".join(dict.fromkeys(c.label for c in named[:3]))
        return texts.BASIS.format(labels=labels) + " "
    return ""


def from_ruling(
    query: Query,
    ruling: Ruling,
    units: Sequence[Unit],
    hits: Sequence[Scored],
    catalog: Catalog,
    k: int,
    notes: Sequence[tuple[Note, Sequence[Unit]]] = (),
    related: Sequence[Unit] = (),
    related_first: bool = False,
    retrieved: Sequence[Scored] = (),
) -> Answer:
    """The answer a ruling gives for this question.

    Args:
        query: the understood question.
        ruling: the applicable ruling.
        units: its cited units, as retrieved from the index.
        hits: the retrieval ranking.
        catalog: labels and statuses.
        k: sources to list.
        notes: situational notes that apply, each with its cited units.
        related: strongly relevant units the ruling does not cite ("Ketentuan lain yang relevan").
        related_first: rank `related` ahead of the ruling's units (the user named their law).
        retrieved: the ranking before the rulings' citations were fused in.

    Returns:
        An Answer whose citations are all among its sources.
    """
    citations = [citation_of(u) for u in units[:MAX_CITATIONS]]
    extra: list[Unit] = []
    for _, note_units in notes:
        extra += [u for u in note_units if u not in units and u not in extra]
    extra += [u for u in related if u not in units and u not in extra]
    citations += [citation_of(u) for u in extra]
    top = max((h.score for h in hits), default=0.05)
    ordered = (
        [*related, *(u for u in [*units, *extra] if u not in related)]
        if related_first
        else [*units, *extra]
    )
    # The best unit retrieval found on its own ranks third: independent evidence of where the
    # answer lies, beside the curated citations (it is cited only if the ruling cites it).
    own = next((h.unit for h in retrieved if h.unit not in ordered), None)
    if own is not None:
        ordered = [*ordered[:2], own, *ordered[2:]]
    first = [(u, round(top + 0.01, 4)) for u in ordered]
    situational = [note.text for note, _ in notes]
    if related:
        labels = ", ".join(
            f"{u.label} ({texts.STATUS_WORD.get(u.status, u.status)})" for u in related
        )
        situational.append(texts.RELATED.format(labels=labels))
    return _answer(
        query,
        found=True,
        verdict=ruling.verdict if query.frame.intent in VERDICT_INTENTS else None,
        answer=_opener(query, citations) + ruling.answer,
        sanction=_sanction_text(ruling, catalog),
        citations=citations,
        sources=sources_of(first, hits, k),
        mode="faq",
        ruling_id=ruling.id,
        outside=ruling.outside,
        conditions=list(ruling.conditions),
        notes=[
            *citation_notes(citations, catalog.regs),
            *([ruling.note] if ruling.note else []),
            *situational,
        ],
    )


def from_articles(
    query: Query,
    chosen: Sequence[Scored],
    hits: Sequence[Scored],
    catalog: Catalog,
    k: int,
    lead: str = "",
    template: str = texts.NO_RULING,
    rulings_layer: bool = False,
) -> Answer:
    """No ruling applies: say what the most relevant articles say, without a verdict."""
    citations = [citation_of(h.unit) for h in chosen]
    labels = ", ".join(dict.fromkeys(c.label for c in citations))
    text = (f"{lead} " if lead else "") + template.format(labels=labels)
    return _answer(
        query,
        found=True,
        verdict=None,
        answer=text,
        sanction=None,
        citations=citations,
        # Units from the rulings layer (a ruling's citations) lead the sources, as when a ruling
        # answers: every cited unit is among the sources.
        sources=sources_of([(h.unit, h.score) for h in chosen] if rulings_layer else [], hits, k),
        mode="extractive",
        notes=citation_notes(citations, catalog.regs),
    )
