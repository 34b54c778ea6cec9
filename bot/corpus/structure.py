"""Split the text of one section into its ayat / huruf / angka tree.

Works on the normalised layout of `regulations/*.md` (one list item per line) and on the
Penjelasan layout ("Ayat (1)", "Huruf a", "Angka 1" lines), so ingestion and the loader share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Order matters: a higher rank contains lower ranks.
RANK = {"ayat": 0, "huruf": 1, "angka": 2}

_ITEM = (
    ("ayat", re.compile(r"^\((\d+[a-z]?)\)\s*(.*)$")),
    ("huruf", re.compile(r"^([a-z]{1,2})\.\s+(.*)$")),
    ("angka", re.compile(r"^(\d+[a-z]?)\.\s+(.*)$")),
)
_PENJELASAN_ITEM = re.compile(
    r"^(Ayat)\s+\((\d+[a-z]?)\)\s*(.*)$|^(Huruf|Angka)\s+([a-z]{1,2}|\d+[a-z]?)\b\.?\s*(.*)$"
)


@dataclass
class Part:
    """A node of the tree: `kind` is "root", "ayat", "huruf" or "angka"."""

    kind: str
    key: str
    lines: list[str] = field(default_factory=list)  # own lines (before the first child)
    children: list[Part] = field(default_factory=list)
    line: int = 0  # offset of the first line within the section text

    def text(self) -> str:
        """Own lines plus every descendant's, as written."""
        out = list(self.lines)
        for child in self.children:
            out.append(child.text())
        return "\n".join(line for line in out if line.strip())

    def label(self) -> str:
        return f"ayat ({self.key})" if self.kind == "ayat" else f"{self.kind} {self.key}"

    def slug(self) -> str:
        return f"{self.kind}-{self.key}"


def match_item(line: str, penjelasan: bool = False) -> tuple[str, str, str] | None:
    """Return (kind, key, rest) when `line` opens an ayat, huruf or angka."""
    stripped = line.strip()
    if penjelasan:
        found = _PENJELASAN_ITEM.match(stripped)
        if found:
            if found.group(1):
                return "ayat", found.group(2), found.group(3)
            return found.group(4).lower(), found.group(5), found.group(6)
    for kind, pattern in _ITEM:
        found = pattern.match(stripped)
        if found:
            return kind, found.group(1), found.group(2)
    return None


def split_parts(text: str, penjelasan: bool = False) -> Part:
    """Build the item tree of a section body (or of its Penjelasan)."""
    root = Part("root", "")
    stack: list[Part] = [root]
    for offset, raw in enumerate(text.splitlines()):
        line = raw.rstrip()
        if not line.strip():
            continue
        item = match_item(line, penjelasan)
        if item is not None:
            kind, key, _ = item
            # A bare number list at the top of a section ("1. ..." in Pasal 1) is still angka.
            while len(stack) > 1 and RANK[stack[-1].kind] >= RANK[kind]:
                stack.pop()
            part = Part(kind, key, [line.strip()], line=offset)
            stack[-1].children.append(part)
            stack.append(part)
        else:
            stack[-1].lines.append(line.strip())
    return root


def walk(part: Part, prefix: tuple[Part, ...] = ()) -> list[tuple[tuple[Part, ...], Part]]:
    """Every descendant with its ancestors (root excluded), depth first."""
    found: list[tuple[tuple[Part, ...], Part]] = []
    for child in part.children:
        found.append((prefix, child))
        found.extend(walk(child, (*prefix, child)))
    return found
