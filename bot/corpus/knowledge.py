"""Load `knowledge/` (rulings, sanctions, quiz, glossary, out-of-scope examples, regulation
names) through the schemas in `knowledge_schema`, and check that every citation resolves.

Every problem is collected as a `Problem(path, line, message)`; a file with a schema error is
reported and skipped, never half-read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.corpus import knowledge_schema as schema
from bot.corpus.loader import Corpus
from bot.corpus.markdown import Problem
from bot.corpus.yamlfile import line_of, read_yaml, validate
from bot.models import (
    Applicability,
    GlossaryEntry,
    Note,
    QuizQuestion,
    RegulationInfo,
    Ruling,
    Sanction,
)

RULINGS_DIR = "rulings"
FILES = (
    "sanctions.yaml", "quiz.yaml", "glossary.yaml", "out_of_scope.yaml", "regulations.yaml", "notes.yaml",
)  # fmt: skip


@dataclass(frozen=True)
class OutOfScope:
    """Examples of questions Netral declines, and where to ask instead."""

    id: str
    questions: tuple[str, ...]
    channel: str


@dataclass
class Knowledge:
    rulings: list[Ruling] = field(default_factory=list)
    topics: dict[str, str] = field(default_factory=dict)
    sanctions: dict[str, Sanction] = field(default_factory=dict)
    quiz: list[QuizQuestion] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    out_of_scope: list[OutOfScope] = field(default_factory=list)
    regulations: dict[str, RegulationInfo] = field(default_factory=dict)
    not_held: tuple[str, ...] = ()
    notes: list[Note] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Checker:
    """Citation checks against the corpus, reported at the line of the offending id."""

    def __init__(self, corpus: Corpus | None, out: Knowledge) -> None:
        self.corpus = corpus
        self.out = out

    def refs(self, refs: list[str], path: Path, node: yaml.Node | None, *loc: int | str) -> None:
        if self.corpus is None:
            return
        for i, ref in enumerate(refs):
            if self.corpus.node(ref) is None:
                self.out.problems.append(
                    Problem(
                        str(path),
                        line_of(node, *loc, i),
                        f"citation '{ref}' does not resolve to a unit of the corpus: use an id like 'pp-94-2021/pasal-5/huruf-n'",
                    )
                )


def _load(model: type[schema.M], path: Path, out: Knowledge):  # type: ignore[no-untyped-def,name-defined]
    data, node = read_yaml(path, out.problems)
    if data is None and node is None:
        return None, None
    return validate(model, data, node, path, out.problems), node


def _applicability(applies: schema.Applies) -> Applicability:
    return Applicability(
        actors=schema.expand_actors(applies.actors),
        elections=frozenset(applies.elections),
        intents=frozenset(applies.intents),
        requires=tuple(schema.parse_modifier(c) for c in applies.requires),
        excludes=tuple(schema.parse_modifier(c) for c in applies.excludes),
        window=(applies.window.months, applies.window.before) if applies.window else None,
    )


def _sanction(
    raw: str | schema.SanctionRef | None, out: Knowledge, path: Path, line: int
) -> Sanction | None:
    if raw is None:
        return None
    ref = schema.SanctionRef(id=raw) if isinstance(raw, str) else raw
    base = out.sanctions.get(ref.id)
    if base is None:
        out.problems.append(
            Problem(
                str(path), line, f"sanction '{ref.id}' is not defined in knowledge/sanctions.yaml"
            )
        )
        return None
    return Sanction(base.level, base.text, tuple(dict.fromkeys([*ref.basis, *base.basis])))


def _rulings(directory: Path, check: _Checker, out: Knowledge) -> None:
    files = sorted((directory / RULINGS_DIR).glob("*.yaml"))
    if not files:
        out.problems.append(
            Problem(
                str(directory / RULINGS_DIR), 1, "no rulings: add knowledge/rulings/<topic>.yaml"
            )
        )
    seen: dict[str, str] = {}
    served: list[tuple[Path, int, str]] = []  # where each `serves` entry is written
    for path in files:
        parsed, node = _load(schema.RulingsFile, path, out)
        if parsed is None:
            continue
        if parsed.topic.id in out.topics:
            out.problems.append(
                Problem(
                    str(path),
                    line_of(node, "topic", "id"),
                    f"topic '{parsed.topic.id}' is declared twice",
                )
            )
        out.topics[parsed.topic.id] = parsed.topic.title
        for i, raw in enumerate(parsed.rulings):
            line = line_of(node, "rulings", i, "id")
            if raw.id in seen:
                out.problems.append(
                    Problem(
                        str(path), line, f"ruling id '{raw.id}' is already used in {seen[raw.id]}"
                    )
                )
                continue
            seen[raw.id] = str(path)
            sanction = _sanction(raw.sanction, out, path, line_of(node, "rulings", i, "sanction"))
            check.refs(raw.citations, path, node, "rulings", i, "citations")
            served += [
                (path, line_of(node, "rulings", i, "serves", k), family)
                for k, family in enumerate(raw.serves)
            ]
            if isinstance(raw.sanction, schema.SanctionRef):
                check.refs(raw.sanction.basis, path, node, "rulings", i, "sanction", "basis")
            out.rulings.append(
                Ruling(
                    id=raw.id,
                    topic=parsed.topic.id,
                    questions=tuple(raw.questions),
                    verdict=raw.verdict,
                    answer=" ".join(raw.answer.split()),
                    citations=tuple(raw.citations),
                    conditions=tuple(raw.conditions),
                    sanction=sanction,
                    note=" ".join(raw.note.split()) if raw.note else None,
                    title=raw.title,
                    family=raw.family or raw.id,
                    applies=_applicability(raw.applies),
                    serves=tuple(raw.serves),
                    outside=raw.outside,
                )
            )
    # A misspelt family in `serves` would silently serve nothing.
    families = {r.family for r in out.rulings}
    out.problems += [
        Problem(str(path), line, f"serves '{family}': no ruling has that family")
        for path, line, family in served
        if family not in families
    ]


def _sanctions(directory: Path, check: _Checker, out: Knowledge) -> None:
    path = directory / "sanctions.yaml"
    parsed, node = _load(schema.SanctionsFile, path, out)
    if parsed is None:
        return
    for i, raw in enumerate(parsed.sanctions):
        if raw.id in out.sanctions:
            out.problems.append(
                Problem(
                    str(path),
                    line_of(node, "sanctions", i, "id"),
                    f"sanction id '{raw.id}' is duplicated",
                )
            )
            continue
        check.refs(raw.basis, path, node, "sanctions", i, "basis")
        out.sanctions[raw.id] = Sanction(raw.level, " ".join(raw.text.split()), tuple(raw.basis))


def _quiz(directory: Path, check: _Checker, out: Knowledge) -> None:
    path = directory / "quiz.yaml"
    parsed, node = _load(schema.QuizFile, path, out)
    if parsed is None:
        return
    seen: set[str] = set()
    for i, raw in enumerate(parsed.questions):
        line = line_of(node, "questions", i, "id")
        problem = None
        if raw.id in seen:
            problem = f"quiz id '{raw.id}' is duplicated"
        elif raw.correct >= len(raw.options):
            problem = f"quiz question '{raw.id}': 'correct' must be the 0-based index of an option"
        if problem:
            out.problems.append(Problem(str(path), line, problem))
            continue
        seen.add(raw.id)
        check.refs([raw.citation], path, node, "questions", i, "citation")
        out.quiz.append(
            QuizQuestion(
                raw.id,
                raw.question,
                tuple(raw.options),
                raw.correct,
                raw.explanation,
                raw.citation,
                raw.difficulty,
            )
        )


def _glossary(directory: Path, out: Knowledge) -> None:
    path = directory / "glossary.yaml"
    parsed, node = _load(schema.GlossaryFile, path, out)
    if parsed is None:
        return
    seen: dict[str, int] = {}
    for i, raw in enumerate(parsed.entries):
        terms = tuple(t.lower().strip() for t in raw.terms if t.strip())
        for term in terms:
            if term in seen:
                # Only the first entry for a term is ever used: a second one is a silent mistake.
                out.problems.append(
                    Problem(
                        str(path),
                        line_of(node, "entries", i, "terms"),
                        f"term '{term}' is already defined at line {seen[term]}",
                    )
                )
            seen.setdefault(term, line_of(node, "entries", i, "terms"))
        out.glossary.append(GlossaryEntry(terms, raw.means.strip().lower(), raw.kind))


def _out_of_scope(directory: Path, out: Knowledge) -> None:
    parsed, _ = _load(schema.OutOfScopeFile, directory / "out_of_scope.yaml", out)
    if parsed is None:
        return
    for raw in parsed.entries:
        out.out_of_scope.append(OutOfScope(raw.id, tuple(raw.questions), raw.channel or ""))


def _regulations(directory: Path, corpus: Corpus | None, check: _Checker, out: Knowledge) -> None:
    path = directory / "regulations.yaml"
    parsed, node = _load(schema.RegulationsFile, path, out)
    if parsed is None:
        return
    for i, raw in enumerate(parsed.regulations):
        if corpus is not None and raw.id not in corpus.regulations:
            out.problems.append(
                Problem(
                    str(path),
                    line_of(node, "regulations", i, "id"),
                    f"regulation '{raw.id}' is not in regulations/",
                )
            )
            continue
        out.regulations[raw.id] = RegulationInfo(
            raw.id,
            tuple(a.lower() for a in raw.aliases),
            tuple(raw.also_cited_as),
            schema.expand_actors(raw.actors),
            frozenset(raw.elections),
        )
    out.not_held = tuple(n.lower() for n in parsed.not_held)


def _notes(directory: Path, check: _Checker, out: Knowledge) -> None:
    path = directory / "notes.yaml"
    parsed, node = _load(schema.NotesFile, path, out)
    if parsed is None:
        return
    for i, note in enumerate(parsed.notes):
        check.refs(note.citations, path, node, "notes", i, "citations")
        out.notes.append(
            Note(
                note.id,
                schema.parse_modifier(note.modifier) if note.modifier else None,
                schema.expand_actors(note.actors),
                frozenset(note.elections),
                frozenset(note.verdicts),
                tuple(note.citing),
                " ".join(note.text.split()),
                tuple(note.citations),
                frozenset(note.intents),
            )
        )


def load_knowledge(directory: Path, corpus: Corpus | None = None) -> Knowledge:
    """Load rulings, sanctions, quiz bank, glossary, out-of-scope examples and regulation names.

    Args:
        directory: the knowledge directory (`knowledge/`).
        corpus: when given, every citation is checked to resolve to a unit.

    Returns:
        The Knowledge; `problems` lists every schema or reference error with file and line.
        A directory that does not exist gives an empty Knowledge (regulations only).
    """
    out = Knowledge()
    if not directory.exists():
        # A deployment may serve the regulations alone (no curated layer); a directory that
        # exists but lacks a file is a problem, reported below.
        return out
    check = _Checker(corpus, out)
    _sanctions(directory, check, out)  # rulings refer to sanctions by id
    _rulings(directory, check, out)
    _quiz(directory, check, out)
    _glossary(directory, out)
    _out_of_scope(directory, out)
    _regulations(directory, corpus, check, out)
    _notes(directory, check, out)
    return out
