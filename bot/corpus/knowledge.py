"""Load `knowledge/*.yaml` (rulings, quiz bank, glossary) and check their citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.corpus.loader import Corpus
from bot.corpus.markdown import Problem
from bot.models import VERDICTS, GlossaryEntry, QuizQuestion, Ruling, Sanction

TELEGRAM_POLL_QUESTION = 300
TELEGRAM_POLL_OPTION = 100
TELEGRAM_POLL_EXPLANATION = 200


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
    quiz: list[QuizQuestion] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    out_of_scope: list[OutOfScope] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Lines:
    """Find the line of a value in a YAML file, for `file:line` messages."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = str(path)
        self.lines = text.splitlines()

    def of(self, needle: str, after: str | None = None) -> int:
        start = 0
        if after:
            start = next((i for i, line in enumerate(self.lines) if after in line), 0)
        for index in range(start, len(self.lines)):
            if needle in self.lines[index]:
                return index + 1
        return start + 1

    def problem(self, needle: str, message: str, after: str | None = None) -> Problem:
        return Problem(self.path, self.of(needle, after), message)


def _read(path: Path, problems: list[Problem]) -> tuple[Any, _Lines | None]:
    if not path.exists():
        problems.append(Problem(str(path), 1, "file not found: restore it from the repository"))
        return None, None
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text), _Lines(path, text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(str(path), mark.line + 1 if mark else 1, "not valid YAML: fix the syntax")
        )
        return None, None


def _check_ref(
    corpus: Corpus | None, ref: str, where: _Lines, entry: str, problems: list[Problem]
) -> None:
    if corpus is not None and corpus.node(ref) is None:
        problems.append(
            where.problem(
                ref,
                f"citation '{ref}' does not resolve to a unit of the corpus: use an id like 'pp-94-2021/pasal-5/huruf-n'",
                after=entry,
            )
        )


def _rulings(directory: Path, corpus: Corpus | None, out: Knowledge) -> None:
    data, where = _read(directory / "faq.yaml", out.problems)
    if not isinstance(data, dict) or where is None:
        return
    out.topics = {
        t["id"]: t.get("title", t["id"])
        for t in data.get("topics") or []
        if isinstance(t, dict) and "id" in t
    }
    seen: set[str] = set()
    for raw in data.get("entries") or []:
        entry_id = str(raw.get("id", ""))
        if not entry_id or entry_id in seen:
            out.problems.append(
                where.problem(
                    f"id: {entry_id}",
                    f"FAQ entry id '{entry_id}' is missing or duplicated: give each entry a unique id",
                )
            )
            continue
        seen.add(entry_id)
        anchor = f"id: {entry_id}"
        verdict = raw.get("verdict")
        if verdict is not None and verdict not in VERDICTS:
            out.problems.append(
                where.problem(
                    "verdict:",
                    f"verdict '{verdict}' is not one of {', '.join(VERDICTS)} or null",
                    after=anchor,
                )
            )
            continue
        questions = tuple(str(q) for q in raw.get("questions") or [])
        citations = tuple(str(c) for c in raw.get("citations") or [])
        if not questions or not citations or not raw.get("answer"):
            out.problems.append(
                where.problem(
                    anchor, f"FAQ entry '{entry_id}' needs questions, an answer and citations"
                )
            )
            continue
        sanction = None
        if isinstance(raw.get("sanction"), dict):
            s = raw["sanction"]
            sanction = Sanction(
                str(s.get("level", "")),
                str(s.get("text", "")),
                tuple(str(b) for b in s.get("basis") or []),
            )
        for ref in (*citations, *(sanction.basis if sanction else ())):
            _check_ref(corpus, ref, where, anchor, out.problems)
        if raw.get("topic") and out.topics and raw["topic"] not in out.topics:
            out.problems.append(
                where.problem(
                    "topic:", f"topic '{raw['topic']}' is not declared under topics", after=anchor
                )
            )
        out.rulings.append(
            Ruling(
                id=entry_id,
                topic=str(raw.get("topic", "")),
                questions=questions,
                verdict=verdict,
                answer=" ".join(str(raw["answer"]).split()),
                citations=citations,
                conditions=tuple(str(c) for c in raw.get("conditions") or []),
                sanction=sanction,
                note=raw.get("note"),
            )
        )


