"""Administration: /status, /reindex, upload (regulation or knowledge file) → preview → publish,
/cabut.

Only `telegram.admin_ids` may use these; everyone else gets a polite refusal, and every attempt,
allowed or not, goes to the audit table.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from pathlib import Path

from telegram import Message, Update

from bot import texts
from bot.admin import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, AdminError
from bot.corpus.ingest import IngestError
from bot.tg import keyboards, render
from bot.tg.context import NetralContext, message_of

log = logging.getLogger(__name__)


async def is_admin(update: Update, context: NetralContext, action: str) -> bool:
    """True for configured administrators; refuse, log and audit everyone else."""
    user = update.effective_user
    if user is not None and user.id in context.config.telegram.admin_ids:
        return True
    user_id = user.id if user else 0
    log.warning("admin: refused %s", action, extra={"user_id": user_id})  # logged hashed
    context.store.audit(user_id, action, "refused: not an administrator", ok=False)
    text = texts.UPLOAD_REFUSED if action == "upload" else texts.NOT_ADMIN
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    else:
        await update.effective_message.reply_text(text)
    return False


def _failure(context: NetralContext, user_id: int, action: str, err: BaseException) -> str:
    error_id = uuid.uuid4().hex[:8]
    log.error("admin %s failed [%s]", action, error_id, exc_info=err)
    context.store.audit(user_id, action, f"failed [{error_id}]: {type(err).__name__}", ok=False)
    return error_id


async def status(update: Update, context: NetralContext) -> None:
    """Show index generation, counts, LLM state, uptime and usage."""
    if not await is_admin(update, context, "status"):
        return
    report = await asyncio.to_thread(context.admin.status)
    context.store.audit(update.effective_user.id, "status")
    await update.effective_message.reply_html(render.status_html(report))


async def reindex(update: Update, context: NetralContext) -> None:
    """Rebuild the index from the regulation files."""
    if not await is_admin(update, context, "reindex"):
        return
    message, user_id = update.effective_message, update.effective_user.id
    await message.reply_text(texts.REINDEX_STARTED)
    try:
        report = await asyncio.to_thread(context.admin.reindex)
    except Exception as err:
        await message.reply_text(
            texts.REINDEX_FAILED.format(error_id=_failure(context, user_id, "reindex", err))
        )
        return
    context.store.audit(user_id, "reindex", report.generation)
    await message.reply_html(render.reindex_html(report))


class _OcrProgress:
    """OCR progress reported from the worker thread by editing one message (at most every 3 s)."""

    def __init__(self, message: Message, loop: asyncio.AbstractEventLoop) -> None:
        self.message, self.loop = message, loop
        self.sent: Message | None = None
        self.at = 0.0

    async def _show(self, text: str) -> None:
        if self.sent is None:
            self.sent = await self.message.reply_text(text)
        else:
            await self.sent.edit_text(text)

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.sent is not None and done < total and now - self.at < 3.0:
            return
        self.at = now
        text = texts.OCR_PROGRESS.format(done=done, total=total)
        try:
            asyncio.run_coroutine_threadsafe(self._show(text), self.loop).result(timeout=15)
        except Exception as err:  # a lost progress message must not stop the OCR
            log.warning("admin: OCR progress not shown: %s", err)


async def document(update: Update, context: NetralContext) -> None:
    """Turn an upload (regulation PDF/TXT/MD or knowledge YAML) into a preview to confirm."""
    if not await is_admin(update, context, "upload"):
        return
    message, doc = update.effective_message, update.effective_message.document
    name = doc.file_name or "berkas"
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        await message.reply_text(texts.UPLOAD_UNSUPPORTED)
        return
    if (doc.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_text(texts.UPLOAD_TOO_BIG)
        return
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    if len(data) > MAX_UPLOAD_BYTES:  # the declared size is only what the client claimed
        await message.reply_text(
            texts.UPLOAD_TOO_BIG_RECEIVED.format(
                size=len(data) / 1_000_000, limit=MAX_UPLOAD_BYTES // 1_000_000
            )
        )
        return
    progress = _OcrProgress(message_of(update), asyncio.get_running_loop())
    try:
        pending = await asyncio.to_thread(
            context.admin.prepare, update.effective_user.id, name, message.caption, data, progress
        )
    except (AdminError, IngestError) as err:
        await message.reply_html(render.upload_error_html(err))
        return
    context.store.audit(update.effective_user.id, "upload", f"{name} → {pending.reg_id}")
    await message.reply_html(
        render.preview_html(pending), reply_markup=keyboards.publish_confirm(pending.token)
    )


async def publish(update: Update, context: NetralContext) -> None:
    """Publish a previewed regulation and reindex (the confirm or cancel button)."""
    if not await is_admin(update, context, "publish"):
        return
    query = update.callback_query
    _, action, args = keyboards.parse(query.data or "")
    token = args[0] if args else ""
    await query.answer()
    await query.edit_message_reply_markup(None)
    message = query.message
    if action == "cancel":
        context.admin.cancel(token)
        await message.reply_text(texts.PUBLISH_CANCELLED)
        return
    if context.admin.pending(token) is None:  # stale button: say so, not "Menerbitkan…" first
        await message.reply_text(texts.PUBLISH_EXPIRED)
        return
    await message.reply_text(texts.PUBLISH_STARTED)
    text = await _publish(context, token, update.effective_user.id)
    await message.reply_html(text)


async def _publish(context: NetralContext, token: str, user_id: int) -> str:
    try:
        done = await asyncio.to_thread(context.admin.publish, token)
    except (AdminError, IngestError) as err:
        context.store.audit(user_id, "publish", f"refused: {err}", ok=False)
        return render.upload_error_html(err)
    except Exception as err:
        error_id = _failure(context, user_id, "publish", err)
        return render.esc(texts.PUBLISH_FAILED.format(error_id=error_id))
    context.store.audit(user_id, "publish", f"{done.reg_id} {done.report.generation}")
    return render.published_html(done, context.services.knowledge)


async def cabut(update: Update, context: NetralContext) -> None:
    """Mark a regulation revoked by another: `/cabut ID ID_PENGGANTI`, then reindex."""
    if not await is_admin(update, context, "revoke"):
        return
    args, message, user_id = context.args or [], update.effective_message, update.effective_user.id
    if len(args) < 2:
        await message.reply_html(render.cabut_prompt_html(args[0] if args else None))
        return
    try:
        done = await asyncio.to_thread(context.admin.revoke, args[0], args[1])
    except AdminError as err:
        await message.reply_html(render.cabut_refused_html(err, args[0], args[1]))
        return
    except Exception as err:
        error_id = _failure(context, user_id, "revoke", err)
        await message.reply_text(texts.CABUT_FAILED.format(error_id=error_id))
        return
    context.store.audit(user_id, "revoke", f"{done.reg_id} → {done.replaced_by}")
    await message.reply_html(render.revoked_html(done))
