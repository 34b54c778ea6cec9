"""Reliability fixtures: the LLM-mode helpers are shared with tests/llm."""

from tests.llm.conftest import fake_openai, openai_server

__all__ = ["fake_openai", "openai_server"]
