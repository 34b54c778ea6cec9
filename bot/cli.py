"""The `netral` command: argument parsing and dispatch to the command modules."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from bot.config import Config, ConfigError, load_config, masked

Handler = Callable[[argparse.Namespace, Config], int]


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config)


def cmd_check_config(args: argparse.Namespace, config: Config) -> int:
    """Print the validated configuration with secrets masked."""
    from bot.services import llm_reachability

    data = masked(config)
    data["llm_status"] = llm_reachability(config)
    print(json.dumps(data, indent=2, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from bot import cli_answer, cli_corpus, cli_knowledge, cli_ops

    parser = argparse.ArgumentParser(
        prog="netral", description="Netral: ASN neutrality assistant (Pemilu & Pilkada)."
    )
    parser.add_argument(
        "--config", help="YAML config file (default: $NETRAL_CONFIG or config.yaml)"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check-config", help=cmd_check_config.__doc__)
    check.set_defaults(handler=cmd_check_config)
    cli_corpus.register(sub)
    cli_knowledge.register(sub)
    cli_answer.register(sub)
    cli_ops.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `netral` command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = _config(args)
    except ConfigError as err:
        print(err, file=sys.stderr)
        return 2
    handler: Handler = args.handler
    try:
        return handler(args, config)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
