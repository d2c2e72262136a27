"""Header metadata and the section tree of a Vietnamese administrative document: `sections.py`
builds the tree, `header.py` reads the header fields."""

from __future__ import annotations

from kehoach.ingest.header import parse_meta
from kehoach.ingest.records import DocMeta, PagedText, Section
from kehoach.ingest.sections import parse_sections

__all__ = ["parse", "parse_meta", "parse_sections"]


def parse(body: PagedText) -> tuple[DocMeta, list[Section]]:
    sections = parse_sections(body.text, body.regions)
    return parse_meta(body.text, sections, body.portal), sections
