"""`netral eval`: score answers on a YAML question set (retrieval, verdicts, refusals, latency)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.answering.query import context_of
from bot.corpus.yamlfile import safe_load
from bot.models import Answer
from bot.services import Services

KINDS = ("answerable", "out_of_scope", "adversarial", "not_in_corpus", "other_law")
# Kinds a correct answer declines (or answers "not in the corpus") without any verdict.
DECLINE_KINDS = ("out_of_scope", "not_in_corpus", "other_law")
OPPOSITE = {
    "dilarang": {"boleh", "boleh_bersyarat"},
    "boleh": {"dilarang"},
    "boleh_bersyarat": {"dilarang"},
}


class EvalError(Exception):
    pass


@dataclass(frozen=True)
class Gold:
    regulation: str
    pasal: str | None


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    gold: tuple[Gold, ...]
    verdict: str | None
    kind: str
    must_mention: tuple[str, ...] = ()
    must_not_mention: tuple[str, ...] = ()
    previous: str | None = None  # asked just before, in the same conversation
    frame: dict[str, str] = field(default_factory=dict)  # expected actor / election / intent


@dataclass
class Outcome:
    item: Item
    answer: Answer
    rank: int | None  # 1-based rank of the first gold source, None if absent

    @property
    def text(self) -> str:
        parts = [
            self.answer.answer,
            self.answer.sanction or "",
            *self.answer.conditions,
            *self.answer.notes,
        ]
        parts += [f"{c.label} {c.quote}" for c in self.answer.citations]
        return " ".join(parts).lower()


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    metrics: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        failures = []
        for o in self.outcomes:
            reasons = failure_reasons(o)
            if reasons:
                failures.append({"id": o.item.id, "question": o.item.question, "why": reasons})
        return {"metrics": self.metrics, "counts": self.counts, "failures": failures}


def load_items(path: str | Path) -> list[Item]:
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    items = []
    for raw in (data or {}).get("items") or []:
        if raw.get("kind") not in KINDS:
            raise EvalError(f"{path}: item {raw.get('id')}: kind must be one of {', '.join(KINDS)}")
        gold = tuple(
            Gold(g["regulation"], None if g.get("pasal") is None else str(g["pasal"]))
            for g in raw.get("gold") or []
        )
        items.append(
            Item(
                str(raw["id"]),
                str(raw["question"]),
                gold,
                raw.get("verdict"),
                raw["kind"],
                tuple(str(m).lower() for m in raw.get("must_mention") or []),
                tuple(str(m).lower() for m in raw.get("must_not_mention") or []),
                str(raw["previous"]) if raw.get("previous") else None,
                {str(k): str(v) for k, v in (raw.get("frame") or {}).items()},
            )
        )
    if not items:
        raise EvalError(f"{path}: no items")
    return items


def gold_matches(gold: Gold, regulation: str, pasal: str) -> bool:
    if gold.regulation != regulation:
        return False
    if gold.pasal is None:
        return True
    want, got = gold.pasal.strip().lower(), pasal.strip().lower()
    # A gold given as a whole part ("Lampiran A") is met by any of its rows ("Lampiran A angka 6").
    return got == want or got.startswith(want + " ")


def gold_rank(item: Item, answer: Answer) -> int | None:
    for rank, source in enumerate(answer.sources, 1):
        if any(gold_matches(g, source.regulation, source.pasal) for g in item.gold):
            return rank
    return None


def declined(answer: Answer) -> bool:
    """No verdict and no answer found: a refusal or a 'not in the corpus'."""
    return not answer.found and answer.verdict is None


def not_in_corpus(answer: Answer) -> bool:
    """Declined, or an answer without a verdict that says the asker's own rules are not in the
    corpus (a TNI member, a BUMN employee: the law that governs them is elsewhere)."""
    return declined(answer) or (answer.outside and answer.verdict is None)


def opposite(item: Item, answer: Answer) -> bool:
    """A verdict of the opposite direction (dilarang vs boleh/boleh dengan syarat)."""
    return item.verdict is not None and answer.verdict in OPPOSITE.get(item.verdict, set())


def failure_reasons(o: Outcome) -> list[str]:
    item, answer, why = o.item, o.answer, []
    if item.kind == "answerable" and item.gold and (o.rank is None or o.rank > 3):
        why.append(f"gold rank {o.rank}; top: {[s.label for s in answer.sources[:3]]}")
    if item.kind == "answerable" and not answer.found:
        why.append("not answered")
    if item.verdict is not None and answer.verdict != item.verdict:
        why.append(f"verdict {answer.verdict} != {item.verdict}")
    refused = declined(answer) if item.kind == "out_of_scope" else not_in_corpus(answer)
    if item.kind in DECLINE_KINDS and not refused:
        why.append(
            f"{item.kind} but answered ({answer.ruling_id or answer.mode}, {answer.verdict})"
        )
    frame = answer.frame or {}
    why += [
        f"{key} {frame.get(key)} != {want}"
        for key, want in item.frame.items()
        if key in FRAME_KEYS and frame.get(key) != want
    ]
    why += [f"missing '{m}'" for m in item.must_mention if m not in o.text]
    why += [f"says '{m}'" for m in item.must_not_mention if m in o.text]
    return why


FRAME_KEYS = ("actor", "election", "intent")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def evaluate(services: Services, items: list[Item]) -> Report:
    """Answer every item (a follow-up after its previous question) and compute the metrics."""
    report = Report()
    for item in items:
        context = None
        if item.previous:
            context = context_of(services.answer(item.previous))
        answer = services.answer(item.question, context)
        report.outcomes.append(Outcome(item, answer, gold_rank(item, answer)))
    ranked = [o for o in report.outcomes if o.item.kind == "answerable" and o.item.gold]
    verdicts = [o for o in report.outcomes if o.item.verdict is not None]
    oos = [o for o in report.outcomes if o.item.kind == "out_of_scope"]
    elsewhere = [o for o in report.outcomes if o.item.kind in ("not_in_corpus", "other_law")]
    mention = [o for o in report.outcomes if o.item.must_mention]
    not_mention = [o for o in report.outcomes if o.item.must_not_mention]
    latencies = [o.answer.latency_ms for o in report.outcomes]
    cited_outside = sum(
        1
        for o in report.outcomes
        for c in o.answer.citations
        if c.unit_id not in {s.unit_id for s in o.answer.sources}
    )

    def share(group: list[Outcome], ok: Any) -> float:
        return round(sum(1 for o in group if ok(o)) / len(group), 4) if group else 1.0

    report.metrics = {
        "hit@1": share(ranked, lambda o: o.rank is not None and o.rank <= 1),
        "hit@3": share(ranked, lambda o: o.rank is not None and o.rank <= 3),
        "hit@5": share(ranked, lambda o: o.rank is not None and o.rank <= 5),
        "mrr": round(sum(1 / o.rank for o in ranked if o.rank) / len(ranked), 4) if ranked else 1.0,
        "verdict_accuracy": share(verdicts, lambda o: o.answer.verdict == o.item.verdict),
        "opposite_verdicts": float(sum(1 for o in verdicts if opposite(o.item, o.answer))),
        "verdict_abstained": share(verdicts, lambda o: o.answer.verdict is None),
        "out_of_scope_declined": share(oos, lambda o: declined(o.answer)),
        "elsewhere_declined": share(elsewhere, lambda o: not_in_corpus(o.answer)),
        "answerable_answered": share(
            [o for o in report.outcomes if o.item.kind == "answerable"], lambda o: o.answer.found
        ),
        "must_mention_pass": share(
            mention, lambda o: all(m in o.text for m in o.item.must_mention)
        ),
        "must_not_mention_pass": share(
            not_mention, lambda o: not any(m in o.text for m in o.item.must_not_mention)
        ),
        "citations_outside_retrieved": float(cited_outside),
        "latency_p50_ms": round(_percentile(latencies, 0.5), 1),
        "latency_p95_ms": round(_percentile(latencies, 0.95), 1),
    }
    for key in FRAME_KEYS:
        framed = [o for o in report.outcomes if key in o.item.frame]
        report.metrics[f"frame_{key}"] = share(
            framed, lambda o, key=key: (o.answer.frame or {}).get(key) == o.item.frame[key]
        )
    report.counts = {kind: sum(1 for o in report.outcomes if o.item.kind == kind) for kind in KINDS}
    report.counts["items"] = len(items)
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{name:<28} {value}" for name, value in report.metrics.items()]
    lines.append(f"{'items':<28} {report.counts}")
    if verbose:
        for failure in report.to_json()["failures"]:
            lines.append(f"- {failure['id']}: {failure['question']!r}: {'; '.join(failure['why'])}")
    return "\n".join(lines)
