"""Documents the plans cite but the corpus does not hold ("Căn cứ Quyết định số 1248/QĐ-TTg ngày
19/7/2021 of Thủ tướng Chính phủ ..."). Decree 30/2020 has a citation name a document by kind,
number, date and issuer, so a question about the date or issuer of such a document is answered
from the sentence that cites it, and its signer, which no citation gives, is said to be unknown
rather than read from the citing plan's own header."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kehoach.assistant.answer import EXTRACTIVE, Answer, Citation, citation
from kehoach.assistant.answer_meta import HEADER_LABELS, around
from kehoach.assistant.config import RankConfig
from kehoach.assistant.places import has_phrase, place_names
from kehoach.assistant.query import Query, names_by_number
from kehoach.assistant.query_header import asks_subject, cue_kind, header_subject
from kehoach.assistant.rank import coverage
from kehoach.assistant.sentences import display
from kehoach.ingest.dateline import date_of
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, fold_aligned, terms

_KINDS = (
    r"bo luat|luat|nghi dinh|nghi quyet|quyet dinh|chi thi|thong tu lien tich|thong tu|ke hoach"
    r"|cong van|chuong trinh|huong dan|thong bao|ket luan|to trinh|van ban"
)
_DATE = r"\d{1,2}\s*(?:[/.-]|\s+thang\s+)\s*\d{1,2}\s*(?:[/.-]|,?\s+nam\s+)\s*\d{4}"
# Kind, number, date and issuer as a citation writes them (folded text); the number's code may
# break after a hyphen ("25/TTr- LĐTB&XH"); the issuer runs to the verb that opens the cited
# document's title ("của Thủ tướng Chính phủ phê duyệt ...").
_CITATION = re.compile(
    rf"(?P<kind>{_KINDS})\s+(?:so\s*:?\s*)?(?P<number>\d+(?:\s*/\s*(?:[a-z0-9.&]|-\s?(?=[a-z]))*[a-z0-9])+)"
    rf"\s*,?\s*(?:(?:ban hanh|ky)\s+)?(?:ngay\s*(?P<date>{_DATE}))?"
    r"(?:\s+cua\s+(?P<issuer>[^,;:\n()]{3,80}?)"
    r"(?=\s+(?:ve|phe duyet|quy dinh|ban hanh|huong dan|thuc hien|trien khai|sua doi|bo sung)\b"
    r"|[,;:.\n(]|$))?"
)
# A law is cited by its name and date ("Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016").
_LAW = re.compile(rf"(?P<kind>bo luat|luat)\s+(?P<title>[a-z][a-z ]{{1,60}}?)\s+ngay\s+(?P<date>{_DATE})")


_PERIOD = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[-–—]\s*(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Cited:
    """One citation of a document: its kind, number (a law has none: its name), date, issuer and
    subject (what it is about) as the text writes them (None where it does not), where in which
    document, and the sentence quoted for it."""

    kind: str
    number: str
    date: str | None
    issuer: str | None
    doc_id: str
    sentence: tuple[int, int]
    subject: str | None = None
    title: str = ""

    @property
    def name(self) -> str:
        """The cited document as a reader names it: "Quyết định số 1591/QĐ-TTg", "Luật Trẻ em"."""
        return f"{self.kind.capitalize()} số {self.number}" if self.number else f"{self.kind} {self.title}"

    @property
    def folded_issuer(self) -> str:
        return " ".join(fold(self.issuer or "").split())

    @property
    def key(self) -> str:
        """What a folded question writes to name it: the number without spaces, or the law's name."""
        return _compact(self.number) if self.number else fold(self.name)


def _compact(number: str) -> str:
    return re.sub(r"\s+", "", fold(number))


def _written(text: str, m: re.Match[str], group: str) -> str | None:
    return display(text[m.start(group) : m.end(group)]) if m.group(group) else None


def _subject(text: str, start: int, end: int) -> str | None:
    """The cited document's title after its issuer ("phê duyệt Chương trình ..."), to the end of
    its clause."""
    clause = display(text[start:end].split(";")[0]).strip(" ,.:")
    return clause if len(clause.split()) >= 2 else None


