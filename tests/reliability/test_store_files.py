"""A store file that will not open ends in one line naming the path and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.store.engine import StoreUnavailable
from bot.store.repo import Store


def test_a_damaged_sqlite_file_names_the_path_and_the_restore_command(tmp_path: Path) -> None:
    damaged = tmp_path / "netral.db"
    damaged.write_bytes(b"this is not a database\n" * 400)
    with pytest.raises(StoreUnavailable) as caught:
        Store(damaged)
    message = str(caught.value)
    assert "\n" not in message
    assert str(damaged) in message
    assert "netral restore" in message
    assert damaged.read_bytes().startswith(b"this is not")  # nothing was overwritten


def test_a_data_dir_that_cannot_be_created_names_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data directory should be")  # fails even as root
    with pytest.raises(StoreUnavailable) as caught:
        Store(blocker / "netral.db")
    message = str(caught.value)
    assert "\n" not in message
    assert str(blocker / "netral.db") in message
    assert "data_dir" in message
