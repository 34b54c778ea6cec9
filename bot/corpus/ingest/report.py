"""What an ingestion did: Pasal found, gaps, removals, fixes, repairs, unplaced lines, warnings."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.corpus.ingest.doc import Doc, Note, Unplaced
from bot.corpus.ingest.read import SourceText
from bot.corpus.ocr import Change, CleanText


@dataclass
class IngestReport:
    id: str
    pasal_numbers: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    penjelasan: list[str] = field(default_factory=list)  # Pasal numbers with a Penjelasan
    unplaced: list[Unplaced] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)
    layout_repairs: list[Change] = field(default_factory=list)
    warnings: list[Note] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # BAB / Bagian / Paragraf, read as context
    pages: int = 0  # pages of a PDF (0 for text)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR, 1-based
    low_confidence: list[tuple[int, str, float]] = field(default_factory=list)  # raw line, text
    path: Path | None = None

    @property
    def pasal_count(self) -> int:
        return len(self.pasal_numbers)

    def ranges(self) -> str:
        """The Pasal found, as ranges: "1-38, 40-46"."""
        return _ranges(self.pasal_numbers)

    def to_json(self) -> dict[str, Any]:
        """Everything in the report, for `netral corpus ingest --json`."""
        data = asdict(self)
        data["path"] = str(self.path) if self.path else None
        data["low_confidence"] = [
            {"line": line, "text": text, "confidence": confidence}
            for line, text, confidence in self.low_confidence
        ]
        return data


def make_report(reg_id: str, doc: Doc, clean: CleanText, source: SourceText) -> IngestReport:
    numbers = [p.number for p in doc.pasals]
    fixes = clean.fixed + doc.fixes
    return IngestReport(
        id=reg_id,
        pasal_numbers=numbers,
        gaps=_gaps(numbers),
        duplicates=sorted(set(doc.duplicates), key=_number_key),
        penjelasan=[p.number for p in doc.pasals if p.pj_entries],
        unplaced=sorted(doc.unplaced, key=lambda u: u.line),
        removed=clean.removed_counts(),
        headings=doc.headings,
        fixed=dict(Counter(change.rule for change in fixes)),
        layout_repairs=[
            c for c in fixes if c.rule.startswith("layout:") or c.rule.startswith("sequence:")
        ],
        warnings=doc.warnings,
        pages=source.pages,
        ocr_pages=source.ocr_pages,
        low_confidence=source.low_confidence,
    )


def _number_key(number: str) -> tuple[int, str]:
    found = re.match(r"(\d+)(.*)", number)
    return (int(found.group(1)), found.group(2)) if found else (0, number)


def _gaps(numbers: list[str]) -> list[str]:
    values = sorted({_number_key(n)[0] for n in numbers if n[:1].isdigit()})
    gaps: list[str] = []
    for low, high in itertools.pairwise(values):
        gaps.extend(str(n) for n in range(low + 1, high))
    if values and values[0] > 1:
        gaps = [str(n) for n in range(1, values[0])] + gaps
    return gaps


def _ranges(numbers: list[str]) -> str:
    values = [int(n) for n in numbers if n.isdigit()]
    if len(values) != len(numbers) or not values:
        return ", ".join(numbers)
    spans: list[str] = []
    start = prev = values[0]
    for value in [*values[1:], None]:
        if value is not None and value == prev + 1:
            prev = value
            continue
        spans.append(f"{start}-{prev}" if prev != start else str(start))
        if value is not None:
            start = prev = value
    return ", ".join(spans)
