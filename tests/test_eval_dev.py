"""The dev question set must keep the answer engine at or above its targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluation import evaluate, format_report, load_items

DEV = Path(__file__).resolve().parent / "eval" / "dev.yaml"
TARGETS = {
    "hit@3": 0.95,
    "mrr": 0.85,
    "verdict_accuracy": 0.90,
    "out_of_scope_declined": 0.90,
}


@pytest.fixture(scope="module")
def report(services):  # type: ignore[no-untyped-def]
    return evaluate(services, load_items(DEV))


def test_dev_set_is_large_and_varied() -> None:
    items = load_items(DEV)
    assert len(items) >= 100
    assert {i.kind for i in items} == {"answerable", "out_of_scope", "adversarial"}
    regulations = {g.regulation for i in items for g in i.gold}
    assert len(regulations) == 11


@pytest.mark.parametrize(("metric", "target"), sorted(TARGETS.items()))
def test_dev_metric_meets_target(report, metric: str, target: float) -> None:  # type: ignore[no-untyped-def]
    assert report.metrics[metric] >= target, format_report(report, verbose=True)


def test_no_citation_outside_the_retrieved_units(report) -> None:  # type: ignore[no-untyped-def]
    assert report.metrics["citations_outside_retrieved"] == 0
    for outcome in report.outcomes:
        retrieved = {s.unit_id for s in outcome.answer.sources}
        assert all(c.unit_id in retrieved for c in outcome.answer.citations), outcome.item.id


def test_every_answer_lists_at_least_five_sources(report) -> None:  # type: ignore[no-untyped-def]
    for outcome in report.outcomes:
        if outcome.answer.found:
            assert len(outcome.answer.sources) >= 5, outcome.item.id


def test_no_answer_sends_users_to_kasn(report) -> None:  # type: ignore[no-untyped-def]
    for outcome in report.outcomes:
        text = outcome.answer.answer.lower()
        assert "lapor ke kasn" not in text, outcome.item.id
        assert "laporkan ke kasn" not in text, outcome.item.id
