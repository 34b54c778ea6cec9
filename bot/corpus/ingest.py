"""Turn an official *salinan* (PDF, TXT or MD) into a corpus file `regulations/<id>.md`.

Flow: bytes → text (pypdf for a PDF, pages separated by a blank line) → `clean_salinan` (page
furniture and glyph errors, see `bot/corpus/ocr.py`) → structure (Pembukaan, `Pasal N`
sections, list items, Penutup, Penjelasan Umum, Penjelasan per Pasal) → Markdown in the corpus
format (docs/corpus-format.md) → self-check with `parse_regulation_text` → atomic write.

BAB / Bagian / Paragraf headings are read as context and left out of the sections. Lines that
cannot be placed (words printed out of reading order, orphan ayat numbers, damaged residue) are
not guessed into the text: they are listed in the report with their raw line numbers, together
with every removal and fix, so an editor can check them against the PDF.

Source URL: the validator requires an http(s) `source_url`, and a file path or a made-up portal
URL would tell users something false. So `prepare_ingest` (the preview, which writes nothing)
works without one and renders `source_url: null` with a YAML comment asking for it, while
`publish` refuses without it: `netral corpus ingest` therefore needs `--source-url`, and the
Telegram admin flow can show a preview first and ask for the URL before publishing.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.frontmatter import DraftFrontMatter, dump, valid_id
from bot.corpus.markdown import parse_regulation_text
from bot.corpus.ocr import Change, CleanText, Line, clean_salinan
from bot.fsutil import atomic_write
from bot.models import REG_TYPES, STATUSES

SUFFIXES = (".pdf", ".txt", ".md")
_SHORT_LABEL = {
    "uu": "UU",
    "perppu": "Perppu",
    "pp": "PP",
    "perpres": "Perpres",
    "permen": "Permen",
    "perban": "Perban",
    "skb": "SKB",
    "se": "SE",
    "lainnya": "Peraturan",
}
_URL = re.compile(r"^https?://\S+$")
_PLACEHOLDER_URL = "https://example.invalid/source-url-missing"  # only for the preview self-check
_URL_REMINDER = "# wajib diisi: URL salinan resmi (--source-url)"
# What pypdf raises besides its own errors when a file is damaged (it parses lazily).
_PDF_FAILURES = (ValueError, KeyError, TypeError, AttributeError, OSError, AssertionError)

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


class IngestError(Exception):
    """A one-line reason why a salinan cannot be ingested; nothing was written."""


@dataclass
class IngestRequest:
    path: Path | str
    id: str
    title: str
    type: str
    number: str
    year: int
    short: str | None = None
    status: str = "berlaku"
    source_url: str | None = None
    replace: bool = False


@dataclass(frozen=True)
class Unplaced:
    line: int  # raw line number in the source text
    text: str
    reason: str


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
    warnings: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # BAB / Bagian / Paragraf, read as context
    path: Path | None = None

    @property
    def pasal_count(self) -> int:
        return len(self.pasal_numbers)

    def summary(self) -> str:
        """A multi-line human summary (English) for the CLI and the admin chat."""
        out = [
            f"{self.id}: {self.pasal_count} Pasal ({_ranges(self.pasal_numbers)}), "
            f"Penjelasan for {len(self.penjelasan)} Pasal"
        ]
        out.append(f"gaps in numbering: {', '.join(self.gaps) or 'none'}")
        out.append(f"duplicates: {', '.join(self.duplicates) or 'none'}")
        out.append("removed: " + (_counts(self.removed) or "nothing"))
        out.append(f"headings read as context (not sections): {len(self.headings)}")
        out.append("fixed: " + (_counts(self.fixed) or "nothing"))
        if self.layout_repairs:
            out.append(f"layout repairs to verify against the PDF ({len(self.layout_repairs)}):")
            out.extend(f"  line {c.line}: {c.before} -> {c.after}" for c in self.layout_repairs)
        out.append(f"lines not placed ({len(self.unplaced)})" + (":" if self.unplaced else ""))
        out.extend(f"  line {u.line}: {u.text!r} ({u.reason})" for u in self.unplaced)
        if self.warnings:
            out.append(f"warnings ({len(self.warnings)}):")
            out.extend(f"  {w}" for w in self.warnings)
        out.append(f"written: {self.path}" if self.path else "preview only: nothing written")
        return "\n".join(out)


@dataclass
class IngestPreview:
    request: IngestRequest
    markdown: str
    report: IngestReport
    clean: CleanText
    problems: list[str] = field(default_factory=list)  # validator problems of `markdown`


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def prepare_ingest(request: IngestRequest, data: bytes | None = None) -> IngestPreview:
    """Read, clean and structure a salinan; write nothing.

    Args:
        request: what to ingest and the front matter to give it.
        data: the file's bytes (e.g. a Telegram upload); read from `request.path` when None.

    Raises:
        IngestError: unsupported extension, unreadable/empty file, corrupt PDF, invalid
            request field, or no Pasal found.
    """
    _check_request(request)
    text = _read_text(Path(request.path), data)
    clean = clean_salinan(text)
    doc = _build(clean.lines)
    if not doc.pasals:
        raise IngestError(
            f"no Pasal found in {Path(request.path).name}: is it the salinan of a regulation?"
        )
    markdown = _render(request, doc)
    report = _report(request.id, doc, clean)  # after rendering: it can still find problems
    # The preview may lack its URL (publish insists on it); check the structure regardless.
    checked = re.sub(
        r"(?m)^source_url: null\b", f"source_url: {_PLACEHOLDER_URL}", markdown, count=1
    )
    _, problems = parse_regulation_text(checked, f"{request.id}.md", request.id)
    return IngestPreview(request, markdown, report, clean, [str(p) for p in problems])


def publish(preview: IngestPreview, regulations_dir: Path, replace: bool) -> Path:
    """Write the previewed file atomically to `regulations_dir/<id>.md`.

    Raises:
        IngestError: no source URL, the Markdown has validator problems, or the file exists
            and `replace` is False.
    """
    request = preview.request
    if not request.source_url:
        raise IngestError("publishing needs --source-url: the official http(s) URL of the salinan")
    _, problems = parse_regulation_text(preview.markdown, f"{request.id}.md", request.id)
    if problems:
        raise IngestError(f"the generated file does not validate: {problems[0]}")
    target = Path(regulations_dir) / f"{request.id}.md"
    if target.exists() and not replace:
        raise IngestError(f"{target} already exists: pass --replace to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, preview.markdown)
    preview.report.path = target
    return target


def ingest_file(request: IngestRequest, regulations_dir: Path) -> IngestReport:
    """Prepare and publish in one step (`netral corpus ingest`)."""
    target = Path(regulations_dir) / f"{request.id}.md"
    if valid_id(request.id) and target.exists() and not request.replace:
        raise IngestError(f"{target} already exists: pass --replace to overwrite it")
    preview = prepare_ingest(request)
    publish(preview, regulations_dir, request.replace)
    return preview.report


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _check_request(request: IngestRequest) -> None:
    if not valid_id(request.id or ""):
        raise IngestError(
            f"invalid id {request.id!r}: use lowercase letters, digits and dashes, e.g. pp-94-2021"
        )
    if request.type not in REG_TYPES:
        raise IngestError(f"invalid type {request.type!r}: use one of {', '.join(REG_TYPES)}")
    if request.status not in STATUSES:
        raise IngestError(f"invalid status {request.status!r}: use one of {', '.join(STATUSES)}")
    if request.status == "dicabut":
        raise IngestError(
            "status dicabut needs replaced_by, which ingest cannot set: ingest as berlaku, then edit the file"
        )
    if not request.title.strip() or not str(request.number).strip():
        raise IngestError("title and number must not be empty")
    if not 1900 <= int(request.year) <= 2100:
        raise IngestError(f"invalid year {request.year}: expected e.g. 2021")
    if request.source_url and not _URL.match(request.source_url):
        raise IngestError(
            f"invalid source URL {request.source_url!r}: it must start with http:// or https://"
        )


def _read_text(path: Path, data: bytes | None) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(
            f"unsupported file type {suffix or '(none)'!r}: send a .pdf, .txt or .md salinan"
        )
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise IngestError(
                f"cannot read {path}: {exc.strerror or exc.__class__.__name__}"
            ) from None
    if not data.strip():
        raise IngestError(f"empty file: {path.name} has no text")
    text = _pdf_text(data, path.name) if suffix == ".pdf" else _decode(data)
    if not text.strip():
        raise IngestError(f"empty file: {path.name} has no text")
    return text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # old exports; every byte maps, so this never fails


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every repair it attempts on a damaged file; the user gets one line from us.
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(f"{name} is password-protected: send an unprotected salinan")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, *_PDF_FAILURES) as exc:
        raise IngestError(
            f"corrupt PDF {name}: {exc.__class__.__name__}: {' '.join(str(exc).split())[:120]}"
        ) from None
    finally:
        quiet.setLevel(level)
    if not any(page.strip() for page in pages):
        raise IngestError(
            f"{name} has no text layer (a scanned image?): OCR it first, then send the text"
        )
    return "\n\n".join(pages)  # a blank line between pages, as in the line-by-line salinan layout


# ---------------------------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    """One output line: a list item, a Penjelasan marker, or a run of text."""

    kind: str  # "text", "ayat", "huruf", "angka", "pj"
    key: str
    marker: str  # as rendered: "(1)", "a.", "1.", "Ayat (1)", ""
    parts: list[str]
    lines: list[int]  # raw line numbers
    indent: bool = False

    def text(self) -> str:
        body = _join(self.parts)
        return f"{self.marker} {body}".strip() if self.kind != "pj" else self.marker


@dataclass
class _Pasal:
    number: str
    line: int
    body: list[Line] = field(default_factory=list)
    penjelasan: list[Line] | None = None
    entries: list[_Entry] = field(default_factory=list)
    pj_entries: list[_Entry] = field(default_factory=list)


@dataclass
class _Doc:
    pembukaan: list[Line] = field(default_factory=list)
    pasals: list[_Pasal] = field(default_factory=list)
    penutup: list[Line] = field(default_factory=list)
    umum: list[Line] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    fixes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


def _build(lines: list[Line]) -> _Doc:
    doc = _Doc()
    _zone(doc, lines)
    doc.pembukaan = _strip_headings(doc, doc.pembukaan, "Pembukaan")
    for pasal in doc.pasals:
        mode = "pasal" if pasal.number[:1].isdigit() else "amend"
        if mode == "pasal":
            # In an amending act (Pasal I, II) a BAB or Bagian line is part of the amended text.
            pasal.body = _strip_headings(doc, pasal.body, f"Pasal {pasal.number}")
        pasal.entries = _entries(doc, pasal.body, f"Pasal {pasal.number}", mode)
    _repair_orphan_ayat(doc)
    for pasal in doc.pasals:
        _drop_orphans(doc, pasal)
        arabic = pasal.number[:1].isdigit()
        # Pasal I of an amending act interleaves its instruction numbers with quoted lists.
        _fix_sequences(doc, pasal.entries, f"Pasal {pasal.number}", check=arabic)
        if arabic:
            _indent(pasal.entries)
        if pasal.penjelasan is not None:
            pasal.pj_entries = _entries(
                doc, pasal.penjelasan, f"Penjelasan Pasal {pasal.number}", "penjelasan"
            )
            _fix_sequences(doc, pasal.pj_entries, f"Penjelasan Pasal {pasal.number}")
            _indent(pasal.pj_entries)
            _check_penjelasan(doc, pasal)
    return doc


def _zone(doc: _Doc, lines: list[Line]) -> None:
    """Send every line to Pembukaan, a Pasal, Penutup, Penjelasan Umum or a Pasal's Penjelasan."""
    state, current = "pembukaan", doc.pembukaan
    by_number: dict[str, _Pasal] = {}
    for line in lines:
        if line.kind == "pasal":
            number = line.text.split(" ", 1)[1]
            if state in ("pembukaan", "body"):
                state = "body"
                if number in by_number:
                    doc.duplicates.append(number)
                pasal = _Pasal(number, line.source)
                by_number[number] = pasal
                doc.pasals.append(pasal)
                current = pasal.body
            elif state == "pdp":
                target = by_number.get(number)
                if target is None:
                    current = _Sink(doc, f"Penjelasan of Pasal {number}, which is not in the body")
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
            state, current = "pdp", _Sink(doc, "text after PASAL DEMI PASAL before its first Pasal")
            continue
        current.append(line)


