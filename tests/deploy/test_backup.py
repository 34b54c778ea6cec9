"""`netral backup` / `netral restore`: an online copy of the store, restored to the same scores."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.backup import MANIFEST, POINTER, bot_running
from bot.cli import main
from bot.core.quiz import MIN_CYCLE_SECONDS, leaderboard
from bot.store.db import MIGRATIONS
from bot.store.repo import DB_NAME, Store
from bot.tg import quiz_event
from bot.tg.app import build_application
from bot.tg.context import NetralContext
from tests.conftest import make_config
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import GROUP, make_command, make_poll_answer
from tests.tg.conftest import GROUP_ID, HOST, Clock, feed, tg_env

ANI, BUDI, CITRA = 3001, 3002, 3003


async def sweep(app: Any, clock: Clock, seconds: float) -> int:
    """Let time pass and run the deadline sweep (the quiz steps that are due)."""
    clock.advance(seconds)
    return await quiz_event.sweep(NetralContext(app))


async def next_question(app: Any, clock: Clock) -> None:
    grace = app.bot_data.config.quiz.close_grace_s  # no poll close update comes from the fake
    assert await sweep(app, clock, 6 + grace) == 1  # the round closes: its reveal
    assert await sweep(app, clock, MIN_CYCLE_SECONDS) == 1  # the next question


def poll_of(api: FakeBotAPI, index: int) -> tuple[str, list[int], int]:
    """(poll id, correct option ids, option count) of the group's `index`-th poll."""
    calls = api.calls_to("sendPoll")
    group = [c for c in calls if int(c.params["chat_id"]) == GROUP_ID][index]
    poll_id = f"poll-{calls.index(group) + 1}"  # the fake numbers polls in call order
    return poll_id, group.params["correct_option_ids"], len(group.params["options"])


async def answer(app: Any, api: FakeBotAPI, index: int, user_id: int, right: bool) -> None:
    poll_id, correct, options = poll_of(api, index)
    chosen = correct if right else [(correct[0] + 1) % options]
    await feed(app, make_poll_answer(poll_id, user_id, chosen, f"user{user_id}"))


def standings(store: Store, session_id: str) -> list[tuple[int, int, int]]:
    return [
        (s.user_id, s.points, s.answered) for s in leaderboard(store.session_answers(session_id))
    ]


@pytest.fixture
def data(tmp_path: Path, built_data_dir: Path) -> Path:
    """The CLI's data dir (NETRAL_DATA_DIR): the store lives here; the pointer is the session's."""
    data = tmp_path / "data"
    (data / "index").mkdir(parents=True)
    shutil.copy(built_data_dir / "index" / "current", data / "index" / "current")
    return data


@pytest.fixture
async def quiz_app(data: Path, services: Any) -> AsyncIterator[tuple[Any, FakeBotAPI, Clock]]:
    with FakeBotAPI() as api:
        clock = Clock()
        store = Store.from_config(make_config(data))
        app = build_application(make_config(data, **tg_env(api)), services, store)
        app.bot_data.clock = clock
        async with app:
            yield app, api, clock
        app.bot_data.asker.shutdown()
        store.close()


