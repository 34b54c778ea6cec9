"""Plain data shared by every layer: regulations, units, rulings, answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

# The vocabularies, defined once: every check and every choice list derives from these.
Status = Literal["berlaku", "diubah", "dicabut"]
Verification = Literal["verbatim", "kutipan_sekunder", "ringkasan"]  # of a unit
FileVerification = Literal["verbatim", "sebagian", "ringkasan"]  # of a file: sebagian = mixed
RegType = Literal["uu", "perppu", "pp", "perpres", "permen", "perban", "skb", "se", "lainnya"]
Verdict = Literal["dilarang", "boleh", "boleh_bersyarat"]
Mode = Literal["llm", "extractive", "faq", "none"]

STATUSES: tuple[str, ...] = get_args(Status)
VERIFICATIONS: tuple[str, ...] = get_args(Verification)
FILE_VERIFICATIONS: tuple[str, ...] = get_args(FileVerification)
REG_TYPES: tuple[str, ...] = get_args(RegType)
VERDICTS: tuple[str, ...] = get_args(Verdict)

# The vocabulary of question frames (bot/core/frame.py) and of where rulings apply (knowledge/).
ACTORS: tuple[str, ...] = (
    "pns", "cpns", "pppk", "asn", "pejabat_struktural", "pejabat_fungsional", "kepala_daerah",
    "pejabat_negara", "kepala_desa", "calon", "tni_polri", "bumn_bumd", "swasta", "honorer",
    "unknown",
)  # fmt: skip
ELECTIONS: tuple[str, ...] = ("pemilu", "pilkada", "unknown")
INTENTS: tuple[str, ...] = (
    "boleh_tidak", "sanksi", "pasal_lookup", "prosedur", "lapor", "definisi", "lainnya",
)  # fmt: skip
MODIFIER_VALUES: dict[str, tuple[str, ...]] = {
    "attributes": ("with", "without"),
    "facilities": ("with", "without"),
    "channel": ("online", "offline"),
    "hours": ("outside", "during"),
    "leave": ("on", "off"),
    "period": ("before", "during", "quiet", "after"),
    "account": ("own", "official", "anonymous"),
    "mobilising": ("yes", "no"),
    "passive": ("yes", "no"),
    "active": ("yes", "no"),  # speaking, hosting, cheering: taking part, not just listening
    "stage": ("bakal_calon", "calon"),
    "relative": ("spouse", "family"),  # the candidate is the asker's spouse / relative
    "approval": ("with", "without"),  # the Minister's written approval (mutations before Pilkada)
    "liability": ("criminal",),  # asks about criminal rather than disciplinary liability
    # resigns from the civil service on becoming a candidate; "later": once confirmed, not now
    "resign": ("yes", "no", "later"),
    "running": ("yes", "no"),  # the regional head runs again (Pasal 70 ayat (3) binds only them)
    # an acting regional head (penjabat): derived from the actor (Frame.mods), never stated
    "acting": ("yes",),
    "kasn": ("named",),  # the question names KASN, which no longer handles reports
    "team": ("yes",),  # on someone's campaign team: not the one running
    # an ordinary employee, not an officer: UU 10/2016 Pasal 70 ayat (1) huruf a names only
    # "pejabat BUMN/BUMD"
    "rank": ("staff",),
}
# Names for sets of actors, usable wherever knowledge files list actors.
ACTOR_GROUPS: dict[str, tuple[str, ...]] = {
    "pns_like": ("pns", "cpns", "asn", "pejabat_struktural", "pejabat_fungsional"),
    "asn_all": ("pns", "cpns", "pppk", "asn", "pejabat_struktural", "pejabat_fungsional"),
    "non_asn": ("tni_polri", "bumn_bumd", "swasta", "honorer"),
    "everyone": ACTORS,
}


@dataclass(frozen=True)
class Node:
    """One addressable part of a regulation: a section, ayat, huruf, angka or Penjelasan."""

    id: str  # "pp-94-2021/pasal-5/huruf-n/angka-2"
    label: str  # "Pasal 5 huruf n angka 2" (without the regulation's short name)
    pasal: str  # the section's article key: "5", or "Lampiran B angka 6"
    text: str  # this node's own lines, including its children
    line: int  # 1-based line in the source file where the node starts


@dataclass(frozen=True)
class Unit:
    """A retrieval unit: a section or one of its parts, with the lines that introduce it."""

    id: str
    regulation: str
    label: str  # full label: "PP 94/2021 Pasal 5 huruf n angka 2"
    pasal: str
    text: str  # context (chapeau) + the part itself, as shown to users
    status: Status
    verification: Verification
    url: str
    penjelasan: bool = False
    note: str | None = None  # the section's `Status`/`Catatan` marker, shown with the quote


def article_number(pasal: str) -> int | None:
    """The number of an article label's number part: "12A" → 12, "Lampiran B" → None."""
    found = re.match(r"\d+", pasal)
    return int(found.group()) if found else None


@dataclass
class Section:
    """A `##` section of a regulation file."""

    key: str  # slug: "pasal-5", "pasal-71-teks-asli-uu-1-2015", "lampiran-b-6"
    heading: str  # "Pasal 5", "Lampiran B angka 6"
    pasal: str
    line: int
    text: str
    verification: Verification = "verbatim"
    verification_url: str | None = None
    status_note: str | None = None
    notes: list[str] = field(default_factory=list)
    penjelasan: str | None = None
    penjelasan_line: int | None = None


