"""The same index code against a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.search.index import read_pointer
from bot.services import build_services
from tests.conftest import make_config

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    chroma = Path(sys.executable).parent / "chroma"
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "chroma-server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=10)


def test_index_and_answer_through_a_chroma_server(
    chroma_server: int, built_data_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    (data / "index").mkdir(parents=True)
    if (
        built_data_dir / "index" / "embcache"
    ).exists():  # the shared test cache (conftest.CACHE_ENV) may hold it instead
        shutil.copytree(built_data_dir / "index" / "embcache", data / "index" / "embcache")
    config = make_config(
        data, NETRAL_CHROMA__HOST="127.0.0.1", NETRAL_CHROMA__PORT=str(chroma_server)
    )
    services = build_services(config)
    pointer = read_pointer(config)
    assert pointer["chroma"] == f"127.0.0.1:{chroma_server}"
    assert not (data / "chroma").exists()
    collections = [
        c if isinstance(c, str) else c.name for c in services.retriever.client.list_collections()
    ]
    assert f"netral-{pointer['generation']}" in collections
    answer = services.answer("bolehkah pns jadi anggota parpol?")
    assert answer.found
    snap = services.retriever.snapshot()
    assert snap is not None
    assert snap.collection is not None
    services.reindex()
    collections = [
        c if isinstance(c, str) else c.name for c in services.retriever.client.list_collections()
    ]
    assert collections == [f"netral-{read_pointer(config)['generation']}"]
