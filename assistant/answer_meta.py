"""Answers to questions about a document itself (its number, date of issue, signer, issuing body)
from its parsed header, field by field, and the agency a duty is assigned to; every quoted span is
exact in the stored text, so it can be cited."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kehoach.assistant.answer import EXTRACTIVE, PORTAL_SOURCE, Answer, Citation, citation, refusal
from kehoach.assistant.config import RankConfig
from kehoach.assistant.header_choice import asked_years, header_document, identified, numbered
from kehoach.assistant.query import Query
from kehoach.assistant.query_header import header_subject
from kehoach.assistant.query_type import AGENCY
from kehoach.assistant.rank import Passage, coverage, has_kind
from kehoach.assistant.sentences import display, sentence_spans, trim
from kehoach.ingest.header import ATTACHED_TO, OPENING
from kehoach.ingest.records import PORTAL_ONLY, CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, fold_aligned, terms

# No header line: a value looked for in the text at large.
_NO_LINE = re.compile(r"(?!)")
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
    "doc_type": "Loại văn bản",
    "field": "Lĩnh vực",
    "status": "Tình trạng hiệu lực",
    "period": "Thời gian thực hiện",
    "effective": "Ngày có hiệu lực",
}
# The kind of value (rank.has_kind) a comparison side's passages must hold to stand for a header
# field its document lacks: a body sentence may cite a plan's number or an event's date, not a signer.
FIELD_KINDS = {"number": "docnum", "issued": "date"}
_LEAD_LINE = re.compile(r"(?m)^[-–+•* \t]*(?:co quan|don vi) chu tri\s*:[^\n]*")


Found = tuple[tuple[int, int], tuple[int, int] | None]  # (the span quoted, the value's words in it)


def around(text: str, start: int, end: int, limit: int) -> tuple[int, int]:
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
    return (around(text, *at, limit), at) if at else None


def _number_pattern(number: str) -> re.Pattern:
    parts = [re.escape(p) for p in re.split(r"\s*([/-])\s*", fold(number).strip())]
    return re.compile(r"(?<![\w/])" + r"\s*".join(parts) + r"(?![\w])")


def _date_pattern(issued: str) -> re.Pattern:
    y, mo, d = (int(x) for x in issued.split("-"))
    return re.compile(
        rf"(?:\bngay\s+)?(?<!\d)0?{d}\s*(?:[/.-]|\s+thang\s+)\s*0?{mo}\s*(?:[/.-]|,?\s+nam\s+)\s*{y}(?!\d)"
    )


def _period_of(doc: CatalogEntry) -> re.Pattern:
    """The plan's years as the text may write them: "2021-2025", "2021 - 2025", "năm 2024"."""
    first = doc.year_from
    last = doc.year_to or first
    if first == last:  # "năm 2024" in its title, not in a date ("ngày 16 tháng 4 năm 2024")
        return re.compile(rf"(?<!thang \d nam )(?<!thang \d\d nam )(?<=nam ){first}(?![\d/])")
    return re.compile(rf"(?<!\d){first}\s*[-–—]\s*{last}(?!\d)")


def _signature(document: Document, signer: str, parsed: list[int] | None, limit: int) -> Found | None:
    """The signature block that names the signer (or the last one), its words all of it: the
    capacity signed in ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH") with the name; else the name in the text."""
    text = document.text
    name = re.compile(r"\s+".join(re.escape(w) for w in fold(signer).split()))
    for region in reversed([r for r in document.body.regions if r.kind == "signature"]):
        if name.search(fold_aligned(text), region.start, region.end):
            block = trim(text, region.start, region.end)
            return block, block
    return _located(document, _NO_LINE, name, parsed, limit)


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
    value = {"number": doc.number, "signer": doc.signer, "issuer": doc.issuer, **dict(doc.portal)}.get(name)
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
    elif name == "period" and doc.year_from is not None:
        value = doc.years
        found = _located(document, _NO_LINE, _period_of(doc), None, limit)
    span, at = found or (None, None)
    wording = display(document.text[at[0] : at[1]]) if at else None
    if name in ("issued", "period") and wording is not None and value is not None:
        pattern = _date_pattern(doc.issued or "") if name == "issued" else _period_of(doc)
        wording = "»; «".join(_forms(document, pattern, wording, value))
    return HeaderField(name, value, wording if wording != value else None, span)


def _forms(document: Document, pattern: re.Pattern, first: str, shown: str, most: int = 3) -> list[str]:
    """Each form in which the text writes its own date or period, the header's first: a plan
    attached to a decision writes its date again in figures ("Kèm theo Quyết định số 592/QĐ-UBND
    ngày 05/5/2021"), a period is "2021-2025" in the title and "2021 - 2025" in the text, as a
    reader searching the file for it would type it."""
    found = (
        display(document.text[m.start() : m.end()]) for m in pattern.finditer(fold_aligned(document.text))
    )
    forms = [f for f in dict.fromkeys([first, *found]) if f != shown and f.removeprefix("ngày ") != shown]
    return forms[:most] or [first]