class _Sink(list):  # type: ignore[type-arg]
    """Collects lines that have nowhere to go, as unplaced."""

    def __init__(self, doc: _Doc, reason: str) -> None:
        super().__init__()
        self.doc, self.reason = doc, reason

    def append(self, line: Line) -> None:  # type: ignore[override]
        self.doc.unplaced.append(Unplaced(line.source, line.text, self.reason))


def _strip_headings(doc: _Doc, lines: list[Line], where: str) -> list[Line]:
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
        doc.unplaced.append(
            Unplaced(
                line.source, text, f"printed among the headings before the next Pasal ({where})"
            )
        )
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


def _marker_entry(line: Line, penjelasan: bool) -> _Entry | None:
    """The list item or Penjelasan marker a line opens, if any."""
    text, src = line.text, [line.source]
    if penjelasan and (found := _PJ_MARKER.match(text)):
        kind = "ayat" if found.group(2) else "huruf" if found.group(3) else "angka"
        return _Entry(
            "pj", f"{kind}:{found.group(2) or found.group(3) or found.group(4)}", text, [], src
        )
    if found := _AYAT.match(text):
        return _Entry("ayat", found.group(1), f"({found.group(1)})", _rest(found.group(2)), src)
    if found := _HURUF.match(text):
        return _Entry("huruf", found.group(1), f"{found.group(1)}.", _rest(found.group(2)), src)
    if found := _ANGKA.match(text):
        marker = found.group(1) + found.group(2)
        return _Entry("angka", found.group(1), marker, _rest(found.group(3)), src)
    # Markers only their list's sequence can settle (see _fix_sequences): key starts with "?".
    if found := _ANGKA_GLYPH.match(text):
        return _Entry("angka", "?", text[: text.index(".") + 1], _rest(found.group(1)), src)
    if found := _ANGKA_SPLIT.match(text):
        key = "?" + found.group(1) + found.group(2)
        return _Entry("angka", key, text[: text.index(".") + 1], _rest(found.group(3)), src)
    return None


