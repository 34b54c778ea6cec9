"""Private and event quizzes through the real Application; time is driven by a fake clock."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.support.fake_bot_api import Call, FakeBotAPI
from tests.support.updates import GROUP, make_callback, make_command, make_poll_answer
from tests.tg.conftest import ADMIN, GROUP_ID, USER, Clock, assert_no_apology, feed, sent_texts

GROUP_ADMIN = 6000


async def run_jobs(app: Any) -> int:
    """Run every scheduled job once, now (the job queue itself is not started in these tests)."""
    jobs = list(app.job_queue.jobs())
    for job in jobs:
        job.schedule_removal()
        await job.run(app)
    return len(jobs)


def polls_in(api: FakeBotAPI, chat_id: int) -> list[Call]:
    return [c for c in api.calls_to("sendPoll") if int(c.params["chat_id"]) == chat_id]


def poll_id_of(api: FakeBotAPI, call: Call) -> str:
    # The fake numbers polls in call order: poll-1, poll-2, ...
    return f"poll-{api.calls_to('sendPoll').index(call) + 1}"


async def test_private_quiz_sends_native_quiz_polls_and_scores(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_command("kuis"))
    poll = fake_api.calls_to("sendPoll")[-1]
    assert poll.params["type"] == "quiz"
    assert poll.params["is_anonymous"] is False
    correct = poll.params["correct_option_ids"]
    assert isinstance(correct, list)
    assert len(correct) == 1
    assert "correct_option_id" not in poll.params
    markup = poll.params["reply_markup"]["inline_keyboard"][0][0]
    assert markup["callback_data"].startswith("quiz:v1:next:")

    await feed(app, make_poll_answer(poll_id_of(fake_api, poll), USER, correct))
    score = app.bot_data.store.score(USER)
    assert (score.private_answered, score.private_correct) == (1, 1)

    await feed(app, make_callback(markup["callback_data"]))
    second = fake_api.calls_to("sendPoll")[-1]
    assert second.params["question"] != poll.params["question"]
    # Wrong for *this* poll: one past its own correct option.
    wrong = [(second.params["correct_option_ids"][0] + 1) % len(second.params["options"])]
    await feed(app, make_poll_answer(poll_id_of(fake_api, second), USER, wrong))
    await feed(app, make_command("skor"))
    assert "1 benar dari 2" in sent_texts(fake_api)[-1]
    assert_no_apology(fake_api)


async def test_kuis_in_a_group_points_to_private_chat(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("kuis", chat_id=GROUP_ID, chat_type=GROUP))
    assert not fake_api.calls_to("sendPoll")
    assert "obrolan pribadi" in sent_texts(fake_api)[-1]


async def test_event_quiz_refused_for_ordinary_members(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(
        app, make_command("kuis_mulai", "3 5", user_id=USER, chat_id=GROUP_ID, chat_type=GROUP)
    )
    assert "hanya admin grup" in sent_texts(fake_api)[-1]
    assert not list(app.job_queue.jobs())


async def test_event_quiz_scores_answers_and_posts_an_ordered_leaderboard(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    fake_api.chat_admins[GROUP_ID] = {GROUP_ADMIN}
    start = make_command(
        "kuis_mulai", "3 5", user_id=GROUP_ADMIN, chat_id=GROUP_ID, chat_type=GROUP
    )
    await feed(app, start)
    announcement = sent_texts(fake_api, GROUP_ID)[-1]
    assert "papan peringkat" in announcement
    assert "start=kuis_" in announcement
    session = app.bot_data.store.chat_session(GROUP_ID, "event")
    assert session is not None
    assert len(session.questions) == 3

    # Dewi joins in private through the deep link and gets the questions there too.
    await feed(app, make_command("start", f"kuis_{session.id}", user_id=4001, name="Dewi"))
    assert "papan peringkat" in sent_texts(fake_api, 4001)[-1]

    # Budi: 3 right, slow. Citra: 3 right, fast. Ani: 2 right. Dewi: 1 right (private polls).
    plan = {"Budi": (3, 3.0), "Citra": (3, 1.0), "Ani": (2, 0.5), "Dewi": (1, 2.0)}
    ids = {"Budi": 3001, "Citra": 3002, "Ani": 3003, "Dewi": 4001}
    for index in range(3):
        assert await run_jobs(app) == 1  # the step job: asks question `index`
        group_poll = polls_in(fake_api, GROUP_ID)[-1]
        private_poll = polls_in(fake_api, 4001)[-1]
        assert group_poll.params["open_period"] == 5
        correct = group_poll.params["correct_option_ids"]
        wrong = [(correct[0] + 1) % len(group_poll.params["options"])]
        for name, (right, delay) in sorted(plan.items(), key=lambda kv: kv[1][1]):
            poll = private_poll if name == "Dewi" else group_poll
            options = correct if index < right else wrong
            clock.advance(delay / 10)
            await feed(app, make_poll_answer(poll_id_of(fake_api, poll), ids[name], options, name))
        clock.advance(7)  # the poll closed, grace passed
    assert await run_jobs(app) == 1  # closes the session
    assert not list(app.job_queue.jobs())

    board = sent_texts(fake_api, GROUP_ID)[-1]
    positions = [board.index(name) for name in ("Citra", "Budi", "Ani", "Dewi")]
    assert positions == sorted(positions), board
    assert "🥇 Citra — 3 poin" in board
    # One announcement, one poll per question, one leaderboard: never a message per answer.
    assert len(polls_in(fake_api, GROUP_ID)) == 3
    assert len(sent_texts(fake_api, GROUP_ID)) == 2
    assert app.bot_data.store.session(session.id).state == "closed"

    await feed(app, make_command("kuis_hasil", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP))
    document = fake_api.calls_to("sendDocument")[-1]
    assert int(document.params["chat_id"]) == ADMIN
    filename, data = document.files["document"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert filename.endswith(".csv")
    assert [r[1] for r in rows[1:]] == ["Citra", "Budi", "Ani", "Dewi"]
    assert_no_apology(fake_api)


async def test_kuis_stop_ends_early_with_a_leaderboard(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    await feed(
        app, make_command("kuis_mulai", "5 30", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP)
    )
    await run_jobs(app)
    poll = polls_in(fake_api, GROUP_ID)[-1]
    await feed(
        app,
        make_poll_answer(
            poll_id_of(fake_api, poll), 3001, poll.params["correct_option_ids"], "Budi"
        ),
    )
    await feed(app, make_command("kuis_stop", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP))
    assert fake_api.calls_to("stopPoll")
    board = sent_texts(fake_api, GROUP_ID)[-1]
    assert "dihentikan" in board
    assert "Budi — 1 poin" in board
    assert not list(app.job_queue.jobs())
    # A late answer to the stopped session is not counted.
    await feed(app, make_poll_answer(poll_id_of(fake_api, poll), 3002, [0], "Citra"))
    session = app.bot_data.store.chat_session(GROUP_ID, "event", running=False)
    assert {a.name for a in app.bot_data.store.session_answers(session.id)} == {"Budi"}


async def test_only_one_event_quiz_per_group(app: Any, fake_api: FakeBotAPI) -> None:
    command = make_command("kuis_mulai", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP)
    await feed(app, command)
    await feed(app, make_command("kuis_mulai", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP))
    assert "sedang berjalan" in sent_texts(fake_api, GROUP_ID)[-1]


async def test_private_answer_after_the_round_closed_still_counts(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_command("kuis"))
    poll = fake_api.calls_to("sendPoll")[-1]
    session = app.bot_data.store.chat_session(USER, "private")
    app.bot_data.store.close_session(session.id)  # e.g. "next" pressed on the bank's last question
    await feed(
        app, make_poll_answer(poll_id_of(fake_api, poll), USER, poll.params["correct_option_ids"])
    )
    assert app.bot_data.store.score(USER).private_correct == 1
