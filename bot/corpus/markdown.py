"""Read `regulations/*.md` into `Regulation` objects with nodes and retrieval units.

Parsing never raises on content problems: it returns them as `Problem`s with file and line,
so the validator can report every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.corpus import frontmatter
from bot.corpus.structure import Part, split_parts, walk
from bot.models import STATUSES, Node, Regulation, Section, Unit

UNIT_MAX_CHARS = 900
PASAL_HEADING = re.compile(r"^Pasal ([0-9]+[A-Z]?|[IVXLC]+)(?: \((.+)\))?$")
OTHER_HEADING = re.compile(
    r"^(Pembukaan|Penjelasan Umum|Penutup|Diktum [A-Z]+|Lampiran [A-Z0-9]+(?: angka \d+)?)(?: \((.+)\))?$"
)
MARKER = re.compile(r"^>\s*\*\*(Verifikasi|Status|Catatan):\*\*\s*(.*)$")
URL = re.compile(r"https?://\S+")
_UNIT_VERIFICATION = {"kutipan sekunder": "kutipan_sekunder", "ringkasan": "ringkasan"}
_CUKUP_JELAS = re.compile(r"^(?:(?:ayat|huruf|angka)\s+\S+\s*)*cukup jelas\.?$", re.I)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Problems(list[Problem]):
    """The problems of one file, added as `problems.add(line, message)`."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def add(self, line: int, message: str) -> None:
        self.append(Problem(self.path, line, message))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _read_sections(lines: list[str], start: int, path: str) -> tuple[list[Section], list[Problem]]:
    sections: list[Section] = []
    problems = Problems(path)
    current: Section | None = None
    body: list[str] = []
    in_penjelasan = False
    head_zone = False  # markers are read only between a heading and its first text line

    def close() -> None:
        if current is None:
            return
        text = "\n".join(body).strip()
        if in_penjelasan:
            current.penjelasan = text
        else:
            current.text = text

    for index in range(start, len(lines)):
        raw = lines[index]
        number = index + 1
        stripped = raw.strip()
        if stripped.startswith("## "):
            close()
            heading = stripped[3:].strip()
            pasal_match = PASAL_HEADING.match(heading)
            other_match = OTHER_HEADING.match(heading)
            if heading.lower().startswith("pasal") and not pasal_match:
                problems.add(
                    number,
                    f"malformed Pasal heading '{heading}': write 'Pasal 12', 'Pasal 12A' or 'Pasal 12 (note)'",
                )
                current, body, in_penjelasan = None, [], False
                continue
            if not pasal_match and not other_match:
                problems.add(
                    number,
                    f"unknown section heading '{heading}': use Pasal N, Pembukaan, Penjelasan Umum, Penutup, Diktum X or Lampiran X angka N",
                )
                current, body, in_penjelasan = None, [], False
                continue
            if pasal_match:
                pasal, note = pasal_match.group(1), pasal_match.group(2)
                key = f"pasal-{pasal.lower()}" + (f"-{slugify(note)}" if note else "")
            elif other_match:
                pasal, note = other_match.group(1), other_match.group(2)
                key = slugify(pasal) + (f"-{slugify(note)}" if note else "")
                key = re.sub(r"^lampiran-([a-z0-9]+)-angka-", r"lampiran-\1-", key)
            current = Section(key=key, heading=heading, pasal=pasal, line=number, text="")
            sections.append(current)
            body, in_penjelasan, head_zone = [], False, True
            continue
        if current is None:
            if stripped and not stripped.startswith("#"):
                problems.add(
                    number, "text outside any section: put it under a '## Pasal N' heading"
                )
            continue
        if stripped.startswith("### "):
            title = stripped[4:].strip()
            if not title.lower().startswith("penjelasan"):
                problems.add(
                    number, f"unknown subsection '{title}': only '### Penjelasan' is allowed"
                )
                continue
            close()
            body, in_penjelasan, head_zone = [], True, True
            current.penjelasan_line = number
            continue
        marker = MARKER.match(stripped)
        if marker:
            kind, value = marker.group(1), marker.group(2).strip()
            if not head_zone:
                problems.add(
                    number, f"'{kind}' marker after the text: move it right under the heading"
                )
            elif kind == "Verifikasi":
                level = value.split("—")[0].split(" - ")[0].strip().lower()
                url = URL.search(value)
                if level not in _UNIT_VERIFICATION or not url:
                    problems.add(
                        number,
                        "Verifikasi marker must read 'kutipan sekunder — <url>' or 'ringkasan — <url>'",
                    )
                else:
                    current.verification = _UNIT_VERIFICATION[level]  # type: ignore[assignment]
                    current.verification_url = url.group(0)
            elif kind == "Status":
                current.status_note = value
            else:
                current.notes.append(value)
            continue
        if stripped.startswith(">"):
            problems.add(
                number,
                "quote line inside legal text: use a '> **Catatan:**' marker under the heading",
            )
            continue
        if stripped:
            head_zone = False
        body.append(raw)
    close()
    return sections, problems


