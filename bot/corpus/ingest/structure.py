"""Cleaned lines → document: Pembukaan, Pasal bodies, Penutup, Penjelasan Umum and per Pasal.

BAB / Bagian / Paragraf headings are read as context and left out of the sections; lines that
cannot be placed are recorded as `Unplaced`, never guessed into the text.
"""

from __future__ import annotations

import re

from bot.corpus.ingest.doc import Doc, Entry, Pasal, Unplaced
from bot.corpus.ingest.lists import (
    check_penjelasan,
    drop_orphans,
    fix_sequences,
    indent,
    repair_orphan_ayat,
)
from bot.corpus.ocr import Line

# Structure of the cleaned lines.
_AYAT = re.compile(r"^\((\d{1,2}[a-z]?)\)\s*(.*)$")
_HURUF = re.compile(r"^([a-z])\.\s*(.*)$")
_ANGKA = re.compile(r"^(\d{1,2})([.)])\s*(.*)$")
_ANGKA_GLYPH = re.compile(r"^[fIl|!]\s\.\s+(.*)$")  # "f . ikut kampanye": angka 1 read as "f ."
_ANGKA_SPLIT = re.compile(r"^(\d) (\d)\.\s+(.*)$")  # "1 1. Menteri": angka 11 with a gap in it
_PJ_MARKER = re.compile(r"^(Ayat \((\w{1,2})\)|Huruf ([a-zA-Z]{1,2})|Angka (\d{1,2}))$")
_BAB = re.compile(r"^BAB\s+[IVXLC]+\b")
_SUBHEAD = re.compile(r"^(?:Bagian\s+Ke[a-z]+|Paragraf\s+\d+)\b")
_PENUTUP = re.compile(r"^(?:Agar setiap\b|Disahkan di\b|Ditetapkan di\b)")
_PENJELASAN = re.compile(r"^PENJELASAN\b")
_PDP = re.compile(r"^II\.\s+PASAL\s+DEMI\s+PASAL$")
_TLN = re.compile(r"^TAMBAHAN\s+LEMBARAN\s+NEGARA\b")
_KEYWORD = re.compile(
    r"^(?:Menimbang|Mengingat|Menetapkan|MEMUTUSKAN|Dengan Persetujuan Bersama|Disahkan di|"
    r"Ditetapkan di|Diundangkan di|pada tanggal|ttd|rtd|Agar setiap)\b"
)
_KEYWORD_ONLY = re.compile(r"^(?:Menimbang|Mengingat|Menetapkan)\s*:?$")
_TERMINAL = (".", ";", ":", ",")
_QUOTED_PASAL = re.compile(r'^"?Pasal \d+[A-Z]?$')


def build(lines: list[Line]) -> Doc:
    doc = Doc()
    _zone(doc, lines)
    doc.pembukaan = _strip_headings(doc, doc.pembukaan, "Pembukaan")
    for pasal in doc.pasals:
        mode = "pasal" if pasal.number[:1].isdigit() else "amend"
        if mode == "pasal":
            # In an amending act (Pasal I, II) a BAB or Bagian line is part of the amended text.
            pasal.body = _strip_headings(doc, pasal.body, f"Pasal {pasal.number}")
        pasal.entries = entries(doc, pasal.body, f"Pasal {pasal.number}", mode)
    repair_orphan_ayat(doc)
    for pasal in doc.pasals:
        drop_orphans(doc, pasal)
        arabic = pasal.number[:1].isdigit()
        # Pasal I of an amending act interleaves its instruction numbers with quoted lists.
        fix_sequences(doc, pasal.entries, f"Pasal {pasal.number}", check=arabic)
        if arabic:
            indent(pasal.entries)
        if pasal.penjelasan is not None:
            pasal.pj_entries = entries(
                doc, pasal.penjelasan, f"Penjelasan Pasal {pasal.number}", "penjelasan"
            )
            fix_sequences(doc, pasal.pj_entries, f"Penjelasan Pasal {pasal.number}")
            indent(pasal.pj_entries)
            check_penjelasan(doc, pasal)
    return doc


