"""Webhook mode as deployed: `netral run` with NETRAL_WEBHOOK_URL set (mode `auto`), PTB's
webhook server with a secret token on one port, /healthz and /metrics on the ops port."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.search.index import read_pointer
from tests.conftest import make_config
from tests.deploy.conftest import base_env, free_port, http_get, http_post_json, metric
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import make_command, make_message

pytestmark = pytest.mark.slow

SECRET = "s3cret-token_for-tests"
# One exposition line: name, optional labels, a number (Prometheus text format 0.0.4).
SAMPLE = re.compile(
    r'^[a-z_:][a-z0-9_:]*(\{([a-z_]+="[^"]*",?)*\})? [-+]?(\d+(\.\d+)?(e[-+]?\d+)?|\+Inf)$'
)


def test_webhook_accepts_the_secret_refuses_others_and_serves_health_and_metrics(
    data_dir_copy: Path, start_bot: Callable[[dict[str, str]], subprocess.Popen[bytes]]
) -> None:
    port, ops_port = free_port(), free_port()
    hook = f"http://127.0.0.1:{port}/telegram"
    ops = f"http://127.0.0.1:{ops_port}"
    with FakeBotAPI() as api:
        env = {
            **base_env(),
            "TELEGRAM_BOT_TOKEN": "123456:TEST",
            "TELEGRAM_API_BASE_URL": api.url,
            "NETRAL_DATA_DIR": str(data_dir_copy),
            "NETRAL_WEBHOOK_URL": hook,  # no NETRAL_TELEGRAM__MODE: `auto` picks the webhook
            "NETRAL_WEBHOOK_SECRET": SECRET,
            "NETRAL_TELEGRAM__WEBHOOK_LISTEN": "127.0.0.1",
            "NETRAL_TELEGRAM__WEBHOOK_PORT": str(port),
            "NETRAL_OPS__PORT": str(ops_port),
        }
        bot = start_bot(env)
        (call,) = api.wait_for("setWebhook", 1, timeout=120)
        assert call.params["url"] == hook
        assert call.params["secret_token"] == SECRET
        api.wait_for("setMyCommands", 1, timeout=30)  # post_init ran: the ops server is up
        time.sleep(0.2)

        question = make_message("bolehkah asn like postingan caleg?", user_id=777)
        assert http_post_json(hook, question, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        assert http_post_json(hook, question, {}) == 403
        assert http_post_json(hook, question, {"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 200
        api.wait_for("sendMessage", 1, timeout=30, where=lambda c: int(c.params["chat_id"]) == 777)
        start = make_command("start", user_id=778)
        assert http_post_json(hook, start, {"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 200
        api.wait_for("sendMessage", 1, timeout=30, where=lambda c: int(c.params["chat_id"]) == 778)

        health = http_get(f"{ops}/healthz")
        metrics = http_get(f"{ops}/metrics")
        missing = http_get(f"{ops}/nothing")
        on_webhook_port = http_get(f"http://127.0.0.1:{port}/healthz")
        bot.send_signal(signal.SIGTERM)
        assert bot.wait(30) == 0

    status, content_type, body = health
    pointer = read_pointer(make_config(data_dir_copy))
    assert status == 200
    assert content_type.startswith("application/json")
    report = json.loads(body)
    assert report["ok"] is True
    assert report["generation"] == pointer["generation"]
    assert report["store"] == "ok"

    status, content_type, text = metrics
    assert status == 200
    assert content_type.startswith("text/plain; version=0.0.4")
    for line in text.splitlines():
        assert line.startswith("#") or SAMPLE.match(line), line
    # The question went in three times; only the copy with the right secret was answered.
    assert metric(text, "netral_questions_total") == 1
    modes = sum(
        metric(text, f'netral_answers_total{{mode="{m}"}}')
        for m in ("faq", "extractive", "llm", "none")
    )
    assert modes == 1
    assert metric(text, "netral_answer_latency_seconds_count") == 1
    assert metric(text, 'netral_answer_latency_seconds_bucket{le="+Inf"}') == 1
    assert "netral_errors_total{" not in text  # no error happened, so no error series
    assert 'netral_quiz_sessions_total{kind="event"} 0' in text
    assert missing[0] == 404
    assert on_webhook_port[0] in (404, 405)  # the webhook port serves Telegram only
