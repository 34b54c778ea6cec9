"""Staging an edited knowledge file: kind, target, problems it brings in, entry-by-entry diff,
and `netral knowledge validate|diff`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.corpus.knowledge_files import KnowledgeFileError, kind_of, stage, target_of
from bot.corpus.loader import load_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus(ROOT / "regulations")


def _files_of_kind(directory: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(directory.rglob("*.yaml")):
        kind = kind_of(path.name, yaml.safe_load(path.read_text(encoding="utf-8")))
        if kind:
            found.setdefault(kind, path)
    return found


def test_every_shipped_knowledge_file_is_recognised_by_its_keys(knowledge: Path) -> None:
    kinds = {}
    for path in sorted(knowledge.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        # By content alone: a neutral name must not change the answer.
        kinds[path.name] = kind_of("upload.yaml", data)
    assert set(kinds.values()) >= {"rulings", "quiz", "glossary"}
    assert kind_of("sanctions.yaml", "not a mapping") == "sanctions"  # by name, as a last resort
    assert kind_of("upload.yaml", None) is None


def test_target_is_the_file_of_that_name_else_a_new_top_level_file(knowledge: Path) -> None:
    existing = next(knowledge.rglob("*.yaml"))
    assert target_of(knowledge, existing.name) == existing.relative_to(knowledge)
    assert target_of(knowledge, "baru.yaml") == Path("baru.yaml")
    assert target_of(knowledge, "baru.yaml", "rulings") == Path("rulings") / "baru.yaml"
    (knowledge / "sub").mkdir()
    shutil.copy(existing, knowledge / "sub" / existing.name)
    with pytest.raises(KnowledgeFileError, match="names several knowledge files"):
        target_of(knowledge, existing.name)
    with pytest.raises(KnowledgeFileError, match=r"a knowledge file is a \.yaml file"):
        target_of(knowledge, "faq.txt")


def test_an_unchanged_file_changes_nothing(knowledge: Path, corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for path in _files_of_kind(knowledge).values():
        staged = stage(knowledge, path.name, path.read_bytes(), corpus, tmp_path / "scratch")
        assert staged.problems == []
        assert not staged.diff.changed
        assert staged.replaces


def test_yaml_syntax_error_is_reported_on_its_line(knowledge: Path, corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _files_of_kind(knowledge)["quiz"]
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(20, "  - id: a: b")  # "mapping values are not allowed here", on this line
    staged = stage(knowledge, path.name, "\n".join(lines).encode(), corpus, tmp_path / "s")
    assert [(p.path, p.line) for p in staged.problems] == [(path.name, 21)]
    assert "not valid YAML" in staged.problems[0].message


def test_a_dangling_citation_is_a_file_line_problem_and_other_files_still_count(
    knowledge: Path,
    corpus,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = _files_of_kind(knowledge)["quiz"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    citation = data["questions"][0]["citation"]
    text = path.read_text(encoding="utf-8").replace(citation, citation + "/huruf-zz", 1)
    staged = stage(knowledge, path.name, text.encode(), corpus, tmp_path / "s")
    assert len(staged.problems) == 1
    problem = staged.problems[0]
    assert problem.path == path.relative_to(knowledge).as_posix()
    assert f"{citation}/huruf-zz" in problem.message
    assert text.splitlines()[problem.line - 1].strip().endswith(f"{citation}/huruf-zz")
    assert list((tmp_path / "s").iterdir()) == []  # the staging copy is gone


def test_diff_names_added_changed_and_removed_entries(
    knowledge: Path, corpus, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = _files_of_kind(knowledge)["glossary"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data["entries"]
    removed, changed = entries[0]["terms"][0], entries[1]["terms"][0]
    entries[1]["means"] = entries[1]["means"] + " (diubah)"
    del entries[0]
    entries.append({"terms": ["zebrakorn"], "means": "spanduk uji"})
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    staged = stage(knowledge, path.name, text.encode(), corpus, tmp_path / "s")
    assert staged.problems == []
    assert staged.diff.glossary.added == ["zebrakorn"]
    assert staged.diff.glossary.removed == [str(removed).lower()]
    assert staged.diff.glossary.changed == [str(changed).lower()]
    assert not staged.diff.rulings
    assert path.read_text(encoding="utf-8") != text  # staging never writes the live file


# --- netral knowledge validate|diff -----------------------------------------------------------


@pytest.fixture
def cli_config(knowledge: Path, tmp_path: Path) -> str:
    path = tmp_path / "config.yaml"
    path.write_text(
        f"corpus:\n  regulations_dir: {ROOT / 'regulations'}\n  knowledge_dir: {knowledge}\n",
        encoding="utf-8",
    )
    return str(path)


def test_cli_knowledge_validate_the_directory(
    cli_config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", cli_config, "knowledge", "validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip().endswith(": valid")


def test_cli_knowledge_validate_and_diff_an_edited_file(
    cli_config: str, knowledge: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _files_of_kind(knowledge)["quiz"]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["questions"][0]
    edited = tmp_path / "edit" / path.name
    edited.parent.mkdir()
    edited.write_text(
        path.read_text(encoding="utf-8").replace(f"id: {first['id']}", f"idd: {first['id']}", 1),
        encoding="utf-8",
    )
    assert main(["--config", cli_config, "knowledge", "validate", str(edited)]) == 1
    out = capsys.readouterr().out
    assert "masalah; tidak ada yang diubah:" in out
    assert f"{path.relative_to(knowledge).as_posix()}:" in out
    good = tmp_path / "good" / path.name
    good.parent.mkdir()
    first["explanation"] = "Diubah: " + str(first["explanation"])[:150]
    good.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["--config", cli_config, "knowledge", "diff", str(good), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["kind"] == "quiz"
    assert result["problems"] == []
    assert result["changes"]["quiz"] == {"added": [], "removed": [], "changed": [first["id"]]}
    assert main(["--config", cli_config, "knowledge", "diff", str(good)]) == 0
    assert "soal kuis: 0 baru, 1 berubah, 0 dihapus" in capsys.readouterr().out
