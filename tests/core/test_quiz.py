"""Quiz rules without Telegram: scoring, tie-breaks, requests and session steps."""

from __future__ import annotations

import random

from bot.core.quiz import (
    AnswerRecord,
    answer_elapsed,
    event_request,
    is_correct,
    leaderboard,
    next_step,
    pick_questions,
    results_csv,
)
from bot.models import QuizQuestion


def rec(user: int, name: str, pos: int, correct: bool, elapsed: float) -> AnswerRecord:
    return AnswerRecord(user, name, pos, correct, elapsed, 100.0 + pos * 10 + elapsed)


def test_points_first_then_speed_breaks_ties() -> None:
    answers = [
        rec(1, "Lambat", 0, True, 4.0),
        rec(1, "Lambat", 1, True, 4.0),
        rec(2, "Cepat", 0, True, 1.0),
        rec(2, "Cepat", 1, True, 1.0),
        rec(3, "Kilat", 0, True, 0.1),
        rec(3, "Kilat", 1, False, 0.1),
    ]
    board = leaderboard(answers)
    assert [s.name for s in board] == ["Cepat", "Lambat", "Kilat"]
    assert [s.points for s in board] == [2, 2, 1]
    assert [s.rank for s in board] == [1, 2, 3]


def test_wrong_answers_do_not_cost_time() -> None:
    board = leaderboard([rec(1, "A", 0, True, 2.0), rec(1, "A", 1, False, 9.0)])
    assert board[0].seconds == 2.0
    assert board[0].answered == 2


def test_exact_ties_share_a_rank() -> None:
    board = leaderboard([rec(1, "A", 0, True, 2.0), rec(2, "B", 0, True, 2.0)])
    assert [s.rank for s in board] == [1, 1]


def test_correctness_and_elapsed() -> None:
    assert is_correct(1, [1])
    assert not is_correct(1, [0])
    assert not is_correct(1, [])
    assert answer_elapsed(10.0, 12.5, 40.0) == 2.5
    assert answer_elapsed(10.0, 99.0, 40.0) == 30.0  # arrived late (e.g. after a restart)
    assert answer_elapsed(10.0, 9.0, None) == 0.0


def test_event_request_clamps_to_bank_and_telegram_limits() -> None:
    assert event_request([], 50, 5, 30, 30) == event_request(["x", "y"], 50, 5, 30, 30)
    assert event_request(["3", "1"], 50, 5, 30, 30).seconds == 5
    assert event_request(["999", "9999"], 20, 5, 30, 30).questions == 20
    assert event_request(["999", "9999"], 20, 5, 30, 30).seconds == 600


def test_pick_questions_prefers_unseen() -> None:
    bank = [QuizQuestion(f"q{i}", "?", ("a", "b"), 0, "", "c") for i in range(5)]
    picked = pick_questions(bank, 3, exclude={"q0", "q1"}, rng=random.Random(1))
    assert {q.id for q in picked} == {"q2", "q3", "q4"}
    assert len(pick_questions(bank, 5, exclude={"q0"})) == 5


def test_next_step_waits_asks_and_closes() -> None:
    assert next_step(-1, 3, None, 100.0).action == "ask"
    wait = next_step(0, 3, 130.0, 100.0)
    assert wait.action == "wait"
    assert wait.delay > 30
    ask = next_step(0, 3, 130.0, 140.0)
    assert (ask.action, ask.position) == ("ask", 1)
    assert next_step(2, 3, 130.0, 140.0).action == "close"


def test_results_csv_has_a_header_and_rows() -> None:
    text = results_csv(leaderboard([rec(1, "Ani, S.Pd", 0, True, 1.0)]))
    lines = text.strip().splitlines()
    assert lines[0].startswith("peringkat,nama")
    assert '"Ani, S.Pd"' in lines[1]