def _rest(text: str) -> list[str]:
    return [text] if text else []


def _entries(doc: _Doc, lines: list[Line], where: str, mode: str) -> list[_Entry]:
    """Group lines into one entry per list item, joining lines the OCR broke mid-sentence.

    `mode`: "pasal" (a Pasal body), "amend" (Pasal I of an amending act: the quoted "Pasal 250"
    lines stay apart), "penjelasan" (with Ayat/Huruf/Angka lines and paragraphs) or "free"
    (Pembukaan, Penutup, Penjelasan Umum: titles and signature lines stay apart).
    """
    entries: list[_Entry] = []
    width = max((len(line.text) for line in lines), default=0)
    if mode in ("pasal", "amend"):
        lines = _fragments(doc, lines, where)
    for line in lines:
        entry = _marker_entry(line, mode == "penjelasan")
        if entry is not None:
            entries.append(entry)
            continue
        if _is_residue(line.text):
            doc.unplaced.append(Unplaced(line.source, line.text, f"damaged text ({where})"))
            continue
        last = entries[-1] if entries else None
        if last is not None and _joins(last, line.text, width, mode):
            last.parts.append(line.text)
            last.lines.append(line.source)
        else:
            entries.append(_Entry("text", "", "", [line.text], [line.source]))
    return entries