def _zone(doc: Doc, lines: list[Line]) -> None:
    """Send every line to Pembukaan, a Pasal, Penutup, Penjelasan Umum or a Pasal's Penjelasan."""
    state, current = "pembukaan", doc.pembukaan
    by_number: dict[str, Pasal] = {}
    for line in lines:
        if line.kind == "pasal":
            number = line.text.split(" ", 1)[1]
            if state in ("pembukaan", "body"):
                state = "body"
                if number in by_number:
                    doc.duplicates.append(number)
                pasal = Pasal(number, line.source)
                by_number[number] = pasal
                doc.pasals.append(pasal)
                current = pasal.body
            elif state == "pdp":
                target = by_number.get(number)
                if target is None:
                    current = _Sink(doc, "penjelasan-without-pasal", f"Penjelasan Pasal {number}")
                    current.append(line)
                else:
                    target.penjelasan = target.penjelasan or []
                    current = target.penjelasan
            continue
        text = line.text
        if _TLN.match(text):
            doc.penutup.append(line)
            continue
        if state == "body" and _PENUTUP.match(text):
            state, current = "penutup", doc.penutup
        elif state in ("body", "penutup") and _PENJELASAN.match(text):
            state, current = "umum", doc.umum
        elif state == "umum" and _PDP.match(text):
            state, current = "pdp", _Sink(doc, "before-first-penjelasan")
            continue
        current.append(line)


class _Sink(list):
    """Collects lines that have nowhere to go, as unplaced."""

    def __init__(self, doc: Doc, reason: str, where: str = "") -> None:
        super().__init__()
        self.doc, self.reason, self.where = doc, reason, where

    def append(self, line: Line) -> None:
        self.doc.unplaced.append(Unplaced(line.source, line.text, self.reason, self.where))


def _strip_headings(doc: Doc, lines: list[Line], where: str) -> list[Line]:
    """Drop BAB / Bagian / Paragraf headings with their titles; what follows them is unplaced."""
    start = next(
        (i for i, line in enumerate(lines) if _BAB.match(line.text) or _SUBHEAD.match(line.text)),
        None,
    )
    if start is None:
        return lines
    kept, tail = lines[:start], lines[start:]
    expect_title = in_title = False
    for line in tail:
        text = line.text
        marker = _BAB.match(text) or _SUBHEAD.match(text)
        if marker:
            doc.headings.append(text)
            expect_title, in_title = not text[marker.end() :].strip(), True
            continue
        if (
            _is_caps(text)
            or (expect_title and not _is_item(text))
            or (in_title and text[:1].islower() and _title_continues(text))
        ):
            expect_title = False  # a title line, or the rest of a title broken over lines
            doc.headings[-1] += " " + text
            continue
        in_title = expect_title = False
        doc.unplaced.append(Unplaced(line.source, text, "among-headings", where))
    return kept


def _title_continues(text: str) -> bool:
    # "sebagai Gubernur dan Wakil Gubernur, Bupati/Walikota," continues a heading title; a
    # sentence end ("negara.") never does.
    return not text.endswith((".", ";", ":"))


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def _is_item(text: str) -> bool:
    return bool(
        _AYAT.match(text) or _HURUF.match(text) or _ANGKA.match(text) or _ANGKA_GLYPH.match(text)
    )


