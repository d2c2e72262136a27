"""The refusal gate: whether the retrieved passages answer the question, from several signals.

Overall relevance (the best passage's dense cosine and IDF coverage of the question's topic) is
weighed against evidence that the documents found are about something else: topic words the best
documents never use ("đào tạo phi công" asked of plans about children), a place, a year or a
figure the question names that the best document does not hold. A place that no loaded document
mentions at all is answered as such (`unknown_place`, which ask() checks before any route).
Thresholds and penalties are GateConfig's, fitted on the wild dev split (eval/README.md)."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import asdict, dataclass

from kehoach.assistant.config import GateConfig
from kehoach.assistant.query import Query, has_phrase
from kehoach.assistant.rank import Passage, holds_count
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, words

# Documents whose words count as "the documents found".
BEST_DOCUMENTS = 3


@functools.lru_cache(maxsize=512)
def _document_words(index: Index, doc_id: str) -> tuple[frozenset[str], frozenset[str], str]:
    """A document's words as written and folded, and its folded text (for place names)."""
    text = index.text(doc_id)
    written = frozenset(words(text))
    return written, frozenset(fold(w) for w in written), " ".join(fold(text).split())


@dataclass(frozen=True)
class Evidence:
    """The gate's signals for one question; `score` weighs them under a GateConfig, so a sweep
    re-weighs a finished run without asking again."""

    relevance: float
    year_mismatch: bool = False
    place_missing: bool = False
    figure_missing: bool = False
    # IDF share of the question's topic words that none of the best documents holds.
    absent: float = 0.0

    def score(self, gate: GateConfig) -> float:
        absent = gate.absent_topic * self.absent if self.absent >= gate.absent_share else 0.0
        missing = gate.place_missing * self.place_missing + gate.figure_missing * self.figure_missing
        return self.relevance - gate.year_mismatch * self.year_mismatch - missing - absent

    def refuses(self, gate: GateConfig) -> bool:
        return self.score(gate) < gate.threshold

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Evidence:
        """Evidence recorded by a run (keys it does not know are ignored)."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def relevance(query: Query, passages: list[Passage], dense: dict[int, float], gate: GateConfig) -> float:
    """The best passage's relevance: `dense_share` of its chunk's dense cosine (`dense` by rank)
    and the rest its IDF coverage; when the question asks "how many", a passage without a figure
    cannot answer it and counts `no_figure` less."""

    def one(p: Passage) -> float:
        penalty = gate.no_figure if query.counts and not holds_count(p.quote) else 0.0
        return gate.dense_share * dense.get(p.rank, 0.0) + (1 - gate.dense_share) * p.coverage - penalty

    return max(map(one, passages), default=0.0)


def _absent_share(query: Query, index: Index, best: list[str]) -> float:
    """IDF-weighted (over documents, counted at ingest) share of the question's topic words that
    none of the `best` documents holds, as written when the question has diacritics ("phi" is not
    "phí")."""
    if not query.words or not best:
        return 0.0
    slot = 0 if query.accented else 1
    counts, n = index.document_frequencies(query.words, folded=bool(slot))
    sets = [_document_words(index, doc_id)[slot] for doc_id in best]
    total = absent = 0.0
    for word in query.words:
        weight = math.log((n + 1) / (counts[word] + 0.5))
        total += weight
        absent += weight * all(word not in s for s in sets)
    return absent / total if total else 0.0


def year_mismatch(query: Query, doc: CatalogEntry, folded_text: str) -> bool:
    """Whether the question names one year ("năm 2020", not a period or a date) that `doc` does
    not cover: outside its known years, or, with those unknown, absent from its text."""
    if len(query.years) != 1:
        return False
    year = query.years[0]
    if doc.year_from is not None:
        return not doc.year_from <= year <= (doc.year_to or doc.year_from)
    return str(year) not in folded_text


def _holds_figure(figure: str, folded_text: str) -> bool:
    number = re.escape(figure.rstrip("% ").replace(",", ".")).replace(r"\.", "[.,]")
    return re.search(rf"(?<![\d.,]){number}\s*%", folded_text) is not None


def unknown_place(query: Query, index: Index, gate: GateConfig) -> str | None:
    """A place the question names with its level word ("tỉnh Cà Mau") that no document mentions:
    the lexical index offers the chunks that may hold it, and none does."""
    for name in query.place_phrases:
        phrase = fold(name)
        texts = index.texts_with_phrase(name, gate.place_candidates)
        if not any(has_phrase(" ".join(fold(text).split()), phrase) for text in texts):
            return name
    return None


def evidence(
    query: Query, index: Index, found: float, best_docs: list[CatalogEntry], compared: bool = False
) -> Evidence:
    """The signals for and against answering with relevance `found` from `best_docs` (best first);
    a comparison's sides each name their own place or year, so those are not held against it."""
    best = [d.doc_id for d in best_docs[:BEST_DOCUMENTS]]
    if not best_docs:
        return Evidence(found)
    top = best_docs[0]
    top_text = _document_words(index, top.doc_id)[2]
    names = set(query.places) | {fold(p) for p in query.place_phrases}
    located = " ".join(fold(top.locality or "").split())
    return Evidence(
        relevance=round(found, 4),
        year_mismatch=not compared and year_mismatch(query, top, top_text),
        place_missing=not compared and any(not has_phrase(f"{located} {top_text}", n) for n in names),
        figure_missing=any(not _holds_figure(f, top_text) for f in query.figures),
        absent=round(_absent_share(query, index, best), 4),
    )
