"""BM25 over Sastrawi-stemmed tokens (bm25s), saved with each index generation."""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from bot.search.text import analyze


class LexicalIndex:
    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        model = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
        # An empty document still needs a token so bm25s keeps its row.
        model.index([analyze(t) or ["_"] for t in texts], show_progress=False)
        return cls(model, len(texts))

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)
        (directory / "size.json").write_text(json.dumps({"size": self.size}), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        model = bm25s.BM25.load(str(directory), show_progress=False)
        size = json.loads((directory / "size.json").read_text(encoding="utf-8"))["size"]
        return cls(model, size)

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every document for `text` (zeros when no token is known)."""
        tokens = [t for t in analyze(text) if t in self._model.vocab_dict]
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    def rank(self, text: str, k: int) -> list[tuple[int, float]]:
        scores = self.scores(text)
        top = np.argsort(-scores)[:k]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
