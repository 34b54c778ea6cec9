"""Secrets stay out of output: a rejected bot token, credentials inside URLs."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.deploy.conftest import base_env
from tests.support.processes import ROOT

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"


class _Unauthorized(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.dumps({"ok": False, "error_code": 401, "description": "Unauthorized"}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def rejecting_bot_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unauthorized)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/bot"
    finally:
        server.shutdown()
        server.server_close()


def test_a_rejected_token_gives_one_line_without_the_token(
    data_dir_copy: Path, rejecting_bot_api: str
) -> None:
    env = {
        **base_env(),
        "NETRAL_DATA_DIR": str(data_dir_copy),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": rejecting_bot_api,
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, timeout=300
    )
    output = (done.stdout + done.stderr).decode()
    assert done.returncode == 2, output
    assert TOKEN not in output
    assert TOKEN.split(":")[1] not in output
    assert "Traceback" not in output
    assert [line for line in output.splitlines() if "InvalidToken" in line] == [
        "netral run: Telegram rejected TELEGRAM_BOT_TOKEN (InvalidToken); copy the token from"
        " @BotFather again"
    ]


def test_check_config_masks_credentials_in_urls(tmp_path: Path) -> None:
    env = {
        **base_env(),
        "NETRAL_DATA_DIR": str(tmp_path),
        "NETRAL_LLM__PROVIDER": "openai",
        "NETRAL_LLM__TIMEOUT_S": "1",
        "OPENAI_BASE_URL": "http://alice:s3cr3t-pass@127.0.0.1:9/v1",
        "TELEGRAM_API_BASE_URL": "http://bob:hunter22@127.0.0.1:9/bot",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    output = (done.stdout + done.stderr).decode()
    assert done.returncode == 0, output
    data = json.loads(done.stdout)
    for secret in ("s3cr3t-pass", "alice", "hunter22", "bob"):
        assert secret not in output
    assert data["llm"]["base_url"] == "http://***@127.0.0.1:9/v1"


def test_log_lines_mask_tokens_and_url_credentials() -> None:
    import logging

    from bot.logs import Text

    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "GET https://u:p4ss@h/bot%s/getMe failed", (TOKEN,), None
    )
    line = Text().format(record)
    assert TOKEN not in line
    assert "p4ss" not in line
    assert "https://***@h/bot***/getMe" in line
