"""Private and event quizzes through the real Application; time is driven by a fake clock and
the deadline sweep is run by hand (the job queue is not started in these tests)."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

from bot.core.quiz import MIN_CYCLE_SECONDS, PRIVATE_ROUND
from bot.tg import quiz_event
from bot.tg.context import NetralContext
from tests.support.fake_bot_api import Call, FakeBotAPI
from tests.support.updates import (
    GROUP,
    make_callback,
    make_command,
    make_poll_answer,
    make_poll_closed,
)
from tests.tg.conftest import (
    ADMIN,
    GROUP_ID,
    HOST,
    USER,
    Clock,
    assert_no_apology,
    feed,
    sent_texts,
)

GROUP_ADMIN = 6000


async def tick(app: Any, clock: Clock, seconds: float) -> int:
    """Let time pass, then run this process's deadline sweep once; returns the steps it ran."""
    clock.advance(seconds)
    return await quiz_event.sweep(NetralContext(app))


def polls_in(api: FakeBotAPI, chat_id: int) -> list[Call]:
    """Polls delivered to `chat_id` (calls the fake failed on purpose are left out)."""
    calls = api.calls_to("sendPoll")
    return [c for c in calls if int(c.params["chat_id"]) == chat_id and c.result is not None]


def poll_id(call: Call) -> str:
    return str(call.result["poll"]["id"])


def right(call: Call) -> list[int]:
    return list(call.params["correct_option_ids"])


def wrong(call: Call) -> list[int]:
    return [(right(call)[0] + 1) % len(call.params["options"])]


def csv_points(api: FakeBotAPI) -> dict[str, tuple[str, int]]:
    """name → (rank, points) from the last CSV sent."""
    _, data = api.calls_to("sendDocument")[-1].files["document"]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return {r["nama"]: (r["peringkat"], int(r["poin"])) for r in rows}


async def test_private_quiz_sends_native_quiz_polls_with_progress_and_scores(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_command("kuis"))
    poll = fake_api.calls_to("sendPoll")[-1]
    assert poll.params["type"] == "quiz"
    assert poll.params["is_anonymous"] is False
    assert poll.params["question"].startswith(f"Soal 1/{PRIVATE_ROUND} · ")
    assert len(right(poll)) == 1
    assert "correct_option_id" not in poll.params
    markup = poll.params["reply_markup"]["inline_keyboard"][0][0]
    assert markup["callback_data"].startswith("quiz:v1:next:")

    await feed(app, make_poll_answer(poll_id(poll), USER, right(poll)))
    score = app.bot_data.store.score(USER)
    assert (score.private_answered, score.private_correct) == (1, 1)

    await feed(app, make_callback(markup["callback_data"]))
    second = fake_api.calls_to("sendPoll")[-1]
    assert second.params["question"].startswith(f"Soal 2/{PRIVATE_ROUND} · ")
    await feed(app, make_poll_answer(poll_id(second), USER, wrong(second)))
    await feed(app, make_command("skor"))
    assert "1 benar dari 2" in sent_texts(fake_api)[-1]
    assert_no_apology(fake_api)


async def test_private_quiz_never_skips_the_open_question_and_ends_with_a_summary(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_command("kuis"))
    first = fake_api.calls_to("sendPoll")[-1]
    stale_next = first.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await feed(app, make_command("kuis"))  # repeated before answering
    again = fake_api.calls_to("sendPoll")[-1]
    assert again.params["question"] == first.params["question"]
    assert "belum Anda jawab" in sent_texts(fake_api, USER)[-1]
    await feed(app, make_callback(stale_next))  # a stale "next" does not skip it either
    assert fake_api.calls_to("sendPoll")[-1].params["question"] == first.params["question"]

    # Answering the copy and then the original scores the question once.
    await feed(app, make_poll_answer(poll_id(again), USER, right(again)))
    await feed(app, make_poll_answer(poll_id(first), USER, wrong(first)))
    correct = 1
    for n in range(2, PRIVATE_ROUND + 1):
        await feed(app, make_callback(stale_next))
        poll = fake_api.calls_to("sendPoll")[-1]
        assert poll.params["question"].startswith(f"Soal {n}/{PRIVATE_ROUND} · ")
        chosen = right(poll) if n % 2 else wrong(poll)
        correct += n % 2
        await feed(app, make_poll_answer(poll_id(poll), USER, chosen))
    summary = sent_texts(fake_api, USER)[-1]
    assert "Ronde selesai" in summary
    assert f"{correct} benar dari {PRIVATE_ROUND} soal" in summary
    assert app.bot_data.store.score(USER).private_answered == PRIVATE_ROUND
    await feed(app, make_command("kuis"))  # a new round
    assert fake_api.calls_to("sendPoll")[-1].params["question"].startswith("Soal 1/")


