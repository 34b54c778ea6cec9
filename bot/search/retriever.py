"""Hybrid retrieval over the serving index generation: BM25 + Chroma vectors, fused by RRF.

Also matches curated rulings (FAQ phrasings) lexically and densely. Reloads by itself when
`netral index` flips the `current` pointer, so a reindex needs no restart.
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

from bot.config import Config
from bot.core.frame import strip_actor
from bot.core.normalize import Normalized
from bot.models import Unit
from bot.search.embeddings import Embedder
from bot.search.index import FilePointer, Pointer, index_dir
from bot.search.lexical import LexicalIndex
from bot.search.store import VectorCollection, make_client
from bot.search.text import analyze

log = logging.getLogger(__name__)
LEXICAL_DEPTH = 60
DENSE_DEPTH = 40
DENSE_FLOOR = 0.78
DENSE_SPAN = 0.16
NAMED_BOOST = 1.6


@dataclass(frozen=True)
class Hit:
    unit: Unit
    score: float  # fused, after the revoked penalty
    lexical: float  # raw BM25 score (0 when not in the lexical top)
    dense: float  # cosine similarity (0 when not in the dense top)
    coverage: float  # share of the question's content tokens found in the unit


@dataclass(frozen=True)
class RulingHit:
    ruling_id: str
    score: float  # 0..1
    phrasing: str


@dataclass(frozen=True)
class QueryVector:
    vector: np.ndarray | None


class Snapshot:
    """Everything one generation needs in memory; immutable once loaded."""

    def __init__(
        self, config: Config, pointer: dict[str, Any], embedder: Embedder | None, client: Any
    ) -> None:
        gdir = index_dir(config) / pointer["generation"]
        self.generation: str = pointer["generation"]
        self.meta = pointer
        self.units = [
            Unit(**u) for u in json.loads((gdir / "units.json").read_text(encoding="utf-8"))
        ]
        self.by_id = {u.id: i for i, u in enumerate(self.units)}
        self.unit_tokens = [set(analyze(f"{u.label} {u.text}")) for u in self.units]
        self.lexical = LexicalIndex.load(gdir / "bm25")
        self.phrasings: list[tuple[str, str]] = [
            (str(a), str(b))
            for a, b in json.loads((gdir / "rulings.json").read_text(encoding="utf-8"))
        ]
        self.phrasing_tokens = [act_tokens(q) for _, q in self.phrasings]
        self.idf = TokenWeights([*self.unit_tokens, *self.phrasing_tokens])
        self.phrasing_norms = [self.idf.norm(p) for p in self.phrasing_tokens]
        # Phrasings × tokens, each cell the token's squared IDF weight: one sparse product scores
        # every phrasing against a question (the lexical half of ruling matching).
        self.token_index: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for row, tokens in enumerate(self.phrasing_tokens):
            for token in tokens:
                col = self.token_index.setdefault(token, len(self.token_index))
                rows.append(row)
                cols.append(col)
                vals.append(self.idf.of(token) ** 2)
        self.phrasing_matrix = sparse.csc_matrix(
            (vals, (rows, cols)), shape=(len(self.phrasing_tokens), max(len(self.token_index), 1))
        )
        self.phrasing_norm_array = (
            np.array(self.phrasing_norms) if self.phrasing_norms else np.zeros(0)
        )
        self.vocabulary: dict[str, set[str]] = {}  # ruling id → every act token of its phrasings
        for (ruling_id, _), tokens in zip(self.phrasings, self.phrasing_tokens, strict=True):
            self.vocabulary.setdefault(ruling_id, set()).update(tokens)
        self.collection: VectorCollection | None = None
        self.ruling_vectors: np.ndarray | None = None
        usable = embedder is not None and pointer.get("embedder") == embedder.name
        if embedder is not None and not usable:
            log.warning(
                "index %s was built with %s, not %s: dense retrieval off until 'netral index'",
                self.generation,
                pointer.get("embedder"),
                embedder.name,
            )
        if usable and client is not None:
            self.collection = VectorCollection(client, f"netral-{self.generation}")
            path = gdir / "rulings.npy"
            self.ruling_vectors = np.load(path) if path.exists() else None


_NUMBERISH = re.compile(r"^[\d/.()-]+$")


def act_tokens(text: str) -> set[str]:
    """Tokens that describe the act asked about. Regulation numbers ("94/2021") are left out:
    naming a law says which law, not which ruling, and retrieval boosts the named law anyway.
    Who asks ("PNS", "PPPK", "kades") is left out too: phrasing similarity finds the act, and the
    answering stage picks the ruling on that act that applies to the asker."""
    return {t for t in analyze(strip_actor(text)) if not _NUMBERISH.match(t)}


class TokenWeights:
    """Inverse document frequency over units and phrasings; unseen tokens weigh the most."""

    def __init__(self, documents: list[set[str]]) -> None:
        df: dict[str, int] = {}
        for doc in documents:
            for token in doc:
                df[token] = df.get(token, 0) + 1
        n = max(len(documents), 1)
        self.weights = {t: math.log(1 + n / c) for t, c in df.items()}
        self.unseen = math.log(1 + n)

    def of(self, token: str) -> float:
        return self.weights.get(token, self.unseen)

    def norm(self, tokens: set[str]) -> float:
        return math.sqrt(sum(self.of(t) ** 2 for t in tokens))

    def coverage(self, query: set[str], doc: set[str]) -> float:
        """Share of the query's weight that the document contains."""
        total = sum(self.of(t) for t in query)
        return sum(self.of(t) for t in query & doc) / total if total else 0.0

    def cosine(self, query: set[str], qnorm: float, doc: set[str], dnorm: float) -> float:
        if not qnorm or not dnorm:
            return 0.0
        return sum(self.of(t) ** 2 for t in query & doc) / (qnorm * dnorm)


