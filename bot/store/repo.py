"""`Store`: every read and write of the bot's state, as plain dataclasses, on SQLite (default,
`<data_dir>/netral.sqlite3`) or PostgreSQL (`store.url`, shared by replicas).

The methods live in three parts: `base` (usage, answers, feedback, follow-up context, audit),
`quiz` (sessions, rounds, polls, answers) and `shared` (webhook update ids, rate limits, admin
previews, shared values); the SQL is the same on both engines (`engine`).
"""

from __future__ import annotations

from pathlib import Path

from bot.config import Config
from bot.store.base import DB_NAME, AuditEntry
from bot.store.engine import Engine, open_engine
from bot.store.quiz import PollRecord, QuizSession, QuizStore, RecordedAnswer, RoundStats, Score
from bot.store.shared import PendingRecord, SharedStore, StoreLimiter

__all__ = [
    "DB_NAME",
    "AuditEntry",
    "PendingRecord",
    "PollRecord",
    "QuizSession",
    "RecordedAnswer",
    "RoundStats",
    "Score",
    "Store",
    "StoreLimiter",
]


class Store(QuizStore, SharedStore):
    """The bot's state: a SQLite file (a Path) or an open engine (PostgreSQL)."""

    def __init__(self, target: Path | Engine) -> None:
        super().__init__(target)
        self._init_quiz()

    @classmethod
    def from_config(cls, config: Config) -> Store:
        """The configured store: `store.url`, else SQLite in the data dir.

        Raises:
            bot.store.engine.StoreUnavailable: unreachable or unknown URL (one-line message).
        """
        engine = open_engine(config.store.url, config.data_dir / DB_NAME, config.store.pool_size)
        return cls(engine)
