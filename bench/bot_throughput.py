"""Throughput and latency of the Telegram layer, end to end, against a fake Bot API on 127.0.0.1.

Builds the real python-telegram-bot Application over a built index and pushes simulated users'
questions through it:

1. cold:  every distinct question once (no answer cache), closed loop, --concurrency in flight;
2. load:  open loop at --rate questions/s for --seconds (users repeat questions, as real users do);
          latency = from the update's arrival to the reply having been sent (sendMessage done);
3. polling: --polling-updates questions queued in getUpdates, real long polling, until all replied.

Telegram caps a bot near 30 messages/s overall, so the bot must sustain well above that.
AIORateLimiter paces outgoing calls to that cap, so it is off here (`telegram.flood_control`),
as it would be against a local Bot API server; pass --flood-control to see the capped numbers.

    python bench/bot_throughput.py [--data-dir DIR] [--rate 100] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import Update  # noqa: E402

from bot.config import load_config  # noqa: E402
from bot.services import build_services  # noqa: E402
from bot.store.repo import Store  # noqa: E402
from bot.tg.app import build_application  # noqa: E402
from tests.support.fake_bot_api import FakeBotAPI  # noqa: E402
from tests.support.updates import make_message  # noqa: E402

_users = itertools.count(1_000_000)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def questions(services: Any) -> list[str]:
    """Real phrasings: every FAQ question variant of the knowledge base."""
    return sorted({q for r in services.knowledge.rulings for q in r.questions})


async def one(
    app: Any, text: str, arrived: float, out: list[float], gate: asyncio.Semaphore
) -> None:
    update = Update.de_json(make_message(text, user_id=next(_users)), app.bot)
    async with gate:  # PTB's concurrent_updates bound
        await app.process_update(update)
    out.append(time.perf_counter() - arrived)


async def cold(app: Any, pool: list[str], concurrency: int) -> tuple[float, list[float]]:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(one(app, q, time.perf_counter(), latencies, gate) for q in pool))
    return len(pool) / (time.perf_counter() - started), latencies


async def load(
    app: Any, pool: list[str], rate: float, seconds: float, concurrency: int
) -> tuple[float, list[float]]:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    tasks = []
    rng = random.Random(7)
    total = int(rate * seconds)
    started = time.perf_counter()
    for index in range(total):
        due = started + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(app, rng.choice(pool), due, latencies, gate)))
    await asyncio.gather(*tasks)
    return total / (time.perf_counter() - started), latencies


async def polling(
    app: Any, api: FakeBotAPI, pool: list[str], count: int
) -> tuple[float, list[float]]:
    rng = random.Random(11)
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    before = len(api.calls_to("sendMessage"))
    pushed: dict[int, float] = {}
    started = time.perf_counter()
    for _ in range(count):
        update = make_message(rng.choice(pool), user_id=next(_users))
        pushed[update["message"]["chat"]["id"]] = time.monotonic()
        api.push(update)
    calls = await asyncio.to_thread(api.wait_for, "sendMessage", before + count, 300.0)
    elapsed = time.perf_counter() - started
    await app.updater.stop()
    await app.stop()
    latencies = [c.at - pushed[int(c.params["chat_id"])] for c in calls[before:]]
    return count / elapsed, latencies


def report(name: str, rate: float, latencies: list[float]) -> None:
    ms = [x * 1000 for x in latencies]
    print(
        f"{name:<8} {len(ms):>6} answered  {rate:8.1f} answered/s   "
        f"p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 0.95):7.1f} ms   "
        f"max {max(ms):7.1f} ms"
    )


async def main_async(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp()) / "data"
    with FakeBotAPI() as api:
        environ = {
            "NETRAL_DATA_DIR": str(data_dir),
            "TELEGRAM_API_BASE_URL": api.url,
            "NETRAL_TELEGRAM__FLOOD_CONTROL": "true" if args.flood_control else "false",
        }
        config = load_config(ROOT / "config.yaml", environ)
        print(f"index: {data_dir} (built now if missing)", flush=True)
        services = build_services(config)
        store = Store(Path(tempfile.mkdtemp()) / "bench.sqlite3")
        app = build_application(config, services, store)
        pool = questions(services)
        async with app:
            rate, lat = await cold(app, pool, args.concurrency)
            report("cold", rate, lat)
            rate, lat = await load(app, pool, args.rate, args.seconds, args.concurrency)
            report("load", rate, lat)
            if args.polling_updates:
                rate, lat = await polling(app, api, pool, args.polling_updates)
                report("polling", rate, lat)
        sent = len(api.calls_to("sendMessage"))
        errors = sum(
            "terjadi kesalahan" in str(c.params.get("text")) for c in api.calls_to("sendMessage")
        )
        print(
            f"sendMessage calls: {sent}, apologies: {errors}, cached answers: {len(app.bot_data.asker._cache)}"
        )
        store.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="a built data dir (default: build one in a temp dir)")
    parser.add_argument("--rate", type=float, default=100.0, help="open-loop questions per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="open-loop duration")
    parser.add_argument(
        "--concurrency", type=int, default=64, help="updates in flight (PTB's bound)"
    )
    parser.add_argument("--polling-updates", type=int, default=500, help="0 = skip the polling run")
    parser.add_argument("--flood-control", action="store_true", help="keep AIORateLimiter on")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
