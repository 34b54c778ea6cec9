"""Chroma access: embedded (`PersistentClient` in the data dir) or a `chroma run` server.

Chroma never embeds for us (its default embedding function downloads a model): vectors are
always computed by our embedder and passed in, through langchain-chroma's vector store.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

from bot.config import Config

log = logging.getLogger(__name__)


class _VectorsOnly:
    """A LangChain `Embeddings` that refuses to embed: we always pass vectors ourselves."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("vectors are computed by netral's embedder, never by the vector store")

    def embed_query(self, text: str) -> list[float]:
        raise RuntimeError("vectors are computed by netral's embedder, never by the vector store")


def make_client(config: Config) -> Any:
    """A Chroma client for the configured mode, with telemetry off."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if config.chroma.host:
        return chromadb.HttpClient(
            host=config.chroma.host, port=config.chroma.port, settings=settings
        )
    path = config.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


class VectorCollection:
    """One generation's unit vectors in Chroma, wrapped by langchain-chroma."""

    def __init__(self, client: Any, name: str) -> None:
        from langchain_chroma import Chroma

        self.name = name
        self._store = Chroma(
            client=client,
            collection_name=name,
            embedding_function=_VectorsOnly(),  # type: ignore[arg-type]
            collection_metadata={"hnsw:space": "cosine"},
        )

    def add(
        self, ids: list[str], texts: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]]
    ) -> None:
        # langchain-chroma's add_texts would embed; the collection takes our vectors directly.
        collection = self._store._collection
        for start in range(0, len(ids), 500):
            end = start + 500
            collection.upsert(
                ids=ids[start:end],
                documents=texts[start:end],
                embeddings=vectors[start:end].tolist(),
                metadatas=metadatas[start:end],  # type: ignore[arg-type]  # Chroma's value union
            )

    def count(self) -> int:
        return int(self._store._collection.count())

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Nearest unit ids with cosine similarity, best first."""
        docs = self._store.similarity_search_by_vector_with_relevance_scores(vector.tolist(), k=k)
        # Chroma reports cosine distance; similarity reads more naturally in thresholds.
        return [(str(doc.id), 1.0 - float(distance)) for doc, distance in docs]


def drop_collections(client: Any, keep: set[str], prefix: str = "netral-") -> list[str]:
    """Delete our collections except `keep`; returns the names dropped."""
    dropped = []
    for name in [c if isinstance(c, str) else c.name for c in client.list_collections()]:
        if name.startswith(prefix) and name not in keep:
            try:
                client.delete_collection(name)
                dropped.append(name)
            except Exception as exc:  # a concurrent drop by another process is fine
                log.warning("could not drop collection %s: %s", name, exc)
    return dropped
