"""Sentences of the stored text: spans (exact offsets) of sentences and ";"-clauses, with page
breaks rejoined and bullets, numbering and Markdown marks trimmed; and how a quote is shown."""

from __future__ import annotations

import re

from kehoach.ingest.instructions import is_instruction
from kehoach.ingest.vietnamese import fold

# Clauses this short are no full clause: a ";" before one does not end a sentence.
MIN_CLAUSE_WORDS = 5

# Tokens that end with a period without ending a sentence.
_ABBREVIATIONS = frozenset(
    fold(a) for a in "TP Tp KT TM TL TUQ ThS TS PGS GS BS Th.S Đ/c đ/c v.v St Q P X H".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?;])[ \t]+|(?<=[.!?;][\"”)])[ \t]+")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])[.)]?$")
_LEADING_JUNK = re.compile(r"(?:[-–—+•*#>]+|\*\*|__|\d+(?:\.\d+)*\.|[IVXLC]+\.|[a-zđ]\))[ \t]*")
_TRAILING_JUNK = re.compile(r"[ \t;,*_#]+$")
_LIST_ITEM = re.compile(r"[a-zđ]\)")
_MARKDOWN = re.compile(r"\*\*|__|(?m:^#+\s*)|`")
_WORD = re.compile(r"\w", re.UNICODE)
_WORD_RUN = re.compile(r"\w+", re.UNICODE)
_CLAUSE = re.compile(r"[^.;!?\n]*")


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraph spans; a line that a page break cut (next line starts in lower case) is rejoined."""
    spans: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        body = line.strip()
        line_start, pos = pos, pos + len(line)
        if not body:
            continue
        lead = line_start + len(line) - len(line.lstrip())
        stop = line_start + len(line.rstrip())
        if (
            spans
            and body[0].islower()
            and not _LIST_ITEM.match(body)
            and text[spans[-1][1] - 1] not in ".!?:;"
        ):
            spans[-1] = (spans[-1][0], stop)
        else:
            spans.append((lead, stop))
    return spans


def _is_boundary(text: str, block_start: int, period: int) -> bool:
    """Whether the terminal character at `period` ends a sentence (not "TP.", "2.1.", "KT."); a ";"
    ends a clause only before another full clause ("Công ước…; Luật Trẻ em." stays whole)."""
    if text[period] == ";":
        clause = _CLAUSE.match(text, period + 1)
        return clause is not None and len(_WORD_RUN.findall(clause.group(0))) >= MIN_CLAUSE_WORDS
    if text[period] != ".":
        return True
    before = text[block_start:period].split()
    token = before[-1] if before else ""
    if fold(token.strip('("“')) in _ABBREVIATIONS:
        return False
    return not (_NUMBERING.match(token) and len(before) == 1)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span past bullets, numbering and Markdown marks at either end."""
    while True:
        m = _LEADING_JUNK.match(text, start, end)
        if not m or m.end() == start:
            break
        start = m.end()
    m = _TRAILING_JUNK.search(text, start, end)
    if m and m.start() >= start:
        end = m.start()
    return start, end


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence and clause spans (";" separates the clauses of a bullet) of text[start:end]."""
    end = len(text) if end is None else end
    spans = []
    for b_start, b_end in _blocks(text, start, end):
        cut = b_start
        for m in _BOUNDARY.finditer(text, b_start, b_end):
            if _is_boundary(text, b_start if cut == b_start else cut, m.start() - 1):
                spans.append((cut, m.start()))
                cut = m.end()
        spans.append((cut, b_end))
    trimmed = (trim(text, s, e) for s, e in spans)
    return [(s, e) for s, e in trimmed if len(_WORD.findall(text[s:e])) >= 3]


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
    return len(_WORD_RUN.findall(text))
