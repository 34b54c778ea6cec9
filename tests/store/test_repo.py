"""The store on both engines: migrations, quiz bookkeeping, feedback, audit, follow-up context."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable

from bot.store.db import MIGRATIONS, MigrationContext, applied_migrations, migrate
from bot.store.engine import Engine
from bot.store.repo import PollRecord, Store


def test_migrations_are_recorded_in_order_and_applied_once(
    open_engine: Callable[[], Engine],
) -> None:
    engine = open_engine()
    assert migrate(engine) == [m.__name__ for m in MIGRATIONS]
    assert applied_migrations(engine) == [m.__name__ for m in MIGRATIONS]
    assert migrate(engine) == []
    assert migrate(open_engine()) == []  # a second process finds the schema current


def test_a_failing_migration_rolls_back(open_engine: Callable[[], Engine]) -> None:
    engine = open_engine()
    migrate(engine)

    def m999_broken(db: MigrationContext) -> None:
        db.script("CREATE TABLE half (x {int})")
        raise RuntimeError("nope")

    with contextlib.suppress(RuntimeError):
        migrate(engine, [*MIGRATIONS, m999_broken])
    assert "m999_broken" not in applied_migrations(engine)
    engine.execute("CREATE TABLE half (x INTEGER)")  # the name is free: the table was rolled back


def _poll(session_id: str, poll_id: str, position: int, sent: float) -> PollRecord:
    return PollRecord(poll_id, session_id, position, f"q{position}", 1, -5, 10, sent, sent + 10)


def test_quiz_answers_are_scored_once_and_survive_reopening(
    open_store: Callable[[], Store],
) -> None:
    store = open_store()
    session = store.create_session("event", -5, 1, ["q0", "q1"], 10)
    store.add_poll(_poll(session.id, "p0", 0, 100.0), opens_round=True)
    assert store.session(session.id).position == 0
    assert store.session(session.id).phase == "open"
    first = store.record_quiz_answer("p0", 7, "Ani", [1], 102.0)
    assert first is not None
    assert first.correct
    assert store.record_quiz_answer("p0", 7, "Ani", [0], 103.0) is None  # one vote per poll
    assert store.record_quiz_answer("unknown", 7, "Ani", [1], 103.0) is None
    assert store.record_quiz_answer("p0", 9, "Citra", [], 103.0) is None  # a retracted vote
    store.close()

    reopened = open_store()
    (answer,) = reopened.session_answers(session.id)
    assert (answer.user_id, answer.correct, answer.elapsed) == (7, True, 2.0)
    assert reopened.running_sessions("event")[0].id == session.id
    assert reopened.close_session(session.id)
    assert not reopened.close_session(session.id)
    assert reopened.record_quiz_answer("p0", 8, "Budi", [1], 104.0) is None  # closed


def test_feedback_is_one_vote_per_user_and_counted(store: Store) -> None:
    answer_id = store.record_answer("q", "dilarang", "faq", ["pp-94-2021/pasal-5"])
    assert store.record_answer("q2", None, "none", []) == answer_id + 1
    token = store.bind_answer(answer_id, 42, "{}")
    assert store.answer_by_token(token, 42).unit_ids == ["pp-94-2021/pasal-5"]
    assert store.add_feedback(answer_id, 1, 1)
    assert store.add_feedback(answer_id, 1, -1)
    assert store.add_feedback(answer_id, 2, 1)
    assert not store.add_feedback(answer_id + 100, 1, 1)
    assert store.feedback_counts() == {"up": 1, "down": 1}
    assert store.feedback(answer_id) == {1: -1, 2: 1}


def test_usage_audit_and_previous_question_including_a_json_frame(store: Store) -> None:
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
    frame = json.dumps({"actor": "pppk", "election": "pilkada", "quoted": "“x” ' ; --" * 200})
    store.set_previous_question(2**40, frame)  # Telegram ids exceed 32 bits
    assert json.loads(store.previous_question(2**40) or "") == json.loads(frame)
    assert store.writable() == "ok"


def test_private_and_event_scores(store: Store) -> None:
    private = store.create_session("private", 7, 7, ["q0", "q1"], 0)
    store.add_poll(_poll(private.id, "a", 0, 1.0))
    store.add_poll(_poll(private.id, "b", 1, 1.0))
    store.record_quiz_answer("a", 7, "Ani", [1], 2.0)
    store.record_quiz_answer("b", 7, "Ani", [0], 2.0)
    event = store.create_session("event", -5, 1, ["q0"], 10)
    store.add_poll(_poll(event.id, "c", 0, 1.0), opens_round=True)
    store.record_quiz_answer("c", 7, "Ani", [1], 2.0)
    score = store.score(7)
    assert (score.private_answered, score.private_correct, score.events, score.event_points) == (
        2,
        1,
        1,
        1,
    )


def test_chat_sessions_newest_first_and_by_code(store: Store) -> None:
    old = store.create_session("event", -5, 1, ["q0"], 10)
    store.close_session(old.id)
    new = store.create_session("event", -5, 1, ["q0"], 10)
    assert store.chat_session(-5, "event").id == new.id
    assert [s.id for s in store.chat_sessions(-5, "event")] == [new.id, old.id]
    assert store.chat_session(-6, "event") is None
