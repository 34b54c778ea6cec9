"""The intermediate document: zones of cleaned lines, then entries (one per output line)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.corpus.ocr import Change, Line


@dataclass(frozen=True)
class Unplaced:
    """A line not placed in the text: `reason` is a code (bot/texts.py words it)."""

    line: int  # raw line number in the source text
    text: str
    reason: str  # item-without-text | penjelasan-without-pasal | before-first-penjelasan |
    #              among-headings | damaged | out-of-order
    where: str = ""  # "Pasal 8", "Penjelasan Pasal 39"


@dataclass(frozen=True)
class Note:
    """Something for the editor to check against the PDF; `code` names it."""

    code: str  # list-opens | list-skips | pj-empty | pj-lowercase | pj-after-cukup | pasal-empty
    where: str  # "Pasal 5", "Penjelasan Pasal 2"
    marker: str = ""  # the list marker concerned: "(3)", "c.", "Huruf l"
    previous: str = ""  # the marker before it, for list-skips
    line: int = 0  # raw line, when known


@dataclass
class Entry:
    """One output line: a list item, a Penjelasan marker, or a run of text."""

    kind: str  # "text", "ayat", "huruf", "angka", "pj"
    key: str
    marker: str  # as rendered: "(1)", "a.", "1.", "Ayat (1)", ""
    parts: list[str]
    lines: list[int]  # raw line numbers
    indent: bool = False

    def text(self) -> str:
        body = join_parts(self.parts)
        return f"{self.marker} {body}".strip() if self.kind != "pj" else self.marker


@dataclass
class Pasal:
    number: str
    line: int
    body: list[Line] = field(default_factory=list)
    penjelasan: list[Line] | None = None
    entries: list[Entry] = field(default_factory=list)
    pj_entries: list[Entry] = field(default_factory=list)


@dataclass
class Doc:
    pembukaan: list[Line] = field(default_factory=list)
    pasals: list[Pasal] = field(default_factory=list)
    penutup: list[Line] = field(default_factory=list)
    umum: list[Line] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    fixes: list[Change] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


def join_parts(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if not out:
            out = part
        elif re.search(r"[A-Za-z]-$", out) or out.endswith("/"):
            out += part  # "Undang-" + "Undang", "jenderal/" + "sekretariat"
        else:
            out += " " + part
    return out
