"""The section tree of a Vietnamese administrative document, and the line helpers the header
parser shares.

Works on the cleaned text but tolerates what cleaning may leave behind (Markdown "#"/"*" markers,
stray web lines). Every keyword is matched on a diacritic-folded copy of the text that keeps each
character's offset, so unaccented text parses the same and spans stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kehoach.ingest.records import Region, Section
from kehoach.ingest.vietnamese import fold_aligned

PREAMBLE = "Mở đầu"
REGION_NAMES = {"recipients": "Nơi nhận", "signature": "Chữ ký"}
LABEL_MAX = 60
# A plan attached to a decision starts with one of these on a line of its own.
ATTACHED_TYPES = frozenset({"ke hoach", "chuong trinh", "de an", "quy che", "quy dinh"})
LETTERS = "abcdđeghiklmnopqrstuvxy"

MARKERS = re.compile(r"\*+|^[\s#>]+")
_ROMAN = re.compile(r"([IVX]{1,5})\.\s+(\S.*)")
_DEC = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,3})(\.?)\s+(\S.*)")
_LETTER = re.compile(rf"([{LETTERS}])\)\s+(\S.*)")
_KEYWORD = re.compile(r"(?:[-+•–]\s*)?(chi tieu|muc tieu|dieu) (\d{1,3})\s*([:.])")


@dataclass(frozen=True)
class Line:
    start: int
    raw: str

    @property
    def content(self) -> str:
        """The line without Markdown markers, whitespace collapsed."""
        return " ".join(MARKERS.sub("", self.raw).split())

    @property
    def indent(self) -> int:
        return self.start + len(self.raw) - len(self.raw.lstrip())


def text_lines(text: str) -> Iterator[Line]:
    offset = 0
    for raw in text.split("\n"):
        yield Line(offset, raw)
        offset += len(raw) + 1


# ---------------------------------------------------------------- labels


def _cut(text: str) -> str:
    text = text.rstrip(" .;:")
    if len(text) <= LABEL_MAX:
        return text
    head = text[: LABEL_MAX + 1].rsplit(" ", 1)[0].rstrip(" ,;:-–")
    return f"{head}…"


def _label(content: str, split_at: int | None = None) -> str:
    """The heading as written; a heading followed by its text on the same line ("1. Mục tiêu
    chung: Đảm bảo ...") keeps only its part before the separator, a long paragraph is cut."""
    content = content.rstrip(" :")
    if split_at is None:
        colon = content.find(":")
        split_at = colon if colon > 0 else None
    if split_at is not None:
        head, tail = content[:split_at].rstrip(" .:"), content[split_at + 1 :].strip()
        if tail and len(head) <= LABEL_MAX and (tail[-1] in ".;" or len(tail) > 100):
            return head
    if len(content) <= 100 and content[-1] not in ".;":
        return content
    return _cut(content)


# ---------------------------------------------------------------- headings


@dataclass(frozen=True)
class _Heading:
    kind: str
    number: tuple
    label: str
    start: int


def _roman_value(numeral: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total if total > 0 else None


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _starts_upper(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return first.isupper() or first.isdigit()


def heading_of(line: Line) -> _Heading | None:
    """The heading a line opens, if it has the form of one (sequence checks come later)."""
    content = line.content
    if not content:
        return None
    at = line.indent
    keyword = _KEYWORD.match(fold_aligned(content))
    if keyword:
        word, number = keyword.group(1), int(keyword.group(2))
        name = content[keyword.start(1) : keyword.end(2)]
        if word == "chi tieu":
            return _Heading("chi tieu", (number,), name, at)
        split = keyword.end(2) if keyword.group(3) == "." else None
        return _Heading(word, (number,), _label(content[keyword.start(1) :], split), at)
    roman = _ROMAN.match(content)
    if roman and _starts_upper(roman.group(2)) and (value := _roman_value(roman.group(1))):
        caps = _mostly_upper(roman.group(2).split(":")[0])
        return _Heading("roman" if caps else "roman?", (value,), _label(content), at)
    dec = _DEC.match(content)
    if dec and _starts_upper(dec.group(3)):
        parts = tuple(int(p) for p in dec.group(1).split("."))
        if len(parts) > 1 or dec.group(2):
            return _Heading(f"dec{len(parts)}", parts, _label(content), at)
    letter = _LETTER.match(content)
    if letter and _starts_upper(letter.group(2)):
        return _Heading("letter", (LETTERS.index(letter.group(1)),), _label(content), at)
    return None


def _follows(prev: tuple, new: tuple) -> bool:
    return prev[:-1] == new[:-1] and prev[-1] < new[-1] <= prev[-1] + 2


def _first(heading: _Heading, parent: _Heading | None) -> bool:
    """Whether a heading may open a new list under `parent` (numbering starts at 1, "a", "I";
    "2.1." only under "2.")."""
    if heading.kind in ("chi tieu", "muc tieu", "dieu", "roman", "attached"):
        return True
    if heading.number[-1] != (0 if heading.kind == "letter" else 1):
        return False
    if heading.kind.startswith("dec") and len(heading.number) > 1 and parent is not None:
        return parent.kind != f"dec{len(heading.number) - 1}" or parent.number == heading.number[:-1]
    return True


@dataclass
class _Open:
    heading: _Heading
    path: tuple[str, ...]
    index: int


class _Tree:
    """The open headings, innermost last; a new heading of a kind already open closes that one
    and everything under it, a kind not open yet nests under the innermost."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.stack: list[_Open] = []

    def close(self, at: int, keep: int = 0) -> None:
        for item in self.stack[keep:]:
            self.sections[item.index].end = at
        del self.stack[keep:]

    def add(self, path: tuple[str, ...], start: int, end: int) -> int:
        self.sections.append(Section(path, start, end))
        return len(self.sections) - 1

    def place(self, heading: _Heading) -> None:
        """Open `heading` where its kind and number put it; a number out of sequence is body text.
        An attached plan's title is a leaf at the top: its own I., II. start a fresh tree."""
        if heading.kind == "attached" or (self.stack and self.stack[-1].heading.kind == "attached"):
            self.close(heading.start)
        kind = heading.kind.rstrip("?")
        same = next((i for i, o in enumerate(self.stack) if o.heading.kind.rstrip("?") == kind), None)
        if same is not None:
            free = heading.kind == "roman" or kind in ("chi tieu", "muc tieu", "dieu")
            if not free and not _follows(self.stack[same].heading.number, heading.number):
                return
            self.close(heading.start, same)
        elif not _first(heading, self.stack[-1].heading if self.stack else None):
            return
        path = (*(self.stack[-1].path if self.stack else ()), heading.label)
        self.stack.append(_Open(heading, path, self.add(path, heading.start, heading.start)))


def _attached_label(lines: list[Line], i: int) -> str | None:
    """ "KẾ HOẠCH THỰC HIỆN ..." for a type line that opens a plan attached to a decision."""
    content = lines[i].content
    if fold_aligned(content) not in ATTACHED_TYPES or not content.isupper():
        return None
    following = next((ln for ln in lines[i + 1 : i + 4] if ln.content), None)
    if following and not following.content.startswith("(") and heading_of(following) is None:
        content = f"{content} {following.content}"
    return _label(content)


def parse_sections(text: str, regions: Sequence[Region] = ()) -> list[Section]:
    """The section tree in document order: ("Mở đầu",) before the first heading, one section per
    heading with the path of its ancestors, and ("Nơi nhận",) / ("Chữ ký",) for marked regions."""
    tree = _Tree()
    pending = sorted(regions, key=lambda r: r.start)
    lines = list(text_lines(text))
    skip_until = 0
    for i, line in enumerate(lines):
        while pending and pending[0].start <= line.start + len(line.raw):
            region = pending.pop(0)
            tree.close(region.start)
            tree.add((REGION_NAMES.get(region.kind, region.kind),), region.start, region.end)
            skip_until = max(skip_until, region.end)
        if line.start < skip_until:
            continue
        label = _attached_label(lines, i) if tree.sections else None
        heading = _Heading("attached", (), label, line.indent) if label else heading_of(line)
        if heading is not None:
            tree.place(heading)
    tree.close(len(text.rstrip()))
    sections = [s for s in tree.sections if s.start < s.end]
    first = min((s.start for s in sections), default=len(text))
    lead = len(text) - len(text.lstrip())
    if text[:first].strip():
        sections.insert(0, Section((PREAMBLE,), lead, first))
    return sorted(sections, key=lambda s: (s.start, s.level))