async def test_kuis_in_a_group_points_to_private_chat(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(app, make_command("kuis", chat_id=GROUP_ID, chat_type=GROUP))
    assert not fake_api.calls_to("sendPoll")
    assert "obrolan pribadi" in sent_texts(fake_api)[-1]


async def test_event_quiz_refused_for_ordinary_members(app: Any, fake_api: FakeBotAPI) -> None:
    await feed(
        app, make_command("kuis_mulai", "3 5", user_id=USER, chat_id=GROUP_ID, chat_type=GROUP)
    )
    assert "hanya admin grup" in sent_texts(fake_api)[-1]
    assert app.bot_data.store.chat_session(GROUP_ID, "event") is None


# Eight participants, three questions. Each plan entry: per question, the answers a participant
# sends in order, as (copy, choice) with copy "g" (group poll) or "p" (private copy) and choice
# "r"/"w"; a "late" entry arrives after the round closed.
PLAN: dict[str, tuple[int, list[list[tuple[str, str]]]]] = {
    "Ani": (3001, [[("g", "r")], [("g", "r")], [("g", "r")]]),
    "Budi": (3002, [[("g", "r")], [("g", "r")], [("g", "r")]]),
    "Citra": (3003, [[("g", "r")], [("g", "r")], [("g", "w")]]),
    "Dewi": (4001, [[("p", "r"), ("g", "w")], [("g", "w"), ("p", "r")], [("p", "r")]]),
    "Eko": (3005, [[("g", "r")], [("late", "r")], []]),
    "Fajar": (3006, [[("g", "r"), ("g", "w")], [("g", "w"), ("g", "r")], [("g", "r")]]),
    "Gita": (3007, [[("g", "w")], [("g", "w")], [("g", "w")]]),
    "Hadi": (3008, [[("g", "r")], [], []]),
}


def expected_points() -> dict[str, int]:
    """The rule: the first in-time answer per participant and question counts."""
    points = {}
    for name, (_, rounds) in PLAN.items():
        points[name] = sum(
            1 for answers in rounds if answers and answers[0][0] != "late" and answers[0][1] == "r"
        )
    return points


async def test_event_quiz_with_eight_participants_scores_exactly(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    fake_api.chat_admins[GROUP_ID] = {GROUP_ADMIN}
    start = make_command(
        "kuis_mulai", "3 10", user_id=GROUP_ADMIN, chat_id=GROUP_ID, chat_type=GROUP
    )
    await feed(app, start)
    store = app.bot_data.store
    session = store.chat_session(GROUP_ID, "event")
    announcement = fake_api.calls_to("sendMessage")[-1]
    assert "papan peringkat" in announcement.params["text"]
    (button,) = announcement.params["reply_markup"]["inline_keyboard"][0]
    assert button["url"].endswith(f"?start=kuis_{session.id}")
    assert len(polls_in(fake_api, GROUP_ID)) == 1  # the first question went out at once

    # Dewi joins through the deep link mid-question: she gets this question's copy at once.
    await feed(app, make_command("start", f"kuis_{session.id}", user_id=4001, name="Dewi"))
    assert "papan peringkat" in sent_texts(fake_api, 4001)[-1]
    assert len(polls_in(fake_api, 4001)) == 1

    for index in range(3):
        group, private = polls_in(fake_api, GROUP_ID)[-1], polls_in(fake_api, 4001)[-1]
        assert group.params["question"].startswith(f"Soal {index + 1}/3 · ")
        assert group.params["open_period"] == 10
        assert private.params["open_period"] <= 10
        late = []
        for name, (user_id, rounds) in PLAN.items():
            for copy, choice in rounds[index]:
                if copy == "late":
                    late.append((user_id, name, choice))
                    continue
                poll = private if copy == "p" else group
                clock.advance(0.1 + user_id % 7 / 10)
                chosen = right(poll) if choice == "r" else wrong(poll)
                await feed(app, make_poll_answer(poll_id(poll), user_id, chosen, name))
        if index == 1:  # the deadline sweep closes this round (its close update never came)
            grace = app.bot_data.config.quiz.close_grace_s
            assert await tick(app, clock, 9) == 0  # the close update may still come
            assert await tick(app, clock, grace + 1) == 1
        else:  # Telegram's own close of the group poll closes the round
            clock.advance(10 - 0.1 * len(PLAN))
            await feed(app, make_poll_closed(poll_id(group)))
        reveal = sent_texts(fake_api, GROUP_ID)[-1 if index < 2 else -2]  # the last: then the board
        assert f"Soal {index + 1}/3" in reveal
        assert "jawaban benar" in reveal
        for user_id, name, choice in late:  # after the close: never counted
            poll = group
            chosen = right(poll) if choice == "r" else wrong(poll)
            await feed(app, make_poll_answer(poll_id(poll), user_id, chosen, name))
        if index < 2:
            assert await tick(app, clock, 0.5) == 0  # paced: not yet
            assert await tick(app, clock, MIN_CYCLE_SECONDS) == 1  # the next question

    board = sent_texts(fake_api, GROUP_ID)[-1]
    assert "Papan peringkat" in board
    assert store.session(session.id).state == "closed"
    points = expected_points()
    assert "🥇 Ani — 3 poin" in board
    assert board.index("Ani") < board.index("Budi")  # equal points: the faster first
    assert "Gita" not in board  # 0 points: no rank, no medal
    assert "1 peserta lain belum mendapat poin" in board
    # One announcement, one poll and one reveal per question, one leaderboard.
    assert len(polls_in(fake_api, GROUP_ID)) == 3
    assert len(sent_texts(fake_api, GROUP_ID)) == 1 + 3 + 1
    sent = [p.sent_at for p in store.polls(session.id) if p.chat_id == GROUP_ID]
    assert all(b - a >= MIN_CYCLE_SECONDS for a, b in itertools.pairwise(sent))

    await feed(app, make_command("kuis_hasil", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP))
    document = fake_api.calls_to("sendDocument")[-1]
    assert int(document.params["chat_id"]) == ADMIN
    rows = csv_points(fake_api)
    assert {name: p for name, (_, p) in rows.items()} == points
    assert rows["Gita"] == ("", 0)
    ordered = [p for _, p in rows.values()]
    assert ordered == sorted(ordered, reverse=True)
    assert_no_apology(fake_api)


async def test_kuis_stop_ends_early_with_a_leaderboard(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    await feed(
        app, make_command("kuis_mulai", "5 30", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP)
    )
    poll = polls_in(fake_api, GROUP_ID)[-1]
    await feed(app, make_poll_answer(poll_id(poll), 3001, right(poll), "Budi"))
    await feed(app, make_command("kuis_stop", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP))
    assert fake_api.calls_to("stopPoll")
    board = sent_texts(fake_api, GROUP_ID)[-1]
    assert "dihentikan" in board
    assert "Budi — 1 poin" in board
    # A late answer to the stopped session is not counted, and no step runs any more.
    await feed(app, make_poll_answer(poll_id(poll), 3002, right(poll), "Citra"))
    session = app.bot_data.store.chat_session(GROUP_ID, "event", running=False)
    assert {a.name for a in app.bot_data.store.session_answers(session.id)} == {"Budi"}
    assert await tick(app, clock, 60) == 0


async def test_only_one_event_quiz_per_group(app: Any, fake_api: FakeBotAPI) -> None:
    command = make_command("kuis_mulai", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP)
    await feed(app, command)
    await feed(app, make_command("kuis_mulai", user_id=ADMIN, chat_id=GROUP_ID, chat_type=GROUP))
    assert "sedang berjalan" in sent_texts(fake_api, GROUP_ID)[-1]


async def test_a_failing_quiz_step_tells_the_host_and_resumes(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    await feed(
        app, make_command("kuis_mulai", "2 10", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
    )
    session = app.bot_data.store.chat_session(GROUP_ID, "event")
    await feed(app, make_poll_closed(poll_id(polls_in(fake_api, GROUP_ID)[-1])))
    fake_api.fail["sendPoll"] = (502, "Bad Gateway")  # Telegram hiccups on the next question
    assert await tick(app, clock, MIN_CYCLE_SECONDS) == 1
    told = sent_texts(fake_api, HOST)[-1]
    assert session.id in told
    assert "coba lagi" in told
    assert app.bot_data.store.session(session.id).state == "running"  # resumable
    del fake_api.fail["sendPoll"]
    assert await tick(app, clock, 1) == 0  # backing off
    assert await tick(app, clock, 5) == 1
    assert len(polls_in(fake_api, GROUP_ID)) == 2  # resumed: the second question went out
    assert app.bot_data.store.session(session.id).failures == 0


async def test_a_quiz_step_refused_by_telegram_stops_cleanly_and_tells_the_host(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    await feed(
        app, make_command("kuis_mulai", "3 10", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
    )
    first = polls_in(fake_api, GROUP_ID)[-1]
    await feed(app, make_poll_answer(poll_id(first), 3001, right(first), "Ani"))
    session = app.bot_data.store.chat_session(GROUP_ID, "event")
    fake_api.fail["sendMessage"] = (400, "Bad Request: not enough rights to send text")
    await feed(app, make_poll_closed(poll_id(first)))  # the reveal fails for good
    del fake_api.fail["sendMessage"]
    told = sent_texts(fake_api, HOST)[-1]
    assert "dihentikan" in told
    assert f"/kuis_hasil {session.id}" in told
    assert app.bot_data.store.session(session.id).state == "closed"
    assert "Ani — 1 poin" in sent_texts(fake_api, GROUP_ID)[-1]  # the board so far
    assert await tick(app, clock, 60) == 0  # nothing left running


async def test_kuis_hasil_exports_an_older_session_by_its_code(
    app: Any, fake_api: FakeBotAPI, clock: Clock
) -> None:
    codes = []
    for winner in (3001, 3002):
        await feed(
            app, make_command("kuis_mulai", "1 5", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
        )
        codes.append(app.bot_data.store.chat_session(GROUP_ID, "event").id)
        poll = polls_in(fake_api, GROUP_ID)[-1]
        await feed(app, make_poll_answer(poll_id(poll), winner, right(poll), f"U{winner}"))
        await feed(app, make_poll_closed(poll_id(poll)))
        assert "Papan peringkat" in sent_texts(fake_api, GROUP_ID)[-1]
        clock.advance(60)
    hasil = make_command("kuis_hasil", codes[0], user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
    await feed(app, hasil)
    assert fake_api.calls_to("sendDocument")[-1].files["document"][0] == f"kuis-{codes[0]}.csv"
    assert csv_points(fake_api) == {"U3001": ("1", 1)}
    await feed(app, make_command("kuis_hasil", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP))
    assert csv_points(fake_api) == {"U3002": ("1", 1)}  # no code: the latest
    unknown = make_command("kuis_hasil", "zzzz", user_id=HOST, chat_id=GROUP_ID, chat_type=GROUP)
    await feed(app, unknown)
    assert codes[0] in sent_texts(fake_api, GROUP_ID)[-1]


async def test_private_answer_after_the_round_closed_still_counts(
    app: Any, fake_api: FakeBotAPI
) -> None:
    await feed(app, make_command("kuis"))
    poll = fake_api.calls_to("sendPoll")[-1]
    session = app.bot_data.store.chat_session(USER, "private")
    app.bot_data.store.close_session(session.id)  # e.g. "next" pressed on the bank's last question
    await feed(app, make_poll_answer(poll_id(poll), USER, right(poll)))
    assert app.bot_data.store.score(USER).private_correct == 1
