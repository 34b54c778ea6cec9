"""Quiz rules without Telegram: scoring, tie-breaks, requests and session steps."""

from __future__ import annotations

import random

from bot.core.quiz import (
    MIN_CYCLE_SECONDS,
    AnswerRecord,
    after_reveal,
    answer_elapsed,
    copy_open_period,
    event_request,
    is_correct,
    leaderboard,
    pick_questions,
    private_next,
    results_csv,
    retry_delay,
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


def test_after_reveal_paces_questions_to_the_group_limit() -> None:
    assert after_reveal(2, 3, 100.0, 140.0).action == "finish"
    slow = after_reveal(0, 3, 100.0, 140.0)
    assert (slow.action, slow.due_at) == ("ask", 143.0)
    # 5-second polls would mean more than 20 group messages a minute: held back.
    fast = after_reveal(0, 3, 100.0, 101.0)
    assert fast.due_at == 100.0 + MIN_CYCLE_SECONDS
    assert 2 * 60 / MIN_CYCLE_SECONDS <= 20


def test_private_copies_close_with_the_group_poll_and_retries_back_off() -> None:
    assert copy_open_period(130.0, 100.0) == 30
    assert copy_open_period(130.0, 126.5) is None  # under Telegram's 5 s minimum
    assert [retry_delay(n) for n in (1, 2, 3)] == [5.0, 10.0, 20.0]


def test_private_quiz_never_skips_the_open_question() -> None:
    assert private_next(-1, 10, False) == 0
    assert private_next(3, 10, False) == 3  # a repeated /kuis or a stale "next"
    assert private_next(3, 10, True) == 4
    assert private_next(9, 10, True) is None


def test_zero_points_get_no_rank_and_no_medal_in_the_csv() -> None:
    board = leaderboard([rec(1, "A", 0, True, 2.0), rec(2, "B", 0, False, 1.0)])
    assert [(s.name, s.rank) for s in board] == [("A", 1), ("B", None)]
    rows = results_csv(board).strip().splitlines()
    assert rows[2].startswith(",B,2,0,1")


def test_results_csv_has_a_header_and_rows() -> None:
    text = results_csv(leaderboard([rec(1, "Ani, S.Pd", 0, True, 1.0)]))
    lines = text.strip().splitlines()
    assert lines[0].startswith("peringkat,nama")
    assert '"Ani, S.Pd"' in lines[1]
