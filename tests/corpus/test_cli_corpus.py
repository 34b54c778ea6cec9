"""`netral corpus ingest|diff` ergonomics: any case, the Indonesian preview, --json, unit diffs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.render_text import ingest_preview
from tests.corpus.test_ingest import FIXTURES, PDF_PAGES, request

ROOT = Path(__file__).resolve().parents[2]
URL = "https://peraturan.example/salinan.pdf"


@pytest.fixture
def config_file(tmp_path: Path) -> tuple[str, Path]:
    regs = tmp_path / "regs"
    shutil.copytree(ROOT / "regulations", regs)
    path = tmp_path / "config.yaml"
    path.write_text(
        f"corpus:\n  regulations_dir: {regs}\n  knowledge_dir: {ROOT / 'knowledge'}\n",
        encoding="utf-8",
    )
    return str(path), regs


def _salinan(tmp_path: Path) -> Path:
    source = tmp_path / "salinan.txt"
    source.write_text("\n\n".join("\n".join(page) for page in PDF_PAGES), encoding="utf-8")
    return source


def _ingest(config: str, source: Path, *extra: str) -> int:
    return main(
        [
            *("--config", config, "corpus", "ingest", str(source)),
            *("--id", "PP-1-2020", "--title", "Peraturan Pemerintah Nomor 1 Tahun 2020"),
            *("--type", "PP", "--number", "1", "--year", "2020", "--status", "Berlaku"),
            *("--source-url", URL, *extra),
        ]
    )


def test_type_id_and_status_accept_any_case(
    config_file: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, regs = config_file
    assert _ingest(config, _salinan(tmp_path)) == 0
    text = (regs / "pp-1-2020.md").read_text(encoding="utf-8")
    assert "\nid: pp-1-2020\n" in text
    assert "\ntype: pp\n" in text
    assert "\nstatus: berlaku\n" in text
    capsys.readouterr()
    assert main(["--config", config, "corpus", "show", "PP-1-2020", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "pp-1-2020"


def test_ingest_prints_the_same_indonesian_preview_as_telegram(
    config_file: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.corpus.ingest import prepare_ingest

    config, regs = config_file
    source = _salinan(tmp_path)
    assert _ingest(config, source, "--dry-run") == 0
    out = capsys.readouterr().out
    preview = prepare_ingest(request(source, "pp-1-2020"))
    assert out.strip() == ingest_preview(preview.report, preview.problems)
    assert "pratinjau saja: belum ada yang ditulis" in out
    assert "dibuang: 2 kepala halaman, 1 kata alihan halaman, 1 nomor halaman, 1 kode" in out
    assert not (regs / "pp-1-2020.md").exists()  # --dry-run writes nothing


def test_ingest_json_for_scripts(
    config_file: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, regs = config_file
    assert _ingest(config, _salinan(tmp_path), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "pp-1-2020"
    assert data["pasal_numbers"] == ["1", "2"]
    assert data["path"] == str(regs / "pp-1-2020.md")
    assert data["problems"] == []
    assert data["removed"]["printer-code"] == 1
    assert data["fixed"] == {"glyph:ayat": 1}  # "(21 Pegawai" read as "(2) Pegawai"
    assert data["unplaced"] == []
    assert data["ocr_pages"] == []


def test_corpus_diff_shows_what_a_reingest_changes_unit_by_unit(
    config_file: tuple[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = config_file
    assert (
        main(
            [
                "--config",
                config,
                "corpus",
                "diff",
                "UU-20-2023",
                str(FIXTURES / "uu-20-2023.salinan.txt"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    head = out.splitlines()[0]
    assert head.startswith("uu-20-2023: ")
    assert " unit sama, " in head
    assert (
        main(
            [
                "--config",
                config,
                "corpus",
                "diff",
                "uu-20-2023",
                str(FIXTURES / "uu-20-2023.salinan.txt"),
                "--json",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["reg_id"] == "uu-20-2023"
    # Pasal 9 ayat (2) reads the same in the corpus file and in the re-ingested salinan.
    ids = {c["unit_id"] for part in ("added", "removed", "changed") for c in data[part]}
    assert "uu-20-2023/pasal-9" not in ids
    assert data["same"] > 0
    assert head.startswith(f"uu-20-2023: {data['same']} unit sama, {len(data['changed'])} berubah")


def test_corpus_diff_of_an_identical_file_changes_nothing(
    config_file: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = config_file
    source = _salinan(tmp_path)
    assert _ingest(config, source) == 0
    capsys.readouterr()
    assert main(["--config", config, "corpus", "diff", "pp-1-2020", str(source), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["added"], data["removed"], data["changed"]) == ([], [], [])
    edited = tmp_path / "edited.txt"
    edited.write_text(
        source.read_text(encoding="utf-8").replace("menjaga netralitas", "menjaga integritas"),
        encoding="utf-8",
    )
    assert main(["--config", config, "corpus", "diff", "pp-1-2020", str(edited)]) == 0
    out = capsys.readouterr().out
    assert "pp-1-2020: 2 unit sama, 1 berubah, 0 baru, 0 hilang" in out
    assert "~ pp-1-2020/pasal-1 (PP 1/2020 Pasal 1) berubah:" in out
    assert "  -(1) Pegawai Negeri Sipil wajib menjaga netralitas." in out
    assert "  +(1) Pegawai Negeri Sipil wajib menjaga integritas." in out


def test_corpus_diff_unknown_regulation_is_one_line(
    config_file: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _ = config_file
    assert main(["--config", config, "corpus", "diff", "pp-9-1999", str(_salinan(tmp_path))]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "corpus: no regulation 'pp-9-1999'; see 'netral corpus list'"
    )
