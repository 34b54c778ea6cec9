"""Metrics exposition, the ops server in-process, hashed-user logs and the new config keys."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError
from bot.logs import JsonLines, Text, configure_logging, hash_user, load_salt
from bot.metrics import Metrics
from bot.ops import OpsServer, check_health, start_ops_server, watch
from bot.services import build_services
from bot.store.repo import DB_NAME, Store
from bot.tg.app import serving_mode, webhook_secret
from tests.conftest import ROOT, make_config
from tests.deploy.conftest import free_port, http_get, metric


def test_metrics_render_counters_histogram_and_gauges() -> None:
    metrics = Metrics()
    metrics.answered("faq", 0.004, cached=False)
    metrics.answered("extractive", 0.03, cached=False)
    metrics.answered("faq", 0.0001, cached=True)
    metrics.error(ValueError("x"))
    metrics.quiz_started("event")
    metrics.quiz_answered()
    metrics.add_gauge("netral_test_info", "A test gauge.", lambda: [({"name": 'a"b'}, 1.0)])
    text = metrics.render()
    assert metric(text, "netral_questions_total") == 3
    assert metric(text, "netral_answers_cached_total") == 1
    assert metric(text, 'netral_answers_total{mode="faq"}') == 2
    assert metric(text, 'netral_answers_total{mode="llm"}') == 0  # known modes exist at 0
    assert metric(text, 'netral_answer_latency_seconds_bucket{le="0.005"}') == 2
    assert metric(text, 'netral_answer_latency_seconds_bucket{le="0.05"}') == 3
    assert metric(text, 'netral_answer_latency_seconds_bucket{le="+Inf"}') == 3
    assert metric(text, "netral_answer_latency_seconds_count") == 3
    assert metric(text, 'netral_errors_total{type="ValueError"}') == 1
    assert metric(text, 'netral_quiz_sessions_total{kind="event"}') == 1
    assert metric(text, 'netral_quiz_sessions_total{kind="private"}') == 0
    assert metric(text, "netral_quiz_answers_total") == 1
    assert metric(text, 'netral_test_info{name="a\\"b"}') == 1
    assert "# TYPE netral_answer_latency_seconds histogram" in text
    assert text.endswith("\n")


def test_a_failing_gauge_does_not_hide_the_other_metrics() -> None:
    metrics = Metrics()
    metrics.add_gauge("netral_broken", "Broken.", lambda: 1 / 0)  # type: ignore[arg-type,return-value]
    text = metrics.render()
    assert "# netral_broken unavailable: ZeroDivisionError" in text
    assert metric(text, "netral_questions_total") == 0


def test_counter_labels_are_checked() -> None:
    with pytest.raises(ValueError, match="labels"):
        Metrics().answers.inc(kind="faq")
    with pytest.raises(ValueError, match="decrease"):
        Metrics().questions.inc(-1)


async def test_ops_server_reports_healthy_and_serves_metrics(services: Any, tmp_path: Path) -> None:
    store = Store(tmp_path / DB_NAME)
    metrics = Metrics()
    watch(metrics, services, store)
    store.create_session("event", -1, 1, ["q"], 10)
    server = OpsServer("127.0.0.1", free_port(), services, store.path, metrics)
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"
        status, content_type, body = await asyncio.to_thread(http_get, f"{base}/healthz")
        _, _, text = await asyncio.to_thread(http_get, f"{base}/metrics")
    finally:
        await server.stop()
        store.close()
    assert status == 200
    assert content_type == "application/json"
    assert json.loads(body)["generation"] == services.retriever.snapshot().generation
    assert metric(text, 'netral_quiz_sessions_running{kind="event"}') == 1
    assert metric(text, 'netral_quiz_sessions_running{kind="private"}') == 0


def test_health_fails_without_an_index_or_a_writable_store(tmp_path: Path) -> None:
    config = make_config(tmp_path / "data")
    bare = build_services(config, build_missing_index=False, embedder=None)
    Store.from_config(config).close()
    health = check_health(bare, config.data_dir / DB_NAME)
    assert health.ok is False
    assert health.generation is None
    assert health.store == "ok"
    missing = check_health(bare, tmp_path / "nowhere" / DB_NAME)
    assert missing.store.startswith("OperationalError")


async def test_a_taken_ops_port_is_logged_not_fatal(
    services: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    config = make_config(tmp_path / "data", NETRAL_OPS__PORT=str(port))
    first = await start_ops_server(config, services, tmp_path / DB_NAME, Metrics())
    assert first is not None
    try:
        second = await start_ops_server(config, services, tmp_path / DB_NAME, Metrics())
    finally:
        await first.stop()
    assert second is None
    assert "could not listen" in caplog.text
    off = make_config(tmp_path / "data", NETRAL_OPS__PORT="null")
    assert off.ops.port is None
    assert await start_ops_server(off, services, tmp_path / DB_NAME, Metrics()) is None


def _record(**extra: Any) -> logging.LogRecord:
    record = logging.LogRecord(
        "bot.tg", logging.WARNING, __file__, 1, "admin: refused %s", ("status",), None
    )
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_logs_hash_user_ids_with_the_deployment_salt(tmp_path: Path) -> None:
    salt = load_salt(tmp_path)
    assert load_salt(tmp_path) == salt  # stable across restarts
    assert stat.S_IMODE((tmp_path / "log-salt").stat().st_mode) == 0o600
    data = json.loads(JsonLines(salt=salt).format(_record(user_id=918273645)))
    assert data["msg"] == "admin: refused status"
    assert data["user"] == hash_user(918273645, salt)
    assert len(data["user"]) == 12
    assert "918273645" not in json.dumps(data)
    line = Text(salt).format(_record(user_id=918273645))
    assert line.endswith(f"admin: refused status user={hash_user(918273645, salt)}")
    assert hash_user(918273645, b"other salt") != data["user"]
    assert "user" not in json.loads(JsonLines().format(_record()))


def test_debug_level_keeps_library_loggers_quiet_unless_asked(tmp_path: Path) -> None:
    names = ("", "telegram", "httpx", "httpcore", "apscheduler")
    saved = {name: logging.getLogger(name).level for name in names}
    handlers = list(logging.getLogger().handlers)
    try:
        configure_logging(make_config(tmp_path / "data", NETRAL_LOGGING__LEVEL="DEBUG"))
        assert logging.getLogger().level == logging.DEBUG
        assert logging.getLogger("telegram").level == logging.INFO  # its DEBUG lines hold updates
        assert logging.getLogger("httpx").level == logging.WARNING  # its INFO lines hold the token
        configure_logging(
            make_config(
                tmp_path / "data",
                NETRAL_LOGGING__LEVEL="DEBUG",
                NETRAL_LOGGING__LIBRARY_DEBUG="true",
            )
        )
        assert logging.getLogger("telegram").level == logging.DEBUG
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def test_mode_auto_means_webhook_exactly_when_a_url_is_set(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert make_config(data).telegram.mode == "auto"
    assert serving_mode(make_config(data)) == "polling"
    assert serving_mode(make_config(data, NETRAL_WEBHOOK_URL="")) == "polling"
    assert serving_mode(make_config(data, NETRAL_WEBHOOK_URL="https://x.example/hook")) == "webhook"
    forced = make_config(
        data, NETRAL_WEBHOOK_URL="https://x.example/hook", NETRAL_TELEGRAM__MODE="polling"
    )
    assert serving_mode(forced) == "polling"
    with pytest.raises(ConfigError, match=r"ops\.port"):
        make_config(data, NETRAL_OPS__PORT="70000")


def test_webhook_secret_is_the_configured_one_or_random_per_run(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert webhook_secret(make_config(data, NETRAL_WEBHOOK_SECRET="abc_DEF-1")) == "abc_DEF-1"
    first = webhook_secret(make_config(data, NETRAL_WEBHOOK_SECRET=""))
    second = webhook_secret(make_config(data))
    assert first != second
    assert len(first) >= 32
    assert set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


async def _healthcheck(port: int) -> int:
    """Run the Dockerfile's HEALTHCHECK command (exec form) against 127.0.0.1:`port`."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    command = json.loads(re.search(r"^\s+CMD (\[.*\])$", text, re.MULTILINE).group(1))
    assert command[0] == "python"
    env = {**os.environ, "NETRAL_OPS__PORT": str(port)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, *command[1:], env=env, stderr=asyncio.subprocess.DEVNULL
    )
    return await process.wait()


async def test_the_image_healthcheck_passes_when_healthy_and_fails_otherwise(
    services: Any, tmp_path: Path
) -> None:
    config = make_config(tmp_path / "data")
    store = Store.from_config(config)
    bare = build_services(config, build_missing_index=False, embedder=None)
    healthy = OpsServer("127.0.0.1", free_port(), services, store.path, Metrics())
    no_index = OpsServer("127.0.0.1", free_port(), bare, store.path, Metrics())
    await healthy.start()
    await no_index.start()
    try:
        assert await _healthcheck(healthy.port) == 0
        assert await _healthcheck(no_index.port) != 0
        assert await _healthcheck(free_port()) != 0  # nothing listening
    finally:
        await healthy.stop()
        await no_index.stop()
        store.close()
