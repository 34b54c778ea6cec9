"""Deployment fixtures: the compose file as data, free loopback ports, a real `chroma run`."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.support.processes import (
    start_bot,  # noqa: F401  (a shared fixture)
    wait_until,
)

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error} (compose interpolation).
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${...}` substitution, as `docker compose` does it from `.env`."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3) or ""
        present = name in env and (env[name] != "" or op in ("-", "?"))
        if present:
            return env[name]
        if op in (":?", "?"):
            raise KeyError(f"{name}: {arg}")
        return arg if op in (":-", "-") else ""

    return VARIABLE.sub(replace, value.replace("$$", "\0")).replace("\0", "$")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_get(url: str, timeout: float = 10) -> tuple[int, str, str]:
    """(status, content type, body) of a GET; HTTP errors are returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read().decode()


def http_post_json(url: str, payload: dict[str, Any], headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url, json.dumps(payload).encode(), {"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def metric(text: str, name: str) -> float:
    """The value of one exposition line, e.g. `netral_questions_total` or `x{mode="faq"}`."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise KeyError(name)


def base_env() -> dict[str, str]:
    """The test process's environment without any Netral, Telegram or OpenAI setting."""
    prefixes = ("NETRAL_", "TELEGRAM_", "OPENAI_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env.update(NO_PROXY="127.0.0.1,localhost", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    """A real `chroma run` on 127.0.0.1 (the compose file's `chroma` service, without Docker)."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    args = [str(chroma), "run", "--path", str(tmp_path / "chroma-server")]
    proc = subprocess.Popen(
        [*args, "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_until(
            lambda: _up(f"http://127.0.0.1:{port}/api/v2/heartbeat"), 30, "chroma run started"
        )
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except OSError:
        return False
