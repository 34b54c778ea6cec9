"""`netral backup/restore` on PostgreSQL (a portable one-file export) and
`netral store migrate-to URL` (the embedded store into PostgreSQL), through the CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from bot.backup import MANIFEST, bot_running
from bot.cli import main
from bot.store.engine import PostgresEngine
from bot.store.repo import DB_NAME, PollRecord, Store


def _fill(store: Store) -> str:
    """Some of everything: a quiz with answers, an answer with feedback, audit, usage."""
    session = store.create_session("event", -5, 1, ["q0", "q1"], 10)
    store.add_poll(PollRecord("p0", session.id, 0, "q0", 1, -5, 10, 1.0, 11.0), opens_round=True)
    store.add_participant(session.id, 7, "Ani")
    store.record_quiz_answer("p0", 7, "Ani", [1], 2.0)
    store.record_quiz_answer("p0", 8, "Budi", [0], 3.0)
    answer_id = store.record_answer("boleh?", "dilarang", "faq", ["pp-94-2021/pasal-5"])
    store.add_feedback(answer_id, 7, 1)
    store.audit(4242, "reindex", "g1")
    store.bump("questions_answered", 4)
    store.set_previous_question(7, '{"actor": "pns"}')
    return session.id


def _state(store: Store, session_id: str) -> tuple[object, ...]:
    return (
        [(a.user_id, a.correct) for a in store.session_answers(session_id)],
        store.score(7),
        store.feedback_counts(),
        store.usage(),
        [(e.user_id, e.action) for e in store.audit_log()],
        store.previous_question(7),
        store.session(session_id),
        store.participants(session_id),
    )


def test_migrate_to_copies_the_embedded_store_into_postgresql(
    tmp_path: Path, pg_schema_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    embedded = Store(data / DB_NAME)
    session_id = _fill(embedded)
    before = _state(embedded, session_id)
    last_id = embedded.record_answer("x", None, "none", [])
    embedded.close()

    with bot_running(data):
        assert main(["store", "migrate-to", pg_schema_url]) == 1
    assert "stop it" in capsys.readouterr().err
    assert main(["store", "migrate-to", pg_schema_url]) == 0
    assert "quiz_answers 2" in capsys.readouterr().out

    shared = Store(PostgresEngine(pg_schema_url))
    try:
        assert _state(shared, session_id) == before
        assert shared.record_answer("y", None, "none", []) == last_id + 1  # ids go on
        assert shared.record_quiz_answer("p0", 9, "Citra", [1], 4.0) is not None  # still open
    finally:
        shared.close()
    assert main(["store", "migrate-to", pg_schema_url]) == 1  # not into a store with data
    assert "already holds" in capsys.readouterr().err
    assert main(["store", "migrate-to", "mysql://x"]) == 1


def test_backup_and_restore_on_postgresql_and_into_an_embedded_store(
    tmp_path: Path,
    pg_schema_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = Store(PostgresEngine(pg_schema_url))
    session_id = _fill(store)
    at_backup = _state(store, session_id)
    monkeypatch.setenv("NETRAL_STORE__URL", pg_schema_url)
    backup_dir = tmp_path / "backup"
    assert main(["backup", str(backup_dir)]) == 0
    assert "postgresql" in capsys.readouterr().out
    manifest = json.loads((backup_dir / MANIFEST).read_text())
    assert manifest["store"]["engine"] == "postgresql"
    assert manifest["counts"]["quiz_answers"] == 2

    # The event goes on after the backup; then a restore brings back the state of the backup.
    store.record_quiz_answer("p0", 9, "Citra", [1], 4.0)
    store.audit(4242, "publish", "pp-1-2024")
    store.claim_update(77, time.time(), 30.0)  # a replica is still serving
    assert main(["restore", str(backup_dir)]) == 1
    assert "stop every replica" in capsys.readouterr().err
    store.engine.execute("DELETE FROM updates_seen")
    assert main(["restore", str(backup_dir)]) == 0
    assert _state(store, session_id) == at_backup
    store.close()

    # The same backup restores into an embedded (SQLite) data dir: one portable format.
    monkeypatch.delenv("NETRAL_STORE__URL")
    assert main(["restore", str(backup_dir)]) == 0
    embedded = Store(tmp_path / "data" / DB_NAME)
    try:
        assert _state(embedded, session_id) == at_backup
    finally:
        embedded.close()
