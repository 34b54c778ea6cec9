"""The answering pipeline, top to bottom: understand → look up → retrieve → match → decide →
compose. One `Query` flows through; each stage lives in its own module."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Protocol

from bot import texts
from bot.answering import compose, lookup
from bot.answering.catalog import Catalog
from bot.answering.match import Choice, choose, misfit
from bot.answering.query import Context, Query
from bot.answering.understand import clean, understand
from bot.config import Config
from bot.core.answer import Scored, blend_rulings, citation_of
from bot.core.frame import CIVIL_SERVANTS, Frame, act_words
from bot.core.guard import is_endorsement_request
from bot.core.normalize import Normalizer
from bot.core.scope import scope_signals
from bot.models import Answer, Note, Ruling, Source, Unit
from bot.search.index import OUT_OF_SCOPE
from bot.search.retriever import Hit, HybridRetriever, QueryVector

log = logging.getLogger(__name__)
_WINDOW = ("window", "window_unclear")
DIRECT_LOOKUP_WORDS = 4  # "apa bunyi pasal 9 uu asn": few words besides the reference itself
_REFERENCE_WORDS = frozenset(
    [
        "apa",
        "bunyi",
        "isi",
        "pasal",
        "ayat",
        "huruf",
        "angka",
        "uu",
        "pp",
        "undang-undang",
        "peraturan",
        "pemerintah",
        "nomor",
        "tahun",
        "tolong",
        "jelaskan",
        "lihat",
        "kutip",
        "kutipkan",
        "berapa",
        "yang",
        "itu",
        "ini",
        "dari",
        "di",
        "menurut",
    ]
)


class Composer(Protocol):
    """The LLM composer port (bot.llm): rephrase a checked answer or return it unchanged."""

    def improve(
        self,
        answer: Answer,
        question: str,
        previous: str | None,
        ruling: Ruling | None,
        hits: Sequence[Scored],
    ) -> Answer: ...


@dataclass
class Draft:
    """An answer before the LLM step: `llm()` returns the model's checked answer or `answer`."""

    answer: Answer = field(default=None)  # type: ignore[assignment]
    llm: Callable[[], Answer] | None = None


def evidence_of(hit: Hit, dense_on: bool) -> float:
    """0..1: query coverage, blended with the dense similarity when vectors are available."""
    if not dense_on:
        return hit.coverage
    dense = min(max((hit.dense - 0.78) / 0.14, 0.0), 1.0)
    return 0.5 * hit.coverage + 0.5 * dense


