"""Bytes of an uploaded salinan → text: TXT/MD decoded, a PDF from its text layer, scanned
pages through OCR (`scan`)."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.ingest.request import IngestError
from bot.corpus.ingest.scan import LOW_CONFIDENCE, Progress, recognise_pages

SUFFIXES = (".pdf", ".txt", ".md")
# What pypdf raises besides its own errors when a file is damaged (it parses lazily).
_PDF_FAILURES = (ValueError, KeyError, TypeError, AttributeError, OSError, AssertionError)
MIN_LETTERS = 20


@dataclass
class SourceText:
    """The text of a salinan, and which of its pages OCR had to read."""

    text: str
    pages: int = 0  # pages of a PDF
    ocr_pages: list[int] = field(default_factory=list)  # 1-based
    low_confidence: list[tuple[int, str, float]] = field(default_factory=list)  # raw line


def read_text(
    path: Path, data: bytes | None, force_ocr: bool = False, progress: Progress | None = None
) -> SourceText:
    """The text of a .txt/.md/.pdf salinan; scanned PDF pages are read by OCR.

    Args:
        path: the file's name (its suffix decides how to read it); read when `data` is None.
        data: the file's bytes (e.g. a Telegram upload).
        force_ocr: OCR every PDF page, also those with a text layer (a bad one).
        progress: called as (pages done, pages to read) while OCR runs.

    Raises:
        IngestError: unsupported, unreadable, empty, corrupt or protected file; OCR missing.
    """
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
    if suffix == ".pdf":
        source = _pdf(data, path.name, force_ocr, progress)
    else:
        source = SourceText(_decode(data))
    if not source.text.strip():
        raise IngestError(f"empty file: {path.name} has no text")
    return source


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # old exports; every byte maps, so this never fails


def _pdf(data: bytes, name: str, force_ocr: bool, progress: Progress | None) -> SourceText:
    pages = _text_layer(data, name)
    # A page without a usable text layer is a scanned image: at most a few stray glyphs.
    unread = [i for i, page in enumerate(pages) if force_ocr or _letters(page) < MIN_LETTERS]
    recognised = recognise_pages(data, unread, progress) if unread else {}
    text_lines: list[str] = []
    low: list[tuple[int, str, float]] = []
    for index, page in enumerate(pages):
        if text_lines:
            text_lines.append("")  # a blank line between pages, as in the line-by-line layout
        if index in recognised:
            for line in recognised[index]:
                text_lines.append(line.text)
                if line.confidence < LOW_CONFIDENCE:
                    low.append((len(text_lines), line.text, round(line.confidence, 2)))
        else:
            text_lines.extend(page.splitlines())
    return SourceText("\n".join(text_lines), len(pages), [i + 1 for i in unread], low)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _text_layer(data: bytes, name: str) -> list[str]:
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
        return [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, *_PDF_FAILURES) as exc:
        raise IngestError(
            f"corrupt PDF {name}: {exc.__class__.__name__}: {' '.join(str(exc).split())[:120]}"
        ) from None
    finally:
        quiet.setLevel(level)
