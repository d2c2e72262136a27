"""Where a document states a part that Decree 30/2020/NĐ-CP regulates (query_part.py): the
sentence on when it takes effect, the recipients block ("Nơi nhận", marked at cleaning), and its
numbered items ("(1) ... (2) ...", "1. ... 2. ...", "a) ... b) ...", "Thứ nhất, ... Thứ hai, ...").
Every span is exact in the stored text, so it can be cited; a part the text lacks gives none."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kehoach.assistant.query_part import ORDINAL_WORDS
from kehoach.assistant.query_type import states_effect
from kehoach.assistant.sentences import sentence_spans, trim
from kehoach.ingest.records import Document
from kehoach.ingest.sections import LETTERS
from kehoach.ingest.vietnamese import fold_aligned

Span = tuple[int, int]

# Item markers by style, matched on the folded text (offsets are the text's): a number in
# parentheses anywhere ("gồm: (1) ...; (2) ..."), a number or a letter opening a line ("2. ",
# "b) "), an ordinal word opening a clause ("Thứ hai, ...").
_MARKERS = {
    "paren": re.compile(r"(?<![\w(])\((?P<n>\d{1,2})\)\s*(?=\S)"),
    "line": re.compile(r"(?m)^[ \t*#>|]*(?P<n>\d{1,2})[.)][ \t]+(?=\S)"),
    "letter": re.compile(rf"(?m)^[ \t*#>|]*(?P<n>[{LETTERS}])\)[ \t]+(?=\S)"),
    "word": re.compile(rf"(?:^|(?<=[.:;\n]))[ \t*#>|-]*thu (?P<n>{'|'.join(ORDINAL_WORDS)})\s*[,:]", re.M),
}


@dataclass(frozen=True)
class Item:
    """One numbered item: its position in its list, its quotable span (to the next item or its
    line's end), and the lead that names its list ("... 4 nội dung hoạt động gồm:", or the line
    above a list of lines)."""

    position: int
    span: Span
    lead: Span


def effective(document: Document) -> list[Span]:
    """The sentences stating when the document takes effect ("có hiệu lực kể từ ngày ký")."""
    text = document.text
    return [(s, e) for s, e in sentence_spans(text) if states_effect(text[s:e])]


# A news page's posting line, labelled ("Ngày đăng tin: 23/02/2019", "Ngày đăng: 30/03/2021 10:42")
# or a date alone, with its time and weekday ("9:44, Thứ Bảy, 15-4-2023", "08/04/2021"), folded.
_DMY = r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}"
_POSTED_LABEL = re.compile(rf"(?m)^[^\n]*?(?:ngay dang(?: tin)?|dang ngay|ngay cap nhat)\s*:?\s*{_DMY}[^\n]*")
_DATE_ALONE = re.compile(
    rf"(?m)^[ \t]*(?:\d{{1,2}}:\d{{2}},?\s*)?(?:(?:thu \w+|chu nhat),?\s*)?(?:ngay\s*)?{_DMY}"
    r"(?:\s+\d{1,2}:\d{2})?[ \t]*$"
)
# How far into a page its posting line stands (above the article's first paragraph).
_OPENING = 1200


def posted(document: Document) -> list[Span]:
    """The line saying when a web page was posted: a labelled one, else a date alone on its line
    below the page's title (one above it is the portal's banner of the day a visitor reads it)."""
    text = document.text
    folded = fold_aligned(text[:_OPENING])
    if m := _POSTED_LABEL.search(folded):
        return [trim(text, m.start(), m.end())]
    title = re.search(r"(?m)^(?!url\b)(?:\S+[ \t]+){5,}\S+[ \t]*$", folded)
    m = _DATE_ALONE.search(folded, title.end()) if title else None
    return [trim(text, m.start(), m.end())] if m else []


def recipients(document: Document) -> list[Span]:
    """The recipients blocks, each without its "Nơi nhận:" heading, as marked at cleaning."""
    text = document.text
    out = []
    for region in (r for r in document.body.regions if r.kind == "recipients"):
        heading = re.match(r"[^\n]*?n[oơ]i nh[aậ]n\s*:?", text[region.start : region.end], re.IGNORECASE)
        start = region.start + (heading.end() if heading else 0)
        if text[start : region.end].strip():
            out.append(trim(text, start, region.end))
    return out


def basis(document: Document, cue: str) -> list[Span]:
    """The lines that open with a folded cue ("can cu luat": "Căn cứ Luật Trẻ em ngày 05/4/2016;")."""
    text = document.text
    words = r"\s+".join(map(re.escape, cue.split()))
    opening = re.compile(rf"(?m)^[ \t*#>|-]*{words}(?![a-z])")
    return [trim(text, m.start(), _line(text, m.start())[1]) for m in opening.finditer(fold_aligned(text))]


def _position(style: str, value: str) -> int:
    if style == "letter":
        return LETTERS.index(value) + 1
    return ORDINAL_WORDS[value] if style == "word" else int(value)


def _line(text: str, at: int) -> Span:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _lead(text: str, first: int) -> Span:
    """What names a list: its first item's line before the marker, else the line above it."""
    line_start, _ = _line(text, first)
    if text[line_start:first].strip(" \t*#>|-"):
        return line_start, first
    above = text[:line_start].rstrip()
    return _line(text, len(above) - 1) if above else (0, 0)


def _runs(text: str, style: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of one style's markers numbered 1, 2, 3...: (position, offset of the marker)."""
    run: list[tuple[int, int]] = []
    for m in _MARKERS[style].finditer(fold_aligned(text)):
        position = _position(style, m.group("n"))
        at = m.start("n") - (1 if style == "paren" else 0)
        if style == "word":
            at = m.start("n") - len("thu ")
        if position == 1:
            if len(run) > 1:
                yield run
            run = [(1, at)]
        elif run and position == run[-1][0] + 1:
            run.append((position, at))
    if len(run) > 1:
        yield run


def items(document: Document, position: int) -> list[Item]:
    """The item at `position` of every numbered list of the document, in document order; a list
    is two or more markers of one style numbered from 1 in sequence."""
    text = document.text
    out = []
    for style in _MARKERS:
        for run in _runs(text, style):
            starts = [at for _, at in run]
            for k, (n, at) in enumerate(run):
                if n != position:
                    continue
                end = min(_line(text, at)[1], starts[k + 1] if k + 1 < len(run) else len(text))
                span = trim(text, at, end)
                if span[1] > span[0]:
                    out.append(Item(n, span, _lead(text, starts[0])))
    return sorted(out, key=lambda i: i.span)
