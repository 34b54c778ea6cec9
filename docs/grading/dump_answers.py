"""Dump answers for independent grading (questions sampled with a fixed seed; no gold labels)."""

import json
import random
import sys

from bot.answering.query import context_of
from bot.config import load_config
from bot.evaluation import load_items
from bot.services import build_services

src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
items = load_items(src)
random.Random(20261203).shuffle(items)
items = items[:n]
s = build_services(load_config())
with open(out, "w") as f:
    for i, it in enumerate(items, 1):
        ctx = context_of(s.answer(it.previous)) if it.previous else None
        a = s.answer(it.question, ctx)
        rec = {
            "n": i,
            "previous_question": it.previous,
            "question": it.question,
            "bot": {
                "verdict": a.verdict,
                "answer": a.answer,
                "conditions": a.conditions,
                "sanction": a.sanction,
                "notes": a.notes,
                "declined": a.declined,
                "citations": [
                    {"label": c.label, "status": c.status, "quote": c.quote} for c in a.citations
                ],
            },
        }
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
print("wrote", len(items))
