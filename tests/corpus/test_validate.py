from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, regulations: Path) -> str:
    knowledge = tmp_path / "knowledge"
    if not knowledge.exists():
        shutil.copytree(ROOT / "knowledge", knowledge)
    path = tmp_path / "config.yaml"
    path.write_text(
        f"corpus:\n  regulations_dir: {regulations}\n  knowledge_dir: {knowledge}\n",
        encoding="utf-8",
    )
    return str(path)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "regulations"
    shutil.copytree(ROOT / "regulations", target)
    return target


def _validate(
    tmp_path: Path, regulations: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    code = main(["--config", _config(tmp_path, regulations), "corpus", "validate"])
    return code, capsys.readouterr().out


def test_shipped_corpus_and_knowledge_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "11 regulations" in captured.err
    assert "OK" in captured.err


def test_broken_front_matter_is_reported_with_file_and_line(
    tmp_path: Path, corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_copy / "pp-42-2004.md"
    text = path.read_text(encoding="utf-8").replace("status: berlaku", "status: [berlaku", 1)
    path.write_text(text, encoding="utf-8")
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert re.search(r"pp-42-2004\.md:\d+: front matter is not valid YAML", out)


def test_unknown_replaced_by_is_reported_on_its_line(
    tmp_path: Path, corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_copy / "uu-5-2014.md"
    text = path.read_text(encoding="utf-8").replace(
        "replaced_by: uu-20-2023", "replaced_by: uu-99-2099", 1
    )
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("replaced_by:"))
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert f"uu-5-2014.md:{line}: replaced_by 'uu-99-2099' is not a regulation in the corpus" in out


def test_duplicate_id_is_reported(
    tmp_path: Path, corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(corpus_copy / "pp-49-2018.md", corpus_copy / "pp-49-2018-copy.md")
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert re.search(r"pp-49-2018-copy\.md:\d+: id 'pp-49-2018' does not match the file name", out)
    (corpus_copy / "pp-49-2018-copy.md").unlink()
    other = corpus_copy / "pp-49-2018.md"
    dup = corpus_copy / "zz-dup.md"
    dup.write_text(other.read_text(encoding="utf-8"), encoding="utf-8")
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert re.search(r"zz-dup\.md:\d+: .*'pp-49-2018'", out)


def test_empty_pasal_is_reported_on_its_heading(
    tmp_path: Path, corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_copy / "pp-42-2004.md"
    text = path.read_text(encoding="utf-8") + "\n## Pasal 99\n\n"
    path.write_text(text, encoding="utf-8")
    line = len(text.splitlines()) - 1
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert f"pp-42-2004.md:{line}: empty unit 'Pasal 99'" in out


def test_malformed_pasal_label_and_dangling_citation(
    tmp_path: Path, corpus_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus_copy / "pp-42-2004.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n## Pasal 12 ayat 3\nteks\n", encoding="utf-8"
    )
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert "malformed Pasal heading 'Pasal 12 ayat 3'" in out
    faq = tmp_path / "knowledge" / "rulings" / "kampanye.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace(
            "pp-94-2021/pasal-5/huruf-n/angka-2", "pp-94-2021/pasal-5/huruf-z", 1
        ),
        encoding="utf-8",
    )
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert re.search(
        r"kampanye\.yaml:\d+: citation 'pp-94-2021/pasal-5/huruf-z' does not resolve", out
    )


def test_corpus_list_shows_all_eleven_with_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", "list", "--json"]) == 0
    import json

    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    expected = {
        "pp-94-2021",
        "uu-20-2023",
        "uu-5-2014",
        "uu-7-2017",
        "uu-10-2016",
        "pp-42-2004",
        "pp-11-2017",
        "pp-17-2020",
        "pp-49-2018",
        "pp-53-2010",
        "skb-netralitas-asn-2022",
    }
    assert set(rows) == expected
    assert rows["uu-5-2014"]["status"] == "dicabut"
    assert rows["uu-5-2014"]["replaced_by"] == "uu-20-2023"
    assert rows["uu-20-2023"]["status"] == "berlaku"
    assert all(r["units"] > 0 for r in rows.values())


def _reference_section(path: Path, heading: str) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading) + 1
    out = []
    for line in lines[start:]:
        if line.startswith("#"):
            break
        out.append(line)
    return " ".join(" ".join(out).split())


REFERENCE = ROOT.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(),
    reason="the verified reference texts (../shared/reference) are not beside this checkout",
)


@needs_reference
def test_corpus_fidelity_every_legal_line_is_in_the_reference() -> None:
    import subprocess
    import sys

    tool = ROOT.parent / "shared" / "tools" / "corpus-fidelity"
    result = subprocess.run(
        [sys.executable, str(tool), str(ROOT / "regulations"), str(REFERENCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "legal lines found in the reference texts" in result.stdout


@needs_reference
def test_show_pasal_5_matches_the_reference_text(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["corpus", "show", "pp-94-2021", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["label"] == "PP 94/2021 Pasal 5"
    assert data["status"] == "berlaku"
    assert data["url"].startswith("https://")
    reference = _reference_section(
        ROOT.parent / "shared" / "reference" / "pp-94-2021.md", "## Pasal 5"
    )
    assert " ".join(data["text"].split()) == reference
    for angka in range(1, 8):
        assert f"pp-94-2021/pasal-5/huruf-n/angka-{angka}" in data["units"]


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("status: berlaku", "status: berlaku\nverdik: boleh", "unknown front matter key 'verdik'"),
        ("type: pp", "type: keppres", "type 'keppres' is not one of uu, perppu, pp"),
        ("year: 2004", 'year: "2004"', "year must be a number"),
        ("verification: verbatim", "verification: asli", "verification 'asli' is not one of"),
    ],
)
def test_front_matter_is_checked_against_its_schema_with_the_line(
    tmp_path: Path,
    corpus_copy: Path,
    capsys: pytest.CaptureFixture[str],
    before: str,
    after: str,
    message: str,
) -> None:
    path = corpus_copy / "pp-42-2004.md"
    text = path.read_text(encoding="utf-8").replace(before, after, 1)
    path.write_text(text, encoding="utf-8")
    key = after.splitlines()[-1].split(":")[0]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key}:"))
    code, out = _validate(tmp_path, corpus_copy, capsys)
    assert code == 1
    assert f"pp-42-2004.md:{line}: {message}" in out


def test_front_matter_dump_reads_back_to_the_same_model() -> None:
    from bot.corpus import frontmatter

    text = (ROOT / "regulations" / "uu-5-2014.md").read_text(encoding="utf-8")
    block = frontmatter.read_block(text.splitlines())
    meta, problems = frontmatter.check(block, "uu-5-2014")
    assert problems == []
    assert meta is not None
    again = frontmatter.replace_block(text, meta)
    assert again.split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]  # body byte for byte
    reread, _ = frontmatter.check(frontmatter.read_block(again.splitlines()), "uu-5-2014")
    assert reread == meta
