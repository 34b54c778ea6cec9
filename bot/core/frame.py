"""Question understanding: who is asking about what, under which election law, wanting what.

`read_frame(question, normalized)` turns a question (and its glossary-normalised form) into a
`Frame`; `Frame.follow(previous)` carries a follow-up's context over. Pure: no I/O, no corpus.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Generic, TypeVar

from bot.core import lexicon
from bot.core.normalize import words
from bot.core.timing import LeadTime, lead_time

T = TypeVar("T")

# Actors whose conduct the neutrality rules for civil servants govern.
CIVIL_SERVANTS = frozenset(
    {"pns", "cpns", "pppk", "asn", "pejabat_struktural", "pejabat_fungsional"}
)
# How specific a mention is, when two describe the same person ("guru PNS", "guru honorer").
_SPECIFICITY = {"asn": 0, "pns": 1, "cpns": 2, "pppk": 2, "honorer": 2}
_FLIP = {"with": "without", "on": "off", "yes": "no"}
_INTENT_PRIORITY = ("pasal_lookup", "lapor", "prosedur", "sanksi", "definisi", "boleh_tidak")
# "apa itu" / "what is" name a definition only when nothing asks about permission.
_WEAK_DEFINITION = frozenset({("apa", "itu"), ("what", "is"), ("what", "are"), ("what", "does")})


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    value: T


class PhraseMatcher(Generic[T]):
    """Find phrases (sequences of words) in a token list: longest first, left to right."""

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, value in phrases:
            key = tuple(words(phrase))
            if key:
                self._by_first.setdefault(key[0], []).append((key, value))
        for options in self._by_first.values():
            options.sort(key=lambda option: -len(option[0]))

    def find(self, tokens: Sequence[str], every: bool = False) -> list[Match[T]]:
        """Matches left to right, the longest phrase at each place; `every`: all the values
        listed for that phrase ("timses" says both active=yes and team=yes), else the first."""
        found: list[Match[T]] = []
        i = 0
        while i < len(tokens):
            options = self._by_first.get(tokens[i], ())
            hit = next((k for k, _ in options if tuple(tokens[i : i + len(k)]) == k), None)
            if hit is None:
                i += 1
                continue
            values = [v for k, v in options if k == hit]
            found.extend(Match(i, i + len(hit), v) for v in (values if every else values[:1]))
            i += len(hit)
        return found


_ACTORS = PhraseMatcher((p, (a, d)) for p, a, d in lexicon.ACTOR_PHRASES)
_ELECTIONS = PhraseMatcher(lexicon.ELECTION_PHRASES)
_INTENTS = PhraseMatcher(
    (phrase, intent) for intent, phrases in lexicon.INTENT_PHRASES for phrase in phrases
)
_MODIFIERS = PhraseMatcher((p, (m, v)) for p, m, v in lexicon.MODIFIER_PHRASES)


@dataclass(frozen=True)
class Frame:
    """What a question is about. Every field has a safe 'unknown' value."""

    actor: str = "unknown"
    actor_detail: str | None = None  # "petahana", "camat", "lurah", "guru", ...
    third_party: bool = False  # about someone else's conduct ("atasan saya ...")
    election: str = "unknown"
    intent: str = "lainnya"
    intents: tuple[str, ...] = ()
    modifiers: tuple[tuple[str, str], ...] = ()
    quoted_text: str | None = None
    violation_question: bool = False  # "melanggar gak?" rather than "boleh gak?"
    object_actor: str | None = None  # a civil servant the act is done to or by request of
    lead_time: LeadTime | None = None  # "8 bulan sebelum penetapan paslon"
    watching: bool = False  # about recording what others do ("mendata pegawai yang hadir …")
    asked_by: str | None = None  # who tells the asker to act ("Pak bupati minta saya …")

    @property
    def mods(self) -> dict[str, str]:
        """The stated modifiers, and `acting` for an acting regional head (a penjabat): who the
        actor is, so it goes with the actor ("kalau bupati yang nyalon lagi?" is not acting)."""
        mods = dict(self.modifiers)
        if self.actor_detail == "penjabat":
            mods["acting"] = "yes"
        return mods

    @property
    def civil_servant_conduct(self) -> bool:
        """Asks whether a civil servant may do something, or what the sanction for it is."""
        return self.actor in CIVIL_SERVANTS and bool({"boleh_tidak", "sanksi"} & set(self.intents))

    def modifier(self, name: str) -> str | None:
        return self.mods.get(name)

    def with_modifiers(self, mods: Mapping[str, str]) -> Frame:
        return replace(self, modifiers=tuple(sorted(mods.items())))

    def follow(self, previous: Frame) -> Frame:
        """This follow-up's frame in the context of `previous`: keep what it does not change."""
        actor_changed = self.actor != "unknown"
        mods = {**dict(previous.modifiers), **dict(self.modifiers)}
        return Frame(
            actor=self.actor if actor_changed else previous.actor,
            actor_detail=self.actor_detail if actor_changed else previous.actor_detail,
            third_party=self.third_party if actor_changed else previous.third_party,
            election=self.election if self.election != "unknown" else previous.election,
            intent=self.intent if self.intent != "lainnya" else previous.intent,
            intents=self.intents if self.intent != "lainnya" else previous.intents,
            modifiers=tuple(sorted(mods.items())),
            quoted_text=self.quoted_text,
            violation_question=self.violation_question or previous.violation_question,
            object_actor=self.object_actor if actor_changed else previous.object_actor,
            lead_time=self.lead_time or previous.lead_time,
            watching=self.watching,
            asked_by=None if actor_changed else (self.asked_by or previous.asked_by),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "actor_detail": self.actor_detail,
            "third_party": self.third_party,
            "election": self.election,
            "intent": self.intent,
            "intents": list(self.intents),
            "modifiers": dict(self.modifiers),
            "quoted_text": self.quoted_text,
            "violation_question": self.violation_question,
            "object_actor": self.object_actor,
            "lead_time": asdict(self.lead_time) if self.lead_time else None,
            "watching": self.watching,
            "asked_by": self.asked_by,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Frame:
        """The inverse of `to_json` (follow-up context read back from the store)."""
        mods = data.get("modifiers") or {}
        return cls(
            actor=str(data.get("actor") or "unknown"),
            actor_detail=data.get("actor_detail"),
            third_party=bool(data.get("third_party")),
            election=str(data.get("election") or "unknown"),
            intent=str(data.get("intent") or "lainnya"),
            intents=tuple(data.get("intents") or ()),
            modifiers=tuple(sorted((str(k), str(v)) for k, v in dict(mods).items())),
            quoted_text=data.get("quoted_text"),
            violation_question=bool(data.get("violation_question")),
            object_actor=data.get("object_actor"),
            lead_time=LeadTime(**data["lead_time"]) if data.get("lead_time") else None,
            watching=bool(data.get("watching")),
            asked_by=data.get("asked_by"),
        )


_SELF_WORDS = frozenset({"saya", "kami", "aku"})
_QUESTION_WORDS = frozenset(
    [
        "apakah",
        "bolehkah",
        "boleh",
        "apa",
        "bagaimana",
        "gimana",
        "apabila",
        "jika",
        "kalau",
        "kalo",
        "seorang",
        "para",
        "sebuah",
        "can",
        "may",
        "is",
        "are",
        "does",
        "do",
        "a",
        "an",
        "the",
        "if",
        "what",
        "how",
    ]
)
_AS_WORDS = frozenset({"sebagai", "selaku"})
_RELATIVES = frozenset({"suami/istri", "keluarga", "anak"})
# A verb between "saya" and a role means the role is taken, not held: "saya ikut jadi tim sukses".
_NOT_BETWEEN = frozenset(
    ["ikut", "jadi", "menjadi", "mau", "ingin", "akan", "diminta", "diajak", "disuruh", "dijadikan"]
)


@dataclass(frozen=True)
class _Mention:
    actor: str
    detail: str | None
    start: int
    tokens: tuple[str, ...] = field(repr=False)

    def _before(self, n: int) -> tuple[str, ...]:
        return self.tokens[max(0, self.start - n) : self.start]

    @property
    def is_self(self) -> bool:
        """'saya PNS', 'sy guru PNS', 'saya sebagai PPPK', 'Sebagai PPPK, ...' — but not 'teman
        saya PNS', 'saya ikut jadi tim sukses' (a role taken) or 'ditetapkan sebagai calon'."""
        tokens, start = self.tokens, self.start
        for back in (1, 2):
            i = start - back
            if i < 0:
                return False
            word = tokens[i]
            if word in _SELF_WORDS:
                owner = tokens[i - 1] if i > 0 else ""
                return owner not in lexicon.THIRD_PARTY and owner not in _RELATIVES
            if word in _AS_WORDS:
                return i == 0 or tokens[i - 1] in _SELF_WORDS
            if word in _NOT_BETWEEN:
                return False
        return False

    @property
    def is_object(self) -> bool:
        before = self._before(1)
        if self.actor == "calon" and any(
            t not in _QUESTION_WORDS for t in self.tokens[: self.start]
        ):
            # A candidate is the subject only when the question opens with them ("Bolehkah paslon
            # melibatkan ASN?"); elsewhere a candidate is whom the asker meets, likes or supports.
            return True
        if not before:
            return False
        if before[0] == "dengan":  # "bagaimana dengan PPPK?" names the subject
            return self._before(2)[:1] not in (("bagaimana",), ("gimana",), ("apabila",))
        if before[0] in lexicon.OBJECT_MARKERS:
            return True
        # "suami saya caleg": the relative, not the asker
        return any(w in _RELATIVES for w in self._before(3))


def _mentions(tokens: Sequence[str]) -> list[_Mention]:
    return [
        _Mention(m.value[0], m.value[1], m.start, tuple(tokens))
        for m in _ACTORS.find(tokens)
        if m.value[0] != "none"
    ]


def _merge_adjacent(first: _Mention, pool: Sequence[_Mention]) -> tuple[str, str | None]:
    """'guru PNS' → pns (detail guru); 'guru honorer' → honorer."""
    actor, detail = first.actor, first.detail
    for other in pool:
        if other is first or abs(other.start - first.start) > 3:
            continue
        if _SPECIFICITY.get(other.actor, 3) > _SPECIFICITY.get(actor, 3) and actor in _SPECIFICITY:
            detail = detail or other.detail
            actor = other.actor
        elif other.actor == actor and detail is None:
            detail = other.detail
    return actor, detail


# When a question names an official or a candidate and, later, a civil servant as subjects
# ("presiden aja boleh kampanye, berarti PNS juga boleh?"), it asks about the civil servant.
_DEFERS_TO_CIVIL_SERVANT = frozenset({"pejabat_negara", "kepala_daerah", "calon"})
_RANK_AND_FILE = frozenset({"pns", "cpns", "pppk", "asn"})


def _actor(token_lists: Sequence[Sequence[str]]) -> tuple[str, str | None, bool]:
    best: tuple[str, str | None, bool] | None = None
    for tokens in token_lists:
        mentions = _mentions(tokens)
        selves = [m for m in mentions if m.is_self]
        subjects = selves or [m for m in mentions if not m.is_object]
        if not subjects:
            continue
        first = subjects[0]
        if first.actor in _DEFERS_TO_CIVIL_SERVANT:
            first = next((m for m in subjects if m.actor in _RANK_AND_FILE), first)
        actor, detail = _merge_adjacent(first, subjects)
        third = not selves and any(t in lexicon.THIRD_PARTY for t in tokens[: first.start + 1])
        if detail == "atasan":
            third = True
        candidate = (actor, detail, third)
        # The raw words may say more than the glossary's form ("guru PPPK"), never less.
        if best is None or (best[0] == "asn" and actor in CIVIL_SERVANTS and actor != "asn"):
            best = candidate
    return best or ("unknown", None, False)


# Running for an office names the election: "polisi mau nyalon walikota" is a Pilkada, "kades mau
# maju DPD" a Pemilu, though neither office alone says which election a question is about.
_RUNNING = frozenset(
    {"nyalon", "maju", "mencalonkan", "dicalonkan", "calonkan", "run", "running", "jadi", "menjadi"}
)
_OFFICES = {
    **dict.fromkeys(
        ("bupati", "walikota", "wali", "gubernur", "regent", "mayor", "governor", "pilbup"),
        "pilkada",
    ),
    **dict.fromkeys(("dpr", "dpd", "dprd", "presiden", "president", "legislatif"), "pemilu"),
}


# "Kampanye bupati", "timses gubernur": the office right after names whose campaign it is.
_CAMPAIGNING = frozenset({"kampanye", "campaign", "timses"})


def _office_sought(tokens: Sequence[str]) -> set[str]:
    """The elections of the offices the question says someone runs for."""
    found = set()
    for i, token in enumerate(tokens):
        if token in _RUNNING:
            found |= {_OFFICES[t] for t in tokens[i + 1 : i + 4] if t in _OFFICES}
        elif token in _CAMPAIGNING and i + 1 < len(tokens) and tokens[i + 1] in _OFFICES:
            found.add(_OFFICES[tokens[i + 1]])
    return found


# The words that name an election itself, not an office or a candidate.
_ELECTION_NAMES = PhraseMatcher(
    (p, p)
    for p in (
        *("pemilihan umum", "pemilu", "pileg", "pilpres", "pemilihan kepala daerah", "pilkada"),
        *("pilgub", "pilbup", "pilwalkot", "general election", "regional election"),
        "local election",
    )
)


def _election(token_lists: Sequence[Sequence[str]], actor: str, detail: str | None) -> str:
    found = {m.value for tokens in token_lists for m in _ELECTIONS.find(tokens)}
    sought = set().union(*(_office_sought(tokens) for tokens in token_lists))
    if len(sought) == 1 and not _ELECTION_NAMES.find(token_lists[-1]):
        # The office run for decides the election law, unless the question names the election:
        # "anggota DPR" names who runs, and "until the election" (read by the glossary as
        # "pemilihan umum") is the generic word.
        return next(iter(sought))
    if len(found) == 1:
        return found.pop()
    if not found and actor == "kepala_daerah":
        tokens = set(token_lists[-1])
        if detail == "petahana" or tokens & {"mencalonkan", "kembali", "lagi", "incumbent"}:
            return "pilkada"
    return "unknown"


def _unclitic(token: str) -> str:
    for suffix in ("nya", "kah"):
        if token.endswith(suffix) and len(token) > len(suffix) + 3:
            return token[: -len(suffix)]
    return token


_GRANTING = frozenset(
    {"ngasih", "kasih", "memberi", "memberikan", "diberikan", "diberi", "mengizinkan"}
    | {"menyetujui", "berwenang", "menjatuhkan", "dijatuhkan", "mengeluarkan"}
)


def _intents(token_lists: Sequence[Sequence[str]]) -> tuple[str, tuple[str, ...], bool]:
    found: set[str] = set()
    weak_definition = False
    # "sanksinya apa?", "pidananya?", "bolehkah?": the clitic does not change what is asked.
    bare = [[_unclitic(t) for t in tokens] for tokens in token_lists]
    for tokens in [*token_lists, *bare]:
        for m in _INTENTS.find(tokens):
            found.add(m.value)
            if m.value == "definisi" and tuple(tokens[m.start : m.end]) in _WEAK_DEFINITION:
                weak_definition = True
    if weak_definition and found & {"boleh_tidak", "sanksi"} and "definisi" in found:
        found.discard("definisi")
    if any(tokens[-1:] == ["siapa"] and _GRANTING & set(tokens) for tokens in bare):
        # "yang ngasih cutinya siapa?": who grants it, asked last (not "siapa tahu boleh?")
        found.add("prosedur")
    ordered = tuple(i for i in _INTENT_PRIORITY if i in found)
    violation = any(t in lexicon.VIOLATION_WORDS for tokens in token_lists for t in tokens)
    return (ordered[0] if ordered else "lainnya"), ordered, violation


# "boleh ga ngajak staf?", "bisa nggak pakai mobil dinas?": the "or not" of a yes/no question
# negates nothing.
_QUESTION_PARTICLES = frozenset({"boleh", "bisa", "apa", "apakah", "benar", "bener", "atau", "ato"})


def _negating(before: Sequence[str]) -> list[str]:
    """The words before a phrase, with the question's own "boleh gak" taken out."""
    out: list[str] = []
    for i, word in enumerate(before):
        if word in lexicon.NEGATIONS and i > 0 and before[i - 1] in _QUESTION_PARTICLES:
            continue
        out.append(word)
    return out


def _split_slashes(tokens: Sequence[str]) -> list[str]:
    """'narasumber/pembicara' → 'narasumber', 'pembicara': each alternative is said."""
    return [part for token in tokens for part in token.split("/") if part]


def _modifiers(token_lists: Sequence[Sequence[str]]) -> dict[str, str]:
    mods: dict[str, str] = {}
    split = [_split_slashes(t) for t in token_lists if any("/" in w for w in t)]
    for tokens in [*token_lists, *split]:
        for m in _MODIFIERS.find(tokens, every=True):
            name, value = m.value
            before = _negating(tokens[max(0, m.start - 4) : m.start])[-3:]
            after = tokens[m.end : m.end + 1]
            if value in _FLIP and (set(before) & lexicon.NEGATIONS or set(after) & lexicon.PLAIN):
                value = _FLIP[value]
            # The riskier reading wins: "tanpa atribut tapi pakai seragam" is "with".
            if mods.get(name) in {"with", "on", "yes"} and value in _FLIP.values():
                continue
            if mods.get(name) == "later":  # "mundurnya nanti … mundur": when, not whether
                continue
            mods[name] = value
    return mods


def read_frame(question: str, normalized: str, quoted_text: str | None = None) -> Frame:
    """The Frame of one question.

    Args:
        question: as the user typed it.
        normalized: the same question after the glossary (corpus vocabulary).
        quoted_text: a passage the question quotes, when one was found.

    Returns:
        The Frame; fields the question does not reveal stay 'unknown'.
    """
    token_lists = [words(normalized), words(question)]
    actor, detail, third = _actor(token_lists)
    asked_by = None
    if actor in _DEFERS_TO_CIVIL_SERVANT and any(_asks_me(tokens) for tokens in token_lists):
        # "Pak bupati minta saya posting ...": the asker is told to act; it is their conduct,
        # and whoever asks is known not to be the asker.
        actor, detail, third, asked_by = "unknown", None, False, actor
    objects = [
        m.actor for m in _mentions(token_lists[0]) if m.is_object and m.actor in _RANK_AND_FILE
    ]
    intent, intents, violation = _intents(token_lists)
    return Frame(
        actor=actor,
        actor_detail=detail,
        third_party=third,
        election=_election(token_lists, actor, detail),
        intent=intent,
        intents=intents,
        modifiers=tuple(sorted(_modifiers(token_lists).items())),
        quoted_text=quoted_text,
        violation_question=violation,
        object_actor=objects[0] if objects and actor == "calon" else None,
        lead_time=lead_time(token_lists[1]) or lead_time(token_lists[0]),
        watching=any(_watching(tokens) for tokens in token_lists),
        asked_by=asked_by,
    )


_ASKING_VERBS = frozenset(
    {"minta", "meminta", "menyuruh", "nyuruh", "suruh", "memerintahkan", "mengajak", "ngajak"}
    | {"asked", "told", "ordered", "wants"}
)
_ME = frozenset({"saya", "sy", "aku", "gue", "gw", "me"})


def _asks_me(tokens: Sequence[str]) -> bool:
    """Someone asks or tells the asker to do something ("minta saya", "asked me")."""
    return any(a in _ASKING_VERBS and b in _ME for a, b in itertools.pairwise(tokens))


def _watching(tokens: Sequence[str]) -> bool:
    """A verb of recording others, whose object a relative clause describes ("mencatat ASN yang
    ikut kampanye"): the act asked about is the recording."""
    return any(
        token in lexicon.WATCH_VERBS and bool(set(tokens[at + 1 : at + 6]) & lexicon.WATCH_RELATIVE)
        for at, token in enumerate(tokens)
    )


# Actors whose names say only *who* asks, never *what* is asked about: left out when comparing a
# question with ruling phrasings, and replaced when a follow-up names another actor. (Regional
# heads and candidates stay: "calon bupati" is part of the act.)
STRIPPABLE = CIVIL_SERVANTS | {"honorer", "swasta", "tni_polri", "bumn_bumd", "kepala_desa"}


def strip_actor(text: str) -> str:
    """`text` without the names of who is asking ("PNS", "PPPK", "kades", "karyawan swasta")."""
    tokens = words(text)
    drop: set[int] = set()
    for m in _ACTORS.find(tokens):
        if m.value[0] in STRIPPABLE:
            drop.update(range(m.start, m.end))
    return " ".join(t for i, t in enumerate(tokens) if i not in drop)


_FILLER = frozenset(
    [
        "kalau",
        "kalo",
        "apabila",
        "gimana",
        "bagaimana",
        "gmn",
        "terus",
        "trus",
        "lalu",
        "itu",
        "ini",
        "yang",
        "yg",
        "apa",
        "dong",
        "sih",
        "ya",
        "kan",
        "saja",
        "aja",
        "juga",
        "jg",
        "untuk",
        "buat",
        "dengan",
        "di",
        "ke",
        "dari",
        "what",
        "how",
        "about",
        "if",
        "and",
        "the",
        "a",
        "is",
        "are",
    ]
)


def act_words(text: str) -> list[str]:
    """The words of `text` that name an act: not who, not which election, not filler
    ("kalau PPPK gimana?" names none; "kalau nggak mundur?" names one)."""
    tokens = words(text)
    drop: set[int] = set()
    spans = [(m.start, m.end) for m in _ACTORS.find(tokens)]
    spans += [(m.start, m.end) for m in _ELECTIONS.find(tokens)]
    for start, end in spans:
        drop.update(range(start, end))
    return [t for i, t in enumerate(tokens) if i not in drop and t not in _FILLER]
