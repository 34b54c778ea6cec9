"""The values that flow through the answering stages: a `Query` built once by `understand`,
and the `Context` a follow-up question inherits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.frame import Frame
from bot.core.normalize import Normalized
from bot.models import Answer


@dataclass(frozen=True)
class Context:
    """What the next question of the same user may lean on."""

    text: str  # the previous question as it was understood (follow-ups already merged in)
    frame: Frame

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "frame": self.frame.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Context:
        return cls(str(data.get("text") or ""), Frame.from_json(data.get("frame") or {}))


@dataclass(frozen=True)
class ArticleTarget:
    """An article the question names, resolved against the corpus."""

    regulation: str  # corpus id
    node_id: str | None  # None: the corpus does not hold that article (or that part of it)
    label: str  # "UU 20/2023 Pasal 99" as the user can read it
    pasal: str = ""  # the article number as named ("99", "12A")


@dataclass(frozen=True)
class Query:
    """One question, understood: the single value every later stage reads."""

    original: str  # as typed, cleaned of invisible characters
    text: str  # what retrieval reads: for a follow-up, the previous question merged in
    norm: Normalized
    frame: Frame
    follow_up: bool
    named: frozenset[str]  # corpus regulations the question names
    missing: tuple[str, ...]  # regulations it names that the corpus does not hold
    articles: tuple[ArticleTarget, ...]  # articles it names

    @property
    def missing_articles(self) -> list[ArticleTarget]:
        return [a for a in self.articles if a.node_id is None]

    def context(self) -> Context:
        return Context(self.text, self.frame)


def context_of(answer: Answer) -> Context | None:
    """The context a follow-up to `answer` leans on (None when nothing was understood)."""
    if answer.frame is None or not answer.understood or answer.declined in ("empty", "endorsement"):
        return None
    return Context(answer.understood, Frame.from_json(answer.frame))
