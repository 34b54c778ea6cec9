"""`netral ask`, `netral ask --json -`, `netral chat` and `netral eval` through the real CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main

KEYS = {
    "question",
    "frame",
    "found",
    "verdict",
    "answer",
    "sanction",
    "citations",
    "sources",
    "mode",
    "latency_ms",
}


@pytest.fixture
def indexed(built_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NETRAL_DATA_DIR", str(built_data_dir))
    return built_data_dir


def test_ask_json_has_the_design_shape_and_ranked_sources(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--json", "boleh gak asn jadi anggota parpol?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == KEYS
    assert data["found"] is True
    assert data["verdict"] == "dilarang"
    assert data["mode"] in {"faq", "extractive"}
    assert len(data["sources"]) >= 5
    assert data["frame"]["actor"] == "asn"
    assert data["frame"]["intent"] == "boleh_tidak"
    assert all(set(s) == {"regulation", "pasal", "label", "score"} for s in data["sources"])
    scores = [s["score"] for s in data["sources"]]
    assert scores == sorted(scores, reverse=True)
    for citation in data["citations"]:
        assert set(citation) == {
            "regulation",
            "pasal",
            "label",
            "quote",
            "url",
            "status",
            "verification",
        }
        assert citation["url"].startswith("https://")


def test_ask_reads_one_question_per_line_and_writes_json_lines(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("bolehkah pns ikut kampanye?\nresep rendang padang?\n\n")
    )
    assert main(["ask", "--json", "-"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert lines[0]["found"] is True
    assert lines[1]["found"] is False
    assert lines[2]["found"] is False  # an empty line gets a clear refusal, not a crash


def test_ask_plain_text_shows_verdict_quote_and_disclaimer(
    indexed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "bolehkah PNS memakai kaos partai saat kampanye?"]) == 0
    out = capsys.readouterr().out
    assert "DILARANG" in out
    assert "PP 94/2021 Pasal 5 huruf n" in out
    assert "bukan nasihat hukum" in out


def test_chat_keeps_context_for_a_follow_up(
    indexed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO("bolehkah PNS menjadi anggota partai politik?\nkalau PPPK bagaimana?\n\n"),
    )
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert out.count("DILARANG") >= 2
    assert "PPPK" in out or "PP 49/2018" in out


def test_eval_json_reports_metrics(
    indexed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = tmp_path / "mini.yaml"
    items.write_text(
        "items:\n"
        "  - {id: a, question: 'bolehkah pns jadi anggota partai politik?', gold: [{regulation: uu-20-2023, pasal: '52'}], verdict: dilarang, kind: answerable}\n"
        "  - {id: b, question: 'resep rendang padang?', gold: [], verdict: null, kind: out_of_scope}\n",
        encoding="utf-8",
    )
    assert main(["eval", str(items), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["counts"]["items"] == 2
    assert report["metrics"]["out_of_scope_declined"] == 1.0
    assert report["metrics"]["verdict_accuracy"] == 1.0
    assert report["metrics"]["hit@5"] == 1.0


def test_eval_rejects_a_malformed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("items:\n  - {id: x, question: q, kind: sometimes}\n", encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    assert "kind must be one of" in capsys.readouterr().err