def _marker_entry(line: Line, penjelasan: bool) -> Entry | None:
    """The list item or Penjelasan marker a line opens, if any."""
    text, src = line.text, [line.source]
    if penjelasan and (found := _PJ_MARKER.match(text)):
        kind = "ayat" if found.group(2) else "huruf" if found.group(3) else "angka"
        return Entry(
            "pj", f"{kind}:{found.group(2) or found.group(3) or found.group(4)}", text, [], src
        )
    if found := _AYAT.match(text):
        return Entry("ayat", found.group(1), f"({found.group(1)})", _rest(found.group(2)), src)
    if found := _HURUF.match(text):
        return Entry("huruf", found.group(1), f"{found.group(1)}.", _rest(found.group(2)), src)
    if found := _ANGKA.match(text):
        marker = found.group(1) + found.group(2)
        return Entry("angka", found.group(1), marker, _rest(found.group(3)), src)
    # Markers only their list's sequence can settle (see _fix_sequences): key starts with "?".
    if found := _ANGKA_GLYPH.match(text):
        return Entry("angka", "?", text[: text.index(".") + 1], _rest(found.group(1)), src)
    if found := _ANGKA_SPLIT.match(text):
        key = "?" + found.group(1) + found.group(2)
        return Entry("angka", key, text[: text.index(".") + 1], _rest(found.group(3)), src)
    return None


def _rest(text: str) -> list[str]:
    return [text] if text else []


def entries(doc: Doc, lines: list[Line], where: str, mode: str) -> list[Entry]:
    """Group lines into one entry per list item, joining lines the OCR broke mid-sentence.

    `mode`: "pasal" (a Pasal body), "amend" (Pasal I of an amending act: the quoted "Pasal 250"
    lines stay apart), "penjelasan" (with Ayat/Huruf/Angka lines and paragraphs) or "free"
    (Pembukaan, Penutup, Penjelasan Umum: titles and signature lines stay apart).
    """
    entries: list[Entry] = []
    width = max((len(line.text) for line in lines), default=0)
    if mode in ("pasal", "amend"):
        lines = _fragments(doc, lines, where)
    for line in lines:
        entry = _marker_entry(line, mode == "penjelasan")
        if entry is not None:
            entries.append(entry)
            continue
        if _is_residue(line.text):
            doc.unplaced.append(Unplaced(line.source, line.text, "damaged", where))
            continue
        last = entries[-1] if entries else None
        if last is not None and _joins(last, line.text, width, mode):
            last.parts.append(line.text)
            last.lines.append(line.source)
        else:
            entries.append(Entry("text", "", "", [line.text], [line.source]))
    return entries


def _fragments(doc: Doc, lines: list[Line], where: str) -> list[Line]:
    """Drop text printed out of reading order: words after a finished sentence that never end one."""
    kept: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        kept.append(line)
        i += 1
        if not line.text.endswith("."):
            continue
        j = i
        while j < len(lines) and _marker_entry(lines[j], False) is None:
            j += 1
        group = lines[i:j]
        if group and not any(stray.text.endswith(_TERMINAL) for stray in group):
            for stray in group:
                doc.unplaced.append(Unplaced(stray.source, stray.text, "out-of-order", where))
            i = j
    return kept


def _is_residue(text: str) -> bool:
    # A line without a single word of three letters is what is left of a printer code or speck.
    return not re.search(r"[A-Za-z]{3}", text)


def _joins(last: Entry, text: str, width: int, mode: str) -> bool:
    """Does `text` continue the entry `last` (a line broken by the page layout)?"""
    if last.kind == "pj":
        return False  # text under a Penjelasan marker starts its own line
    previous = last.parts[-1] if last.parts else last.marker
    if mode == "free" and (
        _is_caps(text)
        or _is_caps(previous)
        or _KEYWORD.match(text)
        or _KEYWORD_ONLY.match(previous)
        or previous == "dan"
    ):
        return False  # titles, "Menimbang", signature lines each keep their own line
    if mode == "amend" and (_QUOTED_PASAL.match(text) or _QUOTED_PASAL.match(previous)):
        return False  # "Pasal 250" opening the amended wording
    # Paragraph break in explanatory text: a sentence ends on a visibly short line.
    return not (
        mode in ("penjelasan", "free") and previous.endswith(".") and len(previous) < 0.8 * width
    )
