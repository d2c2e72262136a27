"""Documents the plans cite but the corpus does not hold ("Căn cứ Quyết định số 1248/QĐ-TTg ngày
19/7/2021 of Thủ tướng Chính phủ ..."). Decree 30/2020 has a citation name a document by kind,
number, date and issuer, so a question about the date or issuer of such a document is answered
from the sentence that cites it, and its signer, which no citation gives, is said to be unknown
rather than read from the citing plan's own header."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kehoach.assistant.answer import EXTRACTIVE, Answer, citation
from kehoach.assistant.answer_meta import HEADER_LABELS, around
from kehoach.assistant.config import RankConfig
from kehoach.assistant.query import Query
from kehoach.assistant.query_header import header_subject
from kehoach.assistant.sentences import display
from kehoach.ingest.dateline import date_of
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, fold_aligned

_KINDS = (
    r"bo luat|luat|nghi dinh|nghi quyet|quyet dinh|chi thi|thong tu lien tich|thong tu|ke hoach"
    r"|cong van|chuong trinh|huong dan|thong bao|to trinh"
)
_DATE = r"\d{1,2}\s*(?:[/.-]|\s+thang\s+)\s*\d{1,2}\s*(?:[/.-]|,?\s+nam\s+)\s*\d{4}"
# Kind, number, date and issuer as a citation writes them (folded text); the issuer runs to the
# verb that opens the cited document's title ("của Thủ tướng Chính phủ phê duyệt ...").
_CITATION = re.compile(
    rf"(?P<kind>{_KINDS})\s+(?:so\s*:?\s*)?(?P<number>\d+(?:\s*/\s*[a-z0-9.-]*[a-z0-9])+)"
    rf"\s*,?\s*(?:(?:ban hanh|ky)\s+)?(?:ngay\s+(?P<date>{_DATE}))?"
    r"(?:\s+cua\s+(?P<issuer>[^,;:\n()]{3,80}?)"
    r"(?=\s+(?:ve|phe duyet|quy dinh|ban hanh|huong dan|thuc hien|trien khai|sua doi|bo sung)\b"
    r"|[,;:.\n(]|$))?"
)


@dataclass(frozen=True)
class Cited:
    """One citation of a document: its kind, number, date and issuer as the text writes them (None
    where it does not), where in which document, and the sentence quoted for it."""

    kind: str
    number: str
    date: str | None
    issuer: str | None
    doc_id: str
    sentence: tuple[int, int]


def _compact(number: str) -> str:
    return re.sub(r"\s+", "", fold(number))


def _written(text: str, m: re.Match[str], group: str) -> str | None:
    return display(text[m.start(group) : m.end(group)]) if m.group(group) else None


def citations(document: Document, limit: int) -> list[Cited]:
    """Every document the text cites by number, each with its line (or sentence, when the line is
    longer than `limit`)."""
    text = document.text
    folded = fold_aligned(text)
    out = []
    for m in _CITATION.finditer(folded):
        if m.start() and folded[m.start() - 1].isalnum() and not text[m.start()].isupper():
            continue  # inside a word; a capital glued to the word before is a lost space
        start, end = around(text, m.start(), m.end(), limit)
        if end < m.end():  # a citation broken over lines is quoted whole
            end = max(end, around(text, m.end() - 1, m.end(), limit)[1])
        out.append(
            Cited(
                kind=_written(text, m, "kind") or "",
                number=_written(text, m, "number") or "",
                date=_written(text, m, "date"),
                issuer=_written(text, m, "issuer"),
                doc_id=document.doc_id,
                sentence=(start, end),
            )
        )
    return out


def _loaded(number: str, docs: Iterable[CatalogEntry]) -> bool:
    """Whether a loaded document has this number: the same serial and code, with or without the
    year a citation writes between them ("27/2013/QĐ-UBND" is "27/QĐ-UBND")."""
    parts = _compact(number).split("/")
    return any(
        (d.number and (own := _compact(d.number).split("/"))[0] == parts[0] and own[-1] == parts[-1])
        for d in docs
    )


def named_citation(
    query: Query, documents: Iterable[Document], docs: Iterable[CatalogEntry], config: RankConfig
) -> Cited | None:
    """The cited document the question names by its whole number and asks about (of the kind its
    header cue is attached to, query_header.header_subject), when no loaded document has that
    number; of several texts citing it, the one that states most (a date, an issuer), then the one
    the search ranked first (`documents` in rank order)."""
    asked = re.sub(r"\s*/\s*", "/", query.folded)
    subject = header_subject(query.folded)
    found = [
        c
        for d in documents
        for c in citations(d, config.header_line)
        if "/" in c.number
        and subject in ("van ban", fold(c.kind))
        and re.search(rf"(?<![\d/]){re.escape(_compact(c.number))}(?![\w/])", asked)
    ]
    docs = list(docs)
    found = [c for c in found if not _loaded(c.number, docs)]
    return min(found, key=lambda c: -(c.date is not None) - (c.issuer is not None), default=None)


def cited_answer(query: Query, cited: Cited, doc: CatalogEntry, document: Document) -> Answer:
    """The header fields the question asks of a cited document, from the sentence citing it; a
    field no citation gives (its signer, a missing date) is said to be unknown, and the answer is
    supported only if some field asked is stated."""
    mark = " [1]"
    lines = [
        f"Văn bản được hỏi: {cited.kind.capitalize()} số {cited.number}; văn bản này chưa được nạp, "
        f"thông tin dưới đây lấy từ văn bản {doc.label} trích dẫn nó{mark}."
    ]
    stated = False
    for name in query.header:
        label = HEADER_LABELS[name]
        value = {"number": cited.number, "issued": cited.date, "issuer": cited.issuer}.get(name)
        if value is None:
            lines.append(f"{label}: văn bản trích dẫn không nêu {label.lower()}.")
            continue
        stated = True
        when = date_of(value) if name == "issued" else None
        shown = when.strftime("%d/%m/%Y") if when else value
        said = f" (văn bản ghi «ngày {value}»)" if name == "issued" and shown != value else ""
        lines.append(f"{label}: {shown}{said}{mark}")
    said = " ".join(document.text[cited.sentence[0] : cited.sentence[1]].split())
    lines.append(f"Văn bản {doc.label} ghi: «{said}»{mark}")
    quote = citation(1, doc, document, *cited.sentence)
    return Answer(answer="\n".join(lines), supported=stated, mode=EXTRACTIVE, citations=[quote])
