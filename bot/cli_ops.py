"""`netral run`: the Telegram bot when a token is set, else the console assistant."""

from __future__ import annotations

import argparse

from bot.config import Config


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    """Start the Telegram bot (TELEGRAM_BOT_TOKEN set) or the console assistant."""
    if (
        config.secrets.telegram_bot_token is None
        or not config.secrets.telegram_bot_token.get_secret_value()
    ):
        from bot.cli_answer import run_console

        intro = (
            "TELEGRAM_BOT_TOKEN belum diatur, jadi Netral berjalan di konsol. Untuk Telegram: buat bot lewat "
            "@BotFather, lalu jalankan `TELEGRAM_BOT_TOKEN=... netral run`.\n\n"
        )
        return run_console(config, intro)
    from bot.tg.app import run_bot

    return run_bot(config)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("run", help=cmd_run.__doc__)
    p.set_defaults(handler=cmd_run)
