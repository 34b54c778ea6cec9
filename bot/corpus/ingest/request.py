"""What to ingest: the request an admin fills in (CLI flags or a Telegram caption), checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.corpus.frontmatter import valid_id
from bot.models import REG_TYPES, STATUSES

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
    ocr: bool = False  # OCR every PDF page, also those whose text layer looks usable

    def __post_init__(self) -> None:
        # Ids, types and statuses are lowercase words: "PP", "PP-94-2021", "Berlaku" mean them.
        self.id = str(self.id or "").strip().lower()
        self.type = str(self.type or "").strip().lower()
        self.status = str(self.status or "").strip().lower()


def check_request(request: IngestRequest) -> None:
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


def short_name(request: IngestRequest) -> str:
    return (
        request.short
        or f"{_SHORT_LABEL.get(request.type, request.type.upper())} {request.number}/{request.year}"
    )
