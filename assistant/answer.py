"""Answer / Citation: the contract every answering path (extractive, LLM, target records) returns,
the extractive composer (the chosen sentences, each cited) and the refusal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from kehoach.assistant.rank import Passage
from kehoach.assistant.sentences import display
from kehoach.ingest.records import CatalogEntry, Document

EXTRACTIVE = "extractive"
# Said of a value read from a law portal's metadata block, which cleaning removed from the text.
PORTAL_SOURCE = "theo khối thông tin văn bản của trang nguồn"
LLM = "llm"


@dataclass
class Citation:
    """Source [n] of an answer; `quote` is exactly text[start:end] of the stored document."""

    n: int
    doc_id: str
    number: str | None
    title: str | None
    locality: str | None
    year: str | None
    section: str
    quote: str
    source: str
    page: int
    start: int
    end: int


@dataclass
class Answer:
    answer: str
    supported: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    check: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)


def citation(n: int, doc: CatalogEntry, document: Document, start: int, end: int) -> Citation:
    section = document.section_at(start)
    return Citation(
        n=n,
        doc_id=document.doc_id,
        number=doc.number,
        title=doc.title,
        locality=doc.locality,
        year=doc.years,
        section=section.label if section else "",
        quote=document.text[start:end],
        source=doc.source or document.source,
        page=document.body.page_at(start),
        start=start,
        end=end,
    )


def unstated_line(doc: CatalogEntry) -> str:
    """What a comparison says of a side whose document does not answer, so the other side's value
    is not read as both."""
    return f"Văn bản {doc.label} không nêu nội dung được hỏi."


def compose_extractive(
    passages: list[Passage], compared: bool = False, unstated: Sequence[CatalogEntry] = ()
) -> Answer:
    """The chosen sentences, each followed by its source number, under the names of the documents
    they come from: a reader of plans from many places and years must see whose text answers (and
    a question asking which document, "Kế hoạch nào…?", is answered by it); a comparison's
    sentences stand under their own document's name, so each value says whose it is, followed by
    the sides whose document does not state it (`unstated`)."""
    citations = [citation(n, p.doc, p.document, p.start, p.end) for n, p in enumerate(passages, 1)]
    lines = [f"{display(c.quote)} [{c.n}]" for c in citations]
    if compared:
        lines = []
        for p, c in zip(passages, citations, strict=True):
            if c.n == 1 or passages[c.n - 2].doc.doc_id != p.doc.doc_id:
                lines.append(f"{p.doc.label}:")
            lines.append(f"- {display(c.quote)} [{c.n}]")
        lines += [unstated_line(d) for d in unstated]
    elif citations:
        names = dict.fromkeys(p.doc.label for p in passages)
        lines.insert(0, "Văn bản: " + "; ".join(names) + ".")
    return Answer(answer="\n".join(lines), supported=bool(citations), mode=EXTRACTIVE, citations=citations)


def refusal(closest: list[CatalogEntry], reason: str = "") -> Answer:
    """The loaded documents do not answer; say why when known, and name the nearest documents so
    the user knows what was searched."""
    text = "Các văn bản đã nạp không có thông tin để trả lời câu hỏi này."
    if reason:
        text += f" {reason}"
    if closest:
        text += " Văn bản gần nhất: " + "; ".join(d.label for d in closest) + "."
    return Answer(answer=text, supported=False, mode=EXTRACTIVE)
