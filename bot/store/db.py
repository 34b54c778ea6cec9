"""The SQLite connection: WAL mode and ordered, recorded migrations.

Each migration is a function `mNNN_name(conn)`; the ones already applied are listed in the
`_migrations` table, so a database is upgraded step by step and never twice.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Statement by statement: executescript() would COMMIT the migration's open transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def m001_core(conn: sqlite3.Connection) -> None:
    """Usage counters, answers shown, feedback, follow-up context and the audit log."""
    _run(
        conn,
        """
        CREATE TABLE usage (name TEXT PRIMARY KEY, count INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            question TEXT NOT NULL,
            verdict TEXT,
            mode TEXT NOT NULL,
            unit_ids TEXT NOT NULL,
            created_at REAL NOT NULL
        );
        CREATE TABLE feedback (
            answer_id INTEGER NOT NULL REFERENCES answers(id),
            user_id INTEGER NOT NULL,
            value INTEGER NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (answer_id, user_id)
        );
        CREATE TABLE last_question (
            user_id INTEGER PRIMARY KEY,
            question TEXT NOT NULL,
            asked_at REAL NOT NULL
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at REAL NOT NULL,
            user_id INTEGER NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            ok INTEGER NOT NULL
        );
        """,
    )


def m002_quiz(conn: sqlite3.Connection) -> None:
    """Quiz sessions, the polls they sent (poll_id → session), answers and participants."""
    _run(
        conn,
        """
        CREATE TABLE quiz_sessions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            chat_id INTEGER NOT NULL,
            host_id INTEGER NOT NULL,
            questions TEXT NOT NULL,
            seconds INTEGER NOT NULL,
            position INTEGER NOT NULL DEFAULT -1,
            state TEXT NOT NULL DEFAULT 'running',
            created_at REAL NOT NULL,
            closed_at REAL
        );
        CREATE INDEX quiz_sessions_chat ON quiz_sessions (chat_id, state);
        CREATE TABLE quiz_polls (
            poll_id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES quiz_sessions(id),
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            correct INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            sent_at REAL NOT NULL,
            closes_at REAL
        );
        CREATE INDEX quiz_polls_session ON quiz_polls (session_id, position);
        CREATE TABLE quiz_answers (
            poll_id TEXT NOT NULL REFERENCES quiz_polls(poll_id),
            user_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            option INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            answered_at REAL NOT NULL,
            elapsed REAL NOT NULL,
            PRIMARY KEY (poll_id, user_id)
        );
        CREATE TABLE quiz_participants (
            session_id TEXT NOT NULL REFERENCES quiz_sessions(id),
            user_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            joined_at REAL NOT NULL,
            PRIMARY KEY (session_id, user_id)
        );
        """,
    )


MIGRATIONS: list[Migration] = [m001_core, m002_quiz]


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database in WAL mode and apply pending migrations.

    Args:
        path: the SQLite file; its directory is created.

    Returns:
        An autocommit connection usable from any thread (callers serialise access).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    # NORMAL survives a killed process (only an OS crash can lose the last commits).
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply the migrations not yet recorded in `_migrations`, in order.

    Returns:
        The names of the migrations applied now.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM _migrations")}
    applied: list[str] = []
    for migration in migrations if migrations is not None else MIGRATIONS:
        if migration.__name__ in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            migration(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (migration.__name__, time.time()),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.__name__)
    return applied
