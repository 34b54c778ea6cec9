"""Make scanned salinan in the test: text rendered to page images with specks, blur and skew.

`scanned_pdf(pages)` returns an image-only PDF (no text layer, JPEG pages as a scanner writes
them), so ingestion must OCR it. The same pages feed `bench/ocr_bench.py`, which compares OCR
engines on them. Everything is seeded: a page renders the same on every run.
"""

from __future__ import annotations

import difflib
import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4_INCHES = (8.27, 11.69)
SERIF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def raw_pages(text: str, width: int = 78) -> list[list[str]]:
    """Pages of a raw salinan text: blank-line separated in the line-by-line layout; long
    run-on paragraphs are wrapped to printed lines and cut into pages of 42 lines."""
    pages: list[list[str]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        lines: list[str] = []
        for line in block.split("\n"):
            lines.extend(textwrap.wrap(line, width) or [])
        for start in range(0, len(lines), 42):
            if lines[start : start + 42]:
                pages.append(lines[start : start + 42])
    return pages


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A serif font like the presses' Bookman when the OS has DejaVu, else Pillow's own."""
    if SERIF.exists():
        return ImageFont.truetype(str(SERIF), size)
    return ImageFont.load_default(size=size)


def render_page(
    lines: list[str],
    seed: int,
    dpi: int = 200,
    skew: float = 0.8,
    specks: float = 0.0015,
    blur: float = 0.6,
) -> Image.Image:
    """One A4 page as a grey scan: 12 pt text, dust specks, blur, a small random rotation."""
    rng = random.Random(seed)
    size = (int(A4_INCHES[0] * dpi), int(A4_INCHES[1] * dpi))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    face = font(round(12 / 72 * dpi))
    margin, step = int(1.0 * dpi), round(12 / 72 * dpi * 1.45)
    y = int(0.8 * dpi)
    for line in lines:
        draw.text((margin, y), line, fill=rng.randint(0, 40), font=face)
        y += step
    for _ in range(int(size[0] * size[1] * specks / 40)):
        x, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        r = rng.choice((1, 1, 2))
        draw.ellipse((x, y0, x + r, y0 + r), fill=rng.randint(60, 160))
    page = page.filter(ImageFilter.GaussianBlur(blur))
    angle = rng.uniform(-skew, skew)
    return page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)


# A good office scan, and a poor one (low resolution, more dust and blur, more skew).
QUALITY: dict[str, dict[str, float]] = {
    "good": {"dpi": 200, "skew": 0.8, "specks": 0.0015, "blur": 0.6},
    "poor": {"dpi": 150, "skew": 1.5, "specks": 0.004, "blur": 1.0},
}


def page_images(pages: list[list[str]], seed: int = 12, quality: str = "good") -> list[Image.Image]:
    q = QUALITY[quality]
    return [
        render_page(lines, seed + i, int(q["dpi"]), q["skew"], q["specks"], q["blur"])
        for i, lines in enumerate(pages)
    ]


def scanned_pdf(pages: list[list[str]], seed: int = 12, quality: str = "good") -> bytes:
    """An image-only PDF of `pages` (lists of printed lines), one JPEG per page."""
    images = page_images(pages, seed, quality)
    dpi = QUALITY[quality]["dpi"]
    out = io.BytesIO()
    images[0].save(
        out, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=80
    )
    return out.getvalue()


def similarity(recognised: str, source: str) -> float:
    """Character similarity (difflib ratio, 0..1) of two texts, white space normalised."""
    a, b = " ".join(recognised.split()), " ".join(source.split())
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
