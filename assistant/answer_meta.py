"""Answers to questions about a document itself (its number, date of issue, signer, issuing body)
from its parsed header, field by field, and the agency a duty is assigned to; every quoted span is
exact in the stored text, so it can be cited."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kehoach.assistant.answer import EXTRACTIVE, Answer, Citation, citation, refusal
from kehoach.assistant.config import RankConfig
from kehoach.assistant.query import Query, has_phrase, header_subject
from kehoach.assistant.rank import AGENCY, Passage
from kehoach.assistant.sentences import display, sentence_spans, trim
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, fold_aligned

_NUMBER_LINE = re.compile(r"(?m)^[ \t*#|]*so\s*:[^\n]*\d[^\n]*")
_DATE_LINE = re.compile(r"(?m)^[^\n]*\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}[^\n]*")
_ASSIGNMENT = re.compile(r"to chuc thuc hien|trach nhiem|phan cong|nhiem vu cua")
# The issuing body's header lines: the body, then the place line under it.
_ISSUER_LINES = re.compile(
    r"(?m)^[ \t|*#]*(?:uy ban nhan dan|ubnd|hoi dong nhan dan|(?:so|bo|phong) [a-z])[^\n|]*"
    r"(?:\n[ \t|*#]*(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong)\b[^\n|]*)?"
)
HEADER_LABELS = {
    "number": "Số hiệu",
    "issued": "Ngày ban hành",
    "signer": "Người ký",
    "issuer": "Cơ quan ban hành",
}
_LEAD_LINE = re.compile(r"(?m)^[-–+•* \t]*(?:co quan|don vi) chu tri\s*:[^\n]*")


Found = tuple[tuple[int, int], tuple[int, int] | None]  # (the span quoted, the value's words in it)


def _around(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
    """The line holding text[start:end] when short enough to quote whole, else its sentence."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = trim(text, line_start, len(text) if line_end < 0 else line_end)
    if line[1] - line[0] <= limit:
        return line
    sentence = [(s, e) for s, e in sentence_spans(text, line[0], line[1]) if s <= start < e]
    return sentence[0] if sentence else (start, end)


def _located(
    document: Document, lines: re.Pattern, value: re.Pattern, parsed: list[int] | None, limit: int
) -> Found | None:
    """Where the text states a value: the first header line (`lines`, folded) holding it, else
    where the parser read it (DocMeta.spans), else its first mention; with the value's own words."""
    text = document.text
    folded = fold_aligned(text)
    for line in lines.finditer(folded):
        m = value.search(folded, line.start(), line.end())
        if m:
            return trim(text, line.start(), line.end()), (m.start(), m.end())
    at = (parsed[0], parsed[1]) if parsed and 0 <= parsed[0] < parsed[1] <= len(text) else None
    if at is None and (m := value.search(folded)):
        at = (m.start(), m.end())
    return (_around(text, *at, limit), at) if at else None


def _number_pattern(number: str) -> re.Pattern:
    parts = [re.escape(p) for p in re.split(r"\s*([/-])\s*", fold(number).strip())]
    return re.compile(r"(?<![\w/])" + r"\s*".join(parts) + r"(?![\w])")


def _date_pattern(issued: str) -> re.Pattern:
    y, mo, d = (int(x) for x in issued.split("-"))
    return re.compile(
        rf"(?:\bngay\s+)?(?<!\d)0?{d}\s*(?:[/.-]|\s+thang\s+)\s*0?{mo}\s*(?:[/.-]|,?\s+nam\s+)\s*{y}(?!\d)"
    )


def _signature(document: Document, signer: str, parsed: list[int] | None, limit: int) -> Found | None:
    """The signature block that names the signer (or the last one), else the name in the text."""
    text = document.text
    name = re.compile(r"\s+".join(re.escape(w) for w in fold(signer).split()))
    for region in reversed([r for r in document.body.regions if r.kind == "signature"]):
        m = name.search(fold_aligned(text), region.start, region.end)
        if m:
            return trim(text, region.start, region.end), (m.start(), m.end())
    return _located(document, re.compile(r"(?!)"), name, parsed, limit)


def _issuer(document: Document, config: RankConfig) -> Found | None:
    """The issuing body's lines in the header ("ỦY BAN NHÂN DÂN / TỈNH HÀ TĨNH"), not a sentence
    that merely starts with "UBND"."""
    for m in _ISSUER_LINES.finditer(fold_aligned(document.text[: config.header_chars])):
        if m.end() - m.start() <= config.header_line:
            return trim(document.text, m.start(), m.end()), None
    return None


@dataclass(frozen=True)
class HeaderField:
    """One header field of a document as answered: the parsed value, the text's own words for it
    where they differ, and the span quoted for it (None: the text does not state it)."""

    name: str
    value: str | None
    wording: str | None
    span: tuple[int, int] | None