_MENTION = re.compile(r"\b(\d+)\s*(?:/|tahun|thn|th\.?)\s*(\d{4})\b")


def mentioned_regulations(text: str) -> set[tuple[str, str]]:
    """(number, year) pairs the question names, e.g. 'UU 5/2014' → ('5', '2014')."""
    return {(m.group(1), m.group(2)) for m in _MENTION.finditer(text.lower())}


class HybridRetriever:
    def __init__(
        self,
        config: Config,
        embedder: Embedder | None,
        client: Any = None,
        pointer: Pointer | None = None,
    ) -> None:
        self.config = config
        self.embedder = embedder
        self.pointer: Pointer = pointer or FilePointer(config)
        self._client = client
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._pointer_mtime: object = None

    @property
    def client(self) -> Any:
        if self._client is None and self.embedder is not None:
            self._client = make_client(self.config)
        return self._client

    def snapshot(self) -> Snapshot | None:
        """The serving generation, reloaded when the pointer (file or shared) changed."""
        token = self.pointer.token()
        if token is None:
            return self._snapshot
        if self._snapshot is None or token != self._pointer_mtime:
            with self._lock:
                pointer = self.pointer.read()
                if pointer and (
                    self._snapshot is None or pointer["generation"] != self._snapshot.generation
                ):
                    try:
                        self._snapshot = Snapshot(self.config, pointer, self.embedder, self.client)
                        log.info("serving index generation %s", pointer["generation"])
                    except (OSError, ValueError, KeyError, TypeError) as exc:
                        # Missing on this replica's volume, or damaged (truncated JSON, …).
                        log.error("index %s cannot be loaded here: %s", pointer["generation"], exc)
                self._pointer_mtime = token
        return self._snapshot

    def embed(self, text: str) -> QueryVector:
        return QueryVector(self.embedder.embed_query(text) if self.embedder is not None else None)

    def search(
        self,
        question: Normalized,
        k: int,
        qv: QueryVector | None = None,
        named: frozenset[str] = frozenset(),
    ) -> list[Hit]:
        """Fused ranking of units for a normalised question, best first."""
        snap = self.snapshot()
        if snap is None:
            return []
        cfg = self.config.retrieval
        lexical_scores = snap.lexical.scores(question.expanded)
        lexical_order = [
            int(i) for i in np.argsort(-lexical_scores)[:LEXICAL_DEPTH] if lexical_scores[i] > 0
        ]
        dense: dict[int, float] = {}
        dense_order: list[int] = []
        if snap.collection is not None and qv is not None and qv.vector is not None:
            try:
                for uid, sim in snap.collection.query(qv.vector, DENSE_DEPTH):
                    if uid in snap.by_id:
                        dense[snap.by_id[uid]] = sim
                        dense_order.append(snap.by_id[uid])
            except (
                Exception
            ) as exc:  # a vanished collection or a down server: lexical still answers
                log.warning("dense retrieval failed (%s): lexical only for this question", exc)
        fused: dict[int, float] = {}
        for rank, i in enumerate(lexical_order):
            fused[i] = fused.get(i, 0.0) + cfg.lexical_weight / (cfg.rrf_k + rank + 1)
        for rank, i in enumerate(dense_order):
            fused[i] = fused.get(i, 0.0) + cfg.dense_weight / (cfg.rrf_k + rank + 1)
        asked = mentioned_regulations(question.original)
        qtokens = set(analyze(question.expanded))
        hits = []
        for i, score in fused.items():
            unit = snap.units[i]
            reg_number_year = tuple(unit.regulation.split("-")[1:3])
            if (
                unit.status == "dicabut"
                and reg_number_year not in asked
                and unit.regulation not in named
            ):
                score *= cfg.revoked_penalty
            if unit.regulation in named:
                # The user named this regulation ("di PP 94/2021 ..."): its articles come first.
                score *= NAMED_BOOST
            coverage = snap.idf.coverage(qtokens, snap.unit_tokens[i])
            hits.append(Hit(unit, score, float(lexical_scores[i]), dense.get(i, 0.0), coverage))
        hits.sort(key=lambda h: -h.score)
        return hits[:k]

    def match_rulings(
        self, question: Normalized, qv: QueryVector | None = None, k: int = 3
    ) -> list[RulingHit]:
        """Best rulings for the question, score 0..1 (max over each ruling's phrasings)."""
        snap = self.snapshot()
        if snap is None or not snap.phrasings:
            return []
        qtokens = act_tokens(question.expanded)
        qnorm = snap.idf.norm(qtokens)
        columns = [snap.token_index[t] for t in qtokens if t in snap.token_index]
        if columns and qnorm:
            shared = np.asarray(snap.phrasing_matrix[:, columns].sum(axis=1)).ravel()
            with np.errstate(divide="ignore", invalid="ignore"):
                lexical = np.nan_to_num(shared / (qnorm * snap.phrasing_norm_array))
        else:
            lexical = np.zeros(len(snap.phrasings))
        if snap.ruling_vectors is not None and qv is not None and qv.vector is not None:
            cos = snap.ruling_vectors @ qv.vector
            # e5 cosines crowd into 0.75–0.95: stretch that band to 0..1 before mixing.
            dense = np.clip((cos - DENSE_FLOOR) / DENSE_SPAN, 0.0, 1.0)
            weight = self.config.retrieval.ruling_dense_weight
            scores = weight * dense + (1 - weight) * lexical
        else:
            scores = lexical
        best: dict[str, tuple[float, str]] = {}
        for (ruling_id, phrasing), score in zip(snap.phrasings, scores, strict=True):
            if ruling_id not in best or score > best[ruling_id][0]:
                best[ruling_id] = (float(score), phrasing)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])[:k]
        return [RulingHit(rid, score, phrasing) for rid, (score, phrasing) in ranked]

    def ruling_coverage(self, question: Normalized, ruling_id: str) -> float:
        """Share (IDF-weighted) of the question's act tokens that the ruling's phrasings use: a
        ruling that matched on one shared word and ignores the rest is not about this question."""
        snap = self.snapshot()
        if snap is None:
            return 0.0
        return snap.idf.coverage(act_tokens(question.text), snap.vocabulary.get(ruling_id, set()))

    def units_by_id(self, ids: list[str]) -> list[Unit]:
        snap = self.snapshot()
        if snap is None:
            return []
        return [snap.units[snap.by_id[i]] for i in ids if i in snap.by_id]

    def all_units(self) -> list[Unit]:
        snap = self.snapshot()
        return list(snap.units) if snap else []
