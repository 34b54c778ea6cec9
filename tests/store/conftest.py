"""The store suite runs once per engine: SQLite (a file) and PostgreSQL (a fresh schema)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.store.engine import Engine, PostgresEngine, SqliteEngine
from bot.store.repo import Store

ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def open_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Engine]]:
    """A factory of engines on one database (each call = one more process's connection)."""
    opened: list[Engine] = []
    if request.param == "sqlite":
        path = tmp_path / "store.sqlite3"

        def make() -> Engine:
            opened.append(SqliteEngine(path))
            return opened[-1]
    else:
        url = request.getfixturevalue("pg_schema_url")

        def make() -> Engine:
            opened.append(PostgresEngine(url, pool_size=4))
            return opened[-1]

    yield make
    for engine in opened:
        engine.close()


@pytest.fixture
def open_store(open_engine: Callable[[], Engine]) -> Callable[[], Store]:
    """A factory of stores on one database: two calls = two replicas sharing state."""
    return lambda: Store(open_engine())


@pytest.fixture
def store(open_store: Callable[[], Store]) -> Store:
    return open_store()
