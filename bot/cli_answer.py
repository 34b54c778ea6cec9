"""`netral ask`, `netral chat`, `netral index` and `netral eval`."""

from __future__ import annotations

import argparse
import json
import sys

from bot.config import Config


def _services(config: Config, quiet: bool = False):  # type: ignore[no-untyped-def]
    from bot.services import build_services

    services = build_services(config, build_missing_index=False)
    report = services.ensure_index(None if quiet else _progress())
    if report is not None and not quiet:
        print(f"\nindeks dibuat: {report.units} unit dalam {report.seconds:.1f} s", file=sys.stderr)
    return services


def _progress():  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total, desc=f"embedding {stage}", unit="teks", file=sys.stderr, leave=False
            )
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def cmd_ask(args: argparse.Namespace, config: Config) -> int:
    """Answer a question (`-` with --json reads one question per line from stdin)."""
    from bot.render_text import render_answer

    services = _services(config, quiet=args.json)
    if args.question == "-":
        for line in sys.stdin:
            answer = services.answer(line.rstrip("\n"))
            print(
                json.dumps(answer.to_json(), ensure_ascii=False)
                if args.json
                else render_answer(answer),
                flush=True,
            )
        return 0
    answer = services.answer(args.question)
    print(
        json.dumps(answer.to_json(), ensure_ascii=False, indent=2)
        if args.json
        else render_answer(answer)
    )
    return 0


def cmd_chat(args: argparse.Namespace, config: Config) -> int:
    """Talk to Netral in the console (empty line or Ctrl-D to quit)."""
    return run_console(config)


def run_console(config: Config, intro: str = "") -> int:
    from bot.answering.query import context_of
    from bot.render_text import render_answer

    services = _services(config)
    print(
        intro
        + "Netral siap. Tanyakan apa yang boleh dan tidak boleh bagi ASN saat Pemilu/Pilkada. Baris kosong untuk keluar."
    )
    previous = None
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            break
        if not question:
            break
        answer = services.answer(question, previous)
        print(render_answer(answer))
        previous = context_of(answer) if answer.found else previous
    return 0


def cmd_index(args: argparse.Namespace, config: Config) -> int:
    """Build a new index generation and switch to it atomically."""
    from bot.search.index import IndexError_
    from bot.services import build_services
    from bot.store.pointer import shared_pointer
    from bot.store.repo import Store

    # Scaled out (PostgreSQL + Chroma server), the replicas follow the pointer in the store.
    store = Store.from_config(config) if config.store.url else None
    pointer = shared_pointer(config, store)
    services = build_services(config, build_missing_index=False, indexing=True, pointer=pointer)
    try:
        report = services.reindex(_progress())
    except IndexError_ as err:
        print(f"index: {err}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.close()
    print(
        f"generation {report.generation}: {report.units} units, {report.embedded} embedded, "
        f"{report.reused} reused, {report.seconds:.1f} s; dropped {len(report.dropped)} old generation(s)"
    )
    return 0


def cmd_eval(args: argparse.Namespace, config: Config) -> int:
    """Score answers against an evaluation file (hit@k, MRR, verdicts, refusals, latency)."""
    from bot.evaluation import EvalError, evaluate, format_report, load_items

    try:
        items = load_items(args.file)
    except EvalError as err:
        print(f"eval: {err}", file=sys.stderr)
        return 2
    services = _services(config, quiet=True)
    report = evaluate(services, items)
    print(
        json.dumps(report.to_json(), ensure_ascii=False, indent=2)
        if args.json
        else format_report(report, args.verbose)
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help=cmd_ask.__doc__)
    p.add_argument("question", help="the question, or - to read one per line from stdin")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(handler=cmd_ask)
    p = sub.add_parser("chat", help=cmd_chat.__doc__)
    p.set_defaults(handler=cmd_chat)
    p = sub.add_parser("index", help=cmd_index.__doc__)
    p.set_defaults(handler=cmd_index)
    p = sub.add_parser("eval", help=cmd_eval.__doc__)
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.add_argument("--verbose", "-v", action="store_true", help="list every failed item")
    p.set_defaults(handler=cmd_eval)
