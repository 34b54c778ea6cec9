"""The schema of every file under `knowledge/`: pydantic models with `extra="forbid"`.

A misspelled key, a verdict or sanction level outside the vocabulary, or a malformed modifier
condition is a validation error, which `bot.corpus.yamlfile.validate` turns into `file:line`.
The field reference for editors is docs/knowledge-format.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.models import ACTOR_GROUPS, ACTORS, MODIFIER_VALUES

Verdict = Literal["dilarang", "boleh", "boleh_bersyarat"]
Election = Literal["pemilu", "pilkada"]


def _both_elections() -> list[Election]:
    return ["pemilu", "pilkada"]


Intent = Literal[
    "boleh_tidak", "sanksi", "pasal_lookup", "prosedur", "lapor", "definisi", "lainnya"
]
SanctionLevel = Literal[
    "ringan", "sedang", "berat", "ptdh", "sanksi_moral", "pidana", "administratif"
]
SLUG = r"^[a-z0-9][a-z0-9-]*$"
UNIT_ID = r"^[a-z0-9-]+(/[a-z0-9-]+)*$"
TELEGRAM_POLL_QUESTION = 300
TELEGRAM_POLL_OPTION = 100
TELEGRAM_POLL_EXPLANATION = 200


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def expand_actors(names: list[str]) -> frozenset[str]:
    """Actor names and group names (`pns_like`, `asn_all`, `non_asn`, `everyone`) → actors."""
    out: set[str] = set()
    for name in names:
        out.update(ACTOR_GROUPS.get(name, (name,)))
    return frozenset(out)


def _check_actors(values: list[str]) -> list[str]:
    for value in values:
        if value not in ACTORS and value not in ACTOR_GROUPS:
            allowed = ", ".join([*ACTORS, *ACTOR_GROUPS])
            raise ValueError(f"unknown actor '{value}' (use one of: {allowed})")
    return values


def parse_modifier(condition: str) -> tuple[str, str]:
    """'attributes=with' → ('attributes', 'with'), validated against the frame vocabulary."""
    name, _, value = condition.partition("=")
    name, value = name.strip(), value.strip()
    if name not in MODIFIER_VALUES or value not in MODIFIER_VALUES[name]:
        options = "; ".join(f"{k}={'|'.join(v)}" for k, v in MODIFIER_VALUES.items())
        raise ValueError(f"unknown modifier condition '{condition}' (use one of: {options})")
    return name, value


WindowEvent = Literal["penetapan_paslon", "pemungutan"]


class Window(Strict):
    """The rule holds only `months` months before `before` (UU 10/2016 Pasal 71 ayat (2))."""

    months: int = Field(ge=1, le=60)
    before: WindowEvent


class Applies(Strict):
    actors: list[str] = Field(min_length=1, description="actors or groups the verdict holds for")
    elections: list[Election] = Field(default_factory=_both_elections)
    intents: list[Intent] = Field(default_factory=list, description="empty: any intent")
    requires: list[str] = Field(
        default_factory=list, description="modifiers the question must state"
    )
    excludes: list[str] = Field(default_factory=list, description="modifiers that rule it out")
    window: Window | None = Field(None, description="the rule holds only this long before an event")

    _actors = field_validator("actors")(_check_actors)

    @field_validator("requires", "excludes")
    @classmethod
    def _conditions(cls, values: list[str]) -> list[str]:
        for value in values:
            parse_modifier(value)
        return values


class SanctionRef(Strict):
    id: str = Field(pattern=SLUG)
    basis: list[str] = Field(default_factory=list, description="units specific to this ruling")


class RulingModel(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3, max_length=48, description="short title for buttons")
    family: str | None = Field(None, pattern=SLUG, description="rulings on the same act")
    serves: list[str] = Field(
        default_factory=list, description="other families this ruling answers for its actors"
    )
    applies: Applies
    questions: list[str] = Field(min_length=3)
    verdict: Verdict | None
    answer: str = Field(min_length=20)
    conditions: list[str] = Field(default_factory=list)
    sanction: str | SanctionRef | None = None
    citations: list[str] = Field(min_length=1)
    note: str | None = None
    outside: bool = Field(
        False, description="the answer says the asker's own rules are not in the corpus"
    )

    @field_validator("citations")
    @classmethod
    def _ids(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value or " " in value or value != value.lower():
                raise ValueError(
                    f"citation '{value}' is not a unit id like 'pp-94-2021/pasal-5/huruf-n'"
                )
        return values


class Topic(Strict):
    id: str = Field(pattern=SLUG)
    title: str = Field(min_length=3)


class RulingsFile(Strict):
    version: Literal[1] = 1
    topic: Topic
    rulings: list[RulingModel] = Field(min_length=1)


class SanctionModel(Strict):
    id: str = Field(pattern=SLUG)
    level: SanctionLevel
    text: str = Field(min_length=10)
    basis: list[str] = Field(default_factory=list)


class SanctionsFile(Strict):
    version: Literal[1] = 1
    sanctions: list[SanctionModel] = Field(min_length=1)


class QuizQuestionModel(Strict):
    id: str = Field(pattern=SLUG)
    question: str = Field(min_length=10, max_length=TELEGRAM_POLL_QUESTION)
    options: list[str] = Field(min_length=2, max_length=10)
    correct: int = Field(ge=0)
    explanation: str = Field("", max_length=TELEGRAM_POLL_EXPLANATION)
    citation: str = Field(min_length=3)
    difficulty: Literal["mudah", "sedang", "sulit"] = "sedang"

    @field_validator("options")
    @classmethod
    def _options(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.strip() or len(value) > TELEGRAM_POLL_OPTION:
                raise ValueError(
                    f"each option needs 1–{TELEGRAM_POLL_OPTION} characters (Telegram's limit)"
                )
        return values


class QuizFile(Strict):
    version: Literal[1] = 1
    questions: list[QuizQuestionModel] = Field(min_length=1)


class GlossaryEntryModel(Strict):
    terms: list[str] = Field(min_length=1)
    means: str = Field(min_length=1)
    kind: Literal["slang", "abbrev", "synonym", "english"] = "slang"


class GlossaryFile(Strict):
    version: Literal[1] = 1
    entries: list[GlossaryEntryModel] = Field(min_length=1)


class OutOfScopeEntry(Strict):
    id: str = Field(pattern=SLUG)
    questions: list[str] = Field(min_length=1)
    channel: str | None = None


class OutOfScopeFile(Strict):
    version: Literal[1] = 1
    entries: list[OutOfScopeEntry] = Field(min_length=1)


class RegulationInfoModel(Strict):
    id: str = Field(pattern=SLUG)
    aliases: list[str] = Field(default_factory=list)
    also_cited_as: list[str] = Field(default_factory=list, description="e.g. uu-1-2015")
    actors: list[str] = Field(min_length=1)
    elections: list[Election] = Field(default_factory=_both_elections)

    _actors = field_validator("actors")(_check_actors)


class NoteModel(Strict):
    """A sentence added to an answer in a situation the ruling does not itself address."""

    id: str = Field(pattern=SLUG)
    modifier: str | None = Field(None, description="e.g. hours=outside; absent: any")
    actors: list[str] = Field(min_length=1)
    elections: list[Election] = Field(default_factory=_both_elections)
    verdicts: list[Verdict] = Field(default_factory=list, description="empty: any verdict")
    intents: list[Intent] = Field(default_factory=list, description="empty: any intent")
    citing: list[str] = Field(
        default_factory=list, description="only when the answer cites one of these ids (prefixes)"
    )
    text: str = Field(min_length=10)
    citations: list[str] = Field(min_length=1)

    _actors = field_validator("actors")(_check_actors)

    @field_validator("modifier")
    @classmethod
    def _modifier(cls, value: str | None) -> str | None:
        if value is not None:
            parse_modifier(value)
        return value


class NotesFile(Strict):
    version: Literal[1] = 1
    notes: list[NoteModel] = Field(min_length=1)


class RegulationsFile(Strict):
    version: Literal[1] = 1
    regulations: list[RegulationInfoModel] = Field(min_length=1)
    not_held: list[str] = Field(default_factory=list, description="names of laws not in the corpus")
