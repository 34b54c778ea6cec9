"""Webhook mode: process each update before acknowledging it, de-duplicated by `update_id`.

PTB's own webhook server answers 200 as soon as an update is queued, so a replica killed a
moment later loses it (Telegram will not resend what it saw acknowledged). Here Telegram's POST
is answered only after the update was processed (PTB's custom-webhook pattern: the Application
is driven with `process_update`). Telegram resends an update whose delivery failed, to whichever
replica the proxy picks, so the store records each `update_id` (`Store.claim_update`):

    first delivery          → processed, then 200
    already processed       → 200 at once (a duplicate: nothing happens twice)
    being processed by a    → 503: Telegram retries later; once the claim is older than
    replica right now         `store.update_lease_s` (that replica died), a retry takes it over

Processing is therefore at least once and de-duplicated; quiz scoring is idempotent on top
(one answer per participant and question), so a takeover never double-counts.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
import time
from collections import Counter
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update

from bot.config import Config
from bot.store.shared import UPDATE_BUSY, UPDATE_DONE
from bot.tg.context import NetralApp

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
OUTCOMES = ("processed", "duplicate", "busy", "failed", "refused")


class _UpdateHandler(tornado.web.RequestHandler):
    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    async def post(self) -> None:
        status = await self.server.handle(
            self.request.headers.get(SECRET_HEADER, ""), self.request.body
        )
        self.set_status(status)
        if status == 503:
            self.set_header("Retry-After", "2")
        self.finish()

    def log_exception(self, *args: Any) -> None:
        log.exception("webhook: unexpected error")


class _Quiet(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: one line per update would hold chat ids at a high rate."""


class WebhookServer:
    """The webhook endpoint of one replica over a shared store."""

    def __init__(self, app: NetralApp, config: Config, secret: str, path: str) -> None:
        self.app, self.config, self.secret = app, config, secret
        self.path = "/" + path.strip("/")
        self.outcomes: Counter[str] = Counter({o: 0 for o in OUTCOMES})
        self._http = tornado.httpserver.HTTPServer(
            _Quiet([(self.path, _UpdateHandler, {"server": self})])
        )
        app.bot_data.metrics.add_gauge(
            "netral_webhook_updates",
            "Webhook deliveries since start, by outcome (processed, duplicate, busy, failed, refused).",
            lambda: [({"outcome": o}, float(n)) for o, n in sorted(self.outcomes.items())],
        )

    async def handle(self, token: str, body: bytes) -> int:
        """Process one delivery; returns the HTTP status for Telegram."""
        if not hmac.compare_digest(token.encode(), self.secret.encode()):
            self.outcomes["refused"] += 1
            return 403
        try:
            update = Update.de_json(json.loads(body), self.app.bot)
        except (ValueError, TypeError, KeyError):
            self.outcomes["refused"] += 1
            return 400
        store, lease = self.app.bot_data.store, self.config.store.update_lease_s
        assert store is not None
        claim = store.claim_update(update.update_id, time.time(), lease)
        if claim == UPDATE_DONE:
            self.outcomes["duplicate"] += 1
            return 200
        if claim == UPDATE_BUSY:
            self.outcomes["busy"] += 1
            return 503
        try:
            # Handler errors go to the error handler inside; what escapes is the framework's.
            await self.app.process_update(update)
        except Exception:
            log.exception("webhook: update %s failed", update.update_id)
            store.release_update(update.update_id)
            self.outcomes["failed"] += 1
            return 500
        store.finish_update(update.update_id, time.time())
        self.outcomes["processed"] += 1
        return 200

    def listen(self) -> None:
        telegram = self.config.telegram
        self._http.listen(telegram.webhook_port, address=telegram.webhook_listen)
        log.info("webhook: %s on %s:%d", self.path, telegram.webhook_listen, telegram.webhook_port)

    async def stop(self) -> None:
        self._http.stop()
        await self._http.close_all_connections()


async def serve(app: NetralApp, config: Config, secret: str, path: str) -> None:
    """Run the bot in webhook mode until SIGTERM/SIGINT: the Application's own lifecycle
    (initialize, post_init, start … stop, post_shutdown, shutdown) around our endpoint."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    server = WebhookServer(app, config, secret, path)
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        server.listen()
        await app.bot.set_webhook(
            url=config.telegram.webhook_url or "",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
        await app.start()
        await stop.wait()
        log.info("webhook: stopping")
        await server.stop()
        await app.stop()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
    finally:
        await app.shutdown()
