"""Answers from target records: a target's value, deadline and documents, and who answers for
it, each line citing the exact stored statement. The routes of ask.py's intent table; None means
"answer from the text instead"."""

from __future__ import annotations

from kehoach.assistant.answer import Answer, Citation, citation
from kehoach.assistant.config import Config
from kehoach.assistant.gate import pair_absent
from kehoach.assistant.lookup import TargetRow, responsible, search_targets
from kehoach.assistant.query import Query
from kehoach.assistant.sides import Side, index_sides
from kehoach.ingest.index import Index
from kehoach.ingest.records import Document

# Rows in an answer from target records.
LIMIT = 8


def _citation(index: Index, n: int, row: TargetRow, documents: dict[str, Document]) -> Citation | None:
    """A citation whose quote is the exact stored statement; None if the offsets went stale."""
    if row.doc_id not in documents:
        documents[row.doc_id] = index.document(row.doc_id)
    document = documents[row.doc_id]
    start = (
        row.start
        if document.text[row.start : row.end] == row.statement
        else document.text.find(row.statement)
    )
    if start < 0:
        return None
    return citation(n, index.entry(row.doc_id), document, start, start + len(row.statement))


def _sentence(row: TargetRow, n: int) -> str:
    """The rendered value first, then the exact statement it comes from."""
    deadline = f" vào năm {row.deadline}" if row.deadline and row.unit != "đồng" else ""
    label = f" ({row.label})" if row.label else ""
    return f"{row.rendered}{deadline}{label}: «{' '.join(row.statement.split())}» [{n}]"


def _compose(index: Index, rows: list[TargetRow], intro: str, agencies: bool = False) -> Answer | None:
    documents: dict[str, Document] = {}
    citations: list[Citation] = []
    by_doc: dict[str, list[str]] = {}
    for row in rows:
        cite = _citation(index, len(citations) + 1, row, documents)
        if cite is None:
            continue
        citations.append(cite)
        who = f" (giao: {', '.join(row.agencies)})" if agencies and row.agencies else ""
        by_doc.setdefault(row.doc_label, []).append(f"{_sentence(row, cite.n)}{who}")
    if not citations:
        return None
    lines = [intro] + [f"- {label}: " + "; ".join(items) + "." for label, items in by_doc.items()]
    return Answer(answer="\n".join(lines), supported=True, mode="extractive", citations=citations)


def answer_responsibility(index: Index, query: Query, config: Config) -> Answer | None:
    """ "Ai chịu trách nhiệm chỉ tiêu …?" / "Sở Y tế chịu trách nhiệm chỉ tiêu nào?"."""
    duty = responsible(index, query, config=config.lookup)
    if duty is None or not duty.rows:
        return None
    if duty.agency:
        intro = f"{duty.agency} được giao các chỉ tiêu sau:"
    else:
        intro = "Cơ quan chịu trách nhiệm: " + ", ".join(duty.agencies()) + "."
    return _compose(index, duty.rows[:LIMIT], intro, agencies=duty.agency is None)


def answer_target(index: Index, query: Query, config: Config) -> Answer | None:
    """A target's value, deadline or documents, when a target record matches closely enough."""
    rows = [
        r
        for r in search_targets(index, query, k=LIMIT * 2, config=config.lookup)
        if r.kind == "target" and r.score >= config.lookup.answer_coverage
    ]
    # A compound the question names that the target's plan holds only apart ("quốc phòng" in a plan
    # saying "quốc gia" and "phòng chống") is another matter: the text path's gate decides.
    if not rows or pair_absent(query, index, [], [rows[0].doc_id]) >= config.lookup.pair_absent:
        return None
    compared = index_sides(index, query, config.retrieval)
    if compared:
        return _compare(index, rows, compared)
    best = rows[0].indicator_key
    rows = [r for r in rows if r.indicator_key == best] + [r for r in rows if r.indicator_key != best]
    return _compose(index, rows[:LIMIT], "Các văn bản đặt chỉ tiêu này:")


def _compare(index: Index, rows: list[TargetRow], sides: list[Side]) -> Answer | None:
    """A comparison answered from target records only when every side has its own: each side's
    best row first, the other documents' rows left out; otherwise the text answers, side by side."""
    firsts = [next((r for r in rows if r.doc_id in side.doc_ids), None) for side in sides]
    if any(first is None for first in firsts):
        return None
    rest = [r for r in rows if r not in firsts and any(r.doc_id in s.doc_ids for s in sides)]
    return _compose(index, ([r for r in firsts if r] + rest)[:LIMIT], "Các văn bản đặt chỉ tiêu này:")
