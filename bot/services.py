"""Composition root: `build_services(config)` wires corpus, knowledge, retrieval and the answering
engine. The CLI, the Telegram adapter, the benchmarks and the tests all build through here; the
answering itself lives in `bot.answering`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.answering.catalog import Catalog
from bot.answering.engine import Draft, Engine
from bot.answering.query import Context
from bot.config import Config
from bot.core.answer import RegInfo
from bot.core.normalize import Normalizer
from bot.corpus.knowledge import Knowledge, load_knowledge
from bot.corpus.loader import Corpus, load_corpus
from bot.journal import reconcile
from bot.models import Answer, Ruling
from bot.search.embeddings import Embedder, load_embedder
from bot.search.index import (
    OUT_OF_SCOPE,
    BuildReport,
    IndexError_,
    Pointer,
    build_index,
    index_dir,
)
from bot.search.retriever import HybridRetriever

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: Config
    corpus: Corpus
    knowledge: Knowledge
    embedder: Embedder | None
    retriever: HybridRetriever
    engine: Engine = field(init=False)
    started_at: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        self._adopt(self.corpus, self.knowledge, None)

    @property
    def composer(self) -> Any:
        """The LLM composer (bot.llm) when one is configured."""
        return self.engine.composer

    @composer.setter
    def composer(self, value: Any) -> None:
        self.engine.composer = value

    @property
    def rulings(self) -> dict[str, Ruling]:
        return self.engine.catalog.rulings

    @property
    def regs(self) -> dict[str, RegInfo]:
        return self.engine.catalog.regs

    @property
    def normalizer(self) -> Normalizer:
        return self.engine.normalizer

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer one question (see `bot.answering.engine.Engine.answer`)."""
        return self.engine.answer(question, context)

    def draft(self, question: str, context: Context | None = None) -> Draft:
        """The answer before the LLM step (see `bot.answering.engine.Engine.draft`)."""
        return self.engine.draft(question, context)

    def ensure_index(
        self, progress: Callable[[str, int, int], None] | None = None
    ) -> BuildReport | None:
        """Build the index on first use, or again when the recorded generation cannot be loaded
        (files missing or damaged); return None when one is already serving."""
        pointer = self.retriever.pointer.read()
        if pointer is None:
            return self.reindex(progress)
        if self.retriever.snapshot() is not None:
            return None
        where = index_dir(self.config) / str(pointer.get("generation"))
        log.error(
            "index: serving generation %s is missing or damaged; rebuilding it from"
            " regulations/ and knowledge/ (nothing to do by hand)",
            where,
        )
        return self.reindex(progress)

    def reindex(self, progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
        """Reload corpus and knowledge from disk, build a new generation and serve it."""
        corpus = load_corpus(self.config.regulations_dir)
        knowledge = load_knowledge(self.config.knowledge_dir, corpus)
        problems = corpus.problems + knowledge.problems
        if problems:
            # A file with a schema error is skipped whole: never serve an index that silently
            # lost its rulings. The serving generation stays as it is.
            shown = "; ".join(str(p) for p in problems[:3])
            raise IndexError_(
                f"{len(problems)} problem(s) in regulations/ or knowledge/ (list them with"
                f" `netral corpus validate`); the serving index is unchanged: {shown}"
            )
        report = build_index(
            self.config,
            corpus,
            knowledge,
            self.embedder,
            progress,
            self.retriever.client,
            pointer=self.retriever.pointer,
        )
        self._adopt(corpus, knowledge, self.composer if hasattr(self, "engine") else None)
        return report

    def _adopt(self, corpus: Corpus, knowledge: Knowledge, composer: Any) -> None:
        """Serve answers from this corpus and knowledge (one swap: a reader sees old or new)."""
        self.corpus, self.knowledge = corpus, knowledge
        catalog = Catalog.build(corpus, knowledge, OUT_OF_SCOPE)
        self.engine = Engine(
            self.config, catalog, Normalizer(knowledge.glossary), self.retriever, composer
        )


def build_services(
    config: Config,
    *,
    build_missing_index: bool = True,
    embedder: Embedder | bool | None = True,
    indexing: bool = False,
    pointer: Pointer | None = None,
) -> Services:
    """Wire everything for `config`.

    Args:
        config: validated configuration.
        build_missing_index: build the index now if none is serving (first use).
        embedder: True = load the configured backend; None = lexical only; or a ready embedder.
        indexing: this process builds indexes (`netral index`): embed with `index_threads`.
        pointer: the serving-generation pointer (default: the data dir's `current` file).
    """
    reconcile(config)  # a publish or revoke killed half-way: files and index agree again
    corpus = load_corpus(config.regulations_dir)
    knowledge = load_knowledge(config.knowledge_dir, corpus)
    for problem in (corpus.problems + knowledge.problems)[:20]:
        log.warning("corpus: %s", problem)
    model = (
        load_embedder(config.embeddings, indexing=indexing)
        if embedder is True
        else (embedder or None)
    )
    services = Services(
        config, corpus, knowledge, model, HybridRetriever(config, model, pointer=pointer)
    )
    if config.llm.provider != "none":
        from bot.llm.composer import build_composer

        services.composer = build_composer(config, services)
    if build_missing_index:
        services.ensure_index()
    return services


def llm_reachability(config: Config) -> str:
    """A short human-readable state of the configured LLM."""
    if config.llm.provider == "none":
        return "disabled (extractive answers)"
    try:
        from bot.llm.client import probe

        return probe(config)
    except ImportError:
        return "unavailable (LLM support not installed)"
