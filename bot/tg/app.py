"""Wiring: `build_application(config, services, store)` and `run_bot(config)` for `netral run`."""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
import sys
import traceback
import uuid
from urllib.parse import urlparse

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    PollAnswerHandler,
    PollHandler,
    filters,
)

from bot import texts
from bot.admin import Admin
from bot.asking import Asker
from bot.backup import bot_running
from bot.config import Config
from bot.logs import JsonLines as JsonLines  # re-exported: formatter of `logging.json_lines`
from bot.logs import configure_logging
from bot.ops import start_ops_server, watch
from bot.services import Services, build_services, llm_reachability
from bot.store.engine import StoreUnavailable
from bot.store.pointer import shared_pointer
from bot.store.repo import Store, StoreLimiter
from bot.tg import (
    handlers_admin,
    handlers_ask,
    handlers_browse,
    handlers_quiz,
    keyboards,
    quiz_event,
)
from bot.tg.context import CONTEXT_TYPES, NetralApp, NetralContext
from bot.tg.webhook import serve as serve_webhook

log = logging.getLogger(__name__)
TEST_TOKEN = "123456:TEST"
STARTUP_GRACE_S = 5.0


def file_base_url(api_base_url: str) -> str:
    """The file download base for a Bot API base: `…/bot` → `…/file/bot`."""
    base = api_base_url.rstrip("/")
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"


def webhook_path(webhook_url: str | None) -> str:
    """The local path to serve: the public webhook URL's path (default `telegram`)."""
    path = urlparse(webhook_url).path.strip("/") if webhook_url else ""
    return path or "telegram"


def _handlers(app: NetralApp) -> None:
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    commands = {
        "start": handlers_ask.start,
        "help": handlers_ask.help_command,
        "bantuan": handlers_ask.help_command,
        "privasi": handlers_ask.privacy,
        "tanya": handlers_ask.tanya,
        "faq": handlers_browse.faq,
        "sumber": handlers_browse.sumber,
        "pasal": handlers_browse.pasal,
        "lapor": handlers_browse.lapor,
        "kuis": handlers_quiz.kuis,
        "skor": handlers_quiz.skor,
        "kuis_mulai": handlers_quiz.kuis_mulai,
        "kuis_stop": handlers_quiz.kuis_stop,
        "kuis_hasil": handlers_quiz.kuis_hasil,
        "status": handlers_admin.status,
        "reindex": handlers_admin.reindex,
        "cabut": handlers_admin.cabut,
    }
    for name, callback in commands.items():
        app.add_handler(CommandHandler(name, callback))
    app.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, handlers_ask.private_text)
    )
    app.add_handler(
        MessageHandler(groups & filters.TEXT & ~filters.COMMAND, handlers_ask.group_text)
    )
    app.add_handler(
        MessageHandler(groups & filters.PHOTO & filters.CAPTION, handlers_ask.group_text)
    )
    app.add_handler(MessageHandler(private & filters.Document.ALL, handlers_admin.document))
    app.add_handler(
        MessageHandler(private & filters.PHOTO & filters.CAPTION, handlers_ask.private_caption)
    )
    app.add_handler(
        MessageHandler(
            private & ~filters.TEXT & ~filters.Document.ALL & ~filters.StatusUpdate.ALL,
            handlers_ask.non_text,
        )
    )
    ns = keyboards
    app.add_handler(
        CallbackQueryHandler(handlers_ask.full_text, pattern=ns.pattern(ns.ANSWER, "full"))
    )
    app.add_handler(
        CallbackQueryHandler(handlers_ask.feedback, pattern=ns.pattern(ns.ANSWER, "fb"))
    )
    app.add_handler(CallbackQueryHandler(handlers_ask.start_action, pattern=ns.pattern(ns.START)))
    app.add_handler(CallbackQueryHandler(handlers_browse.faq_callback, pattern=ns.pattern(ns.FAQ)))
    app.add_handler(
        CallbackQueryHandler(handlers_quiz.next_question, pattern=ns.pattern(ns.QUIZ, "next"))
    )
    app.add_handler(CallbackQueryHandler(handlers_admin.publish, pattern=ns.pattern(ns.ADMIN)))
    app.add_handler(PollAnswerHandler(handlers_quiz.poll_answer))
    app.add_handler(PollHandler(handlers_quiz.poll_update))


async def on_error(update: object, context: NetralContext) -> None:
    """Log the error with an id; tell the user a short apology, never a traceback."""
    error_id = uuid.uuid4().hex[:8]
    err = context.error
    context.bot_data.metrics.error(err)
    trace = "".join(traceback.format_exception(err)) if err else ""
    log.error("error [%s] while handling an update: %s\n%s", error_id, err, trace)
    if isinstance(err, RetryAfter):  # Telegram said "slow down": an apology would be a 429 too
        return
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await context.bot.send_message(
                update.effective_chat.id, texts.ERROR.format(error_id=html.escape(error_id))
            )
        except Exception:  # the apology itself failed (chat gone, network): already logged
            log.warning("error [%s]: could not tell the user", error_id)


async def post_init(app: NetralApp) -> None:
    """Preflight: publish the command list, check the index, log the LLM, resume event quizzes."""
    config = app.bot_data.config
    assert config is not None
    await publish_commands(app.bot, config)
    if app.bot_data.services is None or app.bot_data.services.retriever.snapshot() is None:
        log.warning("no index is serving: run `netral index` (answers will be empty)")
    log.info("LLM: %s", llm_reachability(config))
    data = app.bot_data
    # Every process sweeps; the store decides who runs which due quiz step (bot.tg.quiz_event).
    # The first sweep waits a few seconds: a restarted bot first drains Telegram's backlog, whose
    # poll answers (given in time) come before their poll's close and must not be judged late.
    app.job_queue.run_repeating(
        _sweep, interval=config.store.sweep_interval_s, first=STARTUP_GRACE_S, name="quiz-sweep"
    )
    if data.services is not None and data.store is not None:
        data.ops = await start_ops_server(config, data.services, data.store, data.metrics)


