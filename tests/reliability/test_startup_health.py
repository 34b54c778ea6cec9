"""Start-up and /healthz tell the truth about the serving index generation."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot.ops import check_health
from bot.services import build_services
from bot.store.repo import Store
from tests.conftest import make_config

QUESTION = "Bolehkah PNS memakai atribut partai saat kampanye?"


def _generation(data_dir: Path) -> Path:
    pointer = json.loads((data_dir / "index" / "current").read_text(encoding="utf-8"))
    return data_dir / "index" / pointer["generation"]


@pytest.mark.parametrize("damage", ["missing", "corrupt"])
def test_a_missing_or_damaged_generation_is_rebuilt_at_start_with_one_log_line(
    data_dir_copy: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    gdir = _generation(data_dir_copy)
    if damage == "missing":
        shutil.rmtree(gdir)
    else:
        (gdir / "units.json").write_text('[{"id": "trunc', encoding="utf-8")
    caplog.set_level(logging.INFO)

    services = build_services(make_config(data_dir_copy), embedder=None)

    snapshot = services.retriever.snapshot()
    assert snapshot is not None
    assert snapshot.generation != gdir.name
    assert services.answer(QUESTION).found
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.services"]
    assert len(lines) == 1
    assert str(gdir) in lines[0]
    assert "rebuilding" in lines[0]


def test_healthz_fails_when_the_serving_generation_files_are_gone(
    data_dir_copy: Path, tmp_path: Path
) -> None:
    services: Any = build_services(make_config(data_dir_copy), embedder=None)
    store = Store(tmp_path / "store.sqlite3")
    try:
        assert check_health(services, store).ok
        gdir = _generation(data_dir_copy)
        (gdir / "units.json").unlink()
        health = check_health(services, store)
    finally:
        store.close()
    assert not health.ok
    assert str(gdir / "units.json") in health.index