def _quiz(directory: Path, corpus: Corpus | None, out: Knowledge) -> None:
    data, where = _read(directory / "quiz.yaml", out.problems)
    if not isinstance(data, dict) or where is None:
        return
    seen: set[str] = set()
    for raw in data.get("questions") or []:
        qid = str(raw.get("id", ""))
        anchor = f"id: {qid}"
        options = tuple(str(o) for o in raw.get("options") or [])
        correct = raw.get("correct")
        problem = None
        if not qid or qid in seen:
            problem = "quiz id is missing or duplicated"
        elif not 2 <= len(options) <= 10 or any(len(o) > TELEGRAM_POLL_OPTION for o in options):
            problem = f"needs 2–10 options of at most {TELEGRAM_POLL_OPTION} characters"
        elif not isinstance(correct, int) or not 0 <= correct < len(options):
            problem = "'correct' must be the 0-based index of an option"
        elif len(str(raw.get("question", ""))) > TELEGRAM_POLL_QUESTION:
            problem = f"question longer than {TELEGRAM_POLL_QUESTION} characters (Telegram's limit)"
        elif len(str(raw.get("explanation", ""))) > TELEGRAM_POLL_EXPLANATION:
            problem = (
                f"explanation longer than {TELEGRAM_POLL_EXPLANATION} characters (Telegram's limit)"
            )
        elif not raw.get("citation"):
            problem = "needs a citation (a unit id)"
        if problem:
            out.problems.append(where.problem(anchor, f"quiz question '{qid}': {problem}"))
            continue
        seen.add(qid)
        _check_ref(corpus, str(raw["citation"]), where, anchor, out.problems)
        out.quiz.append(
            QuizQuestion(
                qid,
                str(raw["question"]),
                options,
                int(correct),
                str(raw.get("explanation", "")),
                str(raw["citation"]),
                str(raw.get("difficulty", "sedang")),
            )
        )


def _glossary(directory: Path, out: Knowledge) -> None:
    data, where = _read(directory / "glossary.yaml", out.problems)
    if not isinstance(data, dict) or where is None:
        return
    for raw in data.get("entries") or []:
        terms = tuple(str(t).lower().strip() for t in raw.get("terms") or [] if str(t).strip())
        means = str(raw.get("means", "")).strip().lower()
        if not terms or not means:
            out.problems.append(
                where.problem(
                    str(terms[0]) if terms else "entries",
                    "glossary entry needs 'terms' and 'means'",
                )
            )
            continue
        out.glossary.append(GlossaryEntry(terms, means, str(raw.get("kind", "slang"))))


def _out_of_scope(directory: Path, out: Knowledge) -> None:
    path = directory / "out_of_scope.yaml"
    if not path.exists():
        return  # optional: without it only the thresholds decline off-topic questions
    data, where = _read(path, out.problems)
    if not isinstance(data, dict) or where is None:
        return
    for raw in data.get("entries") or []:
        questions = tuple(str(q) for q in raw.get("questions") or [])
        if not raw.get("id") or not questions:
            out.problems.append(
                where.problem(
                    str(raw.get("id", "entries")), "out-of-scope entry needs an id and questions"
                )
            )
            continue
        out.out_of_scope.append(
            OutOfScope(str(raw["id"]), questions, str(raw.get("channel") or ""))
        )


def load_knowledge(directory: Path, corpus: Corpus | None = None) -> Knowledge:
    """Load FAQ rulings, quiz bank, glossary and out-of-scope examples.

    With `corpus`, every citation is checked to resolve to a unit.
    """
    out = Knowledge()
    _rulings(directory, corpus, out)
    _quiz(directory, corpus, out)
    _glossary(directory, out)
    _out_of_scope(directory, out)
    return out