@dataclass
class Regulation:
    id: str
    title: str
    short: str
    type: str
    number: str
    year: int
    status: Status
    source_url: str
    verification: str
    verified_against: str = ""
    replaced_by: str | None = None
    amended_by: list[str] = field(default_factory=list)
    # node id of this regulation → node id of the article that replaced it (revoked laws)
    replaced_units: dict[str, str] = field(default_factory=dict)
    path: str = ""
    sections: list[Section] = field(default_factory=list)
    nodes: dict[str, Node] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)

    def last_article(self) -> int | None:
        """N when the corpus holds the whole body, Pasal 1 to N and the closing part (Penutup),
        so that a higher number is not an article of this regulation; None for excerpts."""
        numbers = {
            n
            for s in self.sections
            if s.key.startswith("pasal-") and (n := article_number(s.pasal)) is not None
        }
        whole = bool(numbers) and numbers == set(range(1, max(numbers) + 1))
        closed = any(s.key == "penutup" for s in self.sections)
        return max(numbers) if whole and closed else None

    def section(self, pasal: str) -> Section | None:
        """Find a section by article number or heading (case-insensitive)."""
        wanted = pasal.strip().lower().removeprefix("pasal ").strip()
        for section in self.sections:
            if wanted in (section.pasal.lower(), section.heading.lower(), section.key):
                return section
        return None


@dataclass(frozen=True)
class Sanction:
    level: str  # ringan | sedang | berat | ptdh | sanksi_moral | pidana
    text: str
    basis: tuple[str, ...] = ()


@dataclass(frozen=True)
class Applicability:
    """Where a ruling's verdict holds: for whom, in which election, for which modifiers."""

    actors: frozenset[str]
    elections: frozenset[str] = frozenset({"pemilu", "pilkada"})
    intents: frozenset[str] = frozenset()  # empty: any intent
    requires: tuple[tuple[str, str], ...] = ()  # modifiers the question must state
    excludes: tuple[tuple[str, str], ...] = ()  # modifiers that make the ruling not apply
    # (months, event): the ruling's rule holds only that many months before the event
    # ("6 bulan sebelum tanggal penetapan pasangan calon"); None = at any time.
    window: tuple[int, str] | None = None


ANYONE = Applicability(frozenset())


@dataclass(frozen=True)
class Ruling:
    """A curated FAQ entry: phrasings → verdict, short answer, sanction, citations."""

    id: str
    topic: str
    questions: tuple[str, ...]
    verdict: Verdict | None
    answer: str
    citations: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    sanction: Sanction | None = None
    note: str | None = None
    title: str = ""
    family: str = ""  # rulings on the same act for different actors/situations share a family
    applies: Applicability = ANYONE
    serves: tuple[str, ...] = ()  # other families it answers for its actors (scope rulings)
    outside: bool = False  # says the asker's own rules are not in the corpus (TNI, BUMN, ...)


@dataclass(frozen=True)
class Note:
    """A sentence added to an answer in a situation its ruling does not itself address (a
    modifier that does not change the verdict, an actor the rule reaches by another article),
    with the units that say so."""

    id: str
    modifier: tuple[str, str] | None
    actors: frozenset[str]
    elections: frozenset[str]
    verdicts: frozenset[str]
    citing: tuple[str, ...]
    text: str
    citations: tuple[str, ...]
    intents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RegulationInfo:
    """What `knowledge/regulations.yaml` says about a corpus regulation: the names people use
    for it and whose conduct and which election it governs."""

    id: str
    aliases: tuple[str, ...] = ()
    also_cited_as: tuple[str, ...] = ()  # "uu-1-2015" for the Pilkada law file
    actors: frozenset[str] = frozenset()
    elections: frozenset[str] = frozenset({"pemilu", "pilkada"})


@dataclass(frozen=True)
class Citation:
    regulation: str
    pasal: str
    label: str
    quote: str
    url: str
    status: Status
    verification: Verification
    unit_id: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Source:
    regulation: str
    pasal: str
    label: str
    score: float
    unit_id: str = ""


@dataclass
class Answer:
    question: str
    found: bool
    verdict: Verdict | None
    answer: str
    sanction: str | None
    citations: list[Citation]
    sources: list[Source]
    mode: Mode
    latency_ms: float = 0.0
    ruling_id: str | None = None
    conditions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # "empty" | "endorsement" | "off_topic" | "not_in_corpus" | "not_covered" | None
    declined: str | None = None
    frame: dict[str, Any] | None = None  # how the question was understood (bot.core.frame)
    understood: str = ""  # the question as retrieval read it (a follow-up merged with its context)
    outside: bool = False  # the answer says the asker's own rules are not in the corpus

    def to_json(self) -> dict[str, Any]:
        """Exactly the JSON shape of DESIGN.md "Answers" (CLI `--json`, `netral ask --json -`)."""
        return {
            "question": self.question,
            "frame": self.frame,
            "found": self.found,
            "verdict": self.verdict,
            "answer": self.answer,
            "sanction": self.sanction,
            "citations": [{key: getattr(c, key) for key in CITATION_KEYS} for c in self.citations],
            "sources": [{key: getattr(s, key) for key in SOURCE_KEYS} for s in self.sources],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
        }


CITATION_KEYS = ("regulation", "pasal", "label", "quote", "url", "status", "verification")
SOURCE_KEYS = ("regulation", "pasal", "label", "score")


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    question: str
    options: tuple[str, ...]
    correct: int
    explanation: str
    citation: str
    difficulty: str = "sedang"


@dataclass(frozen=True)
class GlossaryEntry:
    terms: tuple[str, ...]
    means: str
    kind: str = "slang"
