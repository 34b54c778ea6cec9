"""Document → Markdown in the corpus format (docs/corpus-format.md), front matter included."""

from __future__ import annotations

import datetime as dt
import re

from bot.corpus.frontmatter import DraftFrontMatter, dump
from bot.corpus.ingest.doc import Doc, Entry, Note
from bot.corpus.ingest.request import IngestRequest, short_name
from bot.corpus.ingest.structure import entries
from bot.corpus.ocr import Change

_URL_REMINDER = "# wajib diisi: URL salinan resmi (--source-url)"


def render(request: IngestRequest, doc: Doc) -> str:
    meta = DraftFrontMatter(
        id=request.id,
        title=request.title.strip(),
        short=short_name(request),
        type=request.type,  # checked by check_request
        number=str(request.number).strip(),
        year=int(request.year),
        status=request.status,
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
            *_lines(doc, entries(doc, doc.pembukaan, "Pembukaan", "free")),
        ]
    for pasal in doc.pasals:
        text = _lines(doc, pasal.entries)
        if not text:
            doc.warnings.append(Note("pasal-empty", f"Pasal {pasal.number}"))
            continue
        body += ["", f"## Pasal {pasal.number}", *text]
        explanation = _lines(doc, pasal.pj_entries)
        if explanation:
            body += ["", "### Penjelasan", *explanation]
    if doc.penutup:
        body += ["", "## Penutup", *_lines(doc, entries(doc, doc.penutup, "Penutup", "free"))]
    if doc.umum:
        body += [
            "",
            "## Penjelasan Umum",
            *_lines(doc, entries(doc, doc.umum, "Penjelasan Umum", "free")),
        ]
    return front + "\n".join(body) + "\n"


def _lines(doc: Doc, entries: list[Entry]) -> list[str]:
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
