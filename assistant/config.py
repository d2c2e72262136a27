"""Retrieval settings in one place: how the two rankings are fused and how much a document whose
catalog matches what the question names is lifted. Defaults are chosen by measurement
(eval/README.md; the metadata boosts on the wild set's dev split only)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fusion:
    """How the dense and lexical rankings are combined: "rrf" (weighted reciprocal rank) or
    "linear" (min-max normalised scores, weighted sum); `depth` candidates from each retriever."""

    method: str = "rrf"
    dense: float = 1.0
    lexical: float = 1.0
    depth: int = 50

    @property
    def label(self) -> str:
        return f"{self.method} dense={self.dense:g} lexical={self.lexical:g} depth={self.depth}"


@dataclass(frozen=True)
class Boost:
    """Added to a passage's fused score (0..1 under linear fusion) when its document's catalog
    matches the place, year or document number the question names. A boost re-ranks and never
    removes: a document whose field is unknown gets nothing and keeps its own score."""

    locality: float = 0.2
    year: float = 0.05
    number: float = 0.4


@dataclass(frozen=True)
class RetrievalConfig:
    # Best hit@1 of the sweep on eval/qa.jsonl: lexical evidence (numbers, names, document
    # numbers) outweighs the small dense model on these questions.
    fusion: Fusion = Fusion("linear", dense=0.3, lexical=0.7, depth=50)
    boost: Boost = field(default_factory=Boost)


RETRIEVAL = RetrievalConfig()
