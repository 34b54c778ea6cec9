"""`netral run` in webhook mode: setWebhook with the secret, then updates POSTed to the bot."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import make_command
from tests.tg.conftest import bot_env

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, payload: dict[str, object], secret: str) -> int:
    request = urllib.request.Request(
        url,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_webhook_mode_receives_updates_and_stops_on_sigterm(
    data_dir_copy: Path, start_bot: Callable[[dict[str, str]], subprocess.Popen[bytes]]
) -> None:
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    with FakeBotAPI() as api:
        env = bot_env(api, data_dir_copy)
        env.update(
            NETRAL_TELEGRAM__MODE="webhook",
            NETRAL_WEBHOOK_URL=hook,
            NETRAL_TELEGRAM__WEBHOOK_LISTEN="127.0.0.1",
            NETRAL_TELEGRAM__WEBHOOK_PORT=str(port),
            NETRAL_WEBHOOK_SECRET="s3cret",
        )
        bot = start_bot(env)
        (call,) = api.wait_for("setWebhook", 1, timeout=120)
        assert call.params["url"] == hook
        assert call.params["secret_token"] == "s3cret"
        time.sleep(0.3)
        assert _post(hook, make_command("start"), "wrong") == 403
        assert _post(hook, make_command("start"), "s3cret") == 200
        api.wait_for("sendMessage", 1, timeout=30)
        bot.send_signal(signal.SIGTERM)
        assert bot.wait(30) == 0
