"""A drafting request in a conversation ("soạn mục Nhiệm vụ, giải pháp cho năm 2026 dựa trên kế
hoạch 125/KH-UBND", with or without diacritics) read into what `make_draft` needs, and answered
with the drafted Markdown and its sources as citations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from kehoach.assistant.answer import EXTRACTIVE, LLM, Answer, Citation, citation
from kehoach.assistant.draft import (
    Draft,
    Paragraph,
    make_draft,
    resolve_document,
    section_markdown,
    to_markdown,
)
from kehoach.assistant.draft_llm import rewrite_draft
from kehoach.ingest.index import Index
from kehoach.ingest.vietnamese import fold_aligned, normalize

_VERB = re.compile(
    r"^\s*(?:hay |giup (?:toi )?|xin |vui long )?(?:soan|du thao|viet)(?: thao)?(?: giup(?: toi)?)?"
    r" (?:(?:mot |ban )?(?:du thao )?(?:muc|ke hoach|chuong trinh))\b"
)
_DOC_WORD = r"(?:(?:cac )?(?:ke hoach|van ban|chuong trinh|quyet dinh)(?: so)?\s*)?"
_BASIS = re.compile(r"\b(?:dua tren|dua vao|tu|theo|can cu(?: vao)?|tham khao)\s+" + _DOC_WORD)
_REF = re.compile(r"[\w.-]*\d[\w./-]*")
_JOINER = re.compile(r"\s*(?:,|;|\bva\b|\bcung\b)\s*" + _DOC_WORD)
_SECTION = re.compile(r"\bmuc\s+")
_YEAR = re.compile(r"\b(?:cho )?nam (\d{4})\b")


@dataclass
class DraftRequest:
    """What to draft: the model plan first, then upper plans; one section or (None) the whole."""

    sources: list[str]
    year: int | None
    section: str | None


def _sources(folded: str, original: str, start: int) -> tuple[list[str], int]:
    """The document references after "dựa trên kế hoạch": "125/KH-UBND và 3456"; and where they end."""
    refs, pos = [], start
    while m := _REF.match(folded, pos):
        refs.append(original[m.start() : m.end()].rstrip("."))
        pos = m.end()
        joined = _JOINER.match(folded, pos)
        if not joined or not _REF.match(folded, joined.end()):
            break
        pos = joined.end()
    return refs, pos


def parse_request(text: str) -> DraftRequest | None:
    """The request, or None when `text` does not ask for a draft from a named plan."""
    original = normalize(text)
    folded = fold_aligned(original)
    if not _VERB.match(folded):
        return None
    found = ((b, *_sources(folded, original, b.end())) for b in _BASIS.finditer(folded))
    basis, sources, end = next((f for f in found if f[1]), (None, [], 0))
    if basis is None:
        return None
    outside = folded[: basis.start()] + " " * (end - basis.start()) + folded[end:]
    year = _YEAR.search(outside)
    section = None
    if named := _SECTION.search(outside):
        stops = [m.start() for m in (_YEAR.search(outside, named.end()),) if m]
        stops += [basis.start()] if basis.start() > named.end() else []
        section = original[named.end() : min(stops, default=len(original))].strip(" ,.;:") or None
    return DraftRequest(sources, int(year.group(1)) if year else None, section)


def _citations(index: Index, draft: Draft) -> dict[tuple[str, str], Citation]:
    """One citation per source section: the quote is the section's heading line in the model plan."""
    found: dict[tuple[str, str], Citation] = {}
    entries = {d.doc_id: d for d in index.documents()}
    shown = [(s.origin if s.is_content else None, *s.paragraphs) for s in draft.sections]
    paragraphs = [*draft.preamble, *(p for group in shown for p in group if p)]
    for p in paragraphs:
        key = (p.doc_id, p.section)
        if key in found:
            continue
        doc = index.document(p.doc_id)
        sec = next((s for s in doc.sections if s.label == p.section), None)
        if sec is None:
            continue
        text = doc.text[sec.start : sec.end]
        start = sec.start + len(text) - len(text.lstrip())
        end = start + len(text.strip().splitlines()[0]) if text.strip() else start
        found[key] = citation(len(found) + 1, entries[p.doc_id], doc, start, end)
    return found


def answer_request(index: Index, question: str, llm: BaseChatModel | None = None) -> Answer | None:
    """The drafted section (or whole plan) as Markdown with [n] after each paragraph, or None when
    `question` is no drafting request. Unknown documents or sections raise KehoachError."""
    request = parse_request(question)
    if request is None:
        return None
    year = request.year
    if year is None:
        model = index.document(resolve_document(index, request.sources[0]).doc_id)
        year = (model.meta.year_to or model.meta.year_from or 0) + 1
    draft = make_draft(index, request.sources, year, section=request.section)
    rewrite = rewrite_draft(draft, llm) if llm is not None else None
    cited = _citations(index, draft)

    def cite(p: Paragraph) -> str:
        c = cited.get((p.doc_id, p.section))
        return f" [{c.n}]" if c else ""

    text = section_markdown(draft, cite) if request.section else to_markdown(draft, cite=cite)
    mode = LLM if rewrite and rewrite.rewritten else EXTRACTIVE
    notice = f"Bản dự thảo năm {year}: mọi chỗ «cần bổ sung», «cần xem lại» phải được người soạn xác nhận."
    citations = list(cited.values())
    return Answer(answer=text, supported=bool(cited), mode=mode, citations=citations, notices=[notice])