async def test_backup_taken_during_an_event_quiz_restores_to_the_same_scores(
    quiz_app: tuple[Any, FakeBotAPI, Clock], data: Path, tmp_path: Path, services: Any
) -> None:
    app, api, clock = quiz_app
    store: Store = app.bot_data.store
    await feed(
        app, make_command("kuis_mulai", "3 5", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
    )
    session = store.chat_session(GROUP_ID, "event")
    assert session is not None  # question 1 went out with the announcement
    await answer(app, api, 0, ANI, right=True)
    await answer(app, api, 0, BUDI, right=False)
    await answer(app, api, 0, CITRA, right=True)
    await next_question(app, clock)  # question 2
    await answer(app, api, 1, ANI, right=True)
    await answer(app, api, 1, BUDI, right=True)

    # Mid-quiz, with the bot's connection open: the online backup.
    at_backup = standings(store, session.id)
    scores = {uid: store.score(uid) for uid in (ANI, BUDI, CITRA)}
    backup_dir = tmp_path / "backups" / "mid-quiz"
    assert main(["backup", str(backup_dir)]) == 0

    # The quiz goes on and ends; scores move on from the backup.
    await answer(app, api, 1, CITRA, right=True)
    await next_question(app, clock)  # question 3
    await answer(app, api, 2, BUDI, right=True)
    assert await sweep(app, clock, 6 + app.bot_data.config.quiz.close_grace_s) == 1  # the last
    assert store.session(session.id).state == "closed"
    assert standings(store, session.id) != at_backup

    await app.shutdown()  # the bot stops before a restore (the fixture's exit is then a no-op)
    store.close()
    assert main(["restore", str(backup_dir)]) == 0

    restored = Store.from_config(make_config(data))
    try:
        assert standings(restored, session.id) == at_backup
        assert {uid: restored.score(uid) for uid in (ANI, BUDI, CITRA)} == scores
        back = restored.session(session.id)
        assert back.state == "running"
        assert back.position == 1
        # A bot started on the restored store resumes the quiz where the backup left it.
        with FakeBotAPI() as api2:
            app2 = build_application(make_config(data, **tg_env(api2)), services, restored)
            app2.bot_data.clock = clock
            async with app2:
                assert await sweep(app2, clock, 0) == 1  # the round open at the backup closes
                assert "Soal 2/3" in api2.calls_to("sendMessage")[-1].params["text"]
                assert await sweep(app2, clock, MIN_CYCLE_SECONDS) == 1
                assert "Soal 3/3" in api2.calls_to("sendPoll")[-1].params["question"]
            app2.bot_data.asker.shutdown()
    finally:
        restored.close()


def test_backup_holds_a_one_file_store_the_pointer_and_a_manifest(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(data / DB_NAME)
    store.create_session("event", GROUP_ID, HOST, ["q1"], 10)
    dest = tmp_path / "b"
    assert main(["backup", str(dest)]) == 0
    store.close()
    manifest = json.loads((dest / MANIFEST).read_text())
    pointer = json.loads((data / "index" / "current").read_text())
    assert sorted(p.name for p in dest.iterdir()) == sorted([MANIFEST, POINTER, DB_NAME])
    assert manifest["schema"] == [m.__name__ for m in MIGRATIONS]
    assert manifest["generation"] == pointer["generation"]
    assert json.loads((dest / POINTER).read_text()) == pointer
    assert manifest["counts"]["quiz_sessions"] == 1
    assert manifest["netral_version"]
    with sqlite3.connect(dest / DB_NAME) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert pointer["generation"] in capsys.readouterr().out


def test_backup_is_one_snapshot_while_a_write_is_in_flight(data: Path, tmp_path: Path) -> None:
    store = Store(data / DB_NAME)
    store.bump("questions_answered", 5)
    writer = sqlite3.connect(data / DB_NAME, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO audit (at, user_id, action, detail, ok) VALUES (0, 1, 'x', '', 1)")
    try:
        assert main(["backup", str(tmp_path / "b")]) == 0
    finally:
        writer.execute("COMMIT")
        writer.close()
        store.close()
    with sqlite3.connect(tmp_path / "b" / DB_NAME) as conn:
        assert conn.execute("SELECT COUNT(*) FROM audit").fetchone()[0] == 0
        assert conn.execute("SELECT count FROM usage").fetchone()[0] == 5


def test_restore_refuses_a_backup_from_a_newer_schema(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(data / DB_NAME)
    dest = tmp_path / "b"
    assert main(["backup", str(dest)]) == 0
    # A newer release's backup: one migration this code does not know.
    with sqlite3.connect(dest / DB_NAME) as conn:
        conn.execute("INSERT INTO _migrations VALUES ('m099_future', 0)")
    manifest = json.loads((dest / MANIFEST).read_text())
    import hashlib

    manifest["store"]["sha256"] = hashlib.sha256((dest / DB_NAME).read_bytes()).hexdigest()
    (dest / MANIFEST).write_text(json.dumps(manifest))
    store.bump("after_backup")
    store.close()

    assert main(["restore", str(dest)]) == 1
    error = capsys.readouterr().err
    assert "newer" in error
    assert "m099_future" in error
    reopened = Store(data / DB_NAME)
    assert reopened.usage() == {"after_backup": 1}  # the live store is untouched
    reopened.close()


def test_restore_refuses_while_a_bot_runs_on_the_data_dir(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store(data / DB_NAME).close()
    assert main(["backup", str(tmp_path / "b")]) == 0
    with bot_running(data):
        assert main(["restore", str(tmp_path / "b")]) == 1
    assert "stop it" in capsys.readouterr().err
    assert main(["restore", str(tmp_path / "b")]) == 0


def test_restore_into_an_empty_data_dir_and_refuse_damaged_backups(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(data / DB_NAME)
    store.bump("kept", 3)
    store.close()
    assert main(["backup", str(tmp_path / "b")]) == 0
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        (data / name).unlink(missing_ok=True)
    assert main(["restore", str(tmp_path / "b")]) == 0
    restored = Store(data / DB_NAME)
    assert restored.usage() == {"kept": 3}
    restored.close()

    with open(tmp_path / "b" / DB_NAME, "r+b") as handle:
        handle.seek(200)
        handle.write(b"\xff" * 16)
    assert main(["restore", str(tmp_path / "b")]) == 1
    assert "checksum" in capsys.readouterr().err
    assert main(["restore", str(tmp_path)]) == 1
    assert main(["backup", str(tmp_path / "b")]) == 1  # not empty: never overwritten
