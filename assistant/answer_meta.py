"""Spans that answer questions about a document itself (its number, date of issue, signer) from
its parsed header, and the agency a duty is assigned to; every span is exact in the stored text,
so it can be quoted as a citation."""

from __future__ import annotations

import re
from dataclasses import replace

from kehoach.assistant.query import Query, names_document
from kehoach.assistant.rank import AGENCY, Passage
from kehoach.assistant.sentences import sentence_spans, trim
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, fold_aligned

_NUMBER_LINE = re.compile(r"(?m)^[ \t*#|]*so\s*:[^\n]*\d[^\n]*")
_DATE_LINE = re.compile(r"(?m)^[^\n]*\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}[^\n]*")
_ASSIGNMENT = re.compile(r"to chuc thuc hien|trach nhiem|phan cong|nhiem vu cua")
_LEAD_LINE = re.compile(r"(?m)^[-–+•* \t]*(?:co quan|don vi) chu tri\s*:[^\n]*")


def _sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence (or, failing that, the line) of `text` that holds `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    for start, end in sentence_spans(text, line_start, line_end):
        if start <= offset < end:
            return start, end
    return trim(text, line_start, line_end)


def _number_span(document: Document, number: str | None) -> tuple[int, int] | None:
    """The header's "Số: …" line that holds the parsed number, else the first sentence naming it."""
    folded = fold_aligned(document.text)
    if not number:
        m = _NUMBER_LINE.search(folded)
        return trim(document.text, m.start(), m.end()) if m else None
    parts = [re.escape(p) for p in re.split(r"\s*([/-])\s*", fold(number).strip())]
    pattern = re.compile(r"(?<![\w/])" + r"\s*".join(parts) + r"(?![\w])")
    for line in _NUMBER_LINE.finditer(folded):
        if pattern.search(line.group(0)):
            return trim(document.text, line.start(), line.end())
    m = pattern.search(folded)
    return _sentence_at(document.text, m.start()) if m else None


def _issued_span(document: Document, issued: str | None) -> tuple[int, int] | None:
    """The place-and-date line when it holds the parsed date, else the first sentence giving it."""
    folded = fold_aligned(document.text)
    if issued and re.fullmatch(r"\d{4}-\d{2}-\d{2}", issued):
        y, mo, d = (int(x) for x in issued.split("-"))
        date = re.compile(
            rf"(?<!\d)0?{d}\s*(?:[/.-]|\s+thang\s+)\s*0?{mo}\s*(?:[/.-]|,?\s+nam\s+)\s*{y}(?!\d)"
        )
        for line in _DATE_LINE.finditer(folded):
            if date.search(line.group(0)):
                return trim(document.text, line.start(), line.end())
        m = date.search(folded)
        return _sentence_at(document.text, m.start()) if m else None
    m = _DATE_LINE.search(folded)
    return trim(document.text, m.start(), m.end()) if m else None


def _signature_span(document: Document, signer: str | None) -> tuple[int, int] | None:
    text = document.text
    regions = [r for r in document.body.regions if r.kind == "signature"]
    if signer:
        regions = [r for r in regions if fold(signer) in fold(text[r.start : r.end])] or regions
    if regions:
        region = regions[-1]
        body = text[region.start : region.end]
        return region.start + len(body) - len(body.lstrip()), region.start + len(body.rstrip())
    if not signer:
        return None
    at = fold_aligned(text).rfind(fold_aligned(signer))
    return (at, at + len(signer)) if at >= 0 else None


def header_spans(query: Query, doc: CatalogEntry, document: Document) -> list[tuple[int, int]]:
    """The exact spans answering each header field the question asks about `doc` (number, date of
    issue, signer), in the question's order; empty when it asks about another text it cites."""
    if not names_document(query.folded, doc.kind, doc.number):
        return []
    finders = {
        "number": lambda: _number_span(document, doc.number),
        "issued": lambda: _issued_span(document, doc.issued),
        "signer": lambda: _signature_span(document, doc.signer),
    }
    spans = [span for name in query.header if (span := finders[name]()) is not None]
    return list(dict.fromkeys(spans))


def agency_span(document: Document, offset: int) -> tuple[int, int] | None:
    """Who does what the sentence at `offset` says: the agency heading it sits under in the
    implementation section ("1. Sở Y tế" -> "Sở Y tế"), or its task's "Cơ quan chủ trì: …" line."""
    text = document.text
    folded = fold_aligned(text)
    around = [s for s in document.sections if s.start <= offset < s.end and len(s.path) >= 2]
    for sec in sorted(around, key=lambda s: -s.level):
        m = _LEAD_LINE.search(folded, sec.start, sec.end)
        if m and not m.start() <= offset < m.end():
            return trim(text, m.start(), m.end())
        if not any(_ASSIGNMENT.search(fold(p)) for p in sec.path[:-1]):
            continue
        line_end = text.find("\n", sec.start, sec.end)
        start, end = trim(text, sec.start, sec.end if line_end < 0 else line_end)
        colon = text.find(":", start, end)
        start, end = trim(text, start, end if colon < 0 else colon)
        if AGENCY.match(text, start, end) and not start <= offset < end:
            return start, end
    return None


def with_agencies(passages: list[Passage]) -> list[Passage]:
    """Each passage preceded by the agency it is assigned to (agency_span), unless it names it."""
    out: list[Passage] = []
    seen: set[tuple[str, int]] = set()
    for p in passages:
        span = agency_span(p.document, p.start)
        if span and (p.document.doc_id, span[0]) not in seen:
            seen.add((p.document.doc_id, span[0]))
            agency = p.document.text[span[0] : span[1]]
            if fold(agency) not in fold(p.quote) and all(q.start != span[0] for q in passages):
                out.append(replace(p, start=span[0], end=span[1]))
        out.append(p)
    return out
