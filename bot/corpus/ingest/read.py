"""Bytes of an uploaded salinan → text: TXT/MD decoded, PDF from its text layer."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from bot.corpus.ingest.request import IngestError

SUFFIXES = (".pdf", ".txt", ".md")
# What pypdf raises besides its own errors when a file is damaged (it parses lazily).
_PDF_FAILURES = (ValueError, KeyError, TypeError, AttributeError, OSError, AssertionError)


def read_text(path: Path, data: bytes | None) -> str:
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