@dataclass(frozen=True)
class HeaderAnswer:
    """A header question's answer, and whether the question identifies every document it quotes
    (header_choice.identified): then the answer stands whatever the passages' relevance."""

    answer: Answer
    identified: bool


def _stated_number(
    doc: CatalogEntry, document: Document, kind: str, weights: dict[str, float], limit: int
) -> tuple[str, str, tuple[int, int]] | None:
    """The number of a document of `kind` that `document`, of another kind, states: a decision
    names the plan it approves ("kèm theo Kế hoạch số 03/KH-LĐTBXH") and the submission it answers
    ("tại Tờ trình số 604/TTr-LĐTBXH"). Of several, the one whose sentence holds most of the
    question's topic; with the text's own words for it and the span quoted."""
    text = document.text
    own = fold(doc.number or "-")
    best: tuple[float, str, str, tuple[int, int]] | None = None
    for m in re.finditer(rf"\b{kind}\s+so\s*:?\s*(\d+\s*/+\s*[^\s,;()]+)", fold_aligned(text)):
        number = display(text[m.start(1) : m.end(1)]).rstrip(".")
        if fold(number).startswith(own):
            continue
        span = around(text, m.start(1), m.end(1), limit)
        score = coverage(weights, set(terms(text[span[0] : span[1]], folded=True)))
        if best is None or score > best[0]:
            best = (score, number, display(text[m.start() : m.end()]).rstrip("."), span)
    return best[1:] if best else None


def _cites(document: Document, numbers: Sequence[str]) -> bool:
    folded = fold(document.text)
    slash = r"\s*/\s*"
    return any(re.search(r"(?<![\d/])" + re.escape(n).replace("/", slash), folded) for n in numbers)


def _compact(number: str) -> str:
    return fold(number).replace(" ", "")


def _attached_to(document: Document, limit: int) -> tuple[str, str, tuple[int, int]] | None:
    """A plan with no number of its own is cited by the decision it was issued with: that number,
    the text's words for it and the span quoted, from the opening ("kèm theo Quyết định số ...")."""
    text = document.text
    m = ATTACHED_TO.search(fold_aligned(text[:OPENING]))
    if m is None:
        return None
    number = display(text[m.start(1) : m.end(1)]).rstrip(".")
    return number, display(text[m.start() : m.end(1)]), around(text, m.start(1), m.end(1), limit)


def _other_period(query: Query, late: list[CatalogEntry]) -> Answer:
    period = "giai đoạn" if (late[0].year_to or late[0].year_from) != late[0].year_from else "năm"
    asked = asked_years(query)
    reason = f"Văn bản gần nhất đã nạp là của {period} {late[0].years}, không phải {asked} như câu hỏi."
    return refusal(late, reason)


def _first_issued(docs: list[CatalogEntry], marks: dict[str, str]) -> str | None:
    """Which of the documents compared was issued first, each date cited; None unless every one
    has a whole date."""
    dated = [d for d in docs if d.issued and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.issued)]
    if len(dated) < 2 or len(dated) < len(docs):
        return None

    def said(d: CatalogEntry) -> str:
        return f"{d.label} ({'/'.join(reversed((d.issued or '').split('-')))}){marks.get(d.doc_id, '')}"

    order = sorted(dated, key=lambda d: d.issued or "")
    if order[0].issued == order[-1].issued:
        return "Các văn bản ban hành cùng ngày: " + "; ".join(map(said, order)) + "."
    return f"Ban hành trước: {said(order[0])}; sau: " + "; ".join(map(said, order[1:])) + "."


