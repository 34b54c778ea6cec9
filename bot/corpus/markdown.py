"""Read `regulations/*.md` into `Regulation` objects with nodes and retrieval units.

Parsing never raises on content problems: it returns them as `Problem`s with file and line,
so the validator can report every problem at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.corpus.structure import Part, split_parts, walk
from bot.models import STATUSES, Node, Regulation, Section, Unit

UNIT_MAX_CHARS = 900
PASAL_HEADING = re.compile(r"^Pasal ([0-9]+[A-Z]?|[IVXLC]+)(?: \((.+)\))?$")
OTHER_HEADING = re.compile(
    r"^(Pembukaan|Penjelasan Umum|Penutup|Diktum [A-Z]+|Lampiran [A-Z0-9]+(?: angka \d+)?)(?: \((.+)\))?$"
)
MARKER = re.compile(r"^>\s*\*\*(Verifikasi|Status|Catatan):\*\*\s*(.*)$")
URL = re.compile(r"https?://\S+")
REQUIRED = (
    "id",
    "title",
    "short",
    "type",
    "number",
    "year",
    "status",
    "source_url",
    "verification",
)
FILE_VERIFICATION = ("verbatim", "sebagian", "ringkasan")
_UNIT_VERIFICATION = {"kutipan sekunder": "kutipan_sekunder", "ringkasan": "ringkasan"}
_CUKUP_JELAS = re.compile(r"^(?:(?:ayat|huruf|angka)\s+\S+\s*)*cukup jelas\.?$", re.I)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _front_matter(
    lines: list[str], path: str
) -> tuple[dict[str, Any], dict[str, int], int, list[Problem]]:
    if not lines or lines[0].strip() != "---":
        return (
            {},
            {},
            0,
            [Problem(path, 1, "missing front matter: start the file with a '---' line")],
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return (
            {},
            {},
            0,
            [Problem(path, 1, "front matter is not closed: add a '---' line after it")],
        )
    block = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        return (
            {},
            {},
            end + 1,
            [
                Problem(
                    path,
                    line,
                    f"front matter is not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax",
                )
            ],
        )
    if not isinstance(data, dict):
        return {}, {}, end + 1, [Problem(path, 2, "front matter must be a mapping of keys")]
    key_lines = {}
    for i in range(1, end):
        found = re.match(r"^([A-Za-z_]+):", lines[i])
        if found:
            key_lines[found.group(1)] = i + 1
    return data, key_lines, end + 1, []


def _check_front(
    data: dict[str, Any], key_lines: dict[str, int], path: str, stem: str
) -> list[Problem]:
    problems = []
    for key in REQUIRED:
        if data.get(key) in (None, ""):
            problems.append(
                Problem(path, key_lines.get(key, 1), f"front matter lacks '{key}': add it")
            )
    line = key_lines.get
    if data.get("id") and data["id"] != stem:
        problems.append(
            Problem(
                path,
                line("id", 1),
                f"id '{data['id']}' does not match the file name '{stem}': rename one",
            )
        )
    if data.get("status") and data["status"] not in STATUSES:
        problems.append(
            Problem(
                path,
                line("status", 1),
                f"status '{data['status']}' is not one of {', '.join(STATUSES)}",
            )
        )
    if data.get("verification") and data["verification"] not in FILE_VERIFICATION:
        problems.append(
            Problem(
                path,
                line("verification", 1),
                f"verification '{data['verification']}' is not one of {', '.join(FILE_VERIFICATION)}",
            )
        )
    if data.get("status") == "dicabut" and not data.get("replaced_by"):
        problems.append(
            Problem(
                path,
                line("status", 1),
                "a revoked regulation needs 'replaced_by': name the regulation that revoked it",
            )
        )
    url = data.get("source_url")
    if url and not URL.fullmatch(str(url)):
        problems.append(
            Problem(path, line("source_url", 1), f"source_url '{url}' is not an http(s) URL")
        )
    if data.get("year") is not None and not isinstance(data.get("year"), int):
        problems.append(Problem(path, line("year", 1), "year must be a number, e.g. 2021"))
    amended = data.get("amended_by", [])
    if amended is not None and not isinstance(amended, list):
        problems.append(Problem(path, line("amended_by", 1), "amended_by must be a list of ids"))
    return problems


def _read_sections(lines: list[str], start: int, path: str) -> tuple[list[Section], list[Problem]]:
    sections: list[Section] = []
    problems: list[Problem] = []
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
                problems.append(
                    Problem(
                        path,
                        number,
                        f"malformed Pasal heading '{heading}': write 'Pasal 12', 'Pasal 12A' or 'Pasal 12 (note)'",
                    )
                )
                current, body, in_penjelasan = None, [], False
                continue
            if not pasal_match and not other_match:
                problems.append(
                    Problem(
                        path,
                        number,
                        f"unknown section heading '{heading}': use Pasal N, Pembukaan, Penjelasan Umum, Penutup, Diktum X or Lampiran X angka N",
                    )
                )
                current, body, in_penjelasan = None, [], False
                continue
            if pasal_match:
                pasal, note = pasal_match.group(1), pasal_match.group(2)
                key = f"pasal-{pasal.lower()}" + (f"-{slugify(note)}" if note else "")
            else:
                pasal, note = other_match.group(1), other_match.group(2)
                key = slugify(pasal) + (f"-{slugify(note)}" if note else "")
                key = re.sub(r"^lampiran-([a-z0-9]+)-angka-", r"lampiran-\1-", key)
            current = Section(key=key, heading=heading, pasal=pasal, line=number, text="")
            sections.append(current)
            body, in_penjelasan, head_zone = [], False, True
            continue
        if current is None:
            if stripped and not stripped.startswith("#"):
                problems.append(
                    Problem(
                        path,
                        number,
                        "text outside any section: put it under a '## Pasal N' heading",
                    )
                )
            continue
        if stripped.startswith("### "):
            title = stripped[4:].strip()
            if not title.lower().startswith("penjelasan"):
                problems.append(
                    Problem(
                        path,
                        number,
                        f"unknown subsection '{title}': only '### Penjelasan' is allowed",
                    )
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
                problems.append(
                    Problem(
                        path,
                        number,
                        f"'{kind}' marker after the text: move it right under the heading",
                    )
                )
            elif kind == "Verifikasi":
                level = value.split("—")[0].split(" - ")[0].strip().lower()
                url = URL.search(value)
                if level not in _UNIT_VERIFICATION or not url:
                    problems.append(
                        Problem(
                            path,
                            number,
                            "Verifikasi marker must read 'kutipan sekunder — <url>' or 'ringkasan — <url>'",
                        )
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
            problems.append(
                Problem(
                    path,
                    number,
                    "quote line inside legal text: use a '> **Catatan:**' marker under the heading",
                )
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
    data, key_lines, start, problems = _front_matter(lines, path)
    if problems:
        return None, problems
    problems.extend(_check_front(data, key_lines, path, stem or str(data.get("id", ""))))
    if any(data.get(key) in (None, "") for key in ("id", "short", "status", "source_url")):
        return None, problems
    reg = Regulation(
        id=str(data["id"]),
        title=str(data.get("title", "")),
        short=str(data["short"]),
        type=str(data.get("type", "")),
        number=str(data.get("number", "")),
        year=int(data["year"]) if isinstance(data.get("year"), int) else 0,
        status=data["status"] if data["status"] in STATUSES else "berlaku",
        source_url=str(data["source_url"]),
        verification=str(data.get("verification", "")),
        verified_against=str(data.get("verified_against") or ""),
        replaced_by=data.get("replaced_by"),
        amended_by=list(data.get("amended_by") or []),
        replaced_units={
            f"{data['id']}/{key}": str(value)
            for key, value in (data.get("replaced_units") or {}).items()
        }
        if isinstance(data.get("replaced_units"), dict)
        else {},
        path=path,
    )
    sections, section_problems = _read_sections(lines, start, path)
    problems.extend(section_problems)
    seen: dict[str, int] = {}
    for section in sections:
        if section.key in seen:
            problems.append(
                Problem(
                    path,
                    section.line,
                    f"duplicate section '{section.heading}' (first at line {seen[section.key]}): merge them or add a variant note",
                )
            )
            continue
        seen[section.key] = section.line
        reg.sections.append(section)
        if not section.text.strip():
            problems.append(
                Problem(
                    path,
                    section.line,
                    f"empty unit '{section.heading}': add its text or remove the heading",
                )
            )
            continue
        base_id = f"{reg.id}/{section.key}"
        root = split_parts(section.text)
        _add_nodes(reg, section, root, False, base_id, section.line)
        reg.units.extend(_units_for(reg, section, root, False, base_id))
        if section.penjelasan is not None:
            if not section.penjelasan.strip():
                problems.append(
                    Problem(
                        path,
                        section.penjelasan_line or section.line,
                        f"empty Penjelasan under '{section.heading}': add its text or remove the subsection",
                    )
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
        return None, [
            Problem(
                str(path),
                1,
                f"cannot read the file ({exc.__class__.__name__}): save it as UTF-8 text",
            )
        ]
    return parse_regulation_text(text, str(path), path.stem)
