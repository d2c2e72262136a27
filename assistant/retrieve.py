"""Hybrid retrieval: dense (Chroma) and lexical (our term index, with and without diacritics),
fused, then lifted by what the question names (place, year, document number) as matched against
the document catalog; only an explicit `where` filters.

The fusion and its weights were chosen by measurement (`kehoach eval`, table in eval/README.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kehoach.assistant.config import DEFAULT, Boost, Fusion, RetrievalConfig
from kehoach.assistant.places import has_phrase
from kehoach.assistant.query import Query, analyze
from kehoach.assistant.restore import restore
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry, Chunk
from kehoach.ingest.vietnamese import fold, has_diacritics

RRF_K = 60
Ranked = Sequence[tuple[str, float]]


@dataclass
class Where:
    """Metadata filters; each set field must match (diacritics and case ignored). `issued` (ISO)
    is only lifted by: a question's date, never a filter of the command line."""

    locality: str | None = None
    year: int | None = None
    kind: str | None = None
    number: str | None = None
    issued: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.locality, self.year, self.kind, self.number, self.issued))

    def matches(self, doc: CatalogEntry) -> bool:
        if self.locality and not has_phrase(fold(doc.locality or ""), fold(self.locality)):
            return False
        if self.kind and fold(self.kind) not in fold(doc.kind or ""):
            return False
        if self.number and not _number_matches(self.number, doc.number):
            return False
        if self.issued and doc.issued != self.issued:
            return False
        if self.year is not None:
            start = doc.year_from
            if start is None or not start <= self.year <= (doc.year_to or start):
                return False
        return True

    def as_json(self) -> dict:
        return {k: v for k, v in vars(self).items() if v is not None}


def _number_matches(wanted: str, number: str | None) -> bool:
    """ "183" matches "183/KH-UBND"; "3456/QĐ" matches "3456/QĐ-UBND"; the kind code, when
    given, must agree."""
    if not number:
        return False
    wanted, number = fold(wanted).replace(" ", ""), fold(number).replace(" ", "")
    if number == wanted:
        return True
    head, _, code = wanted.partition("/")
    n_head, _, n_code = number.partition("/")
    return head == n_head and (not code or n_code.startswith(code))


EMPTY_QUESTION = "Câu hỏi trống: hãy nhập nội dung cần hỏi hoặc cần tìm."


def checked_question(question: str, max_chars: int) -> tuple[str, str | None]:
    """The question to search with, and a notice when it was cut: past `max_chars` the embedder
    reads nothing more, and every later step would only grow slower. Blank text is refused."""
    from kehoach.errors import KehoachError

    question = question.strip()
    if not question:
        raise KehoachError(EMPTY_QUESTION)
    if len(question) <= max_chars:
        return question, None
    notice = f"Câu hỏi dài {len(question):,} ký tự nên chỉ dùng {max_chars:,} ký tự đầu.".replace(",", ".")
    return question[:max_chars], notice


def parse_where(spec: str) -> Where:
    """`--where "locality=Huế,year=2025,kind=Kế hoạch,number=183"` -> Where."""
    from kehoach.errors import KehoachError

    values: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in ("locality", "year", "kind", "number") or not value.strip():
            raise KehoachError(
                f"Bộ lọc không hợp lệ: «{part}». Dùng dạng locality=Huế,year=2025,kind=Kế hoạch,number=183."
            )
        if key == "year":
            if not re.fullmatch(r"[0-9]+", value.strip()):  # isdigit() accepts "²", which int() refuses
                raise KehoachError(f"Năm không hợp lệ trong bộ lọc: «{value.strip()}».")
            values[key] = int(value)
        else:
            values[key] = value.strip()
    return Where(**values)


def where_from_question(query: Query, docs: list[CatalogEntry]) -> Where:
    """What a question names ("của Huế", "năm 2025", "kế hoạch 183") as a Where to lift by, kept
    only where some catalogued document matches, so a lift never points at nothing; several places
    or years named (a comparison) lift none of them."""
    where = Where()
    if len(query.places) == 1:
        where.locality = query.places[0]
    if len(query.years) == 1 and any(Where(year=query.years[0]).matches(d) for d in docs):
        where.year = query.years[0]
    where.number = next(
        (n for n in query.doc_numbers if any(_number_matches(n, d.number) for d in docs)), None
    )
    where.issued = next((d for d in query.dates if any(e.issued == d for e in docs)), None)
    if where and not any(where.matches(d) for d in docs):
        return Where(number=where.number, issued=where.issued)
    return where


@dataclass
class Hit:
    chunk: Chunk
    doc: CatalogEntry
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    # Each retriever's own score of the chunk ("dense": cosine), so callers need not search again.
    scores: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "doc_id": self.chunk.doc_id,
            "source": self.doc.source,
            "number": self.doc.number,
            "title": self.doc.title,
            "locality": self.doc.locality,
            "year": self.doc.years,
            "section": self.chunk.section,
            "text": self.chunk.text,
            "page": self.chunk.page,
            "start": self.chunk.start,
            "end": self.chunk.end,
            "score": round(self.score, 6),
        }


