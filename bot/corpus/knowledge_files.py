"""Updating curated knowledge (`knowledge/*.yaml`) from an edited file: stage, validate, diff.

An edited file is never checked alone: the whole knowledge directory is copied to a scratch
directory, the file is put in its place there, and `load_knowledge` reads the copy exactly as
the bot will. Only the problems the edit brings in are reported (`file:line`, paths relative to
the knowledge directory), and the change is described entry by entry (rulings, quiz questions,
glossary terms, out-of-scope examples, topics). Nothing here writes to the live directory.

File names are not hard-coded: an upload replaces the file of the same name wherever it sits
in the knowledge directory, and its kind is recognised by its top-level keys (or, failing that,
its name) only to describe it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.corpus.knowledge import RULINGS_DIR, Knowledge, load_knowledge
from bot.corpus.loader import Corpus
from bot.corpus.markdown import Problem
from bot.corpus.yamlfile import safe_load

SUFFIXES = (".yaml", ".yml")
KINDS = ("rulings", "sanctions", "quiz", "glossary", "out_of_scope", "regulations", "notes")
_BY_NAME = {
    "sanctions": "sanctions",
    "regulations": "regulations",
    "notes": "notes",
    "quiz": "quiz",
    "glossary": "glossary",
    "out_of_scope": "out_of_scope",
}


class KnowledgeFileError(Exception):
    """The file cannot be staged at all (wrong type, ambiguous name); one line."""


@dataclass
class Changes:
    """What an edit does to one kind of entry, by id."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class KnowledgeDiff:
    rulings: Changes = field(default_factory=Changes)
    topics: Changes = field(default_factory=Changes)
    quiz: Changes = field(default_factory=Changes)
    glossary: Changes = field(default_factory=Changes)
    out_of_scope: Changes = field(default_factory=Changes)

    def parts(self) -> dict[str, Changes]:
        return {
            "rulings": self.rulings,
            "topics": self.topics,
            "quiz": self.quiz,
            "glossary": self.glossary,
            "out_of_scope": self.out_of_scope,
        }

    @property
    def changed(self) -> bool:
        return any(self.parts().values())


@dataclass
class Staged:
    """An edited knowledge file checked in a copy of the knowledge directory."""

    name: str  # as uploaded
    target: Path  # where it goes, relative to the knowledge directory
    kind: str | None  # rulings | quiz | glossary | out_of_scope, when recognisable
    text: str
    problems: list[Problem] = field(default_factory=list)  # brought in by the edit
    diff: KnowledgeDiff = field(default_factory=KnowledgeDiff)
    replaces: bool = False  # a file of that name exists


def kind_of(name: str, data: Any) -> str | None:
    """Which knowledge a file holds, by its top-level keys, else by its name."""
    if isinstance(data, dict):
        entries = data.get("entries")
        first = entries[0] if isinstance(entries, list) and entries else None
        first = first if isinstance(first, dict) else {}
        for key in ("rulings", "sanctions", "notes", "regulations"):
            if isinstance(data.get(key), list):
                return key
        if isinstance(data.get("questions"), list):
            return "quiz"
        if "terms" in first or "means" in first:
            return "glossary"
        if "channel" in first:
            return "out_of_scope"
    return _BY_NAME.get(Path(name).stem.lower())


def target_of(directory: Path, name: str, kind: str | None = None) -> Path:
    """Where an uploaded file goes: the file of that name in the directory, else the top level
    (a new rulings file: knowledge/rulings/).

    Raises:
        KnowledgeFileError: not a YAML name, or several files carry that name.
    """
    clean = Path(name).name
    if Path(clean).suffix.lower() not in SUFFIXES or clean.startswith("."):
        raise KnowledgeFileError(f"{name}: a knowledge file is a .yaml file")
    found = sorted(p.relative_to(directory) for p in directory.rglob(clean) if p.is_file())
    if len(found) > 1:
        raise KnowledgeFileError(
            f"{clean} names several knowledge files ({', '.join(map(str, found))}): "
            "rename the upload to one of them"
        )
    if found:
        return found[0]
    return Path(RULINGS_DIR) / clean if kind == "rulings" else Path(clean)


