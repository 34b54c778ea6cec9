"""The operations endpoints of a running bot: `/healthz` and `/metrics` on `ops.listen:ops.port`.

The same small tornado server runs beside polling and beside PTB's webhook server (which keeps
its own port and serves only Telegram's POSTs), so health checks and scraping work the same way
in both modes and never share a port exposed to Telegram. It runs on the bot's event loop: a
stuck loop stops answering `/healthz`, which is what a health check should notice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from collections import Counter as Tally
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tornado.httpserver
import tornado.web

from bot.config import Config
from bot.fsutil import space_probe
from bot.metrics import CONTENT_TYPE, QUIZ_KINDS, Metrics
from bot.search.index import index_dir
from bot.services import Services
from bot.store.repo import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    ok: bool
    generation: str | None  # the serving index generation; None = no index loaded
    store: str  # "ok" or why the SQLite store cannot be written
    uptime_s: float
    index: str = "ok"  # "ok" or which file of the serving generation is gone
    disk: str = "ok"  # "ok" or why the data dir cannot take new bytes (full, read-only)


GENERATION_FILES = ("units.json", "rulings.json", "bm25")


def generation_files(services: Services, generation: str | None) -> str:
    """ "ok" when the serving generation's files are still on disk. They are read once, at
    load: without this look a deleted generation would only show at the next restart."""
    if generation is None:
        return "no index generation loaded (run `netral index`)"
    gdir = index_dir(services.config) / generation
    for name in GENERATION_FILES:
        if not (gdir / name).exists():
            return f"missing {gdir / name} (run `netral index` to rebuild)"
    return "ok"


def store_writable(path: Path, timeout: float = 2.0) -> str:
    """ "ok" when the SQLite store takes a write lock and a write (rolled back), else the error."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        return f"{type(exc).__name__}: {exc}"
    try:
        conn.isolation_level = None
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(
                "INSERT INTO usage (name, count) VALUES ('_healthz', 0) "
                "ON CONFLICT(name) DO NOTHING"
            )
        finally:
            conn.execute("ROLLBACK")
        return "ok"
    except sqlite3.Error as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()


def check_health(services: Services, store_path: Path | Store) -> Health:
    """Healthy = an index generation is loaded and the store (a SQLite file, or the open
    store on either engine) is writable."""
    snapshot = services.retriever.snapshot()
    generation = snapshot.generation if snapshot is not None else None
    store = store_path.writable() if isinstance(store_path, Store) else store_writable(store_path)
    index = generation_files(services, generation)
    disk = space_probe(services.config.data_dir)
    return Health(
        generation is not None and store == "ok" and index == "ok" and disk == "ok",
        generation,
        store,
        round(time.time() - services.started_at, 1),
        index,
        disk,
    )


def watch(metrics: Metrics, services: Services, store: Store) -> None:
    """Register the gauges read from state at scrape time: serving generation, running quizzes."""

    def generation() -> list[tuple[dict[str, str], float]]:
        snapshot = services.retriever.snapshot()
        return [({"generation": snapshot.generation}, 1.0)] if snapshot is not None else []

    def running() -> list[tuple[dict[str, str], float]]:
        counts = Tally(session.kind for session in store.running_sessions())
        return [({"kind": kind}, float(counts.get(kind, 0))) for kind in QUIZ_KINDS]

    metrics.add_gauge(
        "netral_index_generation_info", "The serving index generation (value 1).", generation
    )
    metrics.add_gauge("netral_quiz_sessions_running", "Quiz sessions now running.", running)

    def round_trips() -> list[tuple[dict[str, str], float]]:
        return [({"engine": store.engine.dialect}, float(store.engine.round_trips))]

    def rejected() -> list[tuple[dict[str, str], float]]:
        composer = services.composer
        failures = composer.stats.as_dict()["check_failures"] if composer is not None else {}
        return [({"reason": reason}, float(n)) for reason, n in sorted(failures.items())]

    metrics.add_counter_fn(
        "netral_llm_replies_rejected_total",
        "Model replies not shown (extractive answer instead), by the check that failed.",
        rejected,
    )
    metrics.add_gauge(
        "netral_store_round_trips",
        "Round trips to the store's server since start (PostgreSQL; 0 for SQLite).",
        round_trips,
    )


class _Base(tornado.web.RequestHandler):
    def initialize(self, server: OpsServer) -> None:
        self.server = server


class _HealthHandler(_Base):
    async def get(self) -> None:
        health = await asyncio.to_thread(check_health, self.server.services, self.server.store_path)
        self.set_status(200 if health.ok else 503)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(asdict(health)))


class _MetricsHandler(_Base):
    async def get(self) -> None:
        text = await asyncio.to_thread(self.server.metrics.render)
        self.set_header("Content-Type", CONTENT_TYPE)
        self.finish(text)


class _Quiet(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: scrapes every few seconds would drown the useful lines."""


class OpsServer:
    """`/healthz` (200/503 JSON) and `/metrics` (Prometheus text) on the current event loop."""

    def __init__(
        self, listen: str, port: int, services: Services, store_path: Path | Store, metrics: Metrics
    ) -> None:
        self.listen, self.port = listen, port
        self.services, self.store_path, self.metrics = services, store_path, metrics
        routes: list[Any] = [
            (r"/healthz", _HealthHandler, {"server": self}),
            (r"/metrics", _MetricsHandler, {"server": self}),
        ]
        self._http = tornado.httpserver.HTTPServer(_Quiet(routes))
        self.running = False

    async def start(self) -> None:
        """Listen (inside a running event loop). Raises OSError when the port is taken."""
        self._http.listen(self.port, address=self.listen)
        self.running = True
        log.info("ops: /healthz and /metrics on http://%s:%d", self.listen, self.port)

    async def stop(self) -> None:
        if self.running:
            self.running = False
            self._http.stop()
            await self._http.close_all_connections()


async def start_ops_server(
    config: Config, services: Services, store_path: Path | Store, metrics: Metrics
) -> OpsServer | None:
    """Start the ops server when `ops.port` is set; a taken port is logged, not fatal.

    The bot keeps serving users without its ops endpoints: the container health check then
    fails, which is where an operator sees it.
    """
    if config.ops.port is None:
        return None
    server = OpsServer(config.ops.listen, config.ops.port, services, store_path, metrics)
    try:
        await server.start()
    except OSError as exc:
        log.error(
            "ops: could not listen on %s:%d (%s); /healthz and /metrics are off",
            config.ops.listen,
            config.ops.port,
            exc,
        )
        return None
    return server