def _fragments(doc: _Doc, lines: list[Line], where: str) -> list[Line]:
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
                doc.unplaced.append(
                    Unplaced(
                        stray.source,
                        stray.text,
                        f"words out of reading order after a finished sentence ({where})",
                    )
                )
            i = j
    return kept


def _is_residue(text: str) -> bool:
    # A line without a single word of three letters is what is left of a printer code or speck.
    return not re.search(r"[A-Za-z]{3}", text)


def _joins(last: _Entry, text: str, width: int, mode: str) -> bool:
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


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if not out:
            out = part
        elif re.search(r"[A-Za-z]-$", out) or out.endswith("/"):
            out += part  # "Undang-" + "Undang", "jenderal/" + "sekretariat"
        else:
            out += " " + part
    return out


def _repair_orphan_ayat(doc: _Doc) -> None:
    """Ayat numbers printed at the end of the previous Pasal: give them back when counts match.

    UU 20/2023 prints "(1)" "(2)" before "Pasal 7" and the two sentences of Pasal 7 after it.
    When a Pasal ends with empty ayat markers (1)..(k) and the next Pasal opens with exactly
    k unnumbered sentences (then ayat (k+1) or nothing), each sentence gets its number back.
    """
    for previous, pasal in itertools.pairwise(doc.pasals):
        orphans = _trailing_orphans(previous.entries)
        keys = [e.key for e in orphans]
        if not keys or keys != [str(n) for n in range(1, len(keys) + 1)]:
            continue
        lead = _leading_text(pasal.entries)
        renumbered = _as_ayat(lead, keys)
        following = pasal.entries[len(lead) :]
        next_ayat = next((e.key for e in following if e.kind == "ayat"), None)
        if renumbered is None or next_ayat not in (None, str(len(keys) + 1)):
            continue
        del previous.entries[-len(orphans) :]
        pasal.entries[: len(lead)] = renumbered
        for orphan in orphans:
            doc.fixes.append(
                Change(
                    orphan.lines[0],
                    "layout:ayat-number",
                    f"{orphan.marker} printed before Pasal {pasal.number}",
                    f"{orphan.marker} of Pasal {pasal.number}",
                )
            )


