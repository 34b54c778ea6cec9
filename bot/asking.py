"""Answering for a chat front end: follow-up context, an answer cache and a worker pool.

`Services.answer` is synchronous and CPU-bound (embedding + search, ~15–20 ms); the Telegram
adapter must never block its event loop on it, so answers run on a small thread pool. Many
users ask the same questions in the same words, so answers are cached per index generation
(`invalidate()` after a reindex).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from bot.answering.engine import Draft
from bot.answering.query import Context, context_of
from bot.answering.understand import SHORT_FOLLOW_UP
from bot.core.frame import Frame
from bot.core.guard import is_follow_up
from bot.metrics import Metrics
from bot.models import Answer
from bot.services import Services
from bot.store.repo import Store

log = logging.getLogger(__name__)
LLM_GRACE_S = 0.5  # hand-over from the model pool back to the event loop, within the 1 s allowed


class LLMDeadlineMissed(Exception):
    """Counted in metrics (`netral_errors_total{type="LLMDeadlineMissed"}`) when the model step is cut."""


@dataclass(frozen=True)
class Asked:
    answer: Answer
    answer_id: int  # row in the store's `answers`, referenced by the reply's buttons; 0 = none
    cached: bool


def cache_key(question: str, previous: Context | None) -> tuple[str, str | None]:
    """Questions that differ only in case or spacing share an answer; a follow-up's answer also
    depends on what it follows."""
    text = " ".join(question.lower().split())
    if previous is None or not (is_follow_up(question) or len(text.split()) <= SHORT_FOLLOW_UP):
        return text, None
    return text, json.dumps(previous.to_json(), sort_keys=True, ensure_ascii=False)


def read_context(stored: str | None) -> Context | None:
    """The follow-up context kept in the store (a JSON object; older rows hold plain text)."""
    if not stored:
        return None
    try:
        data = json.loads(stored)
    except ValueError:
        return Context(stored, Frame())
    return Context.from_json(data) if isinstance(data, dict) else Context(stored, Frame())


class Asker:
    """Answer questions off the event loop, remembering each user's previous question."""

    def __init__(
        self,
        services: Services,
        store: Store,
        workers: int = 2,
        cache_size: int = 1024,
        metrics: Metrics | None = None,
    ) -> None:
        self.services = services
        self.store = store
        self.metrics = metrics
        self.executor = ThreadPoolExecutor(workers, thread_name_prefix="netral-answer")
        self._cache: OrderedDict[tuple[str, str | None], Answer] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._retriever = services.retriever  # read once: `services` may be swapped in tests
        self._generation = self._serving()
        self._llm: ThreadPoolExecutor | None = None  # model calls, made on first use

    def invalidate(self) -> None:
        """Forget cached answers (the corpus or index changed)."""
        with self._lock:
            self._cache.clear()

    def _serving(self) -> str | None:
        snapshot = self._retriever.snapshot()
        return snapshot.generation if snapshot is not None else None

    def _follow_index(self) -> None:
        """Drop cached answers when the serving generation changed: switched by another
        process (`netral index`) or, scaled out, by another replica through the shared pointer."""
        generation = self._serving()
        if generation != self._generation:
            self._generation = generation
            self.invalidate()

    def _cached(self, key: tuple[str, str | None]) -> Answer | None:
        with self._lock:
            answer = self._cache.get(key)
            if answer is not None:
                self._cache.move_to_end(key)
            return answer

    def _remember(self, key: tuple[str, str | None], answer: Answer) -> None:
        with self._lock:
            self._cache[key] = answer
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def is_cached(self, user_id: int, question: str) -> bool:
        """True when the answer is ready at once (no need to show "typing…")."""
        key = cache_key(question, self._previous(user_id))
        with self._lock:
            return key in self._cache

    async def ask(self, user_id: int, question: str) -> Asked:
        """Answer `question` in the context of the user's previous one.

        Args:
            user_id: whose follow-up context to use and update.
            question: as typed (already stripped of a bot mention).

        Returns:
            The answer and the id under which its buttons find it again.
        """
        started = time.perf_counter()
        self._follow_index()
        previous = self._previous(user_id)
        key = cache_key(question, previous)
        answer = self._cached(key)
        cached = answer is not None
        if answer is None:
            answer, complete = await self._answer(question, previous, started)
            if answer.declined is None and complete:
                self._remember(key, answer)
        answer_id = self._record(user_id, question, answer)
        if self.metrics is not None:
            self.metrics.answered(answer.mode, time.perf_counter() - started, cached)
        return Asked(answer, answer_id, cached)

    def _previous(self, user_id: int) -> Context | None:
        try:
            return read_context(self.store.previous_question(user_id))
        except Exception as exc:  # an unreadable store costs the follow-up context only
            self._store_failed("read the follow-up context", exc)
            return None

    def _record(self, user_id: int, question: str, answer: Answer) -> int:
        """Keep the follow-up context and the answer row; best-effort (0 = not recorded).

        The answer is already computed: a full disk or a read-only store must not turn it into
        an apology. The failure is logged in one line and counted as an error.
        """
        try:
            context = context_of(answer)
            if context is not None and answer.found:
                text = json.dumps(context.to_json(), ensure_ascii=False)
                self.store.set_previous_question(user_id, text)
            unit_ids = [c.unit_id for c in answer.citations if c.unit_id]
            answer_id = self.store.record_answer(question, answer.verdict, answer.mode, unit_ids)
            self.store.bump("questions_answered")
            return answer_id
        except Exception as exc:
            self._store_failed("record the answer", exc)
            return 0

    def _store_failed(self, what: str, exc: Exception) -> None:
        log.error(
            "store: could not %s (%s: %s); the answer is sent anyway",
            what,
            type(exc).__name__,
            exc,
        )
        if self.metrics is not None:
            self.metrics.error(exc)

    async def _answer(
        self, question: str, previous: Context | None, started: float
    ) -> tuple[Answer, bool]:
        """(answer, False when the model step missed its deadline and the draft is shown).

        The extractive draft runs on the answer pool; the model step on its own pool, so a
        hanging model holds only model threads. Each question waits for the model until
        `llm.timeout_s` (+ a grace for the hand-over) after it reached the asker, queued or
        not, and then gets the extractive answer.
        """
        loop = asyncio.get_running_loop()
        draft_of = getattr(self.services, "draft", None)
        if draft_of is None:  # a Services stand-in without the split (tests)
            answer = await loop.run_in_executor(
                self.executor, self.services.answer, question, previous
            )
            return answer, True
        draft: Draft = await loop.run_in_executor(self.executor, draft_of, question, previous)
        if draft.llm is None:
            return draft.answer, True
        deadline = started + self.services.config.llm.timeout_s + LLM_GRACE_S
        try:
            improved = await asyncio.wait_for(
                loop.run_in_executor(self._llm_pool(), draft.llm),
                max(0.0, deadline - time.perf_counter()),
            )
        except TimeoutError:
            # Queued behind hanging calls: the future is cancelled before it starts; a call
            # already running stops at its own deadline and its result is dropped.
            log.warning("llm: no model answer within the deadline; extractive answer shown")
            if self.metrics is not None:
                self.metrics.error(LLMDeadlineMissed())
            return draft.answer, False
        return improved, True

    def _llm_pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._llm is None:
                workers = self.services.config.llm.workers
                self._llm = ThreadPoolExecutor(workers, thread_name_prefix="netral-llm-call")
            return self._llm

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self._llm is not None:
            self._llm.shutdown(wait=False, cancel_futures=True)
