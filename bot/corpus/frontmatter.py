"""The front matter of a regulation file: one schema, one reader, one writer.

The loader validates every `regulations/*.md` with `FrontMatter` (a typo in a key is a
`file:line` problem), ingestion writes new files with `dump` (`yaml.safe_dump`, never a string
template), and the admin flow reads an upload's front matter and rewrites it on revocation
through the same functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.models import (
    FILE_VERIFICATIONS,
    REG_TYPES,
    STATUSES,
    FileVerification,
    RegType,
    Status,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://\S+$"
_ID = re.compile(ID_PATTERN)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
_CHOICES = {"status": STATUSES, "verification": FILE_VERIFICATIONS, "type": REG_TYPES}


class FrontMatter(BaseModel):
    """What a published regulation file declares about itself (docs/corpus-format.md)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID_PATTERN, max_length=80, description="== the file name")
    title: str = Field(min_length=1)
    short: str = Field(min_length=1, description="the name used in citation labels")
    type: RegType
    number: str = Field(min_length=1, description="a string: SKB numbers are not integers")
    year: int = Field(ge=1900, le=2100)
    status: Status
    replaced_by: str | None = None
    amended_by: list[str] = Field(default_factory=list)
    replaced_units: dict[str, str] = Field(
        default_factory=dict,
        description="revoked articles → the articles that replaced them: 'pasal-87/ayat-4/huruf-c: uu-20-2023/pasal-52/ayat-3/huruf-j'",
    )
    source_url: str = Field(pattern=URL_PATTERN)
    verification: FileVerification
    verified_against: str = ""

    @field_validator("number", mode="before")
    @classmethod
    def _number_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("year", mode="before")
    @classmethod
    def _year_is_a_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("year must be a number, e.g. 2021")
        return value

    @model_validator(mode="after")
    def _revoked_names_its_successor(self) -> FrontMatter:
        if self.status == "dicabut" and not self.replaced_by:
            raise ValueError(
                "a revoked regulation needs 'replaced_by': name the regulation that revoked it"
            )
        return self


class DraftFrontMatter(FrontMatter):
    """An ingestion preview's front matter: the source URL may still be missing."""

    source_url: str | None = Field(None, pattern=URL_PATTERN)  # type: ignore[assignment]


@dataclass
class FrontMatterBlock:
    """The raw front matter of a file: its mapping, the line of each key, where the body starts."""

    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0  # index of the first line after the closing '---'
    error: tuple[int, str] | None = None  # (line, message) when it cannot be read

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def read_block(lines: list[str]) -> FrontMatterBlock:
    """Split off and parse the `---` block at the top of a file (never raises)."""
    if not lines or lines[0].strip() != "---":
        return FrontMatterBlock(error=(1, "missing front matter: start the file with a '---' line"))
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return FrontMatterBlock(error=(1, "front matter is not closed: add a '---' line after it"))
    block = FrontMatterBlock(body_start=end + 1)
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", exc)
        block.error = (
            mark.line + 2 if mark else 2,
            f"front matter is not valid YAML ({problem}); fix the syntax",
        )
        return block
    if not isinstance(data, dict):
        block.error = (2, "front matter must be a mapping of keys")
        return block
    block.data = data
    for index in range(1, end):
        found = _KEY.match(lines[index])
        if found:
            block.key_lines.setdefault(found.group(1), index + 1)
    return block


def check(block: FrontMatterBlock, stem: str) -> tuple[FrontMatter | None, list[tuple[int, str]]]:
    """Validate a block against `FrontMatter`: the model, or every problem as (line, message)."""
    problems: list[tuple[int, str]] = []
    data = block.data
    if data.get("id") and data["id"] != stem:
        problems.append(
            (
                block.line("id"),
                f"id '{data['id']}' does not match the file name '{stem}': rename one",
            )
        )
    try:
        model = FrontMatter.model_validate(data)
    except ValidationError as exc:
        problems.extend(_explain(exc, block))
        return None, problems
    return model, problems


def _explain(exc: ValidationError, block: FrontMatterBlock) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    data = block.data
    for error in exc.errors():
        key = str(error["loc"][0]) if error["loc"] else ""
        value = data.get(key)
        line = block.line(key) if key else block.line("status")
        if not key:  # the model-level rule
            message = str(error["msg"]).removeprefix("Value error, ")
        elif error["type"] == "extra_forbidden":
            message = f"unknown front matter key '{key}': use only " + ", ".join(
                FrontMatter.model_fields
            )
        elif key not in data or (value in (None, "") and key in _required()):
            message = f"front matter lacks '{key}': add it"
        elif key in _CHOICES:
            message = f"{key} '{value}' is not one of {', '.join(_CHOICES[key])}"
        elif key == "source_url":
            message = f"source_url '{value}' is not an http(s) URL"
        elif key == "amended_by":
            message = "amended_by must be a list of ids"
        elif key == "year":
            message = "year must be a number, e.g. 2021"
        else:
            message = f"{key}: {str(error['msg']).removeprefix('Value error, ')}"
        out.append((line, message))
    return out


def _required() -> set[str]:
    return {name for name, info in FrontMatter.model_fields.items() if info.is_required()}


def dump(meta: FrontMatter) -> str:
    """The `---` block for `meta`, keys in schema order, via `yaml.safe_dump`."""
    body = yaml.safe_dump(meta.model_dump(), sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{body}---\n"


def replace_block(text: str, meta: FrontMatter) -> str:
    """`text` with its front matter replaced by `meta`'s; the body is kept byte for byte.

    Raises:
        ValueError: `text` has no readable front matter.
    """
    lines = text.split("\n")
    block = read_block(lines)
    if block.error is not None:
        raise ValueError(block.error[1])
    return dump(meta) + "\n".join(lines[block.body_start :])


def valid_id(reg_id: str) -> bool:
    return bool(_ID.match(reg_id)) and len(reg_id) <= 80
