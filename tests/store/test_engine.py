"""Choosing and opening the engine: clear one-line errors, no password ever printed."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from bot.config import masked
from bot.store.engine import PostgresEngine, SqliteEngine, StoreUnavailable, open_engine, redact
from tests.conftest import make_config


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_no_url_is_sqlite_in_the_data_dir_and_unknown_schemes_are_refused(tmp_path: Path) -> None:
    engine = open_engine(None, tmp_path / "s.sqlite3")
    assert isinstance(engine, SqliteEngine)
    engine.close()
    with pytest.raises(StoreUnavailable, match="neither postgresql"):
        open_engine("mysql://u:secret@h/db", tmp_path / "s.sqlite3")


def test_an_unreachable_postgresql_is_one_line_without_the_password() -> None:
    url = f"postgresql://netral:hunter2@127.0.0.1:{_closed_port()}/netral?connect_timeout=1"
    with pytest.raises(StoreUnavailable) as err:
        PostgresEngine(url, pool_size=1, timeout=2.0)
    message = str(err.value)
    assert message.startswith("store: cannot connect to postgresql://netral:***@127.0.0.1")
    assert "hunter2" not in message
    assert redact("postgresql://a:b@h/d") == "postgresql://a:***@h/d"


def test_check_config_masks_a_password_in_the_store_url(tmp_path: Path) -> None:
    config = make_config(tmp_path, NETRAL_STORE__URL="postgresql://netral:hunter2@db:5432/netral")
    assert config.store.url == "postgresql://netral:hunter2@db:5432/netral"
    assert masked(config)["store"]["url"] == "postgresql://netral:***@db:5432/netral"
