"""Read-only views of the corpus and the FAQ for chat front ends (/faq, /sumber, /pasal)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import Answer, Regulation, Ruling, Unit
from bot.services import Services


@dataclass(frozen=True)
class Article:
    """One article (Pasal or other section) of a regulation, as shown to users."""

    regulation: str
    label: str
    text: str
    url: str
    status: str
    verification: str
    note: str | None
    penjelasan: str | None


def topics(services: Services) -> list[tuple[str, str, int]]:
    """(topic id, title, number of entries) for topics that have entries."""
    counts: dict[str, int] = {}
    for ruling in services.knowledge.rulings:
        counts[ruling.topic] = counts.get(ruling.topic, 0) + 1
    return [
        (tid, title, counts[tid])
        for tid, title in services.knowledge.topics.items()
        if tid in counts
    ]


def entries(services: Services, topic: str) -> list[Ruling]:
    return [r for r in services.knowledge.rulings if r.topic == topic]


def faq_answer(services: Services, ruling_id: str) -> Answer | None:
    """The answer of one FAQ entry, with its citations, as if it had been asked."""
    ruling = services.rulings.get(ruling_id)
    return services.engine.ruling_answer(ruling) if ruling is not None else None


def regulations(services: Services) -> list[Regulation]:
    """Every regulation, in force first, then by year (newest first)."""
    order = {"berlaku": 0, "diubah": 1, "dicabut": 2}
    return sorted(
        services.corpus.regulations.values(), key=lambda r: (order.get(r.status, 3), -r.year, r.id)
    )


def find_regulation(services: Services, name: str) -> Regulation | None:
    """A regulation by id ("pp-94-2021") or short name ("PP 94/2021", "pp94/2021")."""
    wanted = name.strip().lower()
    regs = services.corpus.regulations
    if wanted in regs:
        return regs[wanted]
    squashed = wanted.replace(" ", "")
    return next((r for r in regs.values() if r.short.lower().replace(" ", "") == squashed), None)


def article(services: Services, reg_id: str, pasal: str) -> Article | None:
    """One article's full text, status and verification, or None when not in the corpus."""
    reg = find_regulation(services, reg_id)
    section = reg.section(pasal) if reg else None
    if reg is None or section is None:
        return None
    return Article(
        reg.id,
        f"{reg.short} {section.heading}",
        section.text,
        section.verification_url or reg.source_url,
        "diubah" if section.status_note and reg.status == "berlaku" else reg.status,
        section.verification,
        section.status_note or (section.notes[0] if section.notes else None),
        section.penjelasan,
    )


@dataclass(frozen=True)
class Lookup:
    """What `/pasal …` names: the article when the corpus holds it, else the label asked for."""

    article: Article | None
    label: str | None  # "PP 94/2021 Pasal 99" (None: no regulation or article recognised)


_ID_FORM = re.compile(r"^(?P<id>[a-z]+-[\w-]+-\d{4})\s*(?P<rest>.*)$", re.IGNORECASE)


def lookup(services: Services, query: str) -> Lookup:
    """The article a user names the way people write it or the bot prints it: "PP 94/2021
    Pasal 5", "UU ASN pasal 9", "pp-94-2021 5 huruf n", "Pasal 5 huruf n angka 2 PP 94/2021".

    The engine's own catalog parses it (the reference parser in bot/core/references.py), so
    /pasal reads every name and alias a question may use."""
    catalog = services.engine.catalog
    text = " ".join(query.split())
    by_id = _ID_FORM.match(text)
    reg = find_regulation(services, by_id.group("id")) if by_id else None
    if by_id and reg is not None:  # "pp-94-2021 5 huruf n": the id, then the article
        rest = by_id.group("rest")
        text = rest if re.match(r"(?i)(pasal|psl|ps\.|lampiran)", rest) else f"Pasal {rest}"
        held = {reg.id: 0}
    else:
        held = catalog.named(text).held
    targets = catalog.articles(text, held) if held else []
    if not targets:
        return Lookup(None, None)
    target = targets[0]
    found = article(services, target.regulation, _pasal_of(target.label))
    return Lookup(found, target.label)


def _pasal_of(label: str) -> str:
    """ "PP 94/2021 Pasal 5 huruf n" → "5" (the section that holds the part)."""
    m = re.search(r"Pasal (\S+)", label)
    return m.group(1) if m else label


def units(services: Services, unit_ids: list[str]) -> list[Unit]:
    """The units still in the corpus among `unit_ids`, in order."""
    found = (services.corpus.unit(uid) for uid in unit_ids)
    return [u for u in found if u is not None]
