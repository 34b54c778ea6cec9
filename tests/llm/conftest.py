"""LLM-mode fixtures: a fake OpenAI-compatible server and Services wired to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_config
from tests.support.fake_openai import FakeOpenAI


class FakeClock:
    """A monotonic clock the circuit-breaker tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def llm_config(data_dir: Path, base_url: str, **env: str):  # type: ignore[no-untyped-def]
    """A config with LLM mode on against `base_url` (2 s timeout unless `env` says otherwise)."""
    settings = {
        "NETRAL_LLM__PROVIDER": "openai",
        "NETRAL_LLM__TIMEOUT_S": "2",
        "OPENAI_BASE_URL": base_url,
        "OPENAI_API_KEY": "sk-test-offline",
        **env,
    }
    return make_config(data_dir, **settings)


@pytest.fixture(scope="module")
def openai_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def fake_openai(openai_server: FakeOpenAI) -> Iterator[FakeOpenAI]:
    """The module's fake server, with an empty queue and history for this test."""
    openai_server.reset()
    yield openai_server
    openai_server.reset()


@pytest.fixture(scope="module")
def llm_services(built_data_dir: Path, openai_server: FakeOpenAI):  # type: ignore[no-untyped-def]
    """Services over the session's index (read-only) with LLM mode on, through build_services."""
    from bot.services import build_services

    config = llm_config(built_data_dir, openai_server.base_url)
    return build_services(config, build_missing_index=False)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