def stage(directory: Path, name: str, data: bytes, corpus: Corpus | None, scratch: Path) -> Staged:
    """Check an edited knowledge file against the rest of the knowledge directory.

    Args:
        directory: the live knowledge directory (read only).
        name: the file's name; it replaces the file of that name (see `target_of`).
        data: the file's bytes.
        corpus: for the citation checks.
        scratch: a directory for the staging copy (removed afterwards).

    Raises:
        KnowledgeFileError: see `target_of`.
    """
    target = target_of(directory, name)
    staged = Staged(name, target, None, "", replaces=(directory / target).exists())
    try:
        staged.text = data.decode("utf-8-sig")
        parsed = safe_load(staged.text)
    except UnicodeDecodeError:
        staged.problems.append(Problem(str(target), 1, "not UTF-8 text: save the file as UTF-8"))
        return staged
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        staged.problems.append(Problem(str(target), line, "not valid YAML: fix the syntax"))
        return staged
    staged.kind = kind_of(name, parsed)
    staged.target = target = target_of(directory, name, staged.kind)
    staged.replaces = (directory / target).exists()
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch, prefix="knowledge-") as tmp:
        copy = Path(tmp) / "knowledge"
        shutil.copytree(directory, copy)
        (copy / target).parent.mkdir(parents=True, exist_ok=True)
        (copy / target).write_text(staged.text, encoding="utf-8")
        before = load_knowledge(directory, corpus)
        after = load_knowledge(copy, corpus)
        staged.problems = new_problems(before.problems, directory, after.problems, copy)
    staged.diff = diff_knowledge(before, after)
    return staged


def check_directory(directory: Path, corpus: Corpus | None) -> tuple[Knowledge, list[Problem]]:
    """The knowledge directory as the bot loads it, problems with relative paths."""
    knowledge = load_knowledge(directory, corpus)
    return knowledge, [_relative(p, directory) for p in knowledge.problems]


def new_problems(
    before: Iterable[Problem], live: Path, after: Iterable[Problem], copy: Path
) -> list[Problem]:
    """Problems of the staged copy that the live directory did not already have.

    Compared by file and message (an edit moves line numbers), counting repeats.
    """
    known = Counter((p.path, p.message) for p in (_relative(q, live) for q in before))
    out = []
    for problem in (_relative(p, copy) for p in after):
        key = (problem.path, problem.message)
        if known[key]:
            known[key] -= 1
        else:
            out.append(problem)
    return out


def _relative(problem: Problem, directory: Path) -> Problem:
    try:
        path = str(Path(problem.path).relative_to(directory))
    except ValueError:
        path = problem.path
    return Problem(path, problem.line, problem.message.replace(str(directory) + "/", ""))


def diff_knowledge(before: Knowledge, after: Knowledge) -> KnowledgeDiff:
    """Entry by entry: what `after` adds, removes and changes compared with `before`."""
    return KnowledgeDiff(
        rulings=_changes(before.rulings, after.rulings, lambda r: r.id),
        topics=_changes(list(before.topics.items()), list(after.topics.items()), lambda t: t[0]),
        quiz=_changes(before.quiz, after.quiz, lambda q: q.id),
        glossary=_changes(before.glossary, after.glossary, lambda g: g.terms[0]),
        out_of_scope=_changes(before.out_of_scope, after.out_of_scope, lambda o: o.id),
    )


def _changes(before: list[Any], after: list[Any], key: Callable[[Any], str]) -> Changes:
    old = {key(item): item for item in before}
    new = {key(item): item for item in after}
    return Changes(
        added=[k for k in new if k not in old],
        removed=[k for k in old if k not in new],
        changed=[k for k in new if k in old and new[k] != old[k]],
    )
