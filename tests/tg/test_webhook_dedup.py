"""The webhook endpoint in-process: process then acknowledge, once per update_id."""

from __future__ import annotations

import json
import time
from typing import Any

from bot.tg.webhook import WebhookServer
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.updates import make_command
from tests.tg.conftest import sent_texts

SECRET = "s3cret"


async def test_an_update_is_processed_once_and_a_busy_one_is_retried_later(
    app: Any, fake_api: FakeBotAPI
) -> None:
    server = WebhookServer(app, app.bot_data.config, SECRET, "hook")
    start = make_command("start", user_id=4101)
    body = json.dumps(start).encode()
    assert await server.handle("wrong", body) == 403
    assert await server.handle(SECRET, b"{not json") == 400
    assert await server.handle(SECRET, body) == 200
    assert len(sent_texts(fake_api, 4101)) == 1  # answered before the 200
    assert await server.handle(SECRET, body) == 200  # Telegram's resend: acknowledged only
    assert len(sent_texts(fake_api, 4101)) == 1

    other = make_command("start", user_id=4102)
    lease = app.bot_data.config.store.update_lease_s
    app.bot_data.store.claim_update(other["update_id"], time.time(), lease)  # another replica
    assert await server.handle(SECRET, json.dumps(other).encode()) == 503
    assert not sent_texts(fake_api, 4102)
    app.bot_data.store.release_update(other["update_id"])  # it gave up without an effect
    assert await server.handle(SECRET, json.dumps(other).encode()) == 200
    assert len(sent_texts(fake_api, 4102)) == 1
    assert dict(server.outcomes) == {
        "processed": 2,
        "duplicate": 1,
        "busy": 1,
        "failed": 0,
        "refused": 2,
    }
