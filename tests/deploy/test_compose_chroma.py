"""The compose layout without Docker: a real `chroma run` and `netral run` with the bot's
environment taken from docker-compose.yml, variable for variable.

Only what cannot exist outside Docker is replaced: the `chroma` host name (→ 127.0.0.1 and the
test server's port), the /data volume (→ a tmp dir), the 0.0.0.0 binds (→ 127.0.0.1 and free
ports). TELEGRAM_API_BASE_URL is the one added variable: it points the bot at the fake Bot API.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.search.index import read_pointer
from tests.conftest import CACHE_ENV, make_config
from tests.deploy.conftest import base_env, compose, free_port, http_get, interpolate, metric
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import make_message

pytestmark = pytest.mark.slow

QUESTION = "bolehkah pns jadi anggota partai politik?"
USER_ID = 918273645  # distinctive, so its absence from the logs means something
DOT_ENV = {"TELEGRAM_BOT_TOKEN": "123456:TEST"}  # the operator's .env: only the required token


def compose_bot_env(chroma_port: int, data_dir: Path, ops_port: int) -> dict[str, str]:
    declared = compose()["services"]["bot"]["environment"]
    env = {name: interpolate(str(value), DOT_ENV) for name, value in declared.items()}
    replaced = {
        "NETRAL_CHROMA__HOST": ("chroma", "127.0.0.1"),
        "NETRAL_CHROMA__PORT": ("8000", str(chroma_port)),
        "NETRAL_DATA_DIR": ("/data", str(data_dir)),
        "NETRAL_OPS__LISTEN": ("0.0.0.0", "127.0.0.1"),
        "NETRAL_OPS__PORT": ("8081", str(ops_port)),
        "NETRAL_TELEGRAM__WEBHOOK_LISTEN": ("0.0.0.0", "127.0.0.1"),
        "NETRAL_TELEGRAM__WEBHOOK_PORT": ("8080", str(free_port())),
    }
    for name, (in_compose, here) in replaced.items():
        assert env[name] == in_compose, name
        env[name] = here
    return env


def test_bot_configured_as_in_compose_answers_through_a_chroma_server(
    chroma_server: int,
    built_data_dir: Path,
    tmp_path: Path,
    start_bot: Callable[[dict[str, str]], subprocess.Popen[bytes]],
) -> None:
    data = tmp_path / "data"
    # Only the embedding cache is carried over, so the first start builds the index on the
    # server in seconds instead of embedding the corpus again (the image's first start does).
    # The session index was built with the shared test cache (conftest.CACHE_ENV), so that is
    # where the vectors are; a data dir's own index/embcache is the image's default location.
    (data / "index").mkdir(parents=True)
    for cache in (
        Path(CACHE_ENV["NETRAL_EMBEDDINGS__CACHE_DIR"]),
        built_data_dir / "index" / "embcache",
    ):
        if cache.exists():
            shutil.copytree(cache, data / "index" / "embcache", dirs_exist_ok=True)
    ops_port = free_port()
    env = compose_bot_env(chroma_server, data, ops_port)
    with FakeBotAPI() as api:
        bot = start_bot({**base_env(), **env, "TELEGRAM_API_BASE_URL": api.url})
        api.wait_for("setMyCommands", 1, timeout=120)
        api.push(make_message(QUESTION, user_id=USER_ID))
        (reply,) = api.wait_for(
            "sendMessage", 1, timeout=30, where=lambda c: int(c.params["chat_id"]) == USER_ID
        )
        status, _, body = http_get(f"http://127.0.0.1:{ops_port}/healthz")
        _, _, metrics = http_get(f"http://127.0.0.1:{ops_port}/metrics")
        assert not api.calls_to("setWebhook")  # no NETRAL_WEBHOOK_URL in .env → polling
        bot.send_signal(signal.SIGTERM)
        assert bot.wait(30) == 0

    assert "Dilarang" in str(reply.params["text"])
    assert "Pasal" in str(reply.params["text"])
    config = make_config(
        data, NETRAL_CHROMA__HOST="127.0.0.1", NETRAL_CHROMA__PORT=str(chroma_server)
    )
    pointer = read_pointer(config)
    assert pointer is not None
    assert pointer["chroma"] == f"127.0.0.1:{chroma_server}"
    assert not (data / "chroma").exists()  # nothing embedded: the server holds the vectors
    assert status == 200
    assert json.loads(body)["generation"] == pointer["generation"]
    assert metric(metrics, "netral_questions_total") == 1
    assert (
        metric(metrics, f'netral_index_generation_info{{generation="{pointer["generation"]}"}}')
        == 1
    )
    # Compose turns JSON logs on; what the user wrote never reaches them.
    log = (tmp_path / "bot-0.log").read_text(encoding="utf-8")
    lines = [line for line in log.splitlines() if line.startswith("{")]
    assert lines
    assert all(json.loads(line)["level"] for line in lines)
    assert "partai politik" not in log
    assert str(USER_ID) not in log