class Engine:
    """Answers one question from one corpus/knowledge load and the serving index."""

    def __init__(
        self,
        config: Config,
        catalog: Catalog,
        normalizer: Normalizer,
        retriever: HybridRetriever,
        composer: Composer | None = None,
    ) -> None:
        self.config = config
        self.catalog = catalog
        self.normalizer = normalizer
        self.retriever = retriever
        self.composer = composer
        self._quotes: tuple[str, lookup.QuoteIndex, list[lookup.Definition]] | None = None

    def answer(self, question: str, context: Context | None = None) -> Answer:
        """Answer one question, offline by default.

        Args:
            question: as the user typed it.
            context: how the user's previous question was understood (for follow-ups).

        Returns:
            The Answer (DESIGN.md "Answers"), with its frame and latency.
        """
        started = time.perf_counter()
        answer = self._answer(question, context)
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    # ── the stages ────────────────────────────────────────────────────────────────────────────
    def draft(self, question: str, context: Context | None = None) -> Draft:
        """The answer without the LLM step, and that step still to run (`Draft.llm`)."""
        draft = Draft()
        started = time.perf_counter()
        draft.answer = self._answer(question, context, draft)
        draft.answer.latency_ms = (time.perf_counter() - started) * 1000
        return draft

    def _answer(self, question: str, context: Context | None, draft: Draft | None = None) -> Answer:
        k = self.config.retrieval.top_k
        query = understand(question, context, self.catalog, self.normalizer)
        if not query.original:
            return compose.decline(query, "empty", [], k)
        if is_endorsement_request(query.original, query.frame.civil_servant_conduct):
            return compose.decline(query, "endorsement", [], k)
        gap = lookup.missing(query, self.catalog, [], k)
        if gap is not None:
            return gap
        qv, hits = self._retrieve(query)
        direct = self._direct(query, hits)
        if direct is not None:
            return self._with_standing_notes(direct, query.frame)
        scores = self._match(query, qv)
        choice = self._choose(query, scores)
        declined = self._out_of_scope(query, choice, scores, hits)
        if declined is not None:
            return declined
        answer = self._decide(query, choice, scores, hits)
        if self.composer is not None and answer.found:
            previous = context.text if context is not None and query.follow_up else None
            effective = f"{previous} {query.original}" if previous else query.original
            ruling = self.catalog.rulings.get(answer.ruling_id or "")
            step = partial(self.composer.improve, answer, effective, previous, ruling, hits)
            if draft is not None:  # the caller runs the model step in its own bounded pool
                draft.llm = step
                return answer
            answer = step()
        return answer

    def _match(self, query: Query, qv: QueryVector) -> dict[str, float]:
        """Stage 3a: phrasing scores of every ruling. A follow-up that names its own act ("kalau
        nggak mundur?") is also matched on its own words, and the better score counts."""
        scores = {
            m.ruling_id: m.score for m in self.retriever.match_rulings(query.norm, qv, k=10_000)
        }
        if query.follow_up and query.text != query.original and len(act_words(query.original)) >= 2:
            own = self.normalizer.normalize(query.original)
            for m in self.retriever.match_rulings(own, self.retriever.embed(own.text), k=10_000):
                scores[m.ruling_id] = max(scores.get(m.ruling_id, 0.0), m.score)
        return scores

    def _choose(self, query: Query, scores: dict[str, float]) -> Choice:
        """Stage 3b: the applicable ruling, with the configured margins and bonuses."""
        a = self.config.answering
        return choose(
            query.frame,
            scores,
            self.catalog,
            a.family_margin,
            a.verdict_bonus,
            self.config.retrieval.faq_min_score,
            a.conflict_margin,
            a.actor_bonus,
            a.permit_min,
            a.criminal_bonus,
        )

    def _retrieve(self, query: Query) -> tuple[QueryVector, list[Scored]]:
        """Stage 2: hybrid retrieval, with the other election's law and rules that do not govern
        the asker pushed down."""
        qv = self.retriever.embed(query.norm.text)
        snap = self.retriever.snapshot()
        dense_on = qv.vector is not None and snap is not None and snap.collection is not None
        k = max(self.config.retrieval.top_k, 10)
        raw = self.retriever.search(query.norm, k * 2, qv, query.named)
        hits = [
            Scored(h.unit, h.score * self._fit(h.unit, query.frame), evidence_of(h, dense_on))
            for h in raw
        ]
        hits.sort(key=lambda h: -h.score)
        return qv, hits[:k]

    def _fit(self, unit: Unit, frame: Frame) -> float:
        scope = self.catalog.scope.get(unit.regulation)
        if scope is None:
            return 1.0
        factor = 1.0
        if frame.election != "unknown" and frame.election not in scope.elections:
            factor *= self.config.answering.other_election_penalty
        actor = frame.actor
        if actor not in ("unknown", "asn") and scope.actors and actor not in scope.actors:
            factor *= self.config.answering.other_actor_penalty
        return factor

    def _direct(self, query: Query, hits: list[Scored]) -> Answer | None:
        """Look-ups that need no ruling: a named article, or a quoted sentence."""
        k = self.config.retrieval.top_k
        indexed = {u.id: u for u in self.retriever.all_units()}
        targets = [a for a in query.articles if a.node_id is not None]
        rest = [w for w in query.norm.text.split() if w not in _REFERENCE_WORDS]
        if targets and (
            query.frame.intent in ("pasal_lookup", "definisi")
            or len(rest) <= DIRECT_LOOKUP_WORDS
            or any(
                self.catalog.corpus.regulations[t.regulation].status == "dicabut" for t in targets
            )
        ):
            found = lookup.articles(query, targets, self.catalog, indexed, hits, k)
            if found is not None:
                return found
        if not targets and scope_signals([query.text, query.norm.text]).status:
            found = lookup.revocation(query, self.catalog, indexed, hits, k)
            if found is not None:
                return found
        cfg = self.config.answering
        quotes, defs = self._lookup_indexes()
        found = lookup.definition(query, defs, self.catalog, hits, k)
        if found is not None:
            return found
        found = lookup.quote(
            query, quotes, self.catalog, hits, k, cfg.quote_min, cfg.quote_implicit_min
        )
        if found is None and query.frame.quoted_text:
            # "TNI" in a quoted sentence is "Tentara Nasional Indonesia" in the article.
            normalized = self.normalizer.normalize(query.frame.quoted_text).text
            as_normalized = replace(query, frame=replace(query.frame, quoted_text=normalized))
            found = lookup.quote(
                as_normalized, quotes, self.catalog, hits, k, cfg.quote_min, cfg.quote_implicit_min
            )
        return found

    def _lookup_indexes(self) -> tuple[lookup.QuoteIndex, list[lookup.Definition]]:
        """Quotation and definition indexes of the serving generation (built once per generation)."""
        snap = self.retriever.snapshot()
        generation = snap.generation if snap is not None else ""
        if self._quotes is None or self._quotes[0] != generation:
            units = self.retriever.all_units()
            self._quotes = (
                generation,
                lookup.QuoteIndex.build(units),
                lookup.definitions(units, self.catalog),
            )
        return self._quotes[1], self._quotes[2]

    def _out_of_scope(
        self, query: Query, choice: Choice, scores: dict[str, float], hits: list[Scored]
    ) -> Answer | None:
        """Decline questions about other areas of law or life, whatever words they borrow."""
        r, k = self.config.retrieval, self.config.retrieval.top_k
        signals = scope_signals([query.text, query.norm.text])
        score = choice.act_score  # how well the best act matched, whether or not its ruling applies
        strong = score >= r.faq_min_score + r.off_domain_extra
        off = max(
            ((rid, s) for rid, s in scores.items() if rid.startswith(OUT_OF_SCOPE)),
            key=lambda pair: pair[1],
            default=None,
        )
        channel = self.catalog.off_topic_channels.get(off[0], "") if off else ""
        if signals.elsewhere:
            return compose.off_topic(query, hits, k, channel)
        asks_about_conduct = signals.conduct and query.frame.actor in CIVIL_SERVANTS
        if (
            off is not None
            and off[1] >= score + r.off_topic_margin
            and (
                not asks_about_conduct
                or off[1] >= score + self.config.answering.off_topic_clear_margin
            )
        ):
            return compose.off_topic(query, hits, k, channel)
        # Whether a regulation Netral holds is still in force ("UU 5/2014 masih berlaku?") is
        # anchored like a question on discipline: a clear ruling match keeps it in scope.
        anchored = signals.discipline or (signals.status and bool(query.named))
        if not signals.conduct and not (
            (anchored and strong) or score >= self.config.answering.no_anchor_min
        ):
            return compose.off_topic(query, hits, k, "")
        return None

    def _decide(
        self, query: Query, choice: Choice, scores: dict[str, float], hits: list[Scored]
    ) -> Answer:
        """Stage 4: the ruling's verdict when one applies, else the articles without a verdict,
        else "not covered"."""
        r, k = self.config.retrieval, self.config.retrieval.top_k
        frame = query.frame
        retrieved = hits  # the ranking before the rulings' citations are fused in
        blend = self._blend_rulings(frame, choice, scores)
        hits = blend_rulings(hits, blend, r.ruling_weight, r.rrf_k)
        # Recording what others do is not the act recorded: no ruling on that act answers it.
        if choice.ruling is not None and choice.score >= r.faq_min_score and not frame.watching:
            units = self._cited(choice.ruling)
            # A definition must come from the units shown first; an article may be among the sources.
            depth = 0 if frame.intent == "definisi" else k
            shown = [
                *(u.regulation for u in units),
                *(h.unit.regulation for h in retrieved[:depth]),
            ]
            unheld = self._named_part_not_held(query, shown)
            if units and unheld is not None:
                return compose.decline(query, "not_in_corpus", hits, k, unheld)
            if units:
                notes = self._notes(
                    frame, [*choice.ruling.citations, *(u.id for u in units)], choice.ruling
                )
                # A note's units are cited too: a law a note quotes needs no "related" stand-in.
                cited = [*units, *(u for _, note_units in notes for u in note_units)]
                related = self._related(choice.ruling, cited, retrieved, frame)
                if query.named:
                    # The regulation the user names comes first; if the ruling does not cite it,
                    # its best-ranked unit is shown beside the ruling's.
                    units = sorted(units, key=lambda u: u.regulation not in query.named)
                    if not any(u.regulation in query.named for u in cited):
                        named = [h.unit for h in retrieved if h.unit.regulation in query.named][:1]
                        related = [*named, *(u for u in related if u not in named)][:2]
                lead = bool(query.named) and bool(related) and related[0].regulation in query.named
                return compose.from_ruling(
                    query,
                    choice.ruling,
                    units,
                    hits,
                    self.catalog,
                    k,
                    notes,
                    related,
                    lead,
                    retrieved,
                )
        if choice.ruling is None and choice.best is not None and choice.best_misfit in _WINDOW:
            timed = self._outside_window(query, choice.best, choice.best_misfit, hits)
            if timed is not None:
                return timed
        strong = [h for h in hits[:3] if h.evidence >= r.unit_min_score]
        if not strong:
            return compose.decline(query, "not_covered", hits, k)
        best = strong[0].evidence
        chosen = [h for h in strong if h.evidence >= best * 0.8][:3]
        actor_lead = ""
        if choice.best is not None and choice.best_misfit == "actor" and frame.actor != "unknown":
            ruled = sorted(choice.best.applies.actors & CIVIL_SERVANTS) or sorted(
                choice.best.applies.actors
            )
            actor_lead = texts.NO_RULING_FOR_ACTOR.format(
                ruled=texts.ACTOR_LABEL.get(ruled[0], ruled[0]),
                actor=texts.ACTOR_LABEL[frame.actor],
            )
        if frame.watching:
            return compose.from_articles(
                query, chosen, hits, self.catalog, k, template=texts.WATCHING
            )
        unheld = self._named_part_not_held(query, [h.unit.regulation for h in chosen])
        if unheld is not None:
            return compose.decline(query, "not_in_corpus", hits, k, unheld)
        return compose.from_articles(query, chosen, hits, self.catalog, k, actor_lead)

    # ── helpers ───────────────────────────────────────────────────────────────────────────────
    def _named_part_not_held(self, query: Query, shown: Sequence[str]) -> str | None:
        """A definition or article asked of a regulation the corpus holds only in part, answered by
        none of its units: say so rather than answer from another regulation ("definisi kampanye
        menurut UU 7/2017" must not be answered from UU 20/2023)."""
        if query.frame.intent not in ("definisi", "pasal_lookup") or not query.named:
            return None
        if query.named.intersection(shown):  # the regulations of the units shown
            return None
        regs = [self.catalog.corpus.regulations[r] for r in sorted(query.named)]
        if any(reg.last_article() is not None for reg in regs):
            return None  # held whole: what it lacks is not in it (handled by lookup.missing)
        return texts.PART_NOT_HELD.format(
            short=", ".join(reg.short for reg in regs), url=regs[0].source_url
        )

    def _outside_window(
        self, query: Query, ruling: Ruling, misfit: str, hits: list[Scored]
    ) -> Answer | None:
        """The act is placed outside (or maybe outside) the window the best ruling's prohibition
        holds in: quote that ruling's articles, say why its verdict does not follow, no verdict."""
        lead, window, units = query.frame.lead_time, ruling.applies.window, self._cited(ruling)
        if lead is None or window is None or not units:
            return None
        months, event = window
        template = (texts.OUTSIDE_WINDOW if misfit == "window" else texts.WINDOW_UNCLEAR).format(
            months=months,
            event=texts.WINDOW_EVENT[event],
            said=lead.said,
            said_event=texts.WINDOW_EVENT[lead.event],
            labels="{labels}",
        )
        evidence = {h.unit.id: h for h in hits}
        chosen = [evidence.get(u.id) or Scored(u, 0.0, 0.0) for u in units[:3]]
        k = self.config.retrieval.top_k
        return compose.from_articles(
            query, chosen, hits, self.catalog, k, template=template, rulings_layer=True
        )

    def _cited(self, ruling: Ruling) -> list[Unit]:
        """The indexed units a ruling cites, in citation order."""
        units: list[Unit] = []
        for ref in ruling.citations:
            units.extend(u for u in self.catalog.corpus.units_under(ref) if u not in units)
        return self.retriever.units_by_id([u.id for u in units])

    def _blend_rulings(
        self, frame: Frame, choice: Choice, scores: dict[str, float]
    ) -> list[tuple[list[Unit], float]]:
        """The applicable rulings whose cited units lift the source ranking: the chosen one first."""
        ranked = sorted(
            (rid for rid in scores if rid in self.catalog.rulings), key=lambda rid: -scores[rid]
        )
        picked: list[Ruling] = [choice.ruling] if choice.ruling is not None else []
        for rid in ranked:
            ruling = self.catalog.rulings[rid]
            if len(picked) >= 3:
                break
            if ruling not in picked and misfit(ruling.applies, frame) is None:
                picked.append(ruling)
        return [(self._cited(ruling), scores.get(ruling.id, 0.0)) for ruling in picked]

    def _with_standing_notes(self, answer: Answer, frame: Frame) -> Answer:
        """A look-up answer (an article, a quoted sentence) has no ruling, but a note that needs
        none still holds ("KASN no longer takes reports" for a question naming KASN), with its
        units cited."""
        for note, units in self._notes(frame, [c.unit_id for c in answer.citations]):
            answer.notes.append(note.text)
            cited = {c.unit_id for c in answer.citations}
            for unit in (u for u in units if u.id not in cited):
                answer.citations.append(citation_of(unit))
                answer.sources.append(Source(unit.regulation, unit.pasal, unit.label, 0.0, unit.id))
        return answer

    def _notes(
        self, frame: Frame, cited: Sequence[str], ruling: Ruling | None = None
    ) -> list[tuple[Note, list[Unit]]]:
        """Situational notes (knowledge/notes.yaml) that apply to an answer citing `cited`, given
        by `ruling` (None: a look-up answer, with no verdict)."""
        actor = frame.actor if frame.actor != "unknown" else "asn"
        verdict = ruling.verdict if ruling is not None else None
        own = set(ruling.citations) if ruling is not None else set()
        addressed = (
            {name for name, _ in (*ruling.applies.requires, *ruling.applies.excludes)}
            if ruling is not None
            else set()
        )
        out: list[tuple[Note, list[Unit]]] = []
        seen: set[str] = set()
        for note in self.catalog.knowledge.notes:
            if note.modifier is not None:
                name, value = note.modifier
                if frame.modifier(name) != value or name in addressed:
                    continue
            if actor not in note.actors or (note.verdicts and verdict not in note.verdicts):
                continue
            if note.elections != {"pemilu", "pilkada"} and frame.election not in note.elections:
                continue
            if note.intents and not set(note.intents) & set(frame.intents):
                continue
            if note.citing and not any(c.startswith(p) for c in cited for p in note.citing):
                continue
            if (own and set(note.citations) <= own) or note.text in seen:
                continue
            seen.add(note.text)
            note_units: list[Unit] = []
            for ref in note.citations:
                note_units.extend(
                    u for u in self.catalog.corpus.units_under(ref) if u not in note_units
                )
            out.append((note, self.retriever.units_by_id([u.id for u in note_units])))
        return out

    def _related(
        self, ruling: Ruling, units: Sequence[Unit], hits: Sequence[Scored], frame: Frame
    ) -> list[Unit]:
        """Strong evidence from a regulation the ruling does not cite (an admin's new article),
        if that regulation governs the asker and the election (a PNS regulation is no "other
        relevant provision" for a DPR member)."""
        cited_regs = {u.regulation for u in units}
        floor = self.config.answering.related_min_evidence
        return [
            h.unit
            for h in hits[:3]
            if h.unit.regulation not in cited_regs
            and h.evidence >= floor
            and h.unit.status != "dicabut"
            and self._fit(h.unit, frame) == 1.0
        ][:2]

    def ruling_answer(self, ruling: Ruling) -> Answer:
        """The answer a ruling gives when browsed (/faq), with its citations as sources."""
        query = understand(ruling.questions[0], None, self.catalog, self.normalizer)
        units = self._cited(ruling)
        return compose.from_ruling(
            query, ruling, units, [], self.catalog, self.config.retrieval.top_k
        )

    @staticmethod
    def clean(text: str) -> str:
        return clean(text)
