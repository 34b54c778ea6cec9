"""One webhook replica vs two on one PostgreSQL store, measured in one run on this machine.

For each layout (1 replica, then 2) the bench starts real `netral run` processes in webhook mode
(`store.url` = a fresh PostgreSQL schema, flood control off as against a local Bot API server),
a round-robin forwarder in front (tests/support/forwarder.py, retrying like Telegram) and a fake
Bot API in its own process, then drives two workloads through the forwarder:

  questions   --clients closed-loop senders, each update from a new user; a --novel share of
              questions reworded so the per-process answer cache cannot serve them;
              latency = POST → acknowledged, and a replica acknowledges after it answered;
  quiz        --groups event quizzes at once (one open poll each, open_period 600 s); each
              poll's answers are sent one at a time, as Telegram delivers them (one queue per
              poll), the groups in parallel.

It prints answered questions/s and quiz answers/s with p50/p95 latency per layout, the 2:1
ratio, and PostgreSQL round trips per answered question and per quiz answer, counted by the
replicas' store engines (`netral_store_round_trips` on /metrics) with the background deadline
sweeps (one round trip per replica per `store.sweep_interval_s`) subtracted.

    python bench/replica_bench.py [--data-dir BUILT_DATA_DIR] [--seconds 15] [--clients 16]

PostgreSQL: NETRAL_BENCH_PG_URL, else the server of `.ci/postgres.sh` (started if needed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.forwarder import Forwarder, post  # noqa: E402
from tests.support.postgres import with_schema  # noqa: E402
from tests.support.updates import make_command, make_message, make_poll_answer  # noqa: E402

SECRET = "bench-secret"
HOST = 5151
SWEEP_INTERVAL = 1.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_url() -> str:
    url = os.environ.get("NETRAL_BENCH_PG_URL")
    if url:
        return url
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "postgres.sh")], capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def new_schema(url: str) -> str:
    import psycopg

    schema = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return schema


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


class FakeApi:
    """tests/support/fake_bot_api.py in its own process (the real Bot API is elsewhere too)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.fake_bot_api"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}/bot"

    def calls(self, method: str) -> list[dict[str, Any]]:
        url = f"http://127.0.0.1:{self.port}/_control/calls?method={method}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())["result"]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def metric(text: str, name: str) -> float:
    match = re.search(rf"^{name}(?:\{{[^}}]*\}})? ([0-9.e+-]+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


class Layout:
    """N replicas on one schema, a forwarder in front."""

    def __init__(self, n: int, built: Path, work: Path, api: FakeApi, url: str) -> None:
        self.ops = [free_port() for _ in range(n)]
        hooks = [free_port() for _ in range(n)]
        self.forwarder = Forwarder([f"http://127.0.0.1:{p}" for p in hooks]).start()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs = []
        for i in range(n):
            data = work / f"data{i}"
            shutil.copytree(built, data, ignore=shutil.ignore_patterns("netral.sqlite3*"))
            env = {
                k: v for k, v in os.environ.items() if not k.startswith(("NETRAL_", "TELEGRAM_"))
            }
            env.update(
                TELEGRAM_BOT_TOKEN="123456:BENCH",
                TELEGRAM_API_BASE_URL=api.url,
                NETRAL_DATA_DIR=str(data),
                NETRAL_HOST_IDS=str(HOST),
                NETRAL_STORE__URL=url,
                NETRAL_WEBHOOK_URL=self.forwarder.url + "/hook",
                NETRAL_WEBHOOK_SECRET=SECRET,
                NETRAL_TELEGRAM__WEBHOOK_LISTEN="127.0.0.1",
                NETRAL_TELEGRAM__WEBHOOK_PORT=str(hooks[i]),
                NETRAL_TELEGRAM__FLOOD_CONTROL="false",
                NETRAL_TELEGRAM__RATE_LIMIT_PER_MINUTE="100000",
                NETRAL_OPS__PORT=str(self.ops[i]),
                NETRAL_LOGGING__LEVEL="WARNING",
                NETRAL_EMBEDDINGS__THREADS="1",
                NO_PROXY="127.0.0.1,localhost",
            )
            log = (work / f"replica{i}.log").open("wb")
            self.logs.append(log)
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=log, stderr=log
                )
            )
        deadline = time.monotonic() + 240
        while not all(self._healthy(p) for p in self.ops):
            if time.monotonic() > deadline:
                raise TimeoutError("replicas did not become healthy")
            time.sleep(0.5)

    @staticmethod
    def _healthy(port: int) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return r.status == 200
        except Exception:
            return False

    def round_trips(self) -> float:
        total = 0.0
        for port in self.ops:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
                total += metric(r.read().decode(), "netral_store_round_trips")
        return total

    def send(self, update: dict[str, Any]) -> tuple[int, float]:
        body = json.dumps(update).encode()
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        started = time.perf_counter()
        status = post(self.forwarder.url + "/hook", body, headers, timeout=60)
        return status, time.perf_counter() - started

    def close(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self.logs:
            log.close()
        self.forwarder.stop()


def questions_pool() -> list[str]:
    """Every phrasing of the curated rulings (people ask the same things)."""
    from bot.config import load_config
    from bot.corpus.knowledge import load_knowledge
    from bot.corpus.loader import load_corpus

    config = load_config(ROOT / "config.yaml", {})
    knowledge = load_knowledge(config.knowledge_dir, load_corpus(config.regulations_dir))
    return sorted({q for r in knowledge.rulings for q in r.questions})


def closed_loop(
    layout: Layout, clients: int, seconds: float, make: Any
) -> tuple[int, float, list[float]]:
    """`clients` senders for `seconds`; returns (acknowledged, elapsed, latencies)."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(index: int) -> None:
        n = 0
        while time.monotonic() < stop:
            status, took = layout.send(make(index, n))
            n += 1
            if status == 200:
                with lock:
                    latencies.append(took)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(latencies), time.perf_counter() - started, latencies


def measure(
    layout: Layout, api: FakeApi, args: argparse.Namespace, pool: list[str]
) -> dict[str, Any]:
    rng = random.Random(9)
    n = len(layout.processes)
    result: dict[str, Any] = {"replicas": n}
    users = iter(range(10_000_000 * n, 10_000_000 * (n + 1)))
    # Warm-up: every replica loads its index and answers once.
    for _ in range(4 * n):
        layout.send(make_message(rng.choice(pool), user_id=next(users)))

    def question(_client: int, _n: int) -> dict[str, Any]:
        text = rng.choice(pool)
        if rng.random() < args.novel:
            text = f"{text} {rng.choice(['ya', 'kah', 'min', 'pak', 'bu', 'dong', 'sih'])} {rng.randint(1, 99)}"
        return make_message(text, user_id=next(users))

    before = layout.round_trips()
    done, elapsed, latencies = closed_loop(layout, args.clients, args.seconds, question)
    trips = layout.round_trips() - before - n * elapsed / SWEEP_INTERVAL
    result["questions"] = (done / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.95))
    result["trips_per_question"] = trips / max(done, 1)

    # Quiz: --groups event quizzes open at once; each poll's answers one at a time.
    polls = []
    for g in range(args.groups):
        group = -1_000_000 - 100 * n - g
        start = make_command(
            "kuis_mulai", "1 600", user_id=HOST, chat_id=group, chat_type="supergroup"
        )
        layout.send(start)
    deadline = time.monotonic() + 60
    while len(polls) < args.groups and time.monotonic() < deadline:
        polls = [
            c
            for c in api.calls("sendPoll")
            if int(c["chat_id"]) <= -1_000_000 - 100 * n
            and int(c["chat_id"]) > -1_000_000 - 100 * (n + 1)
        ]
        time.sleep(0.2)
    poll_ids = [p["poll_id"] for p in polls][: args.groups]
    voters = iter(range(20_000_000 * n, 20_000_000 * (n + 1)))

    def answer(client: int, _n: int) -> dict[str, Any]:
        return make_poll_answer(poll_ids[client], next(voters), [0], "Peserta")

    before = layout.round_trips()
    done, elapsed, latencies = closed_loop(layout, len(poll_ids), args.seconds, answer)
    trips = layout.round_trips() - before - n * elapsed / SWEEP_INTERVAL
    result["quiz"] = (done / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.95))
    result["trips_per_quiz_answer"] = trips / max(done, 1)
    result["forwarded"] = dict(layout.forwarder.handled)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a data dir with a built index")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--groups", type=int, default=8, help="event quizzes at once")
    parser.add_argument("--novel", type=float, default=0.3, help="share of reworded questions")
    args = parser.parse_args()
    url = pg_url()
    work = Path(tempfile.mkdtemp(prefix="netral-replica-bench-"))
    built = args.data_dir
    if built is None:
        from bot.config import load_config
        from bot.services import build_services

        built = work / "built"
        print("building an index once (about a minute) …", flush=True)
        build_services(load_config(ROOT / "config.yaml", {"NETRAL_DATA_DIR": str(built)}))
    pool = questions_pool()
    api = FakeApi()
    results = []
    try:
        for n in (1, 2):
            schema = new_schema(url)
            layout = Layout(n, built, work / f"layout{n}", api, with_schema(url, schema))
            try:
                results.append(measure(layout, api, args, pool))
            finally:
                layout.close()
                drop_schema(url, schema)
    finally:
        api.close()
    print(
        f"\nmachine: {os.cpu_count()} cores; {args.clients} question clients, {args.groups} polls at once, {args.seconds:.0f} s each"
    )
    print(
        f"{'replicas':>8} {'questions/s':>12} {'p50 ms':>8} {'p95 ms':>8} {'quiz ans/s':>11} {'p50 ms':>8} {'p95 ms':>8} {'PG rt/question':>15} {'PG rt/quiz answer':>18}"
    )
    for r in results:
        q, z = r["questions"], r["quiz"]
        print(
            f"{r['replicas']:>8} {q[0]:>12.1f} {q[1] * 1000:>8.1f} {q[2] * 1000:>8.1f} {z[0]:>11.1f} "
            f"{z[1] * 1000:>8.1f} {z[2] * 1000:>8.1f} {r['trips_per_question']:>15.2f} {r['trips_per_quiz_answer']:>18.2f}"
        )
    one, two = results
    print(
        f"\n2 replicas / 1: questions {two['questions'][0] / one['questions'][0]:.2f}×, "
        f"quiz answers {two['quiz'][0] / one['quiz'][0]:.2f}×"
    )
    print(
        f"one poll (answers delivered one at a time): {one['quiz'][0] / args.groups:.1f} answers/s "
        f"with 1 replica, {two['quiz'][0] / args.groups:.1f} with 2"
    )
    print(f"deliveries per replica (2-replica layout): {sorted(two['forwarded'].values())}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
