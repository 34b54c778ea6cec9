"""Compare OCR engines on the same generated scans of salinan pages: accuracy and s/page.

    .venv/bin/python bench/ocr_bench.py [--pages 8] [--quality good poor] [--json]

Pages: the first pages of `shared/reference/raw/uu-20-2023.salinan.txt` (line-by-line layout)
and of `pp-94-2021.salinan.txt` (run-on paragraphs, wrapped to printed lines), rendered by
`tests/support/scans.py` into A4 page images with dust, blur and skew ("good": 200 dpi office
scan; "poor": 150 dpi, more dust and blur). Each engine reads the same rendered pixels, taken
back out of the image-only PDF through pdfium exactly as ingestion does.

Accuracy: character similarity (difflib ratio of the white-space-normalised texts) between the
recognised text and the text that was printed, per page; mean and minimum. Speed: wall seconds
per page on this machine (2 cores), model loading excluded, and CPU seconds per page (less
sensitive to other processes on the machine); each engine run as it runs best here: RapidOCR one page at a time over onnxruntime's threads; Tesseract one process per page
with OMP_THREAD_LIMIT=1 and two pages at a time (its OpenMP threading on 2 busy cores is 7x
slower), so its s/page is throughput.

Engines: `rapidocr` (the one ingestion uses) and, when installed, Tesseract with its Indonesian
data (`apt-get install tesseract-ocr tesseract-ocr-ind`, `pip install pytesseract`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.scans import raw_pages, scanned_pdf, similarity  # noqa: E402

RAW = ROOT.parent / "shared" / "reference" / "raw"


def pages(count: int) -> list[list[str]]:
    uu = raw_pages((RAW / "uu-20-2023.salinan.txt").read_text(encoding="utf-8"))
    pp = raw_pages((RAW / "pp-94-2021.salinan.txt").read_text(encoding="utf-8"))
    uu_count = max(1, count * 3 // 4)
    return uu[1 : 1 + uu_count] + pp[1 : 1 + count - uu_count]


def rendered(pdf: bytes):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    from bot.corpus.ingest.scan import RENDER_DPI

    document = pdfium.PdfDocument(pdf)
    images = [
        document[i].render(scale=RENDER_DPI / 72, grayscale=True).to_pil().convert("RGB")
        for i in range(len(document))
    ]
    document.close()
    return images


def _cpu() -> float:
    """CPU seconds of this process and its finished children (Tesseract runs as a child)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_rapidocr(images) -> tuple[list[str], float, float]:  # type: ignore[no-untyped-def]
    from bot.corpus.ingest import scan

    engine = scan._engine()
    engine(scan._array(images[0]))  # warm-up: first-run allocations are not per-page cost
    started, cpu = time.perf_counter(), _cpu()
    texts = ["\n".join(line.text for line in scan._lines(engine(scan._array(i)))) for i in images]
    return texts, (time.perf_counter() - started) / len(images), (_cpu() - cpu) / len(images)


def run_tesseract(images) -> tuple[list[str], float, float]:  # type: ignore[no-untyped-def]
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    started, cpu = time.perf_counter(), _cpu()
    with ThreadPoolExecutor(2) as pool:
        texts = list(pool.map(lambda i: pytesseract.image_to_string(i, lang="ind"), images))
    return texts, (time.perf_counter() - started) / len(images), (_cpu() - cpu) / len(images)


def engines() -> dict[str, object]:
    found: dict[str, object] = {"rapidocr (PP-OCRv6 small, onnxruntime)": run_rapidocr}
    try:
        import pytesseract

        if shutil.which("tesseract") and "ind" in pytesseract.get_languages():
            version = pytesseract.get_tesseract_version()
            found[f"tesseract {version} (ind, LSTM)"] = run_tesseract
    except ImportError:
        pass
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--quality", nargs="+", default=["good", "poor"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    printed = pages(args.pages)
    rows = []
    for quality in args.quality:
        images = rendered(scanned_pdf(printed, quality=quality))
        for name, run in engines().items():
            texts, seconds, cpu = run(images)  # type: ignore[operator]
            scores = [similarity(t, "\n".join(p)) for t, p in zip(texts, printed, strict=True)]
            rows.append(
                {
                    "engine": name,
                    "scan": quality,
                    "pages": len(images),
                    "similarity_mean": round(statistics.mean(scores), 4),
                    "similarity_min": round(min(scores), 4),
                    "s_per_page": round(seconds, 2),
                    "cpu_s_per_page": round(cpu, 2),
                }
            )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"load average before: {os.getloadavg()[0]:.2f} (other processes share the 2 cores)")
    print(
        f"{'engine':<40} {'scan':<5} {'pages':>5} {'sim mean':>9} {'sim min':>8} "
        f"{'s/page':>7} {'cpu s/page':>10}"
    )
    for r in rows:
        print(
            f"{r['engine']:<40} {r['scan']:<5} {r['pages']:>5} {r['similarity_mean']:>9.4f} "
            f"{r['similarity_min']:>8.4f} {r['s_per_page']:>7.2f} {r['cpu_s_per_page']:>10.2f}"
        )
    if len(engines()) < 2:
        print(
            "(Tesseract not installed: apt-get install tesseract-ocr tesseract-ocr-ind; "
            "pip install pytesseract)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
