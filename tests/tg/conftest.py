"""Fixtures: a fake Bot API server and the real Application built over the session index."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from telegram import Update

from bot.store.repo import Store
from bot.tg.app import build_application
from tests.conftest import make_config
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.processes import start_bot  # noqa: F401  (a shared fixture)

ADMIN = 4242
HOST = 5151
USER = 777
GROUP_ID = -100123


class Clock:
    """A controllable clock for quiz timing (the app reads `bot_data.clock`)."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as api:
        yield api


@pytest.fixture
def clock() -> Clock:
    return Clock()


def tg_env(api: FakeBotAPI, **extra: str) -> dict[str, str]:
    return {
        "TELEGRAM_API_BASE_URL": api.url,
        "NETRAL_ADMIN_IDS": str(ADMIN),
        "NETRAL_HOST_IDS": str(HOST),
        **extra,
    }


@pytest.fixture
async def app(
    fake_api: FakeBotAPI, services: Any, built_data_dir: Path, tmp_path: Path, clock: Clock
) -> AsyncIterator[Any]:
    """The real Application over the session's (read-only) services, with a private store."""
    config = make_config(built_data_dir, **tg_env(fake_api))
    store = Store(tmp_path / "netral.sqlite3")
    application = build_application(config, services, store)
    application.bot_data.clock = clock
    async with application:
        yield application
    application.bot_data.asker.shutdown()
    store.close()


def bot_env(api: FakeBotAPI, data_dir: Path) -> dict[str, str]:
    """Environment for `python -m bot run` against the fake Bot API, state in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETRAL_", "TELEGRAM_"))}
    env.update(
        TELEGRAM_BOT_TOKEN="123456:TEST",
        TELEGRAM_API_BASE_URL=api.url,
        NETRAL_DATA_DIR=str(data_dir),
        NETRAL_HOST_IDS=str(HOST),
        NO_PROXY="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


async def feed(app: Any, *updates: dict[str, Any]) -> None:
    """Process updates one by one through the real handlers."""
    for data in updates:
        await app.process_update(Update.de_json(data, app.bot))


def sent_texts(api: FakeBotAPI, chat_id: int | None = None) -> list[str]:
    return [
        str(c.params.get("text", ""))
        for c in api.calls_to("sendMessage")
        if chat_id is None or int(c.params.get("chat_id", 0)) == chat_id
    ]


def assert_no_apology(api: FakeBotAPI) -> None:
    apologies = [t for t in sent_texts(api) if "terjadi kesalahan" in t]
    assert not apologies, apologies