def header_field(name: str, doc: CatalogEntry, document: Document, config: RankConfig) -> HeaderField:
    """`name` ("number", "issued", "signer", "issuer") of `doc`, quoted from where the text states
    it, or not quoted: a value read from a portal's metadata block, which cleaning removed."""
    parsed = document.meta.spans.get(name)
    limit = config.header_line
    found: Found | None = None
    value = {"number": doc.number, "signer": doc.signer, "issuer": doc.issuer}.get(name)
    if name == "number" and doc.number:
        found = _located(document, _NUMBER_LINE, _number_pattern(doc.number), parsed, limit)
    elif name == "issued" and doc.issued:
        value = "/".join(reversed(doc.issued.split("-")))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.issued):
            found = _located(document, _DATE_LINE, _date_pattern(doc.issued), parsed, limit)
    elif name == "signer" and doc.signer:
        found = _signature(document, doc.signer, parsed, limit)
    elif name == "issuer" and doc.issuer:
        found = _issuer(document, config)
    span, at = found or (None, None)
    wording = display(document.text[at[0] : at[1]]) if at else None
    return HeaderField(name, value, wording if wording != value else None, span)


def _fits(query: Query, doc: CatalogEntry, compared: bool) -> tuple[bool, bool, bool, bool]:
    """Whether `doc` fits what the question names (an unknown field always does): its place, its
    kind, the document number named, its years."""
    located = " ".join(fold(doc.locality or "").split())
    place = compared or not query.places or not located or any(has_phrase(located, n) for n in query.places)
    subject = header_subject(query.folded)
    kind = subject is not None and (subject == "van ban" or not doc.kind or subject in fold(doc.kind))
    number = fold(doc.number or "")
    named = any(number.startswith(n) for n in query.doc_numbers if "/" in n)
    return place, kind, named, not _other_years(query, doc)


def _other_years(query: Query, doc: CatalogEntry) -> bool:
    """Whether the question names years or periods and `doc` (its period, its year of issue)
    covers none of them; a document of unknown years never mismatches."""
    if doc.year_from is None or not (query.years or query.periods):
        return False
    first, last = doc.year_from, doc.year_to or doc.year_from
    issued = int(doc.issued[:4]) if doc.issued and doc.issued[:4].isdigit() else None
    years = any(first <= y <= last or y == issued for y in query.years)
    return not years and not any(a <= last and b >= first for a, b in query.periods)


def header_document(query: Query, docs: list[CatalogEntry], compared: bool) -> CatalogEntry | None:
    """The document a header question asks about among the retrieved `docs` (best first): the
    first that agrees with the place, kind, number and years the question names, preferring them in
    that order; None when the best of them is of another place or kind (a text it cites)."""
    if not docs:
        return None
    ranked = sorted(docs, key=lambda d: tuple(not ok for ok in _fits(query, d, compared)))
    place, kind, _, _ = _fits(query, ranked[0], compared)
    return ranked[0] if place and kind else None


def _asked_years(query: Query) -> str:
    periods = [f"giai đoạn {a}–{b}" for a, b in query.periods]
    return ", ".join(periods + [f"năm {y}" for y in query.years])


def header_answer(
    query: Query, sides: list[list[CatalogEntry]], documents: dict[str, Document], config: RankConfig
) -> Answer | None:
    """The header fields the question asks, from the parsed header of the document it asks about
    (one per side of a comparison), each quoted from where the text states it; a field the
    document does not state is said to be absent (not supported when none is stated), and a
    document of other years than those asked is not offered as the one asked. None when a side's
    best document is not the one asked about (the text then answers)."""
    chosen = [header_document(query, side, compared=len(sides) > 1) for side in sides]
    if not chosen or None in chosen:
        return None
    docs = [d for d in chosen if d is not None]
    late = [d for d in docs if _other_years(query, d)]
    if late:
        asked = _asked_years(query)
        period = "giai đoạn" if (late[0].year_to or late[0].year_from) != late[0].year_from else "năm"
        reason = f"Văn bản gần nhất đã nạp là của {period} {late[0].years}, không phải {asked} như câu hỏi."
        return refusal(late, reason)
    lines: list[str] = []
    citations: list[Citation] = []
    stated = False

    def cite(doc: CatalogEntry, document: Document, span: tuple[int, int]) -> int:
        for c in citations:
            if (c.doc_id, c.start, c.end) == (document.doc_id, *span):
                return c.n
        citations.append(citation(len(citations) + 1, doc, document, *span))
        return len(citations)

    for doc in dict.fromkeys(docs):
        document = documents[doc.doc_id]
        fields = [header_field(name, doc, document, config) for name in query.header]
        identity = _identity_span(document, doc, config)
        lines.append(f"Văn bản: {doc.label}")
        for f in fields:
            label = HEADER_LABELS[f.name]
            quoted = f.span or identity
            mark = f" [{cite(doc, document, quoted)}]" if quoted else ""
            if f.value is None:
                lines.append(f"{label}: văn bản không ghi {label.lower()}{mark}")
                continue
            stated = True
            said = f" (văn bản ghi «{f.wording}»)" if f.wording else ""
            source = "" if f.span else " (theo khối thông tin văn bản của trang nguồn)"
            lines.append(f"{label}: {f.value}{said}{source}{mark}")
    return Answer(answer="\n".join(lines), supported=stated, mode=EXTRACTIVE, citations=citations)


def _identity_span(document: Document, doc: CatalogEntry, config: RankConfig) -> tuple[int, int] | None:
    """The span that names the document itself (its number, else its date or issuer line, else
    its opening sentence), cited by a field read outside the text or not stated at all."""
    for name in ("number", "issued", "issuer"):
        span = header_field(name, doc, document, config).span
        if span:
            return span
    return next(iter(sentence_spans(document.text)), None)


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
