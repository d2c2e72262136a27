"""The plain baseline the evaluation measures against: dense-only retrieval over fixed
1,000-character chunks, same embedder, no sections, no headers, no lexical side, no filters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kehoach.ingest.embed import Embedder

CHUNK_CHARS = 1000


def fixed_chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Consecutive (start, end) spans of `size` characters, blind to sentences and sections."""
    starts = range(0, len(text), size)
    return [(s, min(s + size, len(text))) for s in starts if text[s : s + size].strip()]


@dataclass
class BaselineIndex:
    """In-memory: (doc_id, start, end) per chunk and their unit vectors."""

    embedder: Embedder
    spans: list[tuple[str, int, int]]
    vectors: np.ndarray

    @classmethod
    def build(cls, embedder: Embedder, texts: dict[str, str], size: int = CHUNK_CHARS) -> BaselineIndex:
        spans = [(doc_id, s, e) for doc_id, text in texts.items() for s, e in fixed_chunks(text, size)]
        vectors = embedder.passages([texts[d][s:e] for d, s, e in spans])
        return cls(embedder, spans, vectors)

    def search(self, query: str, k: int = 5) -> list[tuple[str, float]]:
        """(doc_id, cosine) of the `k` nearest chunks, best first."""
        if not self.spans:
            return []
        scores = self.vectors @ np.asarray(self.embedder.query(query)).reshape(-1)
        best = np.argsort(-scores)[:k]
        return [(self.spans[i][0], float(scores[i])) for i in best]
