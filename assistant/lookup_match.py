"""Which stored targets a target question means, beyond shared words: the embedder's lead for one
indicator when the question words it differently ("nắm được luật lệ" for "nắm được các quy định"),
two targets that together cover a question asking both, and the years it names, as deadlines or as
the base a change is measured from ("so với năm 2015").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Protocol, TypeVar

from kehoach.assistant.config import LookupConfig
from kehoach.assistant.indicators import folded_words, indicator_key
from kehoach.assistant.rank import coverage
from kehoach.ingest.records import CatalogEntry, Target


class _Row(Protocol):
    doc_id: str
    deadline: int | None
    statement: str


Row = TypeVar("Row", bound=_Row)


def semantic_credit(
    dense: Iterable[tuple[str, float]], targets: dict[str, Target], topic: list[str], config: LookupConfig
) -> dict[str, float]:
    """Coverage points for the targets of the one indicator the embedder ranks first, in proportion
    to its lead in cosine similarity over the best target of any other indicator (capped). None for
    an indicator that lacks a number of the topic: "dưới 5 tuổi" is not "sơ sinh" however close."""
    best: dict[str, float] = {}
    for tid, sim in dense:
        if tid in targets:
            best.setdefault(indicator_key(targets[tid].indicator), sim)
    if not best:
        return {}
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    key, top = ranked[0]
    lead = top - (ranked[1][1] if len(ranked) > 1 else 0.0)
    credit = min(config.similarity_weight * lead, config.similarity_credit)
    numbers = {t for t in topic if t.isdigit()}
    held = [tid for tid, t in targets.items() if indicator_key(t.indicator) == key]
    if credit <= 0 or not held or not numbers <= set(folded_words(targets[held[0]].indicator).split()):
        return {}
    return dict.fromkeys(held, credit)


def in_years(rows: list[Row], years: tuple[int, ...], docs: dict[str, CatalogEntry]) -> list[Row]:
    """Rows due in a year the question names; else the rows of plans covering that year."""
    if not years:
        return rows
    due = [r for r in rows if r.deadline in years]
    return due or [r for r in rows if any(r.doc_id in docs and _covers(docs[r.doc_id], y) for y in years)]


def from_base(rows: list[Row], base_years: tuple[int, ...], docs: dict[str, CatalogEntry]) -> list[Row]:
    """Rows whose change is measured from a base year the question names: the statement names it,
    or the plan begins in it or the year after (a plan for 2016-2020 compares with 2015)."""
    if not base_years:
        return rows
    return [
        r
        for r in rows
        if any(str(y) in r.statement for y in base_years)
        or (r.doc_id in docs and docs[r.doc_id].year_from in {y + d for y in base_years for d in (0, 1)})
    ]


def _covers(doc: CatalogEntry, year: int) -> bool:
    start, end = doc.year_from, doc.year_to
    return start is not None and start <= year <= (end or start)


def paired_cover(
    targets: dict[str, Target],
    terms: dict[str, frozenset[str]],
    weights: dict[str, float],
    covered: dict[str, float],
    config: LookupConfig,
    parts: int = 1,
) -> dict[str, float]:
    """Two targets of one document that together cover what neither does alone, each given the
    pair's coverage: a question with two parts gets both (none when one target already covers a
    question that asks one value: "bao nhiêu ngôi nhà ... và bao nhiêu trường học" asks two)."""
    if parts < 2 and max(covered.values(), default=1.0) >= config.answer_coverage:
        return {}
    best = sorted(covered, key=lambda tid: -covered[tid])[: config.pair_candidates]
    out: dict[str, float] = {}
    for a, b in itertools.combinations(best, 2):
        if targets[a].doc_id != targets[b].doc_id:
            continue
        union = coverage(weights, terms[a] | terms[b])
        if union >= config.answer_coverage and union - max(covered[a], covered[b]) >= config.pair_gain:
            out[a], out[b] = max(out.get(a, 0.0), union), max(out.get(b, 0.0), union)
    return out
