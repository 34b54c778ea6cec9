"""`netral run` (the Telegram bot when a token is set, else the console assistant),
`netral backup` / `netral restore` (the store and the index pointer) and
`netral store migrate-to URL` (the embedded store into PostgreSQL)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import texts
from bot.config import Config


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    """Start the Telegram bot (TELEGRAM_BOT_TOKEN set) or the console assistant."""
    if (
        config.secrets.telegram_bot_token is None
        or not config.secrets.telegram_bot_token.get_secret_value()
    ):
        from bot.cli_answer import run_console

        return run_console(config, texts.CONSOLE_INTRO)
    from bot.tg.app import run_bot

    return run_bot(config)


def cmd_backup(args: argparse.Namespace, config: Config) -> int:
    """Back up the store (consistent even while the bot runs) and the index pointer to PATH."""
    from bot.backup import BackupError, backup

    try:
        report = backup(config, Path(args.path))
    except BackupError as err:
        print(f"backup: {err}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    print(f"backup written to {report.path} (from the {report.engine} store)")
    print(f"schema: {', '.join(report.schema)}; index generation: {report.generation or '-'}")
    print(f"rows: {counts}")
    return 0


def cmd_restore(args: argparse.Namespace, config: Config) -> int:
    """Restore the store from a backup at PATH (stop the bot first; the index is not touched)."""
    from bot.backup import BackupError, restore

    try:
        report = restore(config, Path(args.path))
    except BackupError as err:
        print(f"restore: {err}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    print(f"restored the store from {args.path} (taken {report.created_at})")
    print(f"rows: {counts}")
    print(
        f"index generation then: {report.backup_generation or '-'}; "
        f"serving now: {report.serving_generation or '- (run `netral index`)'}"
    )
    return 0


def cmd_store_migrate_to(args: argparse.Namespace, config: Config) -> int:
    """Copy the embedded SQLite store into an empty PostgreSQL database (stop the bot first),
    then set store.url (NETRAL_STORE__URL) to it."""
    from bot.backup import BackupError, migrate_to

    try:
        report = migrate_to(config, args.url)
    except BackupError as err:
        print(f"store migrate-to: {err}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    print(f"copied the embedded store into {report.target}")
    print(f"rows: {counts}")
    print(f"next: set NETRAL_STORE__URL={report.target} (password via PGPASSWORD) and restart")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help=cmd_run.__doc__)
    p.set_defaults(handler=cmd_run)
    p = sub.add_parser("backup", help=cmd_backup.__doc__, description=cmd_backup.__doc__)
    p.add_argument("path", help="directory to create (absent or empty)")
    p.set_defaults(handler=cmd_backup)
    p = sub.add_parser("restore", help=cmd_restore.__doc__, description=cmd_restore.__doc__)
    p.add_argument("path", help="a directory written by `netral backup`")
    p.set_defaults(handler=cmd_restore)
    store = sub.add_parser("store", help="the state store (SQLite or PostgreSQL)")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    p = store_sub.add_parser(
        "migrate-to", help=cmd_store_migrate_to.__doc__, description=cmd_store_migrate_to.__doc__
    )
    p.add_argument("url", help="postgresql://user@host:5432/db (password via PGPASSWORD)")
    p.set_defaults(handler=cmd_store_migrate_to)