def _node_label(section: Section, chain: tuple[Part, ...], penjelasan: bool) -> str:
    base = section.heading if not section.heading.startswith("Pasal") else f"Pasal {section.pasal}"
    parts = " ".join(part.label() for part in chain)
    label = " ".join(x for x in (("Penjelasan " if penjelasan else "") + base, parts) if x)
    note = section.heading[len(base) :].strip()
    return f"{label} {note}".strip()


def _chapeau(chain: tuple[Part, ...], root: Part) -> list[str]:
    lines = list(root.lines)
    for part in chain:
        lines.extend(part.lines)
    return lines


def _units_for(
    reg: Regulation, section: Section, root: Part, penjelasan: bool, base_id: str
) -> list[Unit]:
    units: list[Unit] = []
    note = section.status_note or (section.notes[0] if section.notes else None)

    def make(chain: tuple[Part, ...], text: str, node_id: str) -> None:
        if not text.strip() or (penjelasan and _CUKUP_JELAS.match(" ".join(text.split()))):
            return
        units.append(
            Unit(
                id=node_id,
                regulation=reg.id,
                label=f"{reg.short} {_node_label(section, chain, penjelasan)}",
                pasal=section.pasal,
                text=text.strip(),
                status="diubah" if section.status_note else reg.status,
                verification=section.verification,
                url=section.verification_url or reg.source_url,
                penjelasan=penjelasan,
                note=note,
            )
        )

    def visit(part: Part, chain: tuple[Part, ...], node_id: str) -> None:
        text = part.text()
        if len(text) <= UNIT_MAX_CHARS or not part.children:
            context = _chapeau(chain[:-1], root) if chain else []
            make(chain, "\n".join([*context, text]), node_id)
            return
        own = "\n".join(part.lines).strip()
        # Own lines that carry substance (not just a "PNS dilarang:" chapeau) form a unit too.
        if own and len(own) > 160 and chain:
            make(chain, "\n".join([*_chapeau(chain[:-1], root), own]), node_id)
        for child in part.children:
            visit(child, (*chain, child), f"{node_id}/{child.slug()}")

    visit(root, (), base_id)
    return units


def _add_nodes(
    reg: Regulation, section: Section, root: Part, penjelasan: bool, base_id: str, first_line: int
) -> None:
    def add(node_id: str, label: str, text: str, line: int) -> None:
        final = node_id
        counter = 2
        while final in reg.nodes:
            final = f"{node_id}-{counter}"
            counter += 1
        reg.nodes[final] = Node(final, label, section.pasal, text, line)

    add(base_id, _node_label(section, (), penjelasan), root.text(), first_line)
    for ancestors, part in walk(root):
        chain = (*ancestors, part)
        node_id = "/".join([base_id, *(p.slug() for p in chain)])
        add(
            node_id,
            _node_label(section, chain, penjelasan),
            part.text(),
            first_line + part.line + 1,
        )


