"""Logging for `netral run`: text or JSON lines, user ids hashed, no message text.

Call sites never put a Telegram user id into the message; they pass it as
`extra={"user_id": uid}` and the formatter writes `user=<salted sha256, 12 hex>` instead. The
salt lives in `<data_dir>/log-salt` (made on first start), so one user's lines can be followed
across restarts of one deployment but not matched against other deployments or a user list.
Our own messages never contain what users write; python-telegram-bot and httpx log whole updates
and token-bearing URLs at DEBUG, so they stay at INFO/WARNING unless `logging.library_debug`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
from pathlib import Path

from bot.config import Config, mask_urls

SALT_FILE = "log-salt"
# Loggers whose DEBUG (httpx: INFO) lines carry message text or the bot token.
_LIBRARY_LEVELS = {"telegram": logging.INFO, "httpx": logging.WARNING, "httpcore": logging.WARNING}


def hash_user(user_id: int | str, salt: bytes) -> str:
    """A short salted hash of a user id, stable for one salt."""
    return hashlib.sha256(salt + str(user_id).encode()).hexdigest()[:12]


def load_salt(data_dir: Path) -> bytes:
    """The deployment's log salt, created (mode 0600) on first use."""
    path = data_dir / SALT_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(16).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value


# A Telegram bot token (also inside `…/bot<token>/getMe` URLs) and OpenAI-style keys.
_TOKENS = re.compile(r"\d{6,12}:[A-Za-z0-9_-]{30,}|\bsk-[A-Za-z0-9_-]{8,}")


def redact(text: str) -> str:
    """`text` without secrets: token-shaped strings become ***, URL userinfo is masked."""
    return mask_urls(_TOKENS.sub("***", text))


class _NoInvalidTokenTraceback(logging.Filter):
    """Drop PTB's traceback for a rejected token: `run_bot` prints one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if type(exc).__name__ == "InvalidToken":
                return False
            exc = exc.__cause__ or exc.__context__
        return True


class _Hashing(logging.Formatter):
    def __init__(self, fmt: str | None = None, salt: bytes = b"") -> None:
        super().__init__(fmt)
        self.salt = salt

    def user(self, record: logging.LogRecord) -> str | None:
        user_id = getattr(record, "user_id", None)
        return None if user_id is None else hash_user(user_id, self.salt)


class JsonLines(_Hashing):
    """One JSON object per line (`logging.json_lines`)."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        user = self.user(record)
        if user is not None:
            data["user"] = user
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return redact(json.dumps(data, ensure_ascii=False))


class Text(_Hashing):
    """`time LEVEL logger: message [user=hash]`."""

    def __init__(self, salt: bytes = b"") -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", salt)

    def format(self, record: logging.LogRecord) -> str:
        line = redact(super().format(record))
        user = self.user(record)
        if user is None:
            return line
        head, sep, tail = line.partition("\n")  # keep a traceback below the first line
        return f"{head} user={user}{sep}{tail}"


def configure_logging(config: Config) -> None:
    """Configure the root logger from `config.logging` (level, JSON lines, library levels)."""
    salt = load_salt(config.data_dir)
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines(salt=salt) if config.logging.json_lines else Text(salt))
    handler.addFilter(_NoInvalidTokenTraceback())
    level = logging.getLevelName(config.logging.level)
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for name, floor in _LIBRARY_LEVELS.items():
        logger = logging.getLogger(name)
        logger.setLevel(level if config.logging.library_debug else max(level, floor))
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))
