"""Knowledge files have a schema: a typo is a file:line error, never silently dropped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.corpus.knowledge import load_knowledge
from bot.corpus.loader import load_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target


def test_the_shipped_knowledge_has_no_problem() -> None:
    corpus = load_corpus(ROOT / "regulations")
    knowledge = load_knowledge(ROOT / "knowledge", corpus)
    assert knowledge.problems == []
    assert len(knowledge.rulings) >= 90
    assert all(r.applies.actors and r.title for r in knowledge.rulings)


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


@pytest.mark.parametrize(
    ("file", "old", "new", "typo"),
    [
        ("kampanye.yaml", "  verdict: dilarang\n", "  verdik: dilarang\n", "verdik"),
        # a family in `serves` that no ruling has would serve nothing
        (
            "lingkup.yaml",
            "serves: [dukungan, kampanye,",
            "serves: [dukungan, kampanyee,",
            "kampanyee",
        ),
    ],
)
def test_a_misspelling_in_a_ruling_is_reported_with_its_line(
    knowledge_dir: Path, file: str, old: str, new: str, typo: str
) -> None:
    path = knowledge_dir / "rulings" / file
    line = _edit(path, old, new)
    problems = load_knowledge(knowledge_dir).problems
    assert any(p.path == str(path) and p.line == line and typo in p.message for p in problems), (
        problems
    )


def test_a_verdict_outside_the_vocabulary_is_reported(knowledge_dir: Path) -> None:
    path = knowledge_dir / "rulings" / "kampanye.yaml"
    line = _edit(path, "  verdict: dilarang\n", "  verdict: terlarang\n")
    problems = load_knowledge(knowledge_dir).problems
    assert any(p.path == str(path) and p.line == line for p in problems), problems


def test_an_unknown_sanction_level_or_id_is_reported(knowledge_dir: Path) -> None:
    path = knowledge_dir / "sanctions.yaml"
    line = _edit(path, "  level: sedang\n", "  level: sedang-berat\n")
    problems = load_knowledge(knowledge_dir).problems
    assert any(p.path == str(path) and p.line == line for p in problems), problems
    rulings = knowledge_dir / "rulings" / "kampanye.yaml"
    _edit(rulings, "id: disiplin-berat", "id: disiplin-beratt")
    assert any("disiplin-beratt" in p.message for p in load_knowledge(knowledge_dir).problems)


def test_an_unknown_actor_or_modifier_is_reported(knowledge_dir: Path) -> None:
    path = knowledge_dir / "rulings" / "kampanye.yaml"
    _edit(path, "actors: [pns_like]", "actors: [pnss]")
    _edit(path, "attributes=with", "atribut=with")
    messages = [p.message for p in load_knowledge(knowledge_dir).problems]
    assert any("pnss" in m for m in messages), messages


def test_a_citation_that_does_not_resolve_is_reported_with_its_line(knowledge_dir: Path) -> None:
    path = knowledge_dir / "rulings" / "kampanye.yaml"
    line = _edit(path, "- pp-94-2021/pasal-5/huruf-n/angka-1\n", "- pp-94-2021/pasal-5/huruf-z\n")
    problems = load_knowledge(knowledge_dir, load_corpus(ROOT / "regulations")).problems
    assert any(p.line == line and "pasal-5/huruf-z" in p.message for p in problems), problems


def test_a_term_defined_twice_in_the_glossary_is_reported(knowledge_dir: Path) -> None:
    path = knowledge_dir / "glossary.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - terms: [gak]\n    means: enggak\n", encoding="utf-8"
    )
    assert any(
        "'gak' is already defined" in p.message for p in load_knowledge(knowledge_dir).problems
    )