def fuse(
    ranked: Mapping[str, Ranked], weights: dict[str, float], method: str = "rrf"
) -> list[tuple[str, float]]:
    """Weighted reciprocal-rank fusion (robust to the retrievers' incomparable score scales), or
    a weighted sum of min-max normalised scores ("linear")."""
    scores: dict[str, float] = {}
    for name, items in ranked.items():
        weight = weights.get(name, 1.0)
        if method == "rrf":
            for rank, (item_id, _) in enumerate(items, 1):
                scores[item_id] = scores.get(item_id, 0.0) + weight / (RRF_K + rank)
            continue
        if not items:
            continue
        values = [s for _, s in items]
        low, span = min(values), (max(values) - min(values)) or 1.0
        for item_id, score in items:
            scores[item_id] = scores.get(item_id, 0.0) + weight * (score - low) / span
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def dense_text(index: Index, query: str) -> str:
    """The question as the dense model should read it: typed without diacritics, with them restored
    from the corpus's own words (chunks and targets alike)."""
    return query if has_diacritics(query) else restore(query, *index.vocabulary(query)).text


def candidates(
    index: Index, query: str, depth: int, doc_ids: list[str] | None, common: float
) -> dict[str, Ranked]:
    """Each retriever's own ranking, `depth` deep: the input of `fuse`. A query typed without
    diacritics reaches both with them restored from the corpus's own words (the lexical side
    matches folded too, so a word restored wrongly still counts); the lexical side leaves out the
    terms more than a `common` share of the chunks hold."""
    query = dense_text(index, query)
    return {
        "dense": index.dense_search(query, depth, doc_ids),
        "lexical": index.lexical_search(query, depth, doc_ids, common),
    }


def rank(ranked: dict[str, Ranked], fusion: Fusion) -> list[tuple[str, float]]:
    """Fuse rankings (possibly fetched deeper than `fusion.depth`) under one fusion setting."""
    cut = {name: list(items)[: fusion.depth] for name, items in ranked.items()}
    return fuse(cut, {"dense": fusion.dense, "lexical": fusion.lexical}, fusion.method)


def filter_ids(docs: dict[str, CatalogEntry], where: Where) -> list[str] | None:
    return [i for i, d in docs.items() if where.matches(d)] if where else None


@functools.lru_cache(maxsize=4)
def document_openings(index: Index, doc_ids: tuple[str, ...], opening: int) -> dict[str, str]:
    """Each document's folded opening, where a header names its place when the catalog could not."""
    return {doc_id: " ".join(fold(index.text(doc_id)[:opening]).split()) for doc_id in doc_ids}


def lift(prefer: Where, doc: CatalogEntry, opening: str, boost: Boost) -> float:
    """What the question names and the document matches, as a score to add: a place counts when
    the catalog's locality holds it, or, with the locality unknown, when the opening names it;
    an unknown year or number adds nothing and takes nothing away."""
    total = 0.0
    if prefer.locality:
        known = doc.locality is not None
        if Where(locality=prefer.locality).matches(doc) or (
            not known and has_phrase(opening, fold(prefer.locality))
        ):
            total += boost.locality
    if prefer.year is not None and Where(year=prefer.year).matches(doc):
        total += boost.year
    if prefer.number and Where(number=prefer.number).matches(doc):
        total += boost.number
    if prefer.issued and Where(issued=prefer.issued).matches(doc):
        total += boost.issued
    return total


def boosted(
    index: Index,
    fused: list[tuple[str, float]],
    prefer: Where,
    docs: dict[str, CatalogEntry],
    config: RetrievalConfig = DEFAULT.retrieval,
) -> list[tuple[str, float]]:
    """`fused` re-ranked with each passage's document lifted by what the question names."""
    if not prefer or not fused:
        return fused
    openings = document_openings(index, tuple(sorted(docs)), config.opening)
    lifts = {
        doc_id: lift(prefer, doc, openings.get(doc_id, ""), config.boost) for doc_id, doc in docs.items()
    }
    owner = {c.chunk_id: c.doc_id for c in index.chunks([cid for cid, _ in fused])}
    scored = [(cid, score + lifts.get(owner.get(cid, ""), 0.0)) for cid, score in fused]
    return sorted(scored, key=lambda kv: kv[1], reverse=True)


def search(
    index: Index,
    query: str,
    k: int = 5,
    where: Where | None = None,
    config: RetrievalConfig = DEFAULT.retrieval,
    prefer: Where | None = None,
    analysis: Query | None = None,
    within: Sequence[str] | None = None,
) -> list[Hit]:
    """The top `k` passages. An explicit `where` filters; otherwise what the query names (or
    `prefer`, one side of a comparison) only lifts matching documents, so a document whose
    catalog lacks the field is still found through its text; `within` (one side's documents)
    restricts the search like a filter."""
    docs = {d.doc_id: d for d in index.documents()}
    if not docs or not query.strip():
        return []
    doc_ids = filter_ids(docs, where) if where is not None else (list(within) if within is not None else None)
    if doc_ids == []:
        return []
    if where is None and prefer is None:
        prefer = where_from_question(analysis or analyze(query, list(docs.values())), list(docs.values()))
    ranked = candidates(index, query, config.fusion.depth, doc_ids, config.lexical_common)
    fused = rank(ranked, config.fusion)
    fused = boosted(index, fused, prefer or Where(), docs, config)[:k]
    positions = {name: {cid: r for r, (cid, _) in enumerate(items, 1)} for name, items in ranked.items()}
    raw = {name: dict(items) for name, items in ranked.items()}
    chunks = {c.chunk_id: c for c in index.chunks([cid for cid, _ in fused])}
    return [
        Hit(
            chunk=chunks[cid],
            doc=docs[chunks[cid].doc_id],
            score=score,
            ranks={name: pos[cid] for name, pos in positions.items() if cid in pos},
            scores={name: values[cid] for name, values in raw.items() if cid in values},
        )
        for cid, score in fused
        if cid in chunks
    ]
