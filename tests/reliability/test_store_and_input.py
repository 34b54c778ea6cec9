"""A store that cannot write still lets the user have the answer; hidden characters change nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot.asking import Asker
from bot.metrics import Metrics
from bot.store.repo import Store

QUESTION = "Bolehkah PNS memakai atribut partai saat kampanye?"


def _disk_full(*args: Any, **kwargs: Any) -> Any:
    raise sqlite3.OperationalError("database or disk is full")  # SQLite's own SQLITE_FULL text


async def test_full_disk_still_delivers_the_answer_and_counts_an_error(
    services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(tmp_path / "store.sqlite3")
    metrics = Metrics()
    asker = Asker(services, store, metrics=metrics)
    expected = services.answer(QUESTION)
    for name in ("record_answer", "set_previous_question", "bump"):
        monkeypatch.setattr(store, name, _disk_full)
    try:
        asked = await asker.ask(7, QUESTION)
    finally:
        asker.shutdown()
        store.close()
    assert asked.answer.answer == expected.answer
    assert asked.answer_id == 0  # not recorded: no buttons pointing at a missing row
    assert metrics.errors.value(type="OperationalError") == 1
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.asking"]
    assert len(lines) == 1
    assert "disk is full" in lines[0]
    assert "\n" not in lines[0]


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e"])
def test_zero_width_and_bidi_characters_inside_words_change_nothing(
    services: Any, hidden: str
) -> None:
    clean = services.answer(QUESTION)
    dirty = services.answer(
        QUESTION.replace("PNS", f"P{hidden}NS").replace("partai", f"par{hidden}tai")
    )
    assert clean.found
    assert (dirty.found, dirty.verdict, dirty.answer) == (clean.found, clean.verdict, clean.answer)
