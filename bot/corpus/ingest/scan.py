"""Scanned PDF pages → text lines, offline: pdfium renders a page, RapidOCR reads it.

RapidOCR runs the PP-OCRv6 detection and recognition models that ship inside its wheel on
onnxruntime (already a dependency through Chroma), so nothing is downloaded and no OS package
is needed. It was chosen over Tesseract by `bench/ocr_bench.py` (accuracy on generated scans of
the salinan; see the README's OCR section). Every recognised line keeps its confidence, so the
report can point the editor at the lines to check against the PDF.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.corpus.ingest.request import IngestError

Progress = Callable[[int, int], None]  # (pages done, pages to recognise)

RENDER_DPI = 200  # the OCR models see about 2000 px per side anyway
LOW_CONFIDENCE = 0.8  # below this a line is listed for review (it is kept in the text)
MISSING = (
    "this PDF is a scan and OCR is not installed: run "
    "`.venv/bin/pip install -e .` (it brings rapidocr and pypdfium2), then send it again"
)
_lock = threading.Lock()  # one recognition at a time per process: it uses every core


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float


@functools.cache
def _engine() -> Any:
    """The RapidOCR engine, built once per process on first use (never at import)."""
    try:
        from rapidocr import RapidOCR
    except ImportError:
        raise IngestError(MISSING) from None
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    # text_score 0: keep every line, however unsure; unsure lines are reported, never dropped.
    # A page scaled to at most 1400 px (detection at 960 px) read the generated scans both more
    # accurately and about twice as fast as the defaults (2000 / 736) in bench/ocr_bench.py.
    return RapidOCR(
        params={
            "Global.log_level": "warning",
            "Global.text_score": 0.0,
            "Global.use_cls": False,  # salinan pages are upright: no 180° line classifier
            "Global.max_side_len": 1400,
            "Det.limit_side_len": 960,
        }
    )


def recognise_pages(
    data: bytes, pages: list[int], progress: Progress | None = None
) -> dict[int, list[OcrLine]]:
    """Render and read the given 0-based pages of a PDF.

    Raises:
        IngestError: OCR is not installed (one line saying what to install).
    """
    engine = _engine()
    try:
        import pypdfium2 as pdfium
    except ImportError:
        raise IngestError(MISSING) from None
    document = pdfium.PdfDocument(data)
    out: dict[int, list[OcrLine]] = {}
    try:
        for done, index in enumerate(pages, 1):
            bitmap = document[index].render(scale=RENDER_DPI / 72, grayscale=True)
            image = bitmap.to_pil().convert("RGB")
            with _lock:
                result = engine(_array(image))
            out[index] = _lines(result)
            if progress is not None:
                progress(done, len(pages))
    finally:
        document.close()
    return out


def _array(image: Any) -> Any:
    import numpy as np

    return np.asarray(image)


def _lines(result: Any) -> list[OcrLine]:
    """Recognised boxes → printed lines, top to bottom, each left to right."""
    if result.boxes is None or result.txts is None:
        return []
    boxes = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        ys = [float(point[1]) for point in box]
        left = min(float(point[0]) for point in box)
        boxes.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), left, str(text), float(score)))
    boxes.sort()
    rows: list[list[tuple[float, float, float, str, float]]] = []
    for box in boxes:
        # Same printed line: the centres are closer than half a line height (skew included).
        if rows and abs(box[0] - rows[-1][-1][0]) < 0.5 * min(box[1], rows[-1][-1][1]):
            rows[-1].append(box)
        else:
            rows.append([box])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[2])
        text = " ".join(b[3].strip() for b in row if b[3].strip())
        if text:
            lines.append(OcrLine(text, min(b[4] for b in row)))
    return lines