def _trailing_orphans(entries: list[_Entry]) -> list[_Entry]:
    orphans: list[_Entry] = []
    for entry in reversed(entries):
        if entry.kind != "ayat" or entry.parts:
            break
        orphans.insert(0, entry)
    return orphans


def _leading_text(entries: list[_Entry]) -> list[_Entry]:
    lead: list[_Entry] = []
    for entry in entries:
        if entry.kind == "ayat":
            break
        lead.append(entry)
    return lead


def _as_ayat(lead: list[_Entry], keys: list[str]) -> list[_Entry] | None:
    """Cut the unnumbered text into sentences (line ends with "." or ":") numbered `keys`;
    list items after a ":" stay in place. None unless the count matches exactly."""
    out: list[_Entry] = []
    sentences = 0
    open_sentence: _Entry | None = None
    for entry in lead:
        if entry.kind != "text":
            if open_sentence is not None or not out:
                return None
            out.append(entry)
            continue
        for part, line in zip(entry.parts, entry.lines, strict=True):
            if open_sentence is None:
                if sentences == len(keys):
                    return None
                key = keys[sentences]
                sentences += 1
                open_sentence = _Entry("ayat", key, f"({key})", [], [])
                out.append(open_sentence)
            open_sentence.parts.append(part)
            open_sentence.lines.append(line)
            if part.endswith((".", ":")):
                open_sentence = None
    return out if sentences == len(keys) and open_sentence is None else None


def _drop_orphans(doc: _Doc, pasal: _Pasal) -> None:
    kept = []
    for entry in pasal.entries:
        if entry.kind in ("ayat", "huruf", "angka") and not entry.parts:
            doc.unplaced.append(
                Unplaced(
                    entry.lines[0], entry.marker, f"item number without text (Pasal {pasal.number})"
                )
            )
            continue
        kept.append(entry)
    pasal.entries = kept


def _fix_sequences(doc: _Doc, entries: list[_Entry], where: str, check: bool = True) -> None:
    """Settle marker glyphs that only the list's sequence can settle, then check the sequence."""
    items = [e for e in entries if e.kind != "text"]
    for index, entry in enumerate(items):
        before = items[index - 1] if index else None
        after = items[index + 1] if index + 1 < len(items) else None
        settled = _settle(entry, before, after, _previous_ayat(items, index))
        if settled is not None:
            _remark(doc, entry, *settled, "sequence:list-marker")
        elif entry.key.startswith("?"):
            entry.kind, entry.parts = "text", [entry.marker, *entry.parts]  # unproven: plain text
        if entry.kind == "angka" and entry.marker.endswith(")"):
            # "1)" sub-items: the corpus format (and its parser) writes angka as "1.".
            _remark(doc, entry, "angka", entry.key, f"{entry.key}.", "format:angka-marker")
    if check:
        _check_sequence(doc, items, where)