def citations(document: Document, limit: int) -> list[Cited]:
    """Every document the text cites by number, each with its line (or sentence, when the line is
    longer than `limit`)."""
    text = document.text
    folded = fold_aligned(text)
    out = []
    for m in [*_CITATION.finditer(folded), *_LAW.finditer(folded)]:
        if m.start() and folded[m.start() - 1].isalnum() and not text[m.start()].isupper():
            continue  # inside a word; a capital glued to the word before is a lost space
        start, end = around(text, m.start(), m.end(), limit)
        if end < m.end():  # a citation broken over lines is quoted whole
            end = max(end, around(text, m.end() - 1, m.end(), limit)[1])
        law = "title" in m.re.groupindex
        out.append(
            Cited(
                kind=_written(text, m, "kind") or "",
                number="" if law else _written(text, m, "number") or "",
                date=_written(text, m, "date"),
                issuer=None if law else _written(text, m, "issuer"),
                doc_id=document.doc_id,
                sentence=(start, end),
                subject=_subject(text, m.end(), end),
                title=_written(text, m, "title") or "" if law else "",
            )
        )
    return out


# An issuer naming its place: "UBND tỉnh Sơn La", not "UBND tỉnh" alone.
_ISSUER_PLACE = re.compile(r"\b(?:tinh|thanh pho|huyen|quan|thi xa) [a-z]")


def _placed_issuer(cited: Cited) -> str | None:
    """The citation's issuer, folded, when it names its place."""
    issuer = cited.folded_issuer
    return issuer if _ISSUER_PLACE.search(issuer) else None


def _loaded(cited: Cited, docs: Iterable[CatalogEntry], query: Query) -> bool:
    """Whether a loaded document is the one cited: the same serial and code, with or without the
    year a citation writes between them ("27/2013/QĐ-UBND" is "27/QĐ-UBND"), and, where the
    question names one place, the citation its issuer's and the catalog the document's, the same
    place: a number is one issuer's (Sơn La's 134/KH-UBND is not Hà Giang's). A question naming
    several places compares documents, which the plans' own text answers side by side."""
    parts = _compact(cited.number).split("/")
    placed = _placed_issuer(cited) if len(query.places) == 1 else None
    return bool(cited.number) and any(
        d.number
        and (own := _compact(d.number).split("/"))[0] == parts[0]
        and own[-1] == parts[-1]
        and (placed is None or not d.locality or any(has_phrase(placed, n) for n in place_names(d.locality)))
        for d in docs
    )


def _other_place(cited: Cited, query: Query) -> bool:
    """Whether the citation's issuer names a place and the question names others only: "KH 134 của
    Hà Giang" does not ask of the 134/KH-UBND of Sơn La another plan cites."""
    placed = _placed_issuer(cited)
    return placed is not None and bool(query.places) and not any(has_phrase(placed, p) for p in query.places)


def _named_at(cited: Cited, asked: str) -> int:
    """Where a folded question (slashes closed up) names a cited document, or -1: by its whole
    number or a law's name, by its serial and year ("Thông tư 28/2019"), or by its kind and serial
    ("Công văn 2928", "quyết định số 34"), as people shorten a number the text writes in full."""
    if not ("/" in cited.number or not cited.number):
        return -1
    forms = [re.escape(cited.key)]
    serial, *rest = cited.key.split("/")
    if rest:
        if re.fullmatch(r"(?:19|20)\d\d", rest[0]):
            forms.append(rf"{serial}/{rest[0]}")
        forms.append(rf"{re.escape(fold(cited.kind))}\s+(?:so\s+)?{serial}")
    m = re.search(rf"(?<![\d/\w])(?:{'|'.join(forms)})(?![\w/])", asked)
    return m.start() if m else -1


def _grouped(found: Iterable[Cited], config: RankConfig) -> list[Cited]:
    """One citation per citing text: the one that states most (a date, an issuer) first, then the
    texts in the order they were found."""
    texts: dict[str, Cited] = {}
    for c in sorted(found, key=lambda c: -(c.date is not None) - (c.issuer is not None)):
        texts.setdefault(c.doc_id, c)
    return list(texts.values())[: config.cited_texts]


