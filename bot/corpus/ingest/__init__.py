"""Turn an official *salinan* (PDF, TXT or MD) into a corpus file `regulations/<id>.md`.

The package follows the flow, one module per step:
    read       bytes → text (TXT/MD decoded; a PDF's text layer, pages separated by a blank line)
    (ocr)      `bot.corpus.ocr.clean_salinan`: page furniture and glyph errors removed
    structure  cleaned lines → Pembukaan, `Pasal N` bodies, Penutup, Penjelasan Umum and per
               Pasal (`lists`: list markers and their sequences; `doc`: the intermediate types)
    render     → Markdown in the corpus format (docs/corpus-format.md), front matter included
    report     what was found, removed, fixed, repaired and left unplaced
then a self-check with `parse_regulation_text` and an atomic write on publish.

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

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.frontmatter import valid_id
from bot.corpus.ingest.doc import Unplaced
from bot.corpus.ingest.read import SUFFIXES, SourceText, read_text
from bot.corpus.ingest.render import render
from bot.corpus.ingest.report import IngestReport, make_report
from bot.corpus.ingest.request import IngestError, IngestRequest, check_request
from bot.corpus.ingest.scan import Progress
from bot.corpus.ingest.structure import build
from bot.corpus.markdown import parse_regulation_text
from bot.corpus.ocr import CleanText, clean_salinan
from bot.fsutil import atomic_write

__all__ = [
    "SUFFIXES",
    "IngestError",
    "IngestPreview",
    "IngestReport",
    "IngestRequest",
    "Unplaced",
    "ingest_file",
    "prepare_ingest",
    "publish",
    "publishable",
]

_PLACEHOLDER_URL = "https://example.invalid/source-url-missing"  # only for the preview self-check


@dataclass
class IngestPreview:
    request: IngestRequest
    markdown: str
    report: IngestReport
    clean: CleanText
    problems: list[str] = field(default_factory=list)  # validator problems of `markdown`
    source: SourceText | None = None  # the text as read (OCR included), before cleaning


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def prepare_ingest(
    request: IngestRequest, data: bytes | None = None, progress: Progress | None = None
) -> IngestPreview:
    """Read (OCR for scanned PDF pages), clean and structure a salinan; write nothing.

    Args:
        request: what to ingest and the front matter to give it.
        data: the file's bytes (e.g. a Telegram upload); read from `request.path` when None.
        progress: called as (pages done, pages to read) while OCR runs.

    Raises:
        IngestError: unsupported extension, unreadable/empty file, corrupt PDF, OCR not
            installed, invalid request field, or no Pasal found.
    """
    check_request(request)
    source = read_text(Path(request.path), data, request.ocr, progress)
    clean = clean_salinan(source.text)
    doc = build(clean.lines)
    if not doc.pasals:
        raise IngestError(
            f"no Pasal found in {Path(request.path).name}: is it the salinan of a regulation?"
        )
    markdown = render(request, doc)
    report = make_report(request.id, doc, clean, source)  # after rendering: it adds problems
    # The preview may lack its URL (publish insists on it); check the structure regardless.
    checked = re.sub(
        r"(?m)^source_url: null\b", f"source_url: {_PLACEHOLDER_URL}", markdown, count=1
    )
    _, problems = parse_regulation_text(checked, f"{request.id}.md", request.id)
    return IngestPreview(request, markdown, report, clean, [str(p) for p in problems], source)


def publishable(preview: IngestPreview, regulations_dir: Path, replace: bool) -> Path:
    """Where the previewed file would go, once every check before writing it has passed.

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
    return target


def publish(preview: IngestPreview, regulations_dir: Path, replace: bool) -> Path:
    """Write the previewed file atomically to `regulations_dir/<id>.md` (see `publishable`)."""
    target = publishable(preview, regulations_dir, replace)
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
