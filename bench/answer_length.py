"""Length of the first Telegram message of an answer (`render_answer.short_html`).

Usage: python bench/answer_length.py [--data-dir DIR] [--eval FILE ...] [--show N]
Answers every question of tests/eval/dev.yaml and tests/eval/dev_frames.yaml (a follow-up after its
previous question), keeps the real answers (`render_answer.is_real`: no refusals, no "empty
question"), and prints the visible length (HTML tags stripped, entities unescaped) and the length
with markup: count, p50, p90, max, and how many would split (> 4096). Prints numbers; asserts
nothing. Target (issue 10): visible p50 <= 700 and max <= 1,200.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answering.query import context_of  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.evaluation import load_items  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot.tg import render_answer  # noqa: E402

TELEGRAM_LIMIT = 4096
_TAG = re.compile(r"<[^>]+>")


def visible(markup: str) -> str:
    """What the reader sees: tags stripped, entities unescaped."""
    return html.unescape(_TAG.sub("", markup))


def pct(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", help="a data dir with a built index (default: build one)")
    parser.add_argument(
        "--eval",
        nargs="+",
        default=[str(ROOT / "tests/eval/dev.yaml"), str(ROOT / "tests/eval/dev_frames.yaml")],
    )
    parser.add_argument("--show", type=int, default=0, help="print the N longest messages")
    args = parser.parse_args()
    os.environ["NETRAL_DATA_DIR"] = args.data_dir or tempfile.mkdtemp(prefix="netral-len-")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    services = build_services(load_config())
    if services.retriever.snapshot() is None:
        services.reindex()
    rows: list[tuple[int, int, str, str]] = []
    asked = 0
    for path in args.eval:
        for item in load_items(path):
            context = context_of(services.answer(item.previous)) if item.previous else None
            answer = services.answer(item.question, context)
            asked += 1
            if not render_answer.is_real(answer):
                continue
            markup = render_answer.short_html(answer)
            rows.append((len(visible(markup)), len(markup), item.id, markup))
    seen = [r[0] for r in rows]
    marked = [r[1] for r in rows]
    print(f"questions asked {asked}; real answers measured {len(rows)}")
    if not rows:
        return 1
    for name, values in (("visible", seen), ("with markup", marked)):
        print(
            f"{name:12s} p50 {pct(values, 0.5):5d}  p90 {pct(values, 0.9):5d}  "
            f"max {max(values):5d}  mean {sum(values) / len(values):7.1f}"
        )
    print(
        f"would split (> {TELEGRAM_LIMIT} with markup): {sum(m > TELEGRAM_LIMIT for m in marked)}"
    )
    print(
        f"visible > 700: {sum(v > 700 for v in seen)}; visible > 1200: {sum(v > 1200 for v in seen)}"
    )
    for length, _, item_id, markup in sorted(rows, reverse=True)[: args.show]:
        print(f"\n--- {item_id} ({length} visible)\n{visible(markup)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
