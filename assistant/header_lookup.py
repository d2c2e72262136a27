"""Which documents hold a header value that a which-document question names: the person who signed
them ("Ông Trần Chí Hùng ký kế hoạch nào?"), the day they were issued ("Kế hoạch về trẻ em nào được
ký ngày 04/10/2021?"), or a law portal's own type, field or effective date ("văn bản nào thuộc lĩnh
vực Lao động - Tiền lương?"). The catalog's fields, read from each header, signature or portal
block, are looked up by the value the question writes, with or without diacritics: the header
identifies a document better than any sentence of its body, which seldom repeats it."""

from __future__ import annotations

import re
from collections.abc import Callable

from kehoach.assistant.answer import EXTRACTIVE, PORTAL_SOURCE, Answer, Citation, citation
from kehoach.assistant.answer_meta import header_field
from kehoach.assistant.config import RankConfig
from kehoach.assistant.places import has_phrase
from kehoach.assistant.query import Query, whole_dates
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold

# A signer named by fewer syllables is too likely a word of another name ("Hùng", "Văn Bình").
MIN_SYLLABLES = 2
# A portal field is looked up only where the question names it ("thuộc lĩnh vực ...", "xếp vào
# loại ...", "có hiệu lực từ ..."): its values ("Dân số, trẻ em, gia đình") are any question's words.
_PORTAL_LABELS = {
    "field": re.compile(r"\blinh vuc\b"),
    "doc_type": re.compile(r"\bloai\b"),
    "effective": re.compile(r"\bhieu luc\b"),
}
# "Loại văn bản: Văn bản khác", "Lĩnh vực Lao động - Tiền lương": the label, then the value.
_LABEL = re.compile(r"^\s*(?:ngay co hieu luc|loai van ban|linh vuc)\s*:?\s*")


def _phrase(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _signed(query: Query, doc: CatalogEntry) -> bool:
    name = fold(doc.signer or "").split()
    return len(name) >= MIN_SYLLABLES and has_phrase(query.folded, " ".join(name))


def _issued(query: Query, doc: CatalogEntry) -> bool:
    effective = _PORTAL_LABELS["effective"].search(query.folded)
    return bool(doc.issued) and doc.issued in query.dates and effective is None


def _portal(name: str) -> Callable[[Query, CatalogEntry], bool]:
    def held(query: Query, doc: CatalogEntry) -> bool:
        written = dict(doc.portal).get(name)
        label = _PORTAL_LABELS[name].search(query.folded)
        if written is None or label is None:
            return False
        value = _LABEL.sub("", fold(written))
        if name == "effective":
            return bool(set(whole_dates(value)) & set(query.dates))
        asked = _phrase(query.folded[label.end() :])  # the value named follows its label
        parts = [_phrase(p) for p in value.split(",")]
        return any(len(p.split()) >= 2 and has_phrase(asked, p) for p in parts)

    return held


_FIELDS: dict[str, Callable[[Query, CatalogEntry], bool]] = {
    "signer": _signed,
    "issued": _issued,
    **{name: _portal(name) for name in _PORTAL_LABELS},
}
_SAID = {"signer": "Văn bản do {} ký:", "issued": "Văn bản ban hành ngày {}:"}


def by_header(query: Query, index: Index, config: RankConfig) -> Answer | None:
    """The documents holding the header value a which-document question names, each cited by where
    its text states the value (or said to be read from the page's metadata block); None when the
    question names no such value."""
    if not query.which_doc:
        return None
    docs = index.documents()
    for name, held in _FIELDS.items():
        named = [d for d in docs if held(query, d)]
        if named:
            return _listed(name, named, index, config)
    return None


def _listed(name: str, named: list[CatalogEntry], index: Index, config: RankConfig) -> Answer:
    first = named[0]
    if name not in _SAID:  # a portal's own field: as each page writes it
        lines = [f"Văn bản có thông tin này ({PORTAL_SOURCE}):"]
        return _answer([*lines, *(f"- {d.label}: «{dict(d.portal)[name]}»" for d in named)], [])
    value = first.signer if name == "signer" else "/".join(reversed((first.issued or "").split("-")))
    lines = [_SAID[name].format(value)]
    quotes: list[Citation] = []
    for doc in named:
        document = index.document(doc.doc_id)
        field = header_field(name, doc, document, config)
        if field.span is None:
            lines.append(f"- {doc.label} ({PORTAL_SOURCE})")
            continue
        quotes.append(citation(len(quotes) + 1, doc, document, *field.span))
        lines.append(f"- {doc.label} [{len(quotes)}]")
    return _answer(lines, quotes)


def _answer(lines: list[str], quotes: list[Citation]) -> Answer:
    return Answer(answer="\n".join(lines), supported=True, mode=EXTRACTIVE, citations=quotes)
