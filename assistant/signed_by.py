"""Which documents a named person signed ("Ông Trần Chí Hùng ký kế hoạch nào?"): the catalog's
signers, read from each document's signature block or its portal's metadata block, looked up by the
name the question writes, with or without diacritics."""

from __future__ import annotations

from kehoach.assistant.answer import EXTRACTIVE, PORTAL_SOURCE, Answer, Citation, citation
from kehoach.assistant.answer_meta import header_field
from kehoach.assistant.config import RankConfig
from kehoach.assistant.places import has_phrase
from kehoach.assistant.query import Query
from kehoach.ingest.index import Index
from kehoach.ingest.vietnamese import fold

# A signer named by fewer syllables is too likely a word of another name ("Hùng", "Văn Bình").
MIN_SYLLABLES = 2


def signed_by(query: Query, index: Index, config: RankConfig) -> Answer | None:
    """The documents signed by the person a which-document question names, each cited by its
    signature (or said to be read from the page's metadata block); None when it names no signer."""
    if not query.which_doc:
        return None
    named = [
        d
        for d in index.documents()
        if d.signer
        and len(name := fold(d.signer).split()) >= MIN_SYLLABLES
        and has_phrase(query.folded, " ".join(name))
    ]
    if not named:
        return None
    lines = [f"Văn bản do {named[0].signer} ký:"]
    quotes: list[Citation] = []
    for doc in named:
        document = index.document(doc.doc_id)
        field = header_field("signer", doc, document, config)
        if field.span is None:
            lines.append(f"- {doc.label} ({PORTAL_SOURCE})")
            continue
        quotes.append(citation(len(quotes) + 1, doc, document, *field.span))
        lines.append(f"- {doc.label} [{len(quotes)}]")
    return Answer(answer="\n".join(lines), supported=True, mode=EXTRACTIVE, citations=quotes)
