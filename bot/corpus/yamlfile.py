"""Read a YAML file an admin edits and validate it with a pydantic model, reporting `file:line`.

PyYAML's node tree keeps the line of every key and item; pydantic's errors name the path of the
offending value (`("entries", 3, "verdik")`). Walking that path through the node tree gives the
line, so a misspelled key is `knowledge/rulings/kampanye.yaml:41: ...`, never silently dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.corpus.markdown import Problem

M = TypeVar("M", bound=BaseModel)

# libyaml's parser when PyYAML was built with it: the knowledge files are read at every start,
# reindex and staged edit, and the pure-Python parser took 0.76 s per read of all of them (0.04 s).
_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """1-based line of the value at `loc` (or of its nearest existing ancestor)."""
    if node is None:
        return 1
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _message(error: Any) -> str:
    kind = error.get("type", "")
    field = error["loc"][-1] if error.get("loc") else ""
    if kind == "extra_forbidden":
        return f"unknown key '{field}': check its spelling (allowed keys are in docs/knowledge-format.md)"
    if kind == "missing":
        return f"missing key '{field}'"
    return f"{'.'.join(str(p) for p in error.get('loc', ()))}: {error.get('msg', 'invalid value')}"


def safe_load(text: str) -> Any:
    """`yaml.safe_load` with libyaml's parser when available (eval sets are hundreds of KB)."""
    return yaml.load(text, Loader=_Loader)  # _Loader is a safe loader


def read_yaml(path: Path, problems: list[Problem]) -> tuple[Any, yaml.Node | None]:
    """The file's data and node tree; a missing or broken file is one Problem and (None, None)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(str(path), 1, "file not found: restore it from the repository"))
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            Problem(str(path), 1, f"cannot read ({exc.__class__.__name__}): save it as UTF-8 text")
        )
        return None, None
    loader = _Loader(text)
    try:
        # One parse gives both: the node tree (for lines) and the data constructed from it.
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(str(path), mark.line + 1 if mark else 1, "not valid YAML: fix the syntax")
        )
        return None, None
    finally:
        loader.dispose()
    return data, node


def validate(
    model: type[M], data: Any, node: yaml.Node | None, path: Path, problems: list[Problem]
) -> M | None:
    """`model` validated from `data`, or None with one Problem per error (each with its line)."""
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            problems.append(Problem(str(path), _line_of(node, loc), _message(error)))
        return None


def line_of(node: yaml.Node | None, *loc: int | str) -> int:
    """The line of `loc` in a file read by `read_yaml` (for checks pydantic cannot make)."""
    return _line_of(node, loc)