def _regulation(
    meta: frontmatter.FrontMatter | None, data: dict[str, Any], path: str
) -> Regulation | None:
    """The Regulation a front matter declares; with problems in it, the best reading of the raw
    values so that the body is still checked (None without id, short, status or URL)."""
    if meta is not None:
        fields = meta.model_dump()
    elif any(data.get(key) in (None, "") for key in ("id", "short", "status", "source_url")):
        return None
    else:
        fields = {
            "id": str(data["id"]),
            "title": str(data.get("title", "")),
            "short": str(data["short"]),
            "type": str(data.get("type", "")),
            "number": str(data.get("number", "")),
            "year": data["year"] if isinstance(data.get("year"), int) else 0,
            "status": data["status"] if data["status"] in STATUSES else "berlaku",
            "source_url": str(data["source_url"]),
            "verification": str(data.get("verification", "")),
            "verified_against": str(data.get("verified_against") or ""),
            "replaced_by": data.get("replaced_by"),
            "amended_by": list(data.get("amended_by") or []),
        }
    units = fields.pop("replaced_units", None) or data.get("replaced_units") or {}
    replaced = (
        {f"{fields['id']}/{key}": str(value) for key, value in units.items()}
        if isinstance(units, dict)
        else {}
    )
    return Regulation(**fields, replaced_units=replaced, path=path)


def parse_regulation_text(
    text: str, path: str = "<memory>", stem: str | None = None
) -> tuple[Regulation | None, list[Problem]]:
    """Parse one regulation file's text.

    Args:
        text: file content.
        path: shown in problems.
        stem: expected id (the file name without .md); defaults to the front matter's id.

    Returns:
        The regulation (None when the front matter is unusable) and every problem found.
    """
    lines = text.splitlines()
    problems = Problems(path)
    block = frontmatter.read_block(lines)
    if block.error is not None:
        problems.add(*block.error)
        return None, problems
    data = block.data
    meta, front_problems = frontmatter.check(block, stem or str(data.get("id", "")))
    for line, message in front_problems:
        problems.add(line, message)
    reg = _regulation(meta, data, path)
    if reg is None:
        return None, problems
    start = block.body_start
    sections, section_problems = _read_sections(lines, start, path)
    problems.extend(section_problems)
    seen: dict[str, int] = {}
    for section in sections:
        if section.key in seen:
            problems.add(
                section.line,
                f"duplicate section '{section.heading}' (first at line {seen[section.key]}): merge them or add a variant note",
            )
            continue
        seen[section.key] = section.line
        reg.sections.append(section)
        if not section.text.strip():
            problems.add(
                section.line, f"empty unit '{section.heading}': add its text or remove the heading"
            )
            continue
        base_id = f"{reg.id}/{section.key}"
        root = split_parts(section.text)
        _add_nodes(reg, section, root, False, base_id, section.line)
        reg.units.extend(_units_for(reg, section, root, False, base_id))
        if section.penjelasan is not None:
            if not section.penjelasan.strip():
                problems.add(
                    section.penjelasan_line or section.line,
                    f"empty Penjelasan under '{section.heading}': add its text or remove the subsection",
                )
                continue
            proot = split_parts(section.penjelasan, penjelasan=True)
            _add_nodes(
                reg,
                section,
                proot,
                True,
                f"{base_id}/penjelasan",
                section.penjelasan_line or section.line,
            )
            reg.units.extend(_units_for(reg, section, proot, True, f"{base_id}/penjelasan"))
    return reg, problems


def load_regulation(path: Path) -> tuple[Regulation | None, list[Problem]]:
    """Parse one file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems = Problems(str(path))
        problems.add(1, f"cannot read the file ({exc.__class__.__name__}): save it as UTF-8 text")
        return None, problems
    return parse_regulation_text(text, str(path), path.stem)
