"""The answer engine on its question sets.

`dev.yaml` and `dev_frames.yaml` are tuning sets: their floors guard against regressions.
`test.yaml` and `other_law.yaml` are never tuned on: the suite checks only what must hold for every
answer (no citation outside what was retrieved, nobody sent to KASN) and prints the figures that
docs/quality.md records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.evaluation import Gold, evaluate, format_report, gold_matches, load_items

EVAL = Path(__file__).resolve().parent / "eval"
FLOORS = {
    "dev.yaml": {"hit@3": 0.90, "verdict_accuracy": 0.85, "out_of_scope_declined": 0.95},
    "dev_frames.yaml": {"hit@3": 0.82, "verdict_accuracy": 0.82, "elsewhere_declined": 0.88},
}
SETS = ("dev.yaml", "dev_frames.yaml", "test.yaml", "other_law.yaml")


@pytest.fixture(scope="module")
def reports(services: Any) -> dict[str, Any]:
    return {name: evaluate(services, load_items(EVAL / name)) for name in SETS}


@pytest.mark.parametrize(
    ("gold", "pasal", "met"),
    [
        ("Lampiran A", "Lampiran A angka 6", True),  # a whole part is met by any of its rows
        ("Lampiran A angka 6", "Lampiran A angka 6", True),
        ("Lampiran A angka 6", "Lampiran A angka 61", False),
        ("Lampiran A", "Lampiran B angka 1", False),
        ("5", "53", False),
        (None, "70", True),
    ],
)
def test_a_gold_article_is_met_by_itself_or_by_its_parts(
    gold: str | None, pasal: str, met: bool
) -> None:
    assert (
        gold_matches(Gold("skb-netralitas-asn-2022", gold), "skb-netralitas-asn-2022", pasal) is met
    )
    assert not gold_matches(Gold("pp-94-2021", gold), "skb-netralitas-asn-2022", pasal)


def test_the_sets_are_large_and_varied() -> None:
    assert len(load_items(EVAL / "test.yaml")) >= 200
    assert len(load_items(EVAL / "other_law.yaml")) >= 300
    kinds = {i.kind for i in load_items(EVAL / "test.yaml")}
    assert kinds == {"answerable", "out_of_scope", "adversarial", "not_in_corpus", "other_law"}


@pytest.mark.parametrize(
    ("name", "metric", "floor"),
    [(name, metric, floor) for name, floors in FLOORS.items() for metric, floor in floors.items()],
)
def test_tuning_sets_stay_above_their_floors(
    reports: dict[str, Any], name: str, metric: str, floor: float
) -> None:
    assert reports[name].metrics[metric] >= floor, format_report(reports[name], verbose=True)


def test_no_opposite_verdict_on_the_tuned_dev_set(reports: dict[str, Any]) -> None:
    assert reports["dev.yaml"].metrics["opposite_verdicts"] == 0, format_report(
        reports["dev.yaml"], verbose=True
    )


@pytest.mark.parametrize("name", SETS)
def test_every_citation_is_a_retrieved_unit(reports: dict[str, Any], name: str) -> None:
    for outcome in reports[name].outcomes:
        retrieved = {s.unit_id for s in outcome.answer.sources}
        assert all(c.unit_id in retrieved for c in outcome.answer.citations), outcome.item.id


@pytest.mark.parametrize("name", SETS)
def test_no_answer_sends_users_to_kasn(reports: dict[str, Any], name: str) -> None:
    for outcome in reports[name].outcomes:
        text = outcome.text
        assert "lapor ke kasn" not in text, outcome.item.id
        assert "laporkan ke kasn" not in text, outcome.item.id


def test_every_answer_lists_its_sources(reports: dict[str, Any]) -> None:
    for outcome in reports["dev.yaml"].outcomes:
        if outcome.answer.found:
            assert len(outcome.answer.sources) >= 5, outcome.item.id


def test_print_the_held_out_figures(
    reports: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        for name in ("test.yaml", "other_law.yaml"):
            print(f"\n{name}\n{format_report(reports[name])}")
    assert reports["test.yaml"].counts["items"] >= 200
