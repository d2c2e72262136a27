"""The refusal gate's own coverage of the question: how much of what is asked the best passages
hold, judged so that wording unlike the plans' does not read as a missing topic.

The ranking weighs topic terms by inverse sentence frequency, where a term no sentence holds weighs
most: right for ranking, but the gate then reads "muốn", "nhắc", "kéo xuống", "chết" (the plans
write "phấn đấu", "yêu cầu", "giảm", "tử vong") as the heaviest topic a passage lacks. Here a term
no sentence of the corpus holds weighs `unseen_weight` of that (what no plan holds is weighed
apart, by the `absent_topic` and `absent_pair` signals), and a term the best passages lack is
credited by how close the embedder puts it to the passage's own words and word pairs, from
`soft_low` (nothing) to `soft_high` (fully). Measured in eval/README.md ("Gate coverage")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from kehoach.assistant.config import GateConfig
from kehoach.assistant.query import Query
from kehoach.assistant.rank import Passage, heading_line
from kehoach.ingest.embed import Embedder
from kehoach.ingest.vietnamese import fold, terms

# Word vectors kept per embedder: the same plan words recur from question to question.
_VECTORS: dict[tuple[int, str], np.ndarray] = {}
_KEPT = 50_000


def weights(ranked: dict[str, float], frequencies: Counter[str], gate: GateConfig) -> dict[str, float]:
    """The ranking's weights, with a term that no sentence holds (nor, for a pair, either of its
    syllables) weighing `gate.unseen_weight` times as much."""

    def unseen(term: str) -> bool:
        return not any(frequencies[t] for t in (term, *term.split("_")))

    return {t: w * gate.unseen_weight if unseen(t) else w for t, w in ranked.items()}


def _vectors(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    new = [t for t in dict.fromkeys(texts) if (id(embedder), t) not in _VECTORS]
    if new:
        if len(_VECTORS) + len(new) > _KEPT:
            _VECTORS.clear()
        for text, vector in zip(new, embedder.passages(new), strict=True):
            _VECTORS[(id(embedder), text)] = vector
    return np.array([_VECTORS[(id(embedder), t)] for t in texts], dtype=np.float32)


def _credits(query: Query, passage: Passage, embedder: Embedder, gate: GateConfig) -> dict[str, float]:
    """Each term the passage lacks, credited 0..1 by its best cosine to the passage's words and word
    pairs (its sentence and section heading, as written)."""
    if not passage.missing:
        return {}
    written = {fold(t): t.replace("_", " ") for t in terms(query.text)}
    asked = [written.get(t, t.replace("_", " ")) for t in passage.missing]
    text = f"{passage.quote} {heading_line(passage.document, passage.start)}"
    held = list(dict.fromkeys(t.replace("_", " ") for t in terms(text)))
    if not held:
        return {}
    best = (_vectors(embedder, asked) @ _vectors(embedder, held).T).max(axis=1)
    span = gate.soft_high - gate.soft_low
    return {
        t: float(np.clip((c - gate.soft_low) / span, 0.0, 1.0))
        for t, c in zip(passage.missing, best, strict=True)
    }


def credited(
    query: Query,
    passages: list[Passage],
    wanted: dict[str, float],
    dense: dict[int, float],
    embedder: Embedder,
    gate: GateConfig,
) -> list[Passage]:
    """`passages` (scored on `wanted`), the `gate.soft_passages` most relevant with their coverage
    raised by the credits of the terms they lack; the others as they were."""
    if gate.soft_passages <= 0 or not passages:
        return passages

    def relevant(p: Passage) -> float:
        return gate.dense_share * dense.get(p.rank, 0.0) + (1 - gate.dense_share) * p.coverage

    top = {id(p) for p in sorted(passages, key=relevant, reverse=True)[: gate.soft_passages]}
    total = sum(wanted.values())
    out = []
    for p in passages:
        if id(p) in top and total:
            credit = _credits(query, p, embedder, gate)
            soft = sum(wanted[t] * c for t, c in credit.items()) / total
            p = replace(p, coverage=min(1.0, p.coverage + soft))
        out.append(p)
    return out