def _settle(
    entry: _Entry, before: _Entry | None, after: _Entry | None, ayat_before: str | None
) -> tuple[str, str, str] | None:
    """(kind, key, marker) when the neighbours prove what a misread marker is."""
    if entry.key == "?" and after is not None and after.kind == "angka" and after.key == "2":
        return "angka", "1", "1."  # "f . ikut" before "2." is angka 1
    if entry.key.startswith("?") and len(entry.key) > 1 and before is not None:
        number = entry.key[1:]
        if before.kind == "angka" and before.key.isdigit() and int(before.key) + 1 == int(number):
            return "angka", number, f"{number}."  # "1 1. Menteri" after angka 10 is angka 11
    closed_k = before is not None and before.key == "k" and not _join(before.parts).endswith(":")
    if (entry.kind, entry.key) == ("angka", "1") and closed_k and before.kind == "huruf":
        return "huruf", "l", "l."  # "1. keadilan" after "k. ...;": the letter l read as 1
    if entry.key == "huruf:I" and before is not None and before.key == "huruf:k":
        return "pj", "huruf:l", "Huruf l"
    if entry.key == "ayat:a" and ayat_before == "3":
        return "pj", "ayat:4", "Ayat (4)"  # a 4 read as "a"
    return None


def _previous_ayat(items: list[_Entry], index: int) -> str | None:
    for entry in reversed(items[:index]):
        if entry.key.startswith("ayat:"):
            return entry.key.split(":", 1)[1]
    return None


def _remark(doc: _Doc, entry: _Entry, kind: str, key: str, marker: str, rule: str) -> None:
    """Give an entry its settled marker and record the fix."""
    doc.fixes.append(Change(entry.lines[0], rule, entry.marker, marker))
    entry.kind, entry.key, entry.marker = kind, key, marker


def _check_sequence(doc: _Doc, items: list[_Entry], where: str) -> None:
    """Warn where a list skips a letter or number: a page is probably missing."""
    last: dict[str, str] = {}
    for entry in items:
        prefix = "pj-" if entry.kind == "pj" else ""
        level = prefix + (entry.key.split(":", 1)[0] if entry.kind == "pj" else entry.kind)
        key = entry.key.split(":", 1)[-1]
        previous = last.get(level)
        if previous is None and key not in ("1", "a"):
            doc.warnings.append(f"{where}: {entry.marker} opens its list")
        elif previous is not None and _step(previous, key) not in (1, -1, None):
            doc.warnings.append(
                f"{where}: {entry.marker} follows {_label(level.removeprefix('pj-'), previous, entry.kind)}"
            )
        last[level] = key
        # A higher level restarts the lower ones.
        for lower in {"ayat": ("huruf", "angka"), "huruf": ("angka",)}.get(
            level.removeprefix(prefix), ()
        ):
            last.pop(prefix + lower, None)


def _step(previous: str, key: str) -> int | None:
    if previous.isdigit() and key.isdigit():
        return int(key) - int(previous) if int(key) != 1 else -1
    if len(previous) == 1 and len(key) == 1 and previous.isalpha() and key.isalpha():
        return ord(key.lower()) - ord(previous.lower()) if key.lower() != "a" else -1
    return None


def _label(level: str, key: str, kind: str) -> str:
    if kind == "pj":
        return {"ayat": f"Ayat ({key})", "huruf": f"Huruf {key}", "angka": f"Angka {key}"}[level]
    return {"ayat": f"({key})", "huruf": f"{key}.", "angka": f"{key}."}[level]


def _indent(entries: list[_Entry]) -> None:
    """Angka under a huruf get three spaces, as in the corpus format."""
    in_huruf = False
    for entry in entries:
        if entry.kind in ("ayat", "pj"):
            in_huruf = False
        elif entry.kind == "huruf":
            in_huruf = True
        elif entry.kind == "angka":
            entry.indent = in_huruf


