"""A real PostgreSQL server for the tests: reused when running, started by `.ci/postgres.sh`.

`pg_url` (session) is the server's URL; `pg_schema_url` gives each test a fresh schema on it
(the URL carries `options=-csearch_path=…`, so subprocesses get the same isolation). Outside
CI a machine without PostgreSQL skips these tests; in CI (`CI=true`) that is a failure.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "postgres.sh"
LOCK = ROOT / ".pytest_cache" / "postgres-start.lock"


def _reachable(url: str) -> bool:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except Exception:
        return False


def _start() -> tuple[str | None, str]:
    # pytest-xdist workers start at once: one runs the (idempotent) script, the others wait.
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _run_script()


def _run_script() -> tuple[str | None, str]:
    try:
        done = subprocess.run(
            ["bash", str(SCRIPT), "--no-install"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    url = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return (url or None), done.stderr.strip()[-500:]


def server_url() -> str:
    """The URL of a running server (started now if needed); skips or fails when there is none."""
    url = os.environ.get("NETRAL_TEST_PG_URL")
    why = "NETRAL_TEST_PG_URL is not reachable"
    if not url or not _reachable(url):
        url, why = _start()
    if url and _reachable(url):
        return url
    message = f"no PostgreSQL server could be started ({why or 'see .ci/postgres.sh'})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def with_schema(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def pg_url() -> str:
    return server_url()


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema (dropped after the test)."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield with_schema(pg_url, schema)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
