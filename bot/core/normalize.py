"""Question normalisation: lower-case, tidy, and expand informal terms with the glossary.

Pure: the glossary entries are passed in, nothing is read here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.models import GlossaryEntry

_WORD = re.compile(r"[0-9a-zA-Z\u00C0-\u024F]+(?:[/'-][0-9a-zA-Z\u00C0-\u024F]+)*")
MAX_NGRAM = 4  # 'head of my agency'


def words(text: str) -> list[str]:
    """Lower-case word tokens, keeping forms like 'dan/atau' and 'wakil-wakil' whole."""
    return [w.lower() for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str  # the question with informal terms replaced by the corpus vocabulary
    expanded: str  # original words plus every expansion: for the lexical side


class Normalizer:
    """Replace slang and abbreviations (single words or phrases of up to four words)."""

    def __init__(self, glossary: Iterable[GlossaryEntry]) -> None:
        self._map: dict[tuple[str, ...], str] = {}
        for entry in glossary:
            for term in entry.terms:
                key = tuple(words(term))
                if key:
                    self._map.setdefault(key, entry.means)

    def __len__(self) -> int:
        return len(self._map)

    def normalize(self, question: str) -> Normalized:
        tokens = words(question)
        replaced: list[str] = []
        extra: list[str] = []
        i = 0
        while i < len(tokens):
            for n in range(min(MAX_NGRAM, len(tokens) - i), 0, -1):
                means = self._map.get(tuple(tokens[i : i + n]))
                if means is not None:
                    replaced.append(means)
                    extra.append(means)
                    i += n
                    break
            else:
                replaced.append(tokens[i])
                i += 1
        text = " ".join(replaced)
        expanded = " ".join([*tokens, *extra])
        return Normalized(question, text, expanded)