def named_citations(
    query: Query, documents: Iterable[Document], docs: Iterable[CatalogEntry], config: RankConfig
) -> list[list[Cited]]:
    """The cited documents the question names (`_named_at`) that no loaded document has, in the
    question's order; each with its citations (`_grouped`), the texts in the order the search
    ranked them (`documents`)."""
    asked = re.sub(r"\s*/\s*", "/", query.folded)
    found: dict[str, list[Cited]] = {}
    at: dict[str, int] = {}
    for d in documents:
        for c in citations(d, config.header_line):
            if (where := _named_at(c, asked)) >= 0:
                found.setdefault(c.key, []).append(c)
                at[c.key] = where
    docs = list(docs)
    named = sorted(
        (k for k, cs in found.items() if not _loaded(cs[0], docs, query) and not _other_place(cs[0], query)),
        key=at.__getitem__,
    )
    return [_grouped(found[key], config) for key in named]


def _of_kind(cited: Cited, kind: str, query: Query, first: CatalogEntry) -> bool:
    """Whether a citation is of the kind asked; a "văn bản" is any kind whose issuer the question
    names and the citing document's issuer is not ("văn bản số mấy của Bộ LĐTBXH" asked of a
    province's plan)."""
    if kind != "van ban":
        return fold(cited.kind) == kind
    issuer = cited.folded_issuer
    return (
        bool(issuer) and issuer in " ".join(query.folded.split()) and issuer not in fold(first.issuer or "")
    )


def described_citation(
    query: Query,
    documents: list[Document],
    entries: dict[str, CatalogEntry],
    weights: dict[str, float],
    config: RankConfig,
) -> list[list[Cited]]:
    """The cited document a header question describes rather than numbers ("Thông tư hướng dẫn
    công nhận xã phù hợp với trẻ em mà Bắc Ninh căn cứ là thông tư số mấy?"): the question asks of
    a kind of document that the one found first is not (`_of_kind`), so it asks of a text that
    document cites; of its citations of that kind the one whose line, with the citing document's
    own words, covers most of the question's topic, when that is at least `cited_cover` of it."""
    kind = header_subject(query.folded)
    if not (query.header and documents and kind):
        return []
    first = entries[documents[0].doc_id]
    if first.kind is None or fold(first.kind) == kind:
        return []
    own = set(terms(" ".join(filter(None, (first.locality, first.title, first.number))), folded=True))
    best, cover = None, 0.0
    for c in citations(documents[0], config.header_line):
        line = documents[0].text[c.sentence[0] : c.sentence[1]]
        if (
            _of_kind(c, kind, query, first)
            and (share := coverage(weights, own | set(terms(line, folded=True)))) > cover
        ):
            best, cover = c, share
    if best is None or cover < config.cited_cover or _loaded(best, entries.values(), query):
        return []
    return [[best]]


def asked_of(query: Query, groups: list[list[Cited]]) -> bool:
    """Whether the question asks of the cited documents rather than of a plan citing them: one is
    of the kind its header cue is attached to (query_header.header_subject: "Kế hoạch triển khai
    Chỉ thị 1408 ban hành ngày nào" asks of the plan), or the cue follows it right after a
    document the question names by its own number, which needs no clause to tell which it is
    ("Quyết định 592/QĐ-UBND căn cứ Luật Trẻ em ban hành ngày nào" asks of the law)."""
    if not (query.header or asks_subject(query.folded)):
        return False
    subject, last = header_subject(query.folded), cue_kind(query.folded)
    numbered = subject is not None and names_by_number(query, subject)
    return any(
        subject in ("van ban", kind) or (numbered and last == kind)
        for kind in (fold(g[0].kind) for g in groups)
    )


def effect_of_cited(query: Query, groups: list[list[Cited]]) -> bool:
    """Whether the question asks when a cited document takes effect, and numbers no other: the
    citing texts give its date, never its effect, which is then said to be unstated."""
    if not query.asks_effect:
        return False
    keys = [g[0].key for g in groups]
    return all(any(k.startswith(n.replace(" ", "")) for k in keys) for n in query.doc_numbers)


