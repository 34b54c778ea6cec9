"""Two `netral run` webhook replicas on one PostgreSQL store behind a round-robin forwarder.

An event quiz with 200 participants (four of them also on private copies through the deep
link) spreads its answers over both replicas; the replica that started the quiz is SIGKILLed
mid-round; the other finishes the quiz. Nothing is lost or counted twice, the leaderboard (CSV)
is exact, and webhook duplicates (same update_id, to either replica) are processed once.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.store.engine import PostgresEngine
from bot.store.repo import Store
from tests.support.fake_bot_api import Call, FakeBotAPI
from tests.support.forwarder import Forwarder, post
from tests.support.processes import wait_until
from tests.support.updates import (
    GROUP,
    make_command,
    make_poll_answer,
    make_poll_closed,
)
from tests.tg.conftest import GROUP_ID, HOST, bot_env

pytestmark = pytest.mark.slow

SECRET = "replica-secret"
PATH = "/hook"
PARTICIPANTS = 200
DEEP_LINK = (3001, 3050, 3100, 3150)  # also answer private copies
# Alone on 2 cores a round's 200 answers take 1-3 s, the kill round's included (measured).
QUESTIONS, SECONDS = 3, 10


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _send(url: str, update: dict[str, Any]) -> int:
    body = json.dumps(update).encode()
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    return post(url, body, headers)


def right_answer(user: int, question: int) -> bool:
    """Who answers correctly: a fixed pattern, so every score is known in advance."""
    return (user * 7 + question * 3) % 5 != 0


def _choice(call: Call, correct: bool) -> list[int]:
    options = len(call.params["options"])
    good = call.params["correct_option_ids"][0]
    return [good] if correct else [(good + 1) % options]


def test_two_replicas_finish_a_200_participant_quiz_when_the_starter_is_killed(
    tmp_path: Path,
    built_data_dir: Path,
    pg_schema_url: str,
    start_bot: Callable[[dict[str, str]], subprocess.Popen[bytes]],
) -> None:
    ports = [_free_port(), _free_port()]
    replicas = [f"http://127.0.0.1:{port}" for port in ports]
    users = list(range(3001, 3001 + PARTICIPANTS))
    with FakeBotAPI() as api:
        forwarder = Forwarder(replicas).start()
        processes = []
        for index, port in enumerate(ports):
            data = tmp_path / f"data{index}"
            shutil.copytree(built_data_dir, data)
            env = bot_env(api, data)
            env.update(
                NETRAL_STORE__URL=pg_schema_url,
                NETRAL_STORE__UPDATE_LEASE_S="2",
                NETRAL_QUIZ__CLOSE_GRACE_S="2",  # the kill round is closed by the sweep
                NETRAL_WEBHOOK_URL=forwarder.url + PATH,
                NETRAL_WEBHOOK_SECRET=SECRET,
                NETRAL_TELEGRAM__WEBHOOK_LISTEN="127.0.0.1",
                NETRAL_TELEGRAM__WEBHOOK_PORT=str(port),
                NETRAL_OPS__PORT="null",
            )
            processes.append(start_bot(env))
        api.wait_for("setWebhook", 2, timeout=180)
        store = Store(PostgresEngine(pg_schema_url))
        try:
            _run_quiz(api, forwarder, replicas, processes, store, users)
        finally:
            store.close()
            forwarder.stop()
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            survivor_rc = processes[1].wait(30)
    assert survivor_rc == 0  # the survivor shut down cleanly


def _run_quiz(
    api: FakeBotAPI,
    forwarder: Forwarder,
    replicas: list[str],
    processes: list[subprocess.Popen[bytes]],
    store: Store,
    users: list[int],
) -> None:
    starter, survivor = replicas
    # Webhook duplicates, to either replica: the second delivery is acknowledged, not processed.
    hello = make_command("start", user_id=2999)
    assert _send(starter + PATH, hello) == 200
    assert _send(survivor + PATH, hello) == 200
    assert len([c for c in api.calls_to("sendMessage") if c.params["chat_id"] == 2999]) == 1

    start = make_command(
        "kuis_mulai", f"{QUESTIONS} {SECONDS}", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP
    )
    assert _send(starter + PATH, start) == 200  # this replica starts the quiz
    session = store.chat_session(GROUP_ID, "event")
    assert session is not None
    for user in DEEP_LINK:
        join = make_command("start", f"kuis_{session.id}", user_id=user, name=f"P{user}")
        assert _send(forwarder.url + PATH, join) == 200

    answered_by = {}
    for question in range(QUESTIONS):
        group = api.wait_for(
            "sendPoll", question + 1, 60, where=lambda c: int(c.params["chat_id"]) == GROUP_ID
        )[question]
        group_id = group.result["poll"]["id"]
        copies = api.wait_for(
            "sendPoll",
            len(DEEP_LINK) * (question + 1),
            60,
            where=lambda c: int(c.params["chat_id"]) in DEEP_LINK,
        )
        # Answers follow the recorded poll (Telegram's users need seconds to read anyway).
        wait_until(lambda gid=group_id: store.poll(gid) is not None, 10, "group poll recorded")
        label = f"Soal {question + 1}/"
        private = {int(c.params["chat_id"]): c for c in copies if label in c.params["question"]}
        for n, user in enumerate(users):
            name, good = f"P{user}", right_answer(user, question)
            update = make_poll_answer(group_id, user, _choice(group, good), name)
            if question == 1 and n == PARTICIPANTS // 2:
                # The starter dies mid-round, while it holds this answer's delivery: the retry
                # waits out the update lease on the survivor (503s), then is processed there.
                store.claim_update(update["update_id"], time.time(), 2.0)
                processes[0].send_signal(signal.SIGKILL)
                processes[0].wait(10)
            if user in private:  # a deep-link participant: the private copy first, then the group
                copy = private[user]
                first = make_poll_answer(copy.result["poll"]["id"], user, _choice(copy, good), name)
                assert _send(forwarder.url + PATH, first) == 200
                update = make_poll_answer(group_id, user, _choice(group, not good), name)
            assert _send(forwarder.url + PATH, update) == 200
            if question == 0 and n % 50 == 0:  # the same delivery again, to the other replica
                assert _send(survivor + PATH, update) == 200
                assert _send(starter + PATH, update) == 200
        # Every answer went in while its round was open (else the harness, not the bot, was slow).
        assert time.time() < (store.poll(group_id).closes_at or 0.0), f"round {question}: too slow"
        answered_by[question] = dict(forwarder.handled)
        if question != 1:  # the poll's close (as after stopPoll); in the kill round the sweep
            assert _send(forwarder.url + PATH, make_poll_closed(group_id)) == 200

    board = api.wait_for(
        "sendMessage", 1, 90, where=lambda c: "Papan peringkat" in str(c.params.get("text"))
    )
    assert len(board) == 1
    hasil = make_command("kuis_hasil", session.id, user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
    assert _send(forwarder.url + PATH, hasil) == 200
    _, data = api.wait_for("sendDocument", 1, 30)[0].files["document"]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))

    expected = {f"P{u}": sum(right_answer(u, q) for q in range(QUESTIONS)) for u in users}
    assert {r["nama"]: int(r["poin"]) for r in rows} == expected
    assert all(r["peringkat"] == "" for r in rows if r["poin"] == "0")
    answers = store.session_answers(session.id)
    assert len(answers) == PARTICIPANTS * QUESTIONS  # none lost, none twice
    assert store.session(session.id).state == "closed"
    group_polls = [c for c in api.calls_to("sendPoll") if int(c.params["chat_id"]) == GROUP_ID]
    assert len(group_polls) == QUESTIONS
    # Both replicas served answers before the kill; the survivor after it.
    assert forwarder.handled[starter] > 100
    assert forwarder.handled[survivor] > answered_by[0].get(survivor, 0) + PARTICIPANTS // 2
    assert forwarder.failed[starter] >= 1
