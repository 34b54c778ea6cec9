"""Index generations: build a new one beside the serving one, probe it, flip `current`.

Layout under `<data_dir>/index/`:
    current              JSON pointer to the serving generation (replaced atomically)
    <generation>/        units.json, bm25/, rulings.json, rulings.npy, meta.json
    embcache/<model>.npz content-hash → vector, so unchanged units are not embedded again
Dense vectors live in the Chroma collection `netral-<generation>`.
A failure at any step leaves `current` and its generation untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.config import Config
from bot.corpus.knowledge import Knowledge
from bot.corpus.loader import Corpus
from bot.fsutil import LockBusy, atomic_write, file_lock
from bot.models import Unit
from bot.search.embeddings import Embedder
from bot.search.lexical import LexicalIndex
from bot.search.store import VectorCollection, drop_collections, make_client

log = logging.getLogger(__name__)
OUT_OF_SCOPE = "oos:"  # prefix of out-of-scope examples among the ruling phrasings
Progress = Callable[[str, int, int], None]


class IndexError_(Exception):
    """Building or loading an index failed; the serving generation is untouched."""


@dataclass(frozen=True)
class BuildReport:
    generation: str
    units: int
    embedded: int  # vectors computed in this build
    reused: int  # vectors taken from the cache
    seconds: float
    dropped: list[str]


def index_dir(config: Config) -> Path:
    return config.data_dir / "index"


def read_pointer(config: Config) -> dict[str, Any] | None:
    """The serving generation's pointer, or None when no index was built yet."""
    try:
        return json.loads((index_dir(config) / "current").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class Pointer(Protocol):
    """Where the serving generation is recorded: the `current` file (one machine), or the
    shared store when replicas serve from a Chroma server (bot.store.pointer)."""

    def read(self) -> dict[str, Any] | None: ...

    def write(self, meta: dict[str, Any]) -> None: ...

    def token(self) -> object:
        """A cheap value that changes whenever the pointer does (None: no pointer yet)."""
        ...


class FilePointer:
    """`<data_dir>/index/current`, replaced atomically; its mtime is the change token."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.path = index_dir(config) / "current"

    def read(self) -> dict[str, Any] | None:
        return read_pointer(self.config)

    def write(self, meta: dict[str, Any]) -> None:
        _write_json(self.path, meta)

    def token(self) -> object:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return None


EMBED_MAX_CHARS = 1200


def unit_text_for_embedding(unit: Unit) -> str:
    """Label and text, cut where e5 stops paying attention anyway (512 tokens): long units
    cost quadratically more to embed and their opening already says what they are about."""
    return f"{unit.label}\n{unit.text}"[:EMBED_MAX_CHARS]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class EmbeddingCache:
    """Content-hash → vector for one embedder, kept as one .npz file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self.vectors = dict(zip(data["hashes"].tolist(), data["vectors"], strict=True))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        hashes = np.array(list(self.vectors), dtype="U32")
        vectors = (
            np.stack(list(self.vectors.values())) if self.vectors else np.zeros((0, 1), np.float32)
        )
        buffer = io.BytesIO()
        np.savez(buffer, hashes=hashes, vectors=vectors)
        atomic_write(self.path, buffer.getvalue())


def embed_all(
    texts: list[str],
    embedder: Embedder,
    cache: EmbeddingCache,
    batch: int,
    progress: Progress | None,
    stage: str,
) -> tuple[np.ndarray, int]:
    """Vectors for `texts`, computing only those whose hash is not cached."""
    hashes = [_hash(f"{embedder.name}\n{t}") for t in texts]
    # Batches of similar length waste no work on padding.
    missing = sorted(
        {h: i for i, h in enumerate(hashes) if h not in cache.vectors}.items(),
        key=lambda x: len(texts[x[1]]),
    )
    done = 0
    for start in range(0, len(missing), batch):
        chunk = missing[start : start + batch]
        vectors = embedder.embed_passages([texts[i] for _, i in chunk])
        for (h, _), vector in zip(chunk, vectors, strict=True):
            cache.vectors[h] = vector.astype(np.float32)
        done += len(chunk)
        if progress:
            progress(stage, done, len(missing))
    if not texts:
        return np.zeros((0, embedder.dim), np.float32), 0
    return np.stack([cache.vectors[h] for h in hashes]), len(missing)


@contextlib.contextmanager
def build_lock(config: Config) -> Iterator[None]:
    """One build at a time per data dir (the bot and the admin CLI may both try)."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(file_lock(index_dir(config) / ".lock"))
        except LockBusy:
            raise IndexError_(
                "another index build is running; try again when it finishes"
            ) from None
        yield


def _write_json(path: Path, data: Any) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False))


def _probe(
    generation_dir: Path,
    units: list[Unit],
    collection: VectorCollection | None,
    vectors: np.ndarray | None,
) -> None:
    """Sanity checks before the flip: counts, and a probe that finds a known unit."""
    if not units:
        raise IndexError_("the corpus has no units: nothing to index")
    lexical = LexicalIndex.load(generation_dir / "bm25")
    if lexical.size != len(units):
        raise IndexError_(f"BM25 holds {lexical.size} documents for {len(units)} units")
    probe = max(units, key=lambda u: len(u.text))
    ranked = lexical.rank(probe.text, 5)
    if probe.id not in {units[i].id for i, _ in ranked}:
        raise IndexError_("lexical probe failed: a unit's own text does not find it")
    if collection is not None and vectors is not None:
        if collection.count() != len(units):
            raise IndexError_(f"Chroma holds {collection.count()} vectors for {len(units)} units")
        index = units.index(probe)
        hits = [uid for uid, _ in collection.query(vectors[index], 3)]
        if probe.id not in hits:
            raise IndexError_("dense probe failed: a unit's own vector does not find it")


def build_index(
    config: Config,
    corpus: Corpus,
    knowledge: Knowledge,
    embedder: Embedder | None,
    progress: Progress | None = None,
    client: Any = None,
    pointer: Pointer | None = None,
) -> BuildReport:
    """Build a new generation and make it the serving one.

    Args:
        config: the validated configuration (data dir, Chroma mode, batch size).
        corpus: the loaded corpus; it must have no problems.
        knowledge: rulings whose phrasings are embedded for matching.
        embedder: dense backend, or None for a lexical-only index.
        progress: called as (stage, done, total) while embedding.
        client: an open Chroma client to reuse (one is made when None).
        pointer: also flip this pointer (the shared one of a scaled-out deployment).

    Returns:
        What was built. Raises IndexError_ (serving generation untouched) on any failure.
    """
    if corpus.problems:
        raise IndexError_(
            f"the corpus has {len(corpus.problems)} problem(s): run 'netral corpus validate'"
        )
    started = time.perf_counter()
    root = index_dir(config)
    with build_lock(config):
        generation = time.strftime("g%Y%m%d-%H%M%S-") + os.urandom(3).hex()
        gdir = root / generation
        gdir.mkdir(parents=True)
        collection: VectorCollection | None = None
        client = client if client is not None or embedder is None else make_client(config)
        try:
            units = corpus.units
            _write_json(gdir / "units.json", [asdict(u) for u in units])
            LexicalIndex.build([f"{u.label}\n{u.text}" for u in units]).save(gdir / "bm25")
            phrasings = [(r.id, q) for r in knowledge.rulings for q in r.questions]
            phrasings += [
                (f"{OUT_OF_SCOPE}{e.id}", q) for e in knowledge.out_of_scope for q in e.questions
            ]
            _write_json(gdir / "rulings.json", phrasings)
            embedded = reused = 0
            vectors = None
            if embedder is not None:
                cache_dir = config.embeddings.cache_dir
                cache_dir = config.resolve(cache_dir) if cache_dir else root / "embcache"
                cache = EmbeddingCache(cache_dir / f"{embedder.name}.npz")
                texts = [unit_text_for_embedding(u) for u in units]
                vectors, embedded = embed_all(
                    texts, embedder, cache, config.embeddings.batch_size, progress, "units"
                )
                rvectors, rembedded = embed_all(
                    [q for _, q in phrasings],
                    embedder,
                    cache,
                    config.embeddings.batch_size,
                    progress,
                    "rulings",
                )
                np.save(gdir / "rulings.npy", rvectors)
                embedded += rembedded
                reused = len(units) + len(phrasings) - embedded
                cache.save()
                collection = VectorCollection(client, f"netral-{generation}")
                metadatas = [
                    {"regulation": u.regulation, "pasal": u.pasal, "status": u.status}
                    for u in units
                ]
                collection.add([u.id for u in units], [u.text for u in units], vectors, metadatas)
            _probe(gdir, units, collection, vectors)
            meta = {
                "generation": generation,
                "units": len(units),
                "rulings": len(knowledge.rulings),
                "embedder": embedder.name if embedder else None,
                "dim": embedder.dim if embedder else 0,
                "chroma": f"{config.chroma.host}:{config.chroma.port}"
                if config.chroma.host
                else "embedded",
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            }
            _write_json(gdir / "meta.json", meta)
        except BaseException as exc:
            shutil.rmtree(gdir, ignore_errors=True)
            if collection is not None:
                with contextlib.suppress(Exception):
                    client.delete_collection(collection.name)
            if isinstance(exc, IndexError_):
                raise
            raise IndexError_(
                f"index build failed ({exc.__class__.__name__}: {exc}); the serving index is unchanged"
            ) from exc
        _write_json(root / "current", meta)
        if pointer is not None and not isinstance(pointer, FilePointer):
            pointer.write(meta)
        dropped = _drop_old(root, generation, client)
    return BuildReport(
        generation, len(units), embedded, reused, time.perf_counter() - started, dropped
    )


def _drop_old(root: Path, keep: str, client: Any) -> list[str]:
    dropped = []
    for path in root.iterdir():
        if path.is_dir() and path.name.startswith("g") and path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
            dropped.append(path.name)
    if client is not None:
        drop_collections(client, {f"netral-{keep}"})
    return dropped
