"""Composition root: `build_services(config)` wires corpus, retrieval and answering.

The CLI, the Telegram adapter, the benchmarks and the tests all build through here.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from bot.config import Config
from bot.core.answer import Policy, RegInfo, Scored, blend_rulings, compose, decline
from bot.core.guard import DOMAIN_TERMS, is_endorsement_request, is_follow_up
from bot.core.normalize import Normalized, Normalizer
from bot.corpus.knowledge import Knowledge, load_knowledge
from bot.corpus.loader import Corpus, load_corpus
from bot.models import Answer, Ruling, Unit
from bot.search.embeddings import Embedder, load_embedder
from bot.search.index import OUT_OF_SCOPE, BuildReport, Pointer, build_index
from bot.search.retriever import Hit, HybridRetriever, RulingHit, mentioned_regulations
from bot.search.text import analyze

log = logging.getLogger(__name__)

# Names people use for the regulations, for "apa bunyi Pasal 9 UU ASN?".
ALIASES = {
    "uu asn": "uu-20-2023",
    "undang-undang asn": "uu-20-2023",
    "uu aparatur sipil negara": "uu-20-2023",
    "pp disiplin": "pp-94-2021",
    "pp 94": "pp-94-2021",
    "uu pemilu": "uu-7-2017",
    "undang-undang pemilu": "uu-7-2017",
    "uu pilkada": "uu-10-2016",
    "pp kode etik": "pp-42-2004",
    "pp 42": "pp-42-2004",
    "pp manajemen pns": "pp-11-2017",
    "pp 11": "pp-11-2017",
    "pp pppk": "pp-49-2018",
    "pp 49": "pp-49-2018",
    "pp 53": "pp-53-2010",
    "pp 17": "pp-17-2020",
}
_PASAL = re.compile(r"\bpasal\s+(\d+[a-z]?)\b", re.IGNORECASE)


def evidence_of(hit: Hit, dense_on: bool) -> float:
    """0..1: query coverage, blended with the dense similarity when vectors are available."""
    if not dense_on:
        return hit.coverage
    dense = min(max((hit.dense - 0.78) / 0.14, 0.0), 1.0)
    return 0.5 * hit.coverage + 0.5 * dense


@dataclass
class Services:
    config: Config
    corpus: Corpus
    knowledge: Knowledge
    normalizer: Normalizer
    embedder: Embedder | None
    retriever: HybridRetriever
    rulings: dict[str, Ruling] = field(default_factory=dict)
    regs: dict[str, RegInfo] = field(default_factory=dict)
    composer: Any = None  # an LLM composer (bot.llm) when configured
    off_topic_channels: dict[str, str] = field(default_factory=dict)
    _anchors: frozenset[str] = field(default_factory=lambda: frozenset(analyze(DOMAIN_TERMS)))
    started_at: float = field(default_factory=time.time)

    @property
    def policy(self) -> Policy:
        r = self.config.retrieval
        return Policy(r.faq_min_score, r.unit_min_score, r.top_k)

    def ensure_index(
        self, progress: Callable[[str, int, int], None] | None = None
    ) -> BuildReport | None:
        """Build the index on first use; return None when one is already serving."""
        if self.retriever.pointer.read() is not None:
            return None
        return self.reindex(progress)

    def reindex(self, progress: Callable[[str, int, int], None] | None = None) -> BuildReport:
        """Reload corpus and knowledge from disk, build a new generation and serve it."""
        corpus = load_corpus(self.config.regulations_dir)
        knowledge = load_knowledge(self.config.knowledge_dir, corpus)
        report = build_index(
            self.config,
            corpus,
            knowledge,
            self.embedder,
            progress,
            self.retriever.client,
            pointer=self.retriever.pointer,
        )
        self._adopt(corpus, knowledge)
        return report

    def _adopt(self, corpus: Corpus, knowledge: Knowledge) -> None:
        self.corpus, self.knowledge = corpus, knowledge
        self.normalizer = Normalizer(knowledge.glossary)
        self.rulings = {r.id: r for r in knowledge.rulings}
        self.off_topic_channels = {f"{OUT_OF_SCOPE}{e.id}": e.channel for e in knowledge.out_of_scope}
        replaced = {
            rid: corpus.regulations[r.replaced_by].short
            for rid, r in corpus.regulations.items()
            if r.replaced_by in corpus.regulations
        }
        self.regs = {
            rid: RegInfo(r.short, r.status, replaced.get(rid))
            for rid, r in corpus.regulations.items()
        }

    def _named_regulations(self, question: str) -> frozenset[str]:
        """Regulations the question names, by alias ("UU ASN") or number/year ("PP 94/2021")."""
        lowered = question.lower()
        regs = {rid for alias, rid in ALIASES.items() if re.search(rf"\b{re.escape(alias)}\b", lowered)}
        for number, year in mentioned_regulations(question):
            regs |= {rid for rid, r in self.corpus.regulations.items() if r.number == number and str(r.year) == year}
        return frozenset(regs)

    def _direct_reference(self, question: str) -> tuple[str, str] | None:
        """(regulation id, pasal) when the question names one article of one known regulation."""
        found = _PASAL.search(question)
        regs = sorted(self._named_regulations(question)) if found else []
        return (regs[0], found.group(1).upper()) if found and len(regs) == 1 else None

    def answer(self, question: str, previous: str | None = None) -> Answer:
        """Answer one question, offline by default.

        Args:
            question: as the user typed it.
            previous: the user's previous question, used when this one is a follow-up.

        Returns:
            The Answer (see DESIGN.md "Answers"), with latency measured.
        """
        started = time.perf_counter()
        answer = self._answer(question.strip(), previous)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _answer(self, question: str, previous: str | None) -> Answer:
        k = self.config.retrieval.top_k
        if not question:
            return decline(question, "empty", [], k)
        if is_endorsement_request(question):
            return decline(question, "endorsement", [], k)
        effective = f"{previous} {question}" if previous and is_follow_up(question) else question
        norm = self.normalizer.normalize(effective)
        qv = self.retriever.embed(norm.text)
        dense_on = (
            qv.vector is not None
            and self.retriever.snapshot() is not None
            and self.retriever.snapshot().collection is not None
        )
        hits = [
            Scored(h.unit, h.score, evidence_of(h, dense_on))
            for h in self.retriever.search(norm, max(k, 10), qv, self._named_regulations(question))
        ]
        direct = self._direct_reference(question)
        if direct is not None:
            return self._direct_answer(question, direct, hits)
        matches = self.retriever.match_rulings(norm, qv, k=10)
        best = next((m for m in matches if not m.ruling_id.startswith(OUT_OF_SCOPE)), None)
        off = next((m for m in matches if m.ruling_id.startswith(OUT_OF_SCOPE)), None)
        score = best.score if best else 0.0
        declined = self._off_topic(norm, score, off)
        if declined is not None:
            return declined
        ruling = self.rulings.get(best.ruling_id) if best else None
        cited = [
            (self._cited_units(self.rulings[m.ruling_id]), m.score)
            for m in matches
            if m.ruling_id in self.rulings
        ][:3]
        units = cited[0][0] if ruling is not None and cited else []
        hits = blend_rulings(
            hits, cited, self.config.retrieval.ruling_weight, self.config.retrieval.rrf_k
        )
        answer = compose(question, hits, ruling, score, units, self.regs, self.policy)
        if self.composer is not None and answer.found:
            answer = self.composer.improve(answer, effective, previous, ruling, hits)
        return answer

    def _cited_units(self, ruling: Ruling) -> list[Unit]:
        """The indexed units a ruling cites, in citation order."""
        units: list[Unit] = []
        for ref in ruling.citations:
            units.extend(u for u in self.corpus.units_under(ref) if u not in units)
        return self.retriever.units_by_id([u.id for u in units])

    def _off_topic(self, norm: Normalized, ruling_score: float, off: RulingHit | None) -> Answer | None:
        """Decline questions outside Netral's scope, naming where to ask instead."""
        r = self.config.retrieval
        in_domain = bool(set(analyze(norm.text)) & self._anchors)
        closer_to_off_topic = off is not None and off.score >= ruling_score + r.off_topic_margin
        if not (closer_to_off_topic or (not in_domain and ruling_score < r.faq_min_score + r.off_domain_extra)):
            return None
        channel = self.off_topic_channels.get(off.ruling_id, "") if off is not None and closer_to_off_topic else ""
        return decline(norm.original, "off_topic", [], r.top_k, channel)

    def _direct_answer(self, question: str, ref: tuple[str, str], hits: list[Scored]) -> Answer:
        reg_id, pasal = ref
        reg = self.corpus.regulations[reg_id]
        section = reg.section(pasal)
        k = self.config.retrieval.top_k
        if section is None:
            text = (
                f"Pasal {pasal} {reg.short} tidak ada dalam korpus Netral, jadi Netral tidak dapat mengutipnya. "
                f"Periksa teks resminya di {reg.source_url}."
            )
            return replace(decline(question, "not_in_corpus", hits, k), answer=text)
        units = self.retriever.units_by_id(
            [
                u.id
                for u in reg.units
                if u.id.startswith(f"{reg.id}/{section.key}") and not u.penjelasan
            ]
        )
        top = max((h.score for h in hits), default=0.05)
        first = [Scored(u, top + 0.01, 1.0) for u in units]
        policy = replace(self.policy, unit_min_score=0.0)
        answer = compose(
            question,
            first + [h for h in hits if h.unit not in units],
            None,
            0.0,
            [],
            self.regs,
            policy,
        )
        answer.answer = (
            f"Bunyi {reg.short} Pasal {section.pasal} menurut korpus Netral (lihat kutipan)."
        )
        return answer


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
    corpus = load_corpus(config.regulations_dir)
    knowledge = load_knowledge(config.knowledge_dir, corpus)
    for problem in (corpus.problems + knowledge.problems)[:20]:
        log.warning("corpus: %s", problem)
    model = load_embedder(config.embeddings, indexing=indexing) if embedder is True else embedder
    services = Services(
        config,
        corpus,
        knowledge,
        Normalizer(knowledge.glossary),
        model,
        HybridRetriever(config, model, pointer=pointer),
    )  # type: ignore[arg-type]
    services._adopt(corpus, knowledge)
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