def _quoted(
    group: list[Cited],
    entries: dict[str, CatalogEntry],
    documents: dict[str, Document],
    quotes: list[Citation],
    line: str,
) -> list[str]:
    """Each text citing one document, cited (appended to `quotes`, numbered on from them) and shown
    as `line` with its label, its citing sentence on one line and its number."""
    lines = []
    for cited in group:
        doc, document = entries[cited.doc_id], documents[cited.doc_id]
        quotes.append(citation(len(quotes) + 1, doc, document, *cited.sentence))
        sentence = " ".join(document.text[cited.sentence[0] : cited.sentence[1]].split())
        lines.append(line.format(label=doc.label, sentence=sentence, n=len(quotes)))
    return lines


def citing_answer(
    groups: list[list[Cited]], entries: dict[str, CatalogEntry], documents: dict[str, Document]
) -> Answer:
    """Which loaded documents cite each cited document the question names ("Kế hoạch nào triển khai
    Quyết định 1591/QĐ-TTg?"), each with the sentence that cites it."""
    lines: list[str] = []
    quotes: list[Citation] = []
    for group in groups:
        lines.append(f"Các văn bản đã nạp trích dẫn {group[0].name}:")
        lines += _quoted(group, entries, documents, quotes, "- {label}: «{sentence}» [{n}]")
    return Answer(answer="\n".join(lines), supported=bool(quotes), mode=EXTRACTIVE, citations=quotes)


def _field_lines(query: Query, cited: Cited, others: list[Cited], mark: str) -> tuple[list[str], bool]:
    """The lines answering the fields asked of one cited document, and whether any is stated; a date
    other citing texts write in another form is shown in each form they write."""
    lines, stated = [], False
    effect = ["effective"] if query.asks_effect else []
    fields = [*query.header, *effect, *(["subject"] if asks_subject(query.folded) else [])]
    given = {
        "number": cited.number,
        "issued": cited.date,
        "issuer": cited.issuer,
        "subject": cited.subject,
        # The years of the programme it approves, as its subject writes them ("... giai đoạn 2013 - 2015").
        "period": (m := _PERIOD.search(cited.subject or "")) and m.group(0),
    }
    for name in fields:
        label = HEADER_LABELS.get(name, "Nội dung")
        value = given.get(name)
        if value is None:
            lines.append(f"{label}: văn bản trích dẫn không nêu {label.lower()}.")
            continue
        stated = True
        when = date_of(value) if name == "issued" else None
        shown = when.strftime("%d/%m/%Y") if when else value
        forms = [value, *(c.date for c in others if c.date and date_of(c.date) == when)] if when else []
        written = [f"«ngày {f}»" for f in dict.fromkeys(forms) if f != shown]
        said = f" (văn bản ghi {'; '.join(written)})" if written else ""
        lines.append(f"{label}: {shown}{said}{mark}")
    return lines, stated


def cited_answer(
    query: Query, groups: list[list[Cited]], entries: dict[str, CatalogEntry], documents: dict[str, Document]
) -> Answer:
    """The header fields (or the subject) the question asks of each cited document, from the
    sentences citing it; a field no citation gives (its signer, a missing date) is said to be
    unknown, and the answer is supported only if some field asked is stated."""
    lines: list[str] = []
    quotes: list[Citation] = []
    stated = False
    for group in groups:
        first = group[0]
        mark = f" [{len(quotes) + 1}]"
        lines.append(
            f"Văn bản được hỏi: {first.name}; văn bản này chưa được nạp, "
            f"thông tin dưới đây lấy từ văn bản {entries[first.doc_id].label} trích dẫn nó{mark}."
        )
        fields, said = _field_lines(query, first, group[1:], mark)
        lines += fields
        stated = stated or said
        lines += _quoted(group, entries, documents, quotes, "Văn bản {label} ghi: «{sentence}» [{n}]")
    return Answer(answer="\n".join(lines), supported=stated, mode=EXTRACTIVE, citations=quotes)
