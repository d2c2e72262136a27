"""How the read side shows and screens sentences; the spans themselves come from
`ingest/sentences.py`, the one sentence splitter (ingest counts corpus statistics over the same
spans that answers quote)."""

from __future__ import annotations

import re

from kehoach.ingest.instructions import is_instruction
from kehoach.ingest.sentences import WORD_RUN, sentence_spans, trim

__all__ = ["display", "sentence_spans", "trim", "without_instructions", "word_count"]

_MARKDOWN = re.compile(r"\*\*|__|(?m:^#+\s*)|`")


def without_instructions(text: str) -> str:
    """`text` with every instruction-like sentence replaced by "[…]"."""
    spans = [(s, e) for s, e in sentence_spans(text) if is_instruction(text[s:e])]
    for s, e in reversed(spans):
        text = f"{text[:s]}[…]{text[e:]}"
    return text


def display(quote: str) -> str:
    """A quote as shown to the user: no Markdown marks, one line."""
    return " ".join(_MARKDOWN.sub("", quote).split())


def word_count(text: str) -> int:
    return len(WORD_RUN.findall(text))
