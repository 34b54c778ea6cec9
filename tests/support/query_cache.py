"""Query vectors cached by content hash across test runs, for the session's read-only services.

The evaluation sets ask ~900 questions and embedding each one is most of their time (profiled:
~77%). The vectors come from the real model the first time and are stored exactly (float32), keyed
by model name + exact text, so a warm run answers with the same vectors without recomputing them.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import numpy as np

from bot.fsutil import atomic_write, file_lock
from bot.search.embeddings import Embedder


def _load(path: Path) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    with np.load(path) as data:
        return dict(zip(data["hashes"].tolist(), data["vectors"], strict=True))


class CachedQueries:
    """An embedder whose query vectors are remembered in `<cache_dir>/queries-<name>.npz`."""

    def __init__(self, inner: Embedder, cache_dir: Path) -> None:
        self.inner = inner
        self.name = inner.name  # the index was built by this model: the snapshot checks the name
        self.dim = inner.dim
        self.path = cache_dir / f"queries-{inner.name}.npz"
        self.vectors = _load(self.path)
        self.added = 0

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.name}\nquery\n{text}".encode()).hexdigest()[:32]

    def embed_query(self, text: str) -> np.ndarray:
        key = self._key(text)
        vector = self.vectors.get(key)
        if vector is None:
            vector = self.vectors[key] = self.inner.embed_query(text).astype(np.float32)
            self.added += 1
        return vector.copy()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)

    def save(self) -> None:
        """Merge with what other xdist workers saved meanwhile, then replace the file whole."""
        if not self.added:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with file_lock(self.path.with_suffix(".lock"), wait=True):
            merged = {**_load(self.path), **self.vectors}
            buffer = io.BytesIO()
            np.savez(
                buffer,
                hashes=np.array(list(merged), dtype="U32"),
                vectors=np.stack(list(merged.values())),
            )
            atomic_write(self.path, buffer.getvalue())
        self.added = 0
