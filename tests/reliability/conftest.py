"""Fixtures for the reliability tests: the Telegram ones reuse the real Application fixtures."""

from tests.tg.conftest import app, clock, fake_api  # noqa: F401  (fixtures)
