"""Answer policy: decide from the evidence whether and how to answer, and compose the answer.

Pure: it receives the retrieved units and matched rulings and returns an `Answer`. Every
citation it emits is one of the units it was given (and those units lead `sources`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.models import Answer, Citation, Ruling, Source, Unit

QUOTE_MAX = 700
MAX_CITATIONS = 4
CHANNELS = (
    "Untuk kepastian, tanyakan ke bagian kepegawaian (PPK) instansi Anda atau BKN. "
    "Dugaan pelanggaran pemilu/pilkada dapat dilaporkan ke Bawaslu setempat."
)
NOT_COVERED = "Maaf, korpus Netral belum memuat ketentuan yang menjawab pertanyaan ini, jadi Netral tidak akan menebak. "
ENDORSEMENT = (
    "Netral bersikap netral: Netral tidak menilai, mendukung, atau mengkritik calon maupun partai "
    "politik mana pun. Netral hanya menjelaskan apa yang boleh dan tidak boleh dilakukan ASN menurut peraturan."
)
OFF_TOPIC = (
    "Pertanyaan ini di luar cakupan Netral. Netral hanya menjawab soal netralitas ASN (PNS dan PPPK) "
    "dalam Pemilu dan Pilkada: apa yang boleh, apa yang dilarang, sanksinya, dan ke mana melapor."
)
EMPTY = 'Pertanyaannya kosong. Tulis pertanyaan Anda, misalnya: "Bolehkah PNS ikut kampanye?"'


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


@dataclass(frozen=True)
class Policy:
    faq_min_score: float
    unit_min_score: float
    top_k: int


def blend_rulings(
    hits: Sequence[Scored],
    rulings: Sequence[tuple[Sequence[Unit], float]],
    weight: float,
    rrf_k: int,
) -> list[Scored]:
    """Fuse the units cited by the best-matching rulings into the retrieval ranking.

    The rulings layer is evidence about *where* the answer is even when its verdict is not used:
    each ruling's cited units get a reciprocal-rank bonus scaled by how well the ruling matched.
    """
    scores = {h.unit.id: h.score for h in hits}
    by_id = {h.unit.id: h for h in hits}
    for position, (units, match) in enumerate(rulings):
        for rank, unit in enumerate(units):
            bonus = weight * match / (rrf_k + position + rank + 1)
            scores[unit.id] = scores.get(unit.id, 0.0) + bonus
            by_id.setdefault(unit.id, Scored(unit, 0.0, 0.0))
    ranked = sorted(scores, key=lambda uid: -scores[uid])
    return [Scored(by_id[uid].unit, scores[uid], by_id[uid].evidence) for uid in ranked]


def quote_of(text: str, limit: int = QUOTE_MAX) -> str:
    """The unit text, cut at a line or sentence end when it is too long for a chat reply."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind("\n"), cut.rfind("; "), cut.rfind(". "))
    return (cut[: end + 1] if end > limit // 2 else cut).rstrip() + " …"


def citation_of(unit: Unit) -> Citation:
    """A citation quoting `unit` as the user will see it (the LLM path uses the same)."""
    return Citation(
        regulation=unit.regulation,
        pasal=unit.pasal,
        label=unit.label,
        quote=quote_of(unit.text),
        url=unit.url,
        status=unit.status,
        verification=unit.verification,
        unit_id=unit.id,
        note=unit.note,
    )


def _sources(first: Sequence[tuple[Unit, float]], hits: Sequence[Scored], k: int) -> list[Source]:
    seen: set[str] = set()
    out: list[Source] = []
    for unit, score in [*first, *((h.unit, h.score) for h in hits)]:
        if unit.id in seen:
            continue
        seen.add(unit.id)
        out.append(Source(unit.regulation, unit.pasal, unit.label, round(score, 4), unit.id))
    return out[:k]


def citation_notes(citations: Sequence[Citation], regs: Mapping[str, RegInfo]) -> list[str]:
    """Notes for revoked regulations and non-verbatim quotes (the LLM path words them the same)."""
    notes: list[str] = []
    for reg_id in dict.fromkeys(c.regulation for c in citations):
        info = regs.get(reg_id)
        if info and info.status == "dicabut":
            replaced = f" dan diganti {info.replaced_by}" if info.replaced_by else ""
            notes.append(f"{info.short} sudah dicabut{replaced}; kutipannya hanya sebagai riwayat.")
    if any(c.verification != "verbatim" for c in citations):
        notes.append(
            "Kutipan bertanda ringkasan/kutipan sekunder bukan teks resmi; periksa dokumen aslinya."
        )
    return notes


def _sanction_text(ruling: Ruling, labels: dict[str, str]) -> str | None:
    if ruling.sanction is None:
        return None
    basis = ", ".join(dict.fromkeys(labels.get(b, b) for b in ruling.sanction.basis))
    return f"{ruling.sanction.text} ({basis})" if basis else ruling.sanction.text


def decline(question: str, reason: str, hits: Sequence[Scored], k: int, channel: str = "") -> Answer:
    """A polite refusal: empty, endorsement or off-topic questions."""
    if reason == "off_topic":
        text = OFF_TOPIC + (f" Untuk pertanyaan ini, silakan tanyakan ke {channel}." if channel else " " + CHANNELS)
    else:
        text = {"empty": EMPTY, "endorsement": ENDORSEMENT}.get(reason, NOT_COVERED + CHANNELS)
    return Answer(
        question, False, None, text, None, [], _sources([], hits, k), "none", declined=reason
    )


def compose(
    question: str,
    hits: Sequence[Scored],
    ruling: Ruling | None,
    ruling_score: float,
    ruling_units: Sequence[Unit],
    regs: dict[str, RegInfo],
    policy: Policy,
) -> Answer:
    """Decide and compose the extractive answer.

    Args:
        question: the user's question as typed.
        hits: hybrid retrieval results, best first.
        ruling: the best-matching ruling, if any; used only when `ruling_score` clears the bar.
        ruling_score: its match score (0..1).
        ruling_units: the ruling's cited units, as retrieved from the index.
        regs: regulation id → short name, status and replacement.
        policy: calibrated thresholds.

    Returns:
        An Answer whose citations are all among the retrieved units.
    """
    if ruling is not None and ruling_score >= policy.faq_min_score and ruling_units:
        citations = [citation_of(u) for u in ruling_units[:MAX_CITATIONS]]
        labels = {u.id: u.label for u in ruling_units}
        for hit in hits:
            labels.setdefault(hit.unit.id, hit.unit.label)
        top = max((h.score for h in hits), default=0.05)
        first = [(u, round(top + ruling_score * 0.1, 4)) for u in ruling_units]
        notes = citation_notes(citations, regs) + ([ruling.note] if ruling.note else [])
        return Answer(
            question,
            True,
            ruling.verdict,
            ruling.answer,
            _sanction_text(ruling, _basis_labels(ruling, labels, regs)),
            citations,
            _sources(first, hits, policy.top_k),
            "faq",
            ruling_id=ruling.id,
            conditions=list(ruling.conditions),
            notes=notes,
        )
    strong = [h for h in hits[:3] if h.evidence >= policy.unit_min_score]
    if not strong:
        return Answer(
            question,
            False,
            None,
            NOT_COVERED + CHANNELS,
            None,
            [],
            _sources([], hits, policy.top_k),
            "none",
        )
    best = strong[0].evidence
    chosen = [h for h in strong if h.evidence >= best * 0.8][:3]
    citations = [citation_of(h.unit) for h in chosen]
    names = ", ".join(dict.fromkeys(c.label for c in citations))
    text = (
        f"Netral tidak punya jawaban baku untuk pertanyaan ini. Ketentuan yang paling relevan: {names}. "
        "Bacalah kutipannya untuk menilai situasi Anda; Netral tidak menyimpulkan boleh/tidaknya."
    )
    return Answer(
        question,
        True,
        None,
        text,
        None,
        citations,
        _sources([], hits, policy.top_k),
        "extractive",
        notes=citation_notes(citations, regs),
    )


_ID_TAIL = re.compile(r"^[^/]+/")


def _basis_labels(
    ruling: Ruling, labels: dict[str, str], regs: dict[str, RegInfo]
) -> dict[str, str]:
    """Labels for sanction bases; ids not among the units get a readable fallback."""
    out = dict(labels)
    for basis in ruling.sanction.basis if ruling.sanction else ():
        if basis not in out:
            reg = regs.get(basis.split("/", 1)[0])
            tail = _ID_TAIL.sub("", basis).replace("/", " ").replace("-", " ")
            tail = re.sub(r"ayat (\w+)", r"ayat (\1)", tail)
            out[basis] = f"{reg.short if reg else basis.split('/')[0]} {tail.capitalize()}".strip()
    return out
