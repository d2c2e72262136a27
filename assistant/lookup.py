"""Target lookup: which documents set a target, with what value, and who is responsible for it.

Targets ("chỉ tiêu") come from ingestion as records; this module finds them by meaning (dense
search over target texts) and by words (lexical, diacritics optional), understands numeric
conditions in the query ("trên 95%", "năm 2030"), and lines up the same indicator across
documents through a small synonym table ("thể thấp còi" = "thể chiều cao theo tuổi").
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import asdict, dataclass, field

from kehoach.assistant.config import DEFAULT, LookupConfig
from kehoach.assistant.indicators import (
    count_unit,
    expand_query,
    folded_words,
    indicator_key,
    render_value,
    target_terms,
    topic_terms,
)
from kehoach.assistant.lookup_match import from_base, in_years, paired_cover, semantic_credit
from kehoach.assistant.places import target_places
from kehoach.assistant.query import (
    Query,
    analyze,
    asks_which_document,
    is_responsibility_question,
    responsibility_topic,
    values_asked,
)
from kehoach.assistant.query_target import Condition
from kehoach.assistant.rank import coverage, idf
from kehoach.assistant.retrieve import dense_text, fuse, search
from kehoach.assistant.sentences import sentence_spans
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry, Target, document_label, document_name
from kehoach.ingest.vietnamese import fold


@dataclass
class TargetRow:
    """One target with its document's citation data; `indicator_key` lines up the same indicator
    across documents (folded, synonyms mapped, word order ignored)."""

    doc_id: str
    number: str | None
    locality: str | None
    level: str | None
    year: str | None
    label: str | None
    indicator: str
    comparator: str
    value: float | None
    value_max: float | None
    unit: str | None
    deadline: int | None
    statement: str
    section: str
    agencies: list[str]
    source: str
    score: float
    indicator_key: str
    start: int
    end: int
    title: str | None = None
    target_id: str = ""
    # "target": a parsed target; "passage": a sentence of a document that sets no matching target,
    # returned when a question asks which document says something.
    kind: str = "target"

    @property
    def rendered(self) -> str:
        """The value in words: "trên 95%", "dưới 1/1.000 trẻ đẻ sống", "từ 2% đến 3%", "4 cặp"."""
        if self.kind != "target":
            return ""
        return render_value(self.comparator, self.value, self.value_max, self.unit)

    @property
    def doc_label(self) -> str:
        return document_label(document_name(self.number, self.title, self.source), self.locality, self.year)

    @property
    def values(self) -> list[float]:
        return [v for v in (self.value, self.value_max) if v is not None]

    def as_json(self) -> dict:
        return {**asdict(self), "rendered": self.rendered}


@dataclass
class Responsibility:
    """Who answers for which target: `agency` is set when the question names one."""

    agency: str | None
    rows: list[TargetRow]

    def agencies(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            for agency in row.agencies:
                seen.setdefault(agency)
        return list(seen)


@dataclass
class TargetQuery:
    """A lookup question taken apart: topic words, value conditions, years, places."""

    text: str
    topic: list[str]
    conditions: tuple[Condition, ...] = ()
    years: tuple[int, ...] = ()
    # "so với năm 2015": the base a change is measured from, not a deadline.
    base_years: tuple[int, ...] = ()
    doc_ids: list[str] | None = None
    numbers: tuple[float, ...] = ()
    labels: tuple[str, ...] = ()
    # Documents whose own place (the first part of the locality) the question names.
    home_ids: list[str] = field(default_factory=list)


def parse_query(query: str | Query, docs: list[CatalogEntry]) -> TargetQuery:
    """The target side of a question's analysis: its topic (synonyms mapped) and the documents of
    the places it names."""
    analysis = query if isinstance(query, Query) else analyze(query, docs)
    parts = analysis.target
    rest, doc_ids, home = target_places(parts.rest, docs)
    return TargetQuery(
        text=analysis.text,
        topic=topic_terms(rest),
        conditions=parts.conditions,
        years=parts.years,
        base_years=parts.base_years,
        doc_ids=sorted(doc_ids) or None,
        numbers=parts.numbers,
        labels=parts.labels,
        home_ids=sorted(home),
    )


# ---- search -------------------------------------------------------------------------------


def _row(target_id: str, target: Target, doc: CatalogEntry, score: float) -> TargetRow:
    return TargetRow(
        doc_id=target.doc_id,
        number=doc.number,
        locality=doc.locality,
        level=doc.level,
        year=doc.years,
        label=target.label,
        indicator=target.indicator,
        comparator=target.comparator,
        value=target.value,
        value_max=target.value_max,
        unit=count_unit(target),
        deadline=target.deadline,
        statement=target.statement,
        section=target.section,
        agencies=list(target.agencies),
        source=doc.source or "",
        score=round(score, 4),
        indicator_key=indicator_key(target.indicator),
        start=target.start,
        end=target.end,
        title=doc.title,
        target_id=target_id,
    )


@dataclass(frozen=True)
class TargetTable:
    """Every stored target (of some documents) by its index id ("DOC_ID:tN"), with its terms, the
    targets holding each term and the number of targets holding it: what weighing a question's
    topic over the targets needs."""

    targets: dict[str, Target]
    terms: dict[str, frozenset[str]]
    holding: dict[str, list[str]]

    def frequency(self, term: str) -> int:
        return len(self.holding.get(term, ()))


def target_table(index: Index, doc_ids: list[str] | None = None) -> TargetTable:
    """Read once per catalog generation (any process's commit or removal makes a new one): every
    target question would otherwise read and weigh every target of the corpus."""
    return _table_at(index, index.generation(), None if doc_ids is None else tuple(doc_ids))


@functools.lru_cache(maxsize=8)
def _table_at(index: Index, generation: int, doc_ids: tuple[str, ...] | None) -> TargetTable:
    targets = index.targets_by_doc(None if doc_ids is None else list(doc_ids))
    terms = {tid: target_terms(f"{t.indicator} {t.statement}") for tid, t in targets.items()}
    holding: dict[str, list[str]] = {}
    for tid, found in terms.items():
        for term in found:
            holding.setdefault(term, []).append(tid)
    return TargetTable(targets, terms, holding)


def all_targets(index: Index, doc_ids: list[str] | None = None) -> dict[str, Target]:
    """Every stored target (of `doc_ids`) by its index id ("DOC_ID:tN")."""
    return target_table(index, doc_ids).targets


def _with_label(rows: list[TargetRow], labels: tuple[str, ...]) -> list[TargetRow]:
    """ "chỉ tiêu 11" in the question keeps the targets so numbered, when there are any."""
    labelled = [r for r in rows if r.label and fold(r.label) in labels]
    return labelled or rows


def _boost(row: TargetRow, parsed: TargetQuery, config: LookupConfig) -> float:
    """A number written in the question that is the target's value is the strongest sign of all
    (three plans share an indicator; "550/100.000" tells them apart); a place named, next."""
    number = any(math.isclose(n, v) for n in parsed.numbers for v in row.values)
    return config.number_boost * number + config.place_boost * (row.doc_id in parsed.home_ids)


def _generic(token: str) -> bool:
    return token in ("tre", "tuoi") or token.isdigit()


def align_keys(rows: list[TargetRow]) -> None:
    """Give a key that only lacks the age group ("thể thấp còi" without "trẻ em dưới 5 tuổi") the
    key of the one fuller indicator it fits, so the same indicator lines up across documents."""
    keys = {r.indicator_key: set(r.indicator_key.split()) for r in rows}
    for row in rows:
        own = keys[row.indicator_key]
        if not any(not _generic(t) for t in own):
            continue
        fuller = [k for k, toks in keys.items() if own < toks and all(_generic(t) for t in toks - own)]
        if len(fuller) == 1:
            row.indicator_key = fuller[0]


def _group(rows: list[TargetRow], k: int) -> list[TargetRow]:
    """Best rows first, then every row of the same indicator right after its best one."""
    rows = sorted(rows, key=lambda r: -r.score)[:k]
    order: dict[str, int] = {}
    for row in rows:
        order.setdefault(row.indicator_key, len(order))
    return sorted(rows, key=lambda r: (order[r.indicator_key], r.doc_label, r.deadline or 0, r.start))


def search_targets(
    index: Index, query: str | Query, k: int = 20, config: LookupConfig = DEFAULT.lookup
) -> list[TargetRow]:
    """Targets matching `query` (a question or its analysis), one row per target, grouped by
    indicator, best group first."""
    docs = {d.doc_id: d for d in index.documents()}
    parsed = parse_query(query, list(docs.values()))
    table = target_table(index, parsed.doc_ids)
    targets, terms = table.targets, table.terms
    if not targets:
        return []
    weights = {t: idf(table.frequency(t), len(terms)) for t in parsed.topic}
    if parsed.topic and config.min_coverage > 0:  # a target holding no topic word covers none of it
        holders = {tid for t in parsed.topic for tid in table.holding.get(t, ())}
        targets = {tid: t for tid, t in targets.items() if tid in holders}

    fused: dict[str, float] = {}
    covered = {tid: coverage(weights, terms[tid]) for tid in targets} if parsed.topic else {}
    credit: dict[str, float] = {}
    if parsed.topic:
        expanded = expand_query(parsed.text)
        ranked = {
            "dense": index.dense_search_targets(
                expand_query(dense_text(index, parsed.text)), config.candidates, parsed.doc_ids
            ),
            "lexical": index.lexical_search_targets(
                expanded, config.candidates, parsed.doc_ids, config.lexical_common
            ),
        }
        fused = dict(fuse(ranked, {"dense": config.rrf_dense, "lexical": config.rrf_lexical}))
        covered |= paired_cover(targets, terms, weights, covered, config, values_asked(fold(parsed.text)))
        if max(covered.values(), default=0.0) < config.answer_coverage:  # no target shares the words
            credit = semantic_credit(ranked["dense"], targets, parsed.topic, config)
    best_fused = max(fused.values(), default=0.0) or 1.0

    rows = []
    for tid, target in targets.items():
        if parsed.topic:
            cov = covered[tid] + credit.get(tid, 0.0) * (covered[tid] >= config.similarity_floor)
            if cov < config.min_coverage:
                continue
            score = cov + 0.25 * fused.get(tid, 0.0) / best_fused
        elif parsed.conditions or parsed.years or parsed.doc_ids:
            score = 0.0
        else:
            return []
        row = _row(tid, target, docs[target.doc_id], score)
        if all(c.accepts(row.values) for c in parsed.conditions):
            rows.append(row)
    rows = _with_label(from_base(in_years(rows, parsed.years, docs), parsed.base_years, docs), parsed.labels)
    for row in rows:
        row.score = round(row.score + _boost(row, parsed, config), 4)
    align_keys(rows)
    rows = _group(rows, k)
    if asks_which_document(fold(parsed.text)) and not any(r.score >= config.answer_coverage for r in rows):
        return (passage_rows(index, parsed, docs, config) + rows)[:k]
    return rows


def passage_rows(
    index: Index, parsed: TargetQuery, docs: dict[str, CatalogEntry], config: LookupConfig, k: int = 3
) -> list[TargetRow]:
    """ "Which document ..." about something no target records (the directive a plan implements,
    a task given to an agency): the best sentence of each best passage, one row per document."""
    rows: list[TargetRow] = []
    for hit in search(index, parsed.text, k=k):
        if any(r.doc_id == hit.chunk.doc_id for r in rows):
            continue
        text = index.text(hit.chunk.doc_id)
        spans = sentence_spans(text, hit.chunk.start, hit.chunk.end)
        if not spans:
            continue
        start, end = max(spans, key=lambda sp: _sentence_cover(parsed.topic, text[sp[0] : sp[1]]))
        doc = docs[hit.chunk.doc_id]
        rows.append(
            TargetRow(
                doc_id=hit.chunk.doc_id,
                number=doc.number,
                locality=doc.locality,
                level=doc.level,
                year=doc.years,
                label=None,
                indicator=hit.chunk.section,
                comparator="",
                value=None,
                value_max=None,
                unit=None,
                deadline=None,
                statement=text[start:end],
                section=hit.chunk.section,
                agencies=[],
                source=doc.source or "",
                score=round(min(hit.score, 1.0) * config.min_coverage, 4),
                indicator_key=f"passage {hit.chunk.doc_id} {start}",
                start=start,
                end=end,
                title=doc.title,
                target_id=hit.chunk.chunk_id,
                kind="passage",
            )
        )
    return rows


def _sentence_cover(topic: list[str], sentence: str) -> int:
    found = target_terms(sentence)
    return sum(t in found for t in topic)


# ---- responsibility -----------------------------------------------------------------------


def _known_agencies(index: Index) -> list[str]:
    names = {a for t in index.targets() for a in t.agencies}
    return sorted(names, key=len, reverse=True)


def responsible(
    index: Index, query: str | Query, k: int = 50, config: LookupConfig = DEFAULT.lookup
) -> Responsibility | None:
    """ "Ai chịu trách nhiệm chỉ tiêu tiêm chủng?" -> the agencies of the matching targets;
    "Sở Y tế chịu trách nhiệm chỉ tiêu nào?" -> the targets linked to that agency.
    None when the query is not a question about responsibility."""
    analysis = query if isinstance(query, Query) else analyze(query)
    if not is_responsibility_question(analysis.folded):
        return None
    folded = folded_words(analysis.text)
    for agency in _known_agencies(index):
        if re.search(rf"(?<![a-z0-9]){re.escape(folded_words(agency))}(?![a-z0-9])", folded):
            return Responsibility(agency, _agency_rows(index, agency)[:k])
    rows = [r for r in search_targets(index, responsibility_topic(folded), k=k, config=config) if r.agencies]
    return Responsibility(None, rows)


def _agency_rows(index: Index, agency: str) -> list[TargetRow]:
    docs = {d.doc_id: d for d in index.documents()}
    wanted = fold(agency)
    rows = [
        _row(tid, t, docs[t.doc_id], 1.0)
        for tid, t in all_targets(index).items()
        if any(fold(a) == wanted for a in t.agencies)
    ]
    return sorted(rows, key=lambda r: (r.doc_label, r.start))
