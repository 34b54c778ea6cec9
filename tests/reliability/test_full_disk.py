"""A real full disk and a real read-only data dir: /healthz says so in one line, answers still go
out, nothing recorded before is lost, and the probe recovers when space comes back.

The data dir is a small tmpfs mounted for the test (root, as on this machine and in CI). A rolled-
back write cannot see a full disk (SQLite in WAL mode writes nothing for it), so the probe
allocates a file; SQLite's own SQLITE_FULL is also checked with `max_page_count`, which needs no
mount.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.asking import Asker
from bot.fsutil import space_probe
from bot.metrics import Metrics
from bot.ops import check_health
from bot.services import build_services
from bot.store.engine import StoreUnavailable, _what_to_do
from bot.store.repo import Store
from tests.conftest import make_config

QUESTION = "Bolehkah PNS memakai atribut partai saat kampanye?"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # no CAP_SYS_ADMIN: the max_page_count test below still runs
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(directory: Path) -> Path:
    """Write until the file system refuses (unbuffered: every byte that fits is on it)."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for chunk in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * chunk)
    finally:
        os.close(fd)
    return filler


async def test_a_full_disk_fails_healthz_in_one_line_and_answers_still_go_out(
    small_disk: Path, data_dir_copy: Path
) -> None:
    shutil.copytree(data_dir_copy, small_disk, dirs_exist_ok=True)
    services: Any = build_services(make_config(small_disk), embedder=None)
    store = Store(small_disk / "store.sqlite3")
    answer_id = store.record_answer("q", "dilarang", "faq", ["pp-94-2021/pasal-5"])
    assert store.add_feedback(answer_id, 1, 1)
    assert check_health(services, store).ok
    filler = _fill(small_disk)
    metrics = Metrics()
    asker = Asker(services, store, metrics=metrics)
    try:
        health = check_health(services, store)
        asked = await asker.ask(7, QUESTION)
    finally:
        asker.shutdown()
    assert not health.ok
    assert health.disk == f"disk full: free space on the file system of {small_disk}"
    assert asked.answer.found  # recording is best-effort: the user still gets the answer
    filler.unlink()
    try:
        assert check_health(services, store).ok
        token = store.bind_answer(answer_id, 42, "{}")
        bound = store.answer_by_token(token, 42)
    finally:
        store.close()
    assert bound is not None
    assert bound.unit_ids == ["pp-94-2021/pasal-5"]  # recorded before the disk filled: kept
    assert not [p for p in os.listdir(small_disk) if p.startswith(".probe-")]


def test_a_read_only_data_dir_fails_the_probe_and_start_up_in_one_line(small_disk: Path) -> None:
    Store(small_disk / "store.sqlite3").close()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert space_probe(small_disk).startswith(f"cannot write in {small_disk}: make data_dir")
    with pytest.raises(StoreUnavailable) as raised:
        Store(small_disk / "store.sqlite3")
    message = str(raised.value)
    assert str(small_disk / "store.sqlite3") in message
    assert "make data_dir writable" in message
    assert "\n" not in message


def test_sqlite_full_is_named_by_its_result_code(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "tiny.sqlite3")
    conn.execute("CREATE TABLE t (b BLOB)")
    conn.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute("INSERT INTO t VALUES (?)", (b"\0" * 100_000,))
    conn.close()
    assert raised.value.sqlite_errorcode & 0xFF == sqlite3.SQLITE_FULL
    assert "disk is full" in _what_to_do(raised.value)
    assert "disk is full" in _what_to_do(OSError(errno.ENOSPC, "No space left on device"))
