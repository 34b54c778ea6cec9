"""The circuit breaker, on a hand-moved clock."""

from __future__ import annotations

from bot.llm.breaker import CircuitBreaker
from tests.llm.conftest import FakeClock


def test_opens_after_the_threshold_of_consecutive_failures() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(3, 60, clock)
    for _ in range(2):
        breaker.record_failure()
        assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    assert not breaker.allow()
    assert breaker.remaining_s() == 60


def test_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(2, 60, FakeClock())
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == "closed"


def test_after_the_cool_down_one_trial_call_goes_through() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(1, 10, clock)
    breaker.record_failure()
    clock.advance(10)
    assert breaker.state == "half-open"
    assert breaker.allow()
    assert not breaker.allow()  # only one trial while it is in flight
    breaker.record_success()
    assert breaker.state == "closed"
    assert breaker.allow()


def test_a_failed_trial_reopens_for_a_full_cool_down() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(5, 10, clock)
    for _ in range(5):
        breaker.record_failure()
    clock.advance(11)
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state == "open"
    clock.advance(9)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()
