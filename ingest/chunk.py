"""Section-aware chunks: each one quotes the cleaned text exactly and carries its citation anchor."""

from __future__ import annotations

import re

from kehoach.ingest.records import SECTION_SEP, Chunk, Document

# Sized for e5-small's 512-token window: ~900 characters of Vietnamese stay near 300 tokens,
# leaving room for the context header.
MAX_CHARS = 900
HEADING_CHARS = 80

# Where a long span may be cut, best first: line breaks (paragraphs, bullets), sentence or clause
# ends (a decimal "0.8" or "1.000" has no space after its dot), then between words.
_CUTS = (
    re.compile(r"\n+"),
    re.compile(r"[.!?;…]+[\"”’)]*\s+"),
    re.compile(r"\s+"),
)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split(text: str, start: int, end: int, max_chars: int, level: int = 0) -> list[tuple[int, int]]:
    """Greedy packing of the pieces between cut points of `level`; an oversized piece goes a level down."""
    start, end = _trim(text, start, end)
    if start >= end:
        return []
    if end - start <= max_chars:
        return [(start, end)]
    if level == len(_CUTS):
        # One "word" longer than a chunk (a URL, a table row without spaces): nothing better to do.
        return [(i, min(i + max_chars, end)) for i in range(start, end, max_chars)]
    cuts = [m.end() for m in _CUTS[level].finditer(text, start, end) if start < m.end() < end]
    bounds = [start, *cuts, end]
    out: list[tuple[int, int]] = []
    cur_start, cur_end = bounds[0], bounds[1]
    for b in bounds[2:]:
        if b - cur_start <= max_chars:
            cur_end = b
            continue
        out += _split(text, cur_start, cur_end, max_chars, level + 1)
        cur_start, cur_end = cur_end, b
    out += _split(text, cur_start, cur_end, max_chars, level + 1)
    return out


def _segments(doc: Document) -> list[tuple[int, int]]:
    """Spans between consecutive section starts/ends: within one, the innermost section is constant."""
    n = len(doc.text)
    marks = {0, n}
    for sec in doc.sections:
        marks.update(min(max(p, 0), n) for p in (sec.start, sec.end))
    ordered = sorted(marks)
    return list(zip(ordered, ordered[1:], strict=False))


def _short(heading: str) -> str:
    heading = " ".join(heading.split())
    if len(heading) <= HEADING_CHARS:
        return heading
    return heading[:HEADING_CHARS].rsplit(" ", 1)[0] + "…"


def header(doc: Document, section_path: tuple[str, ...]) -> str:
    """ "183/KH-UBND · thành phố Huế · 2025 · I. MỤC TIÊU > 2. Mục tiêu cụ thể": context for retrieval."""
    meta = doc.meta
    path = SECTION_SEP.join(_short(h) for h in section_path)
    parts = (meta.number, meta.locality, meta.years, path)
    return " · ".join(p for p in parts if p)


def chunk_document(doc: Document, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """Chunks that never cross a section boundary, cut at paragraphs, then sentences, never mid-word."""
    chunks: list[Chunk] = []
    for seg_start, seg_end in _segments(doc):
        sec = doc.section_at(seg_start)
        path = sec.path if sec else ()
        for start, end in _split(doc.text, seg_start, seg_end, max_chars):
            chunks.append(
                Chunk(
                    chunk_id=f"{doc.doc_id}:{len(chunks)}",
                    doc_id=doc.doc_id,
                    text=doc.text[start:end],
                    section=sec.label if sec else "",
                    start=start,
                    end=end,
                    page=doc.body.page_at(start),
                    header=header(doc, path),
                )
            )
    return chunks
