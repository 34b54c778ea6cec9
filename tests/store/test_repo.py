"""The SQLite store: migrations, WAL, quiz bookkeeping, feedback, audit."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bot.store.db import MIGRATIONS, connect, migrate
from bot.store.repo import PollRecord, Store


def test_migrations_are_recorded_in_order_and_applied_once(tmp_path: Path) -> None:
    conn = connect(tmp_path / "a.sqlite3")
    names = [r[0] for r in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert names[0].startswith("m001_")
    assert migrate(conn) == []
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_failing_migration_rolls_back(tmp_path: Path) -> None:
    conn = connect(tmp_path / "a.sqlite3")

    def m999_broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half (x)")
        raise RuntimeError("nope")

    with contextlib.suppress(RuntimeError):
        migrate(conn, [*MIGRATIONS, m999_broken])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half" not in tables


def _poll(session_id: str, poll_id: str, position: int, sent: float) -> PollRecord:
    return PollRecord(poll_id, session_id, position, f"q{position}", 1, -5, 10, sent, sent + 10)


def test_quiz_answers_are_scored_once_and_survive_reopening(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    session = store.create_session("event", -5, 1, ["q0", "q1"], 10)
    store.add_poll(_poll(session.id, "p0", 0, 100.0))
    assert store.session(session.id).position == 0
    first = store.record_quiz_answer("p0", 7, "Ani", [1], 102.0)
    assert first is not None
    assert first.correct
    assert store.record_quiz_answer("p0", 7, "Ani", [0], 103.0) is None  # one vote per poll
    assert store.record_quiz_answer("unknown", 7, "Ani", [1], 103.0) is None
    store.close()

    reopened = Store(tmp_path / "s.sqlite3")
    (answer,) = reopened.session_answers(session.id)
    assert (answer.user_id, answer.correct, answer.elapsed) == (7, True, 2.0)
    assert reopened.running_sessions("event")[0].id == session.id
    assert reopened.close_session(session.id)
    assert not reopened.close_session(session.id)
    assert reopened.record_quiz_answer("p0", 8, "Budi", [1], 104.0) is None  # closed


def test_feedback_is_one_vote_per_user_and_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    answer_id = store.record_answer("q", "dilarang", "faq", ["pp-94-2021/pasal-5"])
    assert store.answer_units(answer_id) == ["pp-94-2021/pasal-5"]
    assert store.add_feedback(answer_id, 1, 1)
    assert store.add_feedback(answer_id, 1, -1)
    assert store.add_feedback(answer_id, 2, 1)
    assert not store.add_feedback(answer_id + 100, 1, 1)
    assert store.feedback_counts() == {"up": 1, "down": 1}


def test_usage_audit_and_previous_question(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    store.bump("questions_answered")
    store.bump("questions_answered", 2)
    assert store.usage() == {"questions_answered": 3}
    store.audit(9, "reindex", "g1")
    store.audit(10, "upload", "refused", ok=False)
    assert [(e.user_id, e.ok) for e in store.audit_log()] == [(10, False), (9, True)]
    store.set_previous_question(5, "a")
    store.set_previous_question(5, "b")
    assert store.previous_question(5) == "b"
    assert store.previous_question(6) is None


def test_private_and_event_scores(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    private = store.create_session("private", 7, 7, ["q0", "q1"], 0)
    store.add_poll(_poll(private.id, "a", 0, 1.0))
    store.add_poll(_poll(private.id, "b", 1, 1.0))
    store.record_quiz_answer("a", 7, "Ani", [1], 2.0)
    store.record_quiz_answer("b", 7, "Ani", [0], 2.0)
    event = store.create_session("event", -5, 1, ["q0"], 10)
    store.add_poll(_poll(event.id, "c", 0, 1.0))
    store.record_quiz_answer("c", 7, "Ani", [1], 2.0)
    score = store.score(7)
    assert (score.private_answered, score.private_correct, score.events, score.event_points) == (
        2,
        1,
        1,
        1,
    )
