"""Copy the whole state from one engine to another: PostgreSQL backups (into a one-file SQLite
database, the same backup format as SQLite's), restores into PostgreSQL, and
`netral store migrate-to URL` (an embedded store into PostgreSQL).

The target must have the same schema (both are migrated by this netral first). Rows go in
batches inside one transaction, so a failed copy leaves the target as it was. Webhook update ids
and rate-limit counters are transient and not copied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.store.engine import Engine, Executor

# Parents before children (foreign keys).
TABLES = (
    "usage",
    "answers",
    "feedback",
    "last_question",
    "audit",
    "quiz_sessions",
    "quiz_polls",
    "quiz_answers",
    "quiz_participants",
    "admin_pending",
    "shared_values",
)
COUNTED = ("answers", "feedback", "quiz_sessions", "quiz_polls", "quiz_answers", "audit")
_IDENTITY = (("answers", "id"), ("audit", "id"))
BATCH = 400


def counts(engine: Engine | Executor, tables: Sequence[str] = COUNTED) -> dict[str, int]:
    return {t: int(engine.execute(f"SELECT COUNT(*) FROM {t}").rows[0][0]) for t in tables}


def is_empty(engine: Engine) -> bool:
    return not any(counts(engine, TABLES).values())


def _columns(engine: Engine | Executor, table: str) -> list[str]:
    result = engine.execute(f"SELECT * FROM {table} LIMIT 1")
    if result.rows:
        return list(result.rows[0].keys())
    # An empty table: read the column names from the catalog.
    if getattr(engine, "dialect", None) == "sqlite":
        return [r[1] for r in engine.execute(f"PRAGMA table_info({table})").rows]
    rows = engine.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema() ORDER BY ordinal_position",
        (table,),
    ).rows
    return [r[0] for r in rows]


def _read(source: Engine | Executor, table: str, columns: list[str]) -> list[tuple[Any, ...]]:
    order = ", ".join(columns[:2])
    rows = source.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}").rows
    return [tuple(r) for r in rows]


def copy_all(source: Engine, target: Engine, replace: bool = False) -> dict[str, int]:
    """Copy every table from `source` to `target` in one target transaction.

    Args:
        source: read in one transaction (one consistent snapshot on PostgreSQL).
        target: migrated to the same schema; must be empty unless `replace`.
        replace: delete the target's rows first (a restore).

    Returns:
        Rows copied per table.
    """
    with source.transaction() as src:
        if source.dialect == "postgresql":
            src.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        data = {}
        for table in TABLES:
            columns = _columns(src, table)
            data[table] = (columns, _read(src, table, columns))
    copied: dict[str, int] = {}
    with target.transaction() as dst:
        if replace:
            for table in reversed((*TABLES, "updates_seen", "rate_limits")):
                dst.execute(f"DELETE FROM {table}")
        for table in TABLES:
            columns, rows = data[table]
            wanted = _columns(dst, table)
            keep = [i for i, c in enumerate(columns) if c in wanted]
            names = ", ".join(columns[i] for i in keep)
            one = "(" + ", ".join("?" for _ in keep) + ")"
            for start in range(0, len(rows), BATCH):
                chunk = rows[start : start + BATCH]
                values = [row[i] for row in chunk for i in keep]
                dst.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join(one for _ in chunk)}", values
                )
            copied[table] = len(rows)
        if target.dialect == "postgresql":
            for table, column in _IDENTITY:
                # Explicit ids were inserted: move the identity past them.
                dst.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                )
    return copied
