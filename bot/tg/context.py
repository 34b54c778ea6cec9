"""Typed callback context: handlers reach services, store and helpers through it, not globals."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.admin import Admin
from bot.asking import Asker
from bot.config import Config
from bot.metrics import Metrics
from bot.services import Services
from bot.store.repo import Store, StoreLimiter


class BotData:
    """Application-wide state (PTB's bot_data), filled in by `build_application`."""

    def __init__(self) -> None:
        self.config: Config | None = None
        self.services: Services | None = None
        self.store: Store | None = None
        self.asker: Asker | None = None
        self.admin: Admin | None = None
        self.limiter: StoreLimiter | None = None
        self.clock: Callable[[], float] = time.time
        self.owner = ""  # this process's name in quiz step leases (set by build_application)
        self.rate_noticed: dict[int, float] = {}  # user → end of the window already told
        self.sweeps = 0  # deadline sweeps run by this process
        self.metrics = Metrics()  # served at /metrics by bot.ops
        self.ops: Any = None  # the running bot.ops.OpsServer, if any


class NetralContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """CallbackContext with typed access to what the handlers need."""

    @property
    def config(self) -> Config:
        assert self.bot_data.config is not None
        return self.bot_data.config

    @property
    def services(self) -> Services:
        assert self.bot_data.services is not None
        return self.bot_data.services

    @property
    def store(self) -> Store:
        assert self.bot_data.store is not None
        return self.bot_data.store

    @property
    def asker(self) -> Asker:
        assert self.bot_data.asker is not None
        return self.bot_data.asker

    @property
    def admin(self) -> Admin:
        assert self.bot_data.admin is not None
        return self.bot_data.admin

    @property
    def limiter(self) -> StoreLimiter:
        assert self.bot_data.limiter is not None
        return self.bot_data.limiter

    def now(self) -> float:
        return self.bot_data.clock()


CONTEXT_TYPES = ContextTypes(context=NetralContext, bot_data=BotData)
NetralApp = Application[ExtBot[None], NetralContext, dict[Any, Any], dict[Any, Any], BotData, Any]


def message_of(update: Update) -> Message:
    """The update's message, for handlers registered on message updates (PTB types it Optional)."""
    message = update.effective_message
    if message is None:
        raise ValueError(f"update {update.update_id} carries no message")
    return message
