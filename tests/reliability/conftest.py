"""Reliability fixtures: the LLM-mode helpers are shared with tests/llm, the Telegram ones with tests/tg."""

from tests.llm.conftest import fake_openai, openai_server
from tests.tg.conftest import app, clock, fake_api

__all__ = ["app", "clock", "fake_api", "fake_openai", "openai_server"]
