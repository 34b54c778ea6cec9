"""Kill the real bot (SIGKILL) mid event quiz, restart it: no recorded answer is lost.

`python -m bot run` runs as a subprocess with real polling against the fake Bot API; updates are
fed through getUpdates.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.fake_bot_api import Call, FakeBotAPI
from tests.support.processes import wait_until
from tests.support.updates import GROUP, make_command, make_poll_answer, make_poll_closed
from tests.tg.conftest import GROUP_ID, HOST, bot_env

pytestmark = pytest.mark.slow


def _answers(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT poll_id, user_id, name, correct FROM quiz_answers ORDER BY user_id"
        ).fetchall()


def _group_polls(api: FakeBotAPI, count: int, timeout: float) -> list[Call]:
    return api.wait_for(
        "sendPoll", count, timeout, where=lambda c: int(c.params["chat_id"]) == GROUP_ID
    )


def _polls_recorded(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT poll_id FROM quiz_polls")}


def _answer(api: FakeBotAPI, db: Path, poll: Call, user_id: int, name: str, right: bool) -> None:
    # Answers follow the recorded poll, as Telegram's users do (they need seconds to read): under
    # load the sendPoll reply can reach the fake before the bot has stored the poll.
    poll_id = poll.result["poll"]["id"]
    wait_until(lambda: poll_id in _polls_recorded(db), 20, "poll recorded")
    correct = poll.params["correct_option_ids"]
    options = correct if right else [(correct[0] + 1) % len(poll.params["options"])]
    api.push(make_poll_answer(poll_id, user_id, options, name))


def test_sigkill_mid_event_quiz_loses_no_recorded_answer(
    data_dir_copy: Path, start_bot: Callable[[dict[str, str]], subprocess.Popen[bytes]]
) -> None:
    db = data_dir_copy / "netral.sqlite3"
    with FakeBotAPI() as api:
        env = bot_env(api, data_dir_copy)
        env["NETRAL_QUIZ__CLOSE_GRACE_S"] = "1"  # the fake sends no poll close: the sweep closes
        first = start_bot(env)
        api.wait_for("setMyCommands", 1, timeout=120)
        start = make_command("kuis_mulai", "3 5", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
        api.push(start)
        (poll,) = _group_polls(api, 1, timeout=30)
        _answer(api, db, poll, 3001, "Ani", right=True)
        _answer(api, db, poll, 3002, "Budi", right=False)
        wait_until(lambda: len(_answers(db)) == 2, 20, "answers recorded before the kill")
        before = _answers(db)

        first.send_signal(signal.SIGKILL)
        first.wait(10)
        _answer(api, db, poll, 3003, "Citra", right=True)  # arrives while the bot is down

        second = start_bot(env)
        api.wait_for("setMyCommands", 2, timeout=120)
        polls = _group_polls(api, 2, timeout=60)
        _answer(api, db, polls[1], 3001, "Ani", right=True)
        _answer(api, db, polls[1], 3003, "Citra", right=False)
        # Rounds after the restart close as Telegram closes them (a `poll` update once the open
        # period ends), sent once their answers are in; the first round was closed by the sweep.
        wait_until(lambda: len(_answers(db)) == 5, 20, "second round's answers recorded")
        api.push(make_poll_closed(polls[1].result["poll"]["id"]))
        polls = _group_polls(api, 3, timeout=60)
        _answer(api, db, polls[2], 3001, "Ani", right=True)
        wait_until(lambda: len(_answers(db)) == 6, 20, "third round's answer recorded")
        api.push(make_poll_closed(polls[2].result["poll"]["id"]))
        board = api.wait_for(
            "sendMessage",
            1,
            timeout=60,
            where=lambda c: "Papan peringkat" in str(c.params.get("text")),
        )[0].params["text"]

        second.send_signal(signal.SIGTERM)  # graceful shutdown
        assert second.wait(30) == 0

    after = _answers(db)
    assert set(before) <= set(after)
    assert len(after) == 6
    assert board.index("Ani") < board.index("Citra")
    assert "Ani — 3 poin" in board
    # Citra's answer, sent while the bot was down, counted after the restart; Budi has 0 points
    # (no rank, no medal).
    assert "Citra — 1 poin" in board
    assert "Budi" not in board
    assert "1 peserta lain belum mendapat poin" in board
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT state FROM quiz_sessions").fetchall() == [("closed",)]
    # Exactly one poll per question went to the group, and the session was not restarted.
    assert len(_group_polls(api, 3, timeout=1)) == 3