def header_answer(
    query: Query,
    sides: list[list[CatalogEntry]],
    documents: dict[str, Document],
    weights: Sequence[dict[str, float]],
    config: RankConfig,
    texts: Sequence[list[Passage]] = (),
) -> HeaderAnswer | None:
    """The header fields the question asks, from the parsed header of the document it asks about
    (one per side of a comparison, each identified by its own topic `weights`), each quoted from
    where the text states it; a field the document does not state is said to be absent (not
    supported when none is stated); a document of other years than those asked is not offered as
    the one asked; the number of a document of the kind asked that the chosen one (of another kind)
    states is quoted from its sentence; a comparison's side whose header lacks the field is
    answered by its side's passages that hold such a value (`texts`, empty where that side's own
    gate left it unstated): "xã Bình Phú làm lễ phát động ngày nào"; the dates of a comparison are
    put in order. None when a side's best document is of another place, or of another kind without
    such a number (the text then answers)."""
    compared = len(sides) > 1
    picks = [header_document(query, side, compared) for side in sides]
    chosen = [p for p in picks if p is not None]
    # A document the question numbers that a side's document neither carries nor cites is not
    # what the question asks about ("chương trình mà Thủ tướng duyệt ở QĐ 1591").
    named = all(f.named or _cites(documents[d.doc_id], query.doc_numbers) for d, f in chosen)
    if not chosen or len(chosen) < len(picks) or not all(f.place for _, f in chosen) or not named:
        return None
    weighs = {doc.doc_id: w for (doc, _), w in zip(chosen, weights, strict=True)}
    passages = {doc.doc_id: p for (doc, _), p in zip(chosen, texts, strict=False)}
    late = [d for d, f in chosen if not f.years and f.kind]  # another kind's field: the text answers
    if late:
        return HeaderAnswer(_other_period(query, late), identified=False)
    subject = header_subject(query.folded) or ""
    lines: list[str] = []
    citations: list[Citation] = []
    marks: dict[str, str] = {}
    stated, known = False, True

    def cite(doc: CatalogEntry, document: Document, span: tuple[int, int]) -> str:
        for c in citations:
            if (c.doc_id, c.start, c.end) == (document.doc_id, *span):
                return f" [{c.n}]"
        citations.append(citation(len(citations) + 1, doc, document, *span))
        return f" [{len(citations)}]"

    for doc, f in dict.fromkeys(chosen):
        document = documents[doc.doc_id]
        known = (
            known
            and f.named
            and (
                # Its number with its place (or its side's) names it, whatever else is asked
                # ("KH 98 Hà Tĩnh trên trang luật thuộc loại văn bản gì").
                numbered(query, doc)
                and (compared or bool(query.places))
                or identified(query, doc, document, weighs[doc.doc_id], config)
            )
        )
        lines.append(f"Văn bản: {doc.label}")
        if not f.kind:
            cited = _stated_number(doc, document, subject, weighs[doc.doc_id], config.header_line)
            if query.header != ("number",) or subject in ("", "van ban") or cited is None:
                return None
            number, wording, span = cited
            mark = cite(doc, document, span)
            lines.append(f"{HEADER_LABELS['number']}: {number} (văn bản này nêu «{wording}»){mark}")
            stated = True
            continue
        identity = _identity_span(document, doc, config)
        for field in (header_field(name, doc, document, config) for name in query.header):
            if field.name == "period" and field.value is None:
                return None  # years the parser did not read: the text may state them
            label = HEADER_LABELS[field.name]
            own_number = field.name == "number" and doc.kind != "Quyết định"
            attached = _attached_to(document, config.header_line) if own_number else None
            kind = FIELD_KINDS.get(field.name)
            texts_of = [p for p in passages.get(doc.doc_id, []) if has_kind(p.quote, kind)]
            if field.value is None and not attached and texts_of:
                passages.pop(doc.doc_id)
                lines += [
                    f"- {display(p.quote)}{cite(p.doc, p.document, (p.start, p.end))}" for p in texts_of
                ]
                stated = True
                continue
            quoted = field.span or identity
            mark = cite(doc, document, quoted) if quoted else ""
            if field.name == "issued":
                marks[doc.doc_id] = mark
            if attached and (field.value is None or _compact(field.value) == _compact(attached[0])):
                number, wording, span = attached
                lines.append(
                    f"{label}: văn bản không có số riêng, ban hành kèm theo Quyết định số {number}"
                    f" (văn bản ghi «{wording}»){cite(doc, document, span)}"
                )
                stated = True
                continue
            if field.value is None:
                lines.append(f"{label}: văn bản không ghi {label.lower()}{mark}")
                continue
            stated = True
            said = f" (văn bản ghi «{field.wording}»)" if field.wording else ""
            source = "" if field.span else f" ({PORTAL_SOURCE})"
            if field.name in PORTAL_ONLY:  # as the page writes it, label and value
                lines.append(f"«{field.value}»{source}{mark}")
                continue
            lines.append(f"{label}: {field.value}{said}{source}{mark}")
    order = (
        _first_issued(list(dict.fromkeys(d for d, _ in chosen)), marks) if "issued" in query.header else None
    )
    lines += [order] if order else []
    answer = Answer(answer="\n".join(lines), supported=stated, mode=EXTRACTIVE, citations=citations)
    return HeaderAnswer(answer, identified=known)


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
    holding = [s for s in document.sections if s.start <= offset < s.end and len(s.path) >= 2]
    for sec in sorted(holding, key=lambda s: -s.level):
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
