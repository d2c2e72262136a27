"""Answers about a regulated part of a document (query_part.py: when it takes effect, whom it is
sent to, its item at a position) read from that part of the document the question names, found
by its form (parts.py) rather than by the question's words, which the part seldom repeats ("có
gửi cho hội nào không?" against "- Hội Bảo trợ NKT và TE tỉnh;").

The document is the retrieved one that fits the place, number and years the question names
and whose title and opening hold its topic words (header_choice.py), less the words the quoted
part itself explains ("nội dung hoạt động" names the list, not the plan). A document that is not
so identified, or lacks the part, gives no answer here: the question is answered from the text."""

from __future__ import annotations

from collections.abc import Sequence

from kehoach.assistant.answer import EXTRACTIVE, PORTAL_SOURCE, Answer, Citation, citation
from kehoach.assistant.config import RankConfig
from kehoach.assistant.header_choice import header_document, identified, numbered
from kehoach.assistant.parts import Span, basis, effective, items, posted, recipients
from kehoach.assistant.query import Query
from kehoach.assistant.rank import coverage
from kehoach.assistant.sentences import display
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import terms

# At most this many spans of one part are quoted (a decision and the plan it approves may each
# state their effect, or each end with its recipients).
_MAX_SPANS = 2


# The words that name a web page, not its subject ("bài tin trên cổng ... đăng hôm nào").
_PAGE_WORDS = {"bai", "viet", "tin", "trang", "cong", "thong", "dien", "tu", "web", "ai"}


def _words(text: str) -> set[str]:
    return {p for t in terms(text, folded=True) for p in t.split("_")}


def _located(query: Query, document: Document, weights: dict[str, float]) -> tuple[list[Span], set[str]]:
    """The spans that answer, and the words of the part (its text; an item's lead too) that
    explain the question's words naming it."""
    assert query.part is not None
    text = document.text
    if query.part.name in ("item", "basis"):
        # The item or line the question names: the one whose words (an item's lead too) hold most
        # of its words.
        if query.part.name == "basis":
            found = [(span, (span[0], span[0])) for span in basis(document, query.part.cue)]
        else:
            found = [(i.span, i.lead) for i in items(document, query.part.position or 0)]
        named = [f"{text[slice(*lead)]} {text[slice(*span)]}" for span, lead in found]
        scores = [coverage(weights, set(terms(words, folded=True))) for words in named]
        if not scores:
            return [], set()
        best = scores.index(max(scores))
        return [found[best][0]], _words(named[best])
    spans = {"effective": effective, "posted": posted}.get(query.part.name, recipients)(document)
    spans = spans[:_MAX_SPANS]
    page = _PAGE_WORDS if query.part.name == "posted" else set()
    return spans, page | {w for s, e in spans for w in _words(text[s:e])}


def _quoted(quote: str) -> str:
    """A quote as shown: a block of lines (the recipients) keeps its lines."""
    return "\n".join(display(line) for line in quote.splitlines() if line.strip())


def _portal_effect(query: Query, doc: CatalogEntry) -> str | None:
    """When a law portal's metadata says the document takes effect ("Ngày có hiệu lực
    05/08/2021"), as it writes it: asked of its effect, that answers too."""
    return dict(doc.portal).get("effective") if query.asks_effect else None


def _part(
    query: Query,
    docs: Sequence[CatalogEntry],
    documents: dict[str, Document],
    weights: dict[str, float],
    config: RankConfig,
    compared: bool,
) -> tuple[CatalogEntry, Document, list[Span]] | None:
    """The document the question (or a comparison's side) identifies, and its spans of the part."""
    assert query.part is not None
    found = header_document(query, list(docs), compared)
    # Its kind aside: a decision carries the plan it approves ("kèm theo Quyết định này"), whose
    # items, effect and recipients it states.
    if found is None or not (found[1].place and found[1].named and found[1].years):
        return None
    doc, document = found[0], documents[found[0].doc_id]
    spans, explained = _located(query, document, weights)
    if not spans and not _portal_effect(query, doc):
        return None
    explained |= set(query.part.cue.split())
    topic = {t: w for t, w in weights.items() if not set(t.split("_")) & explained}
    if not (identified(query, doc, document, topic, config) or (not topic and numbered(query, doc))):
        return None
    return doc, document, spans


def part_answer(
    query: Query,
    sides: Sequence[Sequence[CatalogEntry]],
    documents: dict[str, Document],
    weights: Sequence[dict[str, float]],
    config: RankConfig,
) -> Answer | None:
    """The part asked of the document the question identifies (of each side's, in a comparison:
    "Kế hoạch 148 ... và QĐ 27 ... có hiệu lực từ khi nào?"), quoted; None when a side's retrieved
    documents identify none, or the one identified lacks the part."""
    if query.part is None:
        return None
    compared = len(sides) > 1
    found = [
        _part(query, docs, documents, w, config, compared) for docs, w in zip(sides, weights, strict=True)
    ]
    if not all(found):
        return None
    lines: list[str] = []
    cited: list[Citation] = []
    for n, (doc, document, spans) in enumerate(f for f in found if f is not None):
        if any(f and f[0] == doc for f in found[:n]):
            continue
        lines.append(f"Văn bản: {doc.label}.")
        for s, e in spans:
            cited.append(citation(len(cited) + 1, doc, document, s, e))
            lines.append(f"{_quoted(cited[-1].quote)} [{cited[-1].n}]")
        if portal := _portal_effect(query, doc):
            lines.append(f"«{portal}» ({PORTAL_SOURCE})")
    return Answer(answer="\n".join(lines), supported=True, mode=EXTRACTIVE, citations=cited)