def _check_penjelasan(doc: _Doc, pasal: _Pasal) -> None:
    entries = pasal.pj_entries
    for index, entry in enumerate(entries):
        nxt = entries[index + 1] if index + 1 < len(entries) else None
        if (
            entry.kind == "pj"
            and (nxt is None or nxt.kind == "pj")
            and not _has_children(entries, index)
        ):
            doc.warnings.append(f"Penjelasan Pasal {pasal.number}: {entry.marker} has no text")
        if (
            entry.kind == "text"
            and index
            and entries[index - 1].kind == "text"
            and entry.parts[0][:1].islower()
        ):
            doc.warnings.append(
                f"Penjelasan Pasal {pasal.number}: paragraph in lowercase (line {entry.lines[0]}): check the reading order"
            )
        after_cukup = (
            entry.kind == "text"
            and nxt is not None
            and nxt.kind == "text"
            and _join(entry.parts).startswith("Cukup jelas")
        )
        if after_cukup or (
            entry.kind == "text" and re.match(r"^Cukup jelas\.?\s+\S", _join(entry.parts))
        ):
            doc.warnings.append(
                f'Penjelasan Pasal {pasal.number}: text after "Cukup jelas." (line {entry.lines[0]}): check its place'
            )


def _has_children(entries: list[_Entry], index: int) -> bool:
    rank = {"ayat": 0, "huruf": 1, "angka": 2}
    level = rank[entries[index].key.split(":", 1)[0]]
    nxt = entries[index + 1] if index + 1 < len(entries) else None
    return nxt is not None and nxt.kind == "pj" and rank[nxt.key.split(":", 1)[0]] > level


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def _short(request: IngestRequest) -> str:
    return (
        request.short
        or f"{_SHORT_LABEL.get(request.type, request.type.upper())} {request.number}/{request.year}"
    )


def _render(request: IngestRequest, doc: _Doc) -> str:
    meta = DraftFrontMatter(
        id=request.id,
        title=request.title.strip(),
        short=_short(request),
        type=request.type,  # type: ignore[arg-type]  # checked by _check_request
        number=str(request.number).strip(),
        year=int(request.year),
        status=request.status,  # type: ignore[arg-type]
        source_url=request.source_url or None,
        verification="verbatim",
        verified_against=f"OCR salinan ingested {dt.date.today().isoformat()}, belum ditinjau",
    )
    front = dump(meta)
    if not request.source_url:
        # YAML cannot carry a comment through safe_dump: the reminder goes on its line after.
        front = front.replace("\nsource_url: null\n", f"\nsource_url: null  {_URL_REMINDER}\n", 1)
    body: list[str] = []
    if doc.pembukaan:
        body += [
            "",
            "## Pembukaan",
            *_lines(doc, _entries(doc, doc.pembukaan, "Pembukaan", "free")),
        ]
    for pasal in doc.pasals:
        text = _lines(doc, pasal.entries)
        if not text:
            doc.warnings.append(f"Pasal {pasal.number}: no text left; section left out")
            continue
        body += ["", f"## Pasal {pasal.number}", *text]
        explanation = _lines(doc, pasal.pj_entries)
        if explanation:
            body += ["", "### Penjelasan", *explanation]
    if doc.penutup:
        body += ["", "## Penutup", *_lines(doc, _entries(doc, doc.penutup, "Penutup", "free"))]
    if doc.umum:
        body += [
            "",
            "## Penjelasan Umum",
            *_lines(doc, _entries(doc, doc.umum, "Penjelasan Umum", "free")),
        ]
    return front + "\n".join(body) + "\n"


def _lines(doc: _Doc, entries: list[_Entry]) -> list[str]:
    out: list[str] = []
    for entry in entries:
        text = entry.text().strip()
        if re.match(r"^[#>]", text):
            # A heading or quote mark would change the file's structure: never legal text.
            doc.fixes.append(Change(entry.lines[0], "format:markdown-char", text[:1], ""))
            text = text.lstrip("#> ")
        if text:
            out.append(("   " if entry.indent else "") + text)
    return out


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def _report(reg_id: str, doc: _Doc, clean: CleanText) -> IngestReport:
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


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(
        f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
