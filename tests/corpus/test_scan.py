"""Scanned PDFs (no text layer): generated here, read by OCR, ingested like the text version."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.corpus.ingest import IngestError, IngestRequest, prepare_ingest, scan
from tests.corpus.test_ingest import pdf_bytes, request
from tests.support.scans import raw_pages, scanned_pdf, similarity

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "salinan"
# Raw lines 229-345 of the UU 20/2023 salinan: four printed pages with headers, page numbers,
# printer codes and catch-words, Pasal 5-14.
SOURCE = FIXTURES / "uu-20-2023.pasal-4-15.txt"
MIN_SIMILARITY = 0.95


@pytest.fixture(scope="module")
def printed() -> list[list[str]]:
    return raw_pages(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scanned(printed: list[list[str]]) -> dict[str, Any]:
    """One OCR run for the module: the scan, its preview and the progress calls."""
    pdf = scanned_pdf(printed)
    calls: list[tuple[int, int]] = []
    preview = prepare_ingest(
        request(Path("scan.pdf")), pdf, progress=lambda done, total: calls.append((done, total))
    )
    return {"pdf": pdf, "preview": preview, "calls": calls}


def test_generated_scan_has_no_text_layer(scanned: dict[str, Any]) -> None:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(scanned["pdf"]))
    assert len(reader.pages) == 4
    assert all(not (page.extract_text() or "").strip() for page in reader.pages)


def test_ocr_recovers_the_printed_text(printed: list[list[str]], scanned: dict[str, Any]) -> None:
    source = scanned["preview"].source
    assert source.ocr_pages == [1, 2, 3, 4]
    for page, text in zip(printed, source.text.split("\n\n"), strict=True):
        assert similarity(text, "\n".join(page)) >= MIN_SIMILARITY
    whole = similarity(source.text, "\n".join("\n".join(p) for p in printed))
    print(f"OCR character similarity on the generated scan: {whole:.4f}")
    assert whole >= MIN_SIMILARITY


def test_scan_yields_the_same_pasal_as_the_text_layer_version(
    printed: list[list[str]], scanned: dict[str, Any]
) -> None:
    text_layer = prepare_ingest(request(Path("salinan.pdf")), pdf_bytes(printed))
    assert text_layer.report.ocr_pages == []
    ocr = scanned["preview"]
    assert ocr.report.pasal_numbers == text_layer.report.pasal_numbers
    assert ocr.report.pasal_numbers == [str(n) for n in range(5, 15)]
    assert ocr.problems == []
    for a, b in zip(
        ocr.markdown.split("\n## ")[1:], text_layer.markdown.split("\n## ")[1:], strict=True
    ):
        assert similarity(a, b) >= MIN_SIMILARITY


def test_ocr_reports_progress_per_page_and_the_pages_it_read(scanned: dict[str, Any]) -> None:
    assert scanned["calls"] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    report = scanned["preview"].report
    assert (report.pages, report.ocr_pages) == (4, [1, 2, 3, 4])


def test_missing_ocr_engine_is_one_line_saying_what_to_install(
    scanned: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    scan._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr", None)  # import fails as if not installed
    try:
        with pytest.raises(IngestError, match="OCR is not installed") as caught:
            prepare_ingest(request(Path("scan.pdf")), scanned["pdf"])
    finally:
        scan._engine.cache_clear()
    assert "\n" not in str(caught.value)
    assert "pip install" in str(caught.value)


def test_cli_missing_ocr_engine_exits_1_without_a_traceback(
    scanned: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(scanned["pdf"])
    config = tmp_path / "config.yaml"
    config.write_text(f"corpus:\n  regulations_dir: {tmp_path / 'regs'}\n", encoding="utf-8")
    scan._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "rapidocr", None)
    try:
        code = main(
            [
                *("--config", str(config), "corpus", "ingest", str(source)),
                *("--id", "uu-20-2023", "--title", "UU 20/2023", "--type", "uu"),
                *("--number", "20", "--year", "2023", "--source-url", "https://x.example/u.pdf"),
            ]
        )
    finally:
        scan._engine.cache_clear()
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "OCR is not installed" in err
    assert "Traceback" not in err
    assert not (tmp_path / "regs").exists()


def test_a_text_layer_pdf_is_not_sent_to_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR was run on a page with a text layer")

    monkeypatch.setattr("bot.corpus.ingest.read.recognise_pages", refuse)
    pages = [["Pasal 1", "Pegawai Negeri Sipil wajib menjaga netralitas dalam pemilihan umum."]]
    preview = prepare_ingest(request(Path("salinan.pdf"), "pp-1-2020"), pdf_bytes(pages))
    assert preview.report.pasal_numbers == ["1"]


def test_force_ocr_reads_every_page_also_with_a_text_layer(printed: list[list[str]]) -> None:
    req: IngestRequest = request(Path("salinan.pdf"), ocr=True)
    preview = prepare_ingest(req, pdf_bytes(printed[:1]))
    assert preview.report.ocr_pages == [1]
    assert preview.report.pasal_numbers == ["5", "6"]