def _commands(pairs: list[tuple[str, str]]) -> list[BotCommand]:
    return [BotCommand(name, text) for name, text in pairs]


async def publish_commands(bot: Bot, config: Config) -> None:
    """The command menu per scope: private chats, groups, and each admin's own chat.

    A chat scope replaces the private one for that chat, so an admin's menu repeats it."""
    await bot.set_my_commands(_commands(texts.COMMANDS_PRIVATE), BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(_commands(texts.COMMANDS_GROUP), BotCommandScopeAllGroupChats())
    admin = _commands(texts.COMMANDS_PRIVATE + texts.COMMANDS_ADMIN)
    for chat_id in config.telegram.admin_ids:  # an admin's private chat id is their user id
        try:
            await bot.set_my_commands(admin, BotCommandScopeChat(chat_id))
        except TelegramError as err:  # an admin who never opened the bot: the others still get it
            log.warning("admin commands not set for chat %s: %s", chat_id, err)


async def _sweep(context: NetralContext) -> None:
    """Job: run the quiz steps that are due (event questions, round closes, leaderboards)."""
    await quiz_event.sweep(context)


async def post_shutdown(app: NetralApp) -> None:
    """Stop the ops server and the answer workers."""
    if app.bot_data.ops is not None:
        await app.bot_data.ops.stop()
    if app.bot_data.asker is not None:
        app.bot_data.asker.shutdown()


def build_application(config: Config, services: Services, store: Store) -> NetralApp:
    """The python-telegram-bot Application with every handler, over `services` and `store`.

    Args:
        config: `telegram.api_base_url` becomes PTB's `base_url` (a local Bot API server);
            `telegram.flood_control` turns PTB's AIORateLimiter on.
        services: the answering services (shared with the CLI).
        store: SQLite state.
    """
    secret = config.secrets.telegram_bot_token
    token = (
        secret.get_secret_value()
        if secret is not None and secret.get_secret_value()
        else TEST_TOKEN
    )
    builder = (
        Application.builder()
        .token(token)
        .context_types(CONTEXT_TYPES)
        .concurrent_updates(64)
        # httpcore scans its whole pool on every request: 16 connections carry Telegram's ~30
        # messages/s easily, and measured twice the throughput of PTB's default 256.
        .connection_pool_size(16)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if config.telegram.api_base_url:
        builder = builder.base_url(config.telegram.api_base_url).base_file_url(
            file_base_url(config.telegram.api_base_url)
        )
    if config.telegram.flood_control:
        # PTB types the builder by its rate limiter's argument type; ours keeps the default.
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # type: ignore[arg-type]
    app: NetralApp = builder.build()
    data = app.bot_data
    data.config, data.services, data.store = config, services, store
    data.asker = Asker(services, store, metrics=data.metrics)
    watch(data.metrics, services, store)
    data.admin = Admin(services, store, data.asker)
    data.limiter = StoreLimiter(store, config.telegram.rate_limit_per_minute, 60.0)
    data.owner = quiz_event.process_owner()
    _handlers(app)
    app.add_error_handler(on_error)
    return app


def serving_mode(config: Config) -> str:
    """`polling` or `webhook`: `auto` means webhook exactly when a webhook URL is configured."""
    mode = config.telegram.mode
    if mode == "auto":
        return "webhook" if config.telegram.webhook_url else "polling"
    return mode


def webhook_secret(config: Config) -> str:
    """The configured secret token, or a random one for this run (set again at every start)."""
    secret = config.secrets.webhook_secret
    if secret is not None and secret.get_secret_value():
        return secret.get_secret_value()
    log.info("NETRAL_WEBHOOK_SECRET is not set: using a random secret token for this run")
    return secrets.token_urlsafe(32)


INVALID_TOKEN = (
    "netral run: Telegram rejected TELEGRAM_BOT_TOKEN (InvalidToken); copy the token from"
    " @BotFather again"
)


def run_bot(config: Config) -> int:
    """Run the Telegram bot until SIGINT/SIGTERM (polling, or webhook when configured)."""
    configure_logging(config)
    webhook = serving_mode(config) == "webhook"
    if webhook and config.store.url and not config.secrets.webhook_secret:
        # Every replica calls setWebhook: random per-process secrets would lock the others out.
        print(
            "netral run: set NETRAL_WEBHOOK_SECRET when replicas share store.url", file=sys.stderr
        )
        return 2
    with bot_running(config.data_dir):  # `netral restore` refuses while this is held
        try:
            store = Store.from_config(config)
        except StoreUnavailable as err:
            print(err, file=sys.stderr)
            return 2
        services = build_services(config, pointer=shared_pointer(config, store))
        app = build_application(config, services, store)
        try:
            if webhook:
                path = webhook_path(config.telegram.webhook_url)
                asyncio.run(serve_webhook(app, config, webhook_secret(config), path))
            else:
                app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0)
        except InvalidToken:
            # PTB's message and traceback carry the token (in the request URL): one line only.
            print(INVALID_TOKEN, file=sys.stderr)
            return 2
        finally:
            store.close()
    return 0
