"""The two SQL engines behind `Store`: SQLite (default, one file) and PostgreSQL (shared).

Both take the same SQL, written with `?` placeholders in the dialect both engines accept
(`ON CONFLICT … DO UPDATE`, `RETURNING`, `CASE`); the PostgreSQL engine turns `?` into `%s`.
Every statement outside `transaction()` commits at once (autocommit), so a killed process
loses nothing it had acknowledged. The few fragments that differ are `Engine` attributes.

`round_trips` counts network round trips to the server (each statement, BEGIN and COMMIT):
the benchmark reports it per answered question.
"""

from __future__ import annotations

import errno
import functools
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class StoreUnavailable(Exception):
    """The store cannot be opened or reached; the message says which one and why."""


class Row(Protocol):
    def __getitem__(self, key: int | str) -> Any: ...


@dataclass(frozen=True)
class Result:
    rows: list[Any]  # sqlite3.Row / PgRow: by index and by column name
    rowcount: int

    def one(self) -> Any:
        return self.rows[0] if self.rows else None


class Executor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result: ...


class Engine(Protocol):
    dialect: str  # "sqlite" | "postgresql"
    for_share: str  # row lock for a read that must not overlap a concurrent close
    round_trips: int

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result: ...

    def transaction(self) -> Any: ...  # context manager yielding an Executor

    def describe(self) -> str: ...

    def close(self) -> None: ...


def _what_to_do(exc: BaseException) -> str:
    """The one thing an operator can do about a store file that will not open."""
    # SQLite's primary result code (the low byte), not its message text, which varies by version.
    code = getattr(exc, "sqlite_errorcode", -1) & 0xFF
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return "the file is damaged: restore a backup with `netral restore`, or move it away to start empty"
    if code == sqlite3.SQLITE_FULL or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full: free space on it (data_dir / NETRAL_DATA_DIR)"
    if isinstance(exc, PermissionError) or code in (
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
    ):
        return "make data_dir writable for this user (data_dir / NETRAL_DATA_DIR)"
    return "check the file and its directory (data_dir / NETRAL_DATA_DIR)"


# ── SQLite ─────────────────────────────────────────────────────────────────────
class SqliteEngine:
    """One connection in WAL mode, serialised by a lock (SQLite has one writer anyway)."""

    dialect = "sqlite"
    for_share = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL survives a killed process (only an OS crash can lose the last commits).
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(
                f"store: cannot open {path}: {exc}; {_what_to_do(exc)}"
            ) from None
        self.conn = conn
        self._lock = threading.RLock()
        self.round_trips = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        with self._lock:
            cursor = self.conn.execute(sql, tuple(params))
            rows = cursor.fetchall()
            return Result(rows, cursor.rowcount)

    @contextmanager
    def transaction(self) -> Iterator[SqliteEngine]:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def describe(self) -> str:
        return f"sqlite:{self.path}"

    def close(self) -> None:
        with self._lock:
            self.conn.close()


# ── PostgreSQL ─────────────────────────────────────────────────────────────────
class PgRow:
    """A result row readable by position and by column name, like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any) -> Any:
    names = [c.name for c in cursor.description] if cursor.description else []
    index = {name: i for i, name in enumerate(names)}
    return lambda values: PgRow(values, index)


@functools.lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    # Our SQL has no `%` and no `?` inside literals: a plain replacement is exact.
    return sql.replace("?", "%s")


_PASSWORD = re.compile(r"(://[^:/@]+):[^@]*@")


def redact(url: str) -> str:
    """The URL with any password replaced by ***."""
    return _PASSWORD.sub(r"\1:***@", url)


class _PgTx:
    def __init__(self, conn: Any, engine: PostgresEngine) -> None:
        self.conn, self.engine = conn, engine

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        return self.engine._run(self.conn, sql, params)


class PostgresEngine:
    """A small psycopg 3 connection pool; connections are in autocommit mode."""

    dialect = "postgresql"
    for_share = " FOR SHARE"

    def __init__(self, url: str, pool_size: int = 4, timeout: float = 10.0) -> None:
        try:
            import psycopg  # noqa: F401
            from psycopg_pool import ConnectionPool
        except ImportError:
            raise StoreUnavailable(
                "store: PostgreSQL needs psycopg: pip install 'netral[postgres]'"
            ) from None
        self.url = url
        self.round_trips = 0
        self._count = threading.Lock()
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True, "row_factory": _row_factory},
            open=False,
            name="netral-store",
        )
        try:
            self.pool.open(wait=True, timeout=timeout)
        except Exception as exc:
            self.pool.close()
            raise StoreUnavailable(
                f"store: cannot connect to {redact(url)}: {str(exc).strip() or type(exc).__name__}"
            ) from None

    def _bump(self, n: int) -> None:
        with self._count:
            self.round_trips += n

    def _run(self, conn: Any, sql: str, params: Sequence[Any]) -> Result:
        self._bump(1)
        cursor = conn.execute(_pg_sql(sql), tuple(params))
        rows = cursor.fetchall() if cursor.description else []
        return Result(rows, cursor.rowcount)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        with self.pool.connection() as conn:
            return self._run(conn, sql, params)

    @contextmanager
    def transaction(self) -> Iterator[_PgTx]:
        with self.pool.connection() as conn, conn.transaction():
            self._bump(2)  # BEGIN and COMMIT (or ROLLBACK)
            yield _PgTx(conn, self)

    def describe(self) -> str:
        return redact(self.url)

    def close(self) -> None:
        self.pool.close()


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and str(url).startswith(("postgresql://", "postgres://"))


def open_engine(url: str | None, sqlite_path: Path, pool_size: int = 4) -> Engine:
    """The engine for `store.url`: None → SQLite at `sqlite_path`; postgresql://… → PostgreSQL.

    Raises:
        StoreUnavailable: an unknown URL scheme, or the database cannot be reached.
    """
    if not url:
        return SqliteEngine(sqlite_path)
    if is_postgres_url(url):
        return PostgresEngine(url, pool_size)
    if url.startswith("sqlite:///"):  # sqlite:///abs/path (used by `store migrate-to` tests)
        return SqliteEngine(Path(url.removeprefix("sqlite://")))
    raise StoreUnavailable(
        f"store.url: {redact(url)!r} is neither postgresql://… nor sqlite:///PATH (null = SQLite in data_dir)"
    )
