"""Raw text -> the cleaned text that the index stores and every citation quotes.

The text keeps the file's own spelling (NFC only): tone-mark placement ("Uỷ" / "Ủy") is unified
for matching (`vietnamese.terms`, `fold`), never in what is stored, so every quote is found as-is
in the user's file.

Each edit goes through `_Text`, which remembers for every character its offset in the raw text, so
that page starts move with the edits. Web boilerplate, Markdown markup and layout artefacts go;
lines split by page breaks are re-joined; the recipients ("Nơi nhận") and signature blocks stay
in the text and are marked as regions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kehoach.ingest.records import PORTAL_ONLY, PagedText, Region
from kehoach.ingest.vietnamese import fold, fold_aligned, nfc

Edit = tuple[int, int, str]  # replace text[start:end] with the string


@dataclass(frozen=True)
class _Text:
    """Text whose every character remembers its offset in the raw text (`origin`)."""

    text: str
    origin: tuple[int, ...]
    raw_length: int

    @classmethod
    def of(cls, text: str) -> _Text:
        return cls(text, tuple(range(len(text))), len(text))

    def _at(self, index: int) -> int:
        return self.origin[index] if index < len(self.origin) else self.raw_length

    def edit(self, edits: Iterable[Edit]) -> _Text:
        """Apply sorted, non-overlapping edits. A replacement found inside the text it replaces
        keeps its own origins (stripping "**x**" keeps x's); other new text takes the origin of
        the replaced span's start."""
        parts: list[str] = []
        origin: list[int] = []
        last = 0
        for start, end, new in edits:
            parts.append(self.text[last:start])
            origin.extend(self.origin[last:start])
            inside = self.text.find(new, start, end) if new else -1
            if inside >= 0:
                origin.extend(self.origin[inside : inside + len(new)])
            else:
                origin.extend([self._at(start)] * len(new))
            parts.append(new)
            last = end
        parts.append(self.text[last:])
        origin.extend(self.origin[last:])
        return _Text("".join(parts), tuple(origin), self.raw_length)

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> _Text:
        edits = []
        for m in pattern.finditer(self.text):
            new = repl(m) if callable(repl) else m.expand(repl)
            if new != m.group(0):
                edits.append((m.start(), m.end(), new))
        return self.edit(edits) if edits else self

    def lines(self) -> list[tuple[int, int]]:
        """(start, end) of every line, newline excluded."""
        spans, start = [], 0
        for m in re.finditer("\n", self.text):
            spans.append((start, m.start()))
            start = m.end()
        spans.append((start, len(self.text)))
        return spans

    def drop_lines(self, spans: list[tuple[int, int]], indices: Iterable[int]) -> _Text:
        """Remove whole lines (with their newline)."""
        edits = []
        for i in sorted(set(indices)):
            start, end = spans[i]
            edits.append((start, min(end + 1, len(self.text)), ""))
        return self.edit(edits) if edits else self

    def page_starts(self, raw_starts: list[int]) -> list[int]:
        return [bisect.bisect_left(self.origin, start) for start in raw_starts]


# --- character-level steps ------------------------------------------------------------------------

_LINE_BREAKS = re.compile("\r\n?|[\f\v\x85\u2028\u2029]")
# Line breaks and tabs a page saved as a JSON or script string writes as the characters "\r\n",
# "\t"; a text holding several of them has no other breaks, one alone may be a path ("C:\new").
_ESCAPED_BREAKS = re.compile(r"(?:\\r)?\\n|\\r|\\t")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile(r"[^\S\n ]")
_WORD = re.compile(r"\S+")

_MARKDOWN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
    (re.compile(r"(?m)\\$"), ""),  # hard line break
    (re.compile(r"(?m)^[ ]{0,3}>[ ]?"), ""),  # block quote
    (re.compile(r"(?m)^[ ]{0,3}#{1,6}[ ]+"), ""),  # heading marker; the heading keeps its line
    (re.compile(r"(?m)[ ]+#+[ ]*$"), ""),  # closing heading marker
    (re.compile(r"(?m)^([ ]*)\*[ ]+"), r"\1- "),  # "* item"
    (re.compile(r"\*\*"), ""),  # strong, even across a line break
    (re.compile(r"(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # links and images
    (re.compile(r"`([^`\n]+)`"), r"\1"),
)
_EDGE_SPACES = re.compile(r"(?m)^[ ]+|[ ]+$")
_SPACE_RUNS = re.compile(r"[ ]{2,}")
_BLANK_RUNS = re.compile(r"\n{3,}")
_OUTER_BLANKS = re.compile(r"\A\n+|\n+\Z")

# --- line-level patterns (matched on the folded line: lower case, no diacritics) ---------------

_PORTAL_LINES = frozenset({"he thong phap luat", "tai van ban"})
_BANNER = re.compile(r"^(thu \w+|chu nhat) ?, ?(ngay )?\d{1,2}/\d{1,2}/\d{4}$")
_PORTAL_TITLE = re.compile(
    r"^(ke hoach|quyet dinh|chi thi|nghi quyet|nghi dinh|thong tu|cong van|chuong trinh|huong dan"
    r"|bao cao|to trinh|thong bao|luat) (so )?\d+[\w/.-]*"
)
_META_LABEL = re.compile(
    r"^[•·*-]? ?(so hieu|so ?/? ?ky hieu|ngay ban hanh|ngay ky|ngay co hieu luc|ngay hieu luc|loai van ban"
    r"|co quan ban hanh"
    r"|noi ban hanh|nguoi ky|linh vuc|ngay cong bao|so cong bao|tinh trang hieu luc)\b"
)
_VALIDITY_BLOCK = "hieu luc van ban"
_MIN_META_RUN = 3
_HAS_WORD = re.compile(r"\w")
_PAGE_NUMBER = re.compile(r"^(trang )?[-–]? ?\d{1,3}( ?/ ?\d{1,3})? ?[-–]?$")

# Re-joining lines split by a page break or a PDF conversion.
_TERMINAL = tuple(".!?:;…")
_LIST_ITEM = re.compile(r"^([-+•–*]|\d+(\.\d+)*[.)]|[a-zđ][.)]|[ivx]{1,4}[.)])(\s|$)")
_NUMBERED_HEADING = re.compile(r"^([IVXLCDM]+|\d+(\.\d+)*|[a-zđ])[.)]\s")
_SHORT_HEADING = 60

# Regions.
_RECIPIENTS = re.compile(r"^noi nhan\s*(:|$)")
_ARCHIVE = re.compile(r"^[-+•–*]?\s*luu\b")
_SIGNATURE_TITLE = re.compile(
    r"^((tm|kt|tl|tuq|q)\. ?\S"
    r"|(pho )?(chu tich|giam doc|truong ban|truong phong|bi thu|chanh van phong|cuc truong|bo truong"
    r"|thu truong|vien truong|hieu truong|tong giam doc)$)"
)
_SIGNED = re.compile(r"^\(?(da ky|ky ten|ky,|ky va)")
_NAME_WORDS = (2, 6)


def _folded(line: str) -> str:
    return fold(line.strip())


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --- boilerplate ------------------------------------------------------------------------------


def _leading_portal_lines(folded: list[str], lines: list[str]) -> list[int]:
    """The portal's banner, brand line, metadata table and own title before the real header."""
    dropped, titles, evidence = [], [], False
    for i, line in enumerate(folded):
        if not line:
            continue
        if line in _PORTAL_LINES or _BANNER.match(line) or _META_LABEL.match(line):
            dropped.append(i)
            evidence = True
        elif _PORTAL_TITLE.match(line) and not _is_upper(lines[i]):
            titles.append(i)
        else:
            break
    return dropped + titles if evidence else dropped


def _metadata_runs(folded: list[str]) -> list[int]:
    """Runs of portal metadata lines ("Số hiệu", "Ngày ban hành", "Người ký", ...)."""
    dropped, run = [], []
    for i, line in enumerate([*folded, "end"]):
        if _META_LABEL.match(line):
            run.append(i)
        elif line:
            if len(run) >= _MIN_META_RUN:
                dropped.extend(run)
            run = []
    return dropped


_PORTAL_FIELD = re.compile(
    r"(so hieu|so ?/? ?ky hieu|ngay ban hanh|ngay ky|nguoi ky|noi ban hanh|co quan ban hanh"
    r"|ngay co hieu luc|ngay hieu luc|loai van ban|linh vuc|tinh trang(?: hieu luc)?)"
    r"\s*:?\s*\|?\s*(.+?)[\s,]*(?=\||$|loai van ban|noi ban hanh|co quan ban hanh|nguoi ky|ngay hieu luc"
    r"|ngay co hieu luc|ngay ban hanh|tinh trang|linh vuc|ngay cong bao|so cong bao|ngay het hieu luc)"
)
# A portal's word for a value it does not give ("Ngày hiệu lực: Đang cập nhật", "Đã biết" behind a
# login): no value.
_PLACEHOLDER = re.compile(r"\|?\s*(?:dang cap nha[tp]|da biet|chua (?:co|xac dinh)|khong xac dinh)\b")
# The labels (letters only) of the fields read from a portal's metadata.
_PORTAL_KEYS = {
    "sohieu": "number",
    "sokyhieu": "number",
    "ngaybanhanh": "issued",
    "ngayky": "issued",
    "nguoiky": "signer",
    "noibanhanh": "issuer",
    "coquanbanhanh": "issuer",
    "ngaycohieuluc": "effective",
    "ngayhieuluc": "effective",
    "loaivanban": "doc_type",
    "linhvuc": "field",
    "tinhtrang": "status",
    "tinhtranghieuluc": "status",
}


def portal_fields(text: str) -> dict[str, str]:
    """The values of a portal's metadata lines, read before cleaning drops them: "Người ký:
    Đặng Quốc Khánh" -> {"signer": "Đặng Quốc Khánh"} (also "number" from "Số hiệu" or "Số/Ký
    hiệu", "issued" from "Ngày ban hành" or "Ngày ký", "issuer", and PORTAL_ONLY's), typed with or
    without diacritics; the first value of each wins."""
    found: dict[str, str] = {}
    for line in text.split("\n"):
        if not _META_LABEL.match(_folded(line)):
            continue
        for m in _PORTAL_FIELD.finditer(fold_aligned(line)):
            key = _PORTAL_KEYS[re.sub("[^a-z]", "", m.group(1))]
            if key in PORTAL_ONLY and _PLACEHOLDER.match(m.group(2)):
                continue
            start = m.start(1) if key in PORTAL_ONLY else m.start(2)
            found.setdefault(key, re.sub(r"\s*\|\s*", " ", line[start : m.end(2)]).strip())
    return found


def _validity_block(folded: list[str]) -> list[int]:
    """The portal's "HIỆU LỰC VĂN BẢN" box with its "• Số hiệu: ..." lines, to the end."""
    for i, line in enumerate(folded):
        if line == _VALIDITY_BLOCK:
            following = [f for f in folded[i + 1 : i + 10] if f]
            if any(_META_LABEL.match(f) for f in following):
                return list(range(i, len(folded)))
    return []


def _page_numbers(
    t: _Text, spans: list[tuple[int, int]], lines: list[str], raw_starts: list[int]
) -> list[int]:
    """Bare page numbers ("2", "- 2 -", "Trang 2/5") as the first or last line of a page."""
    by_page: dict[int, list[int]] = {}
    for i, (start, _) in enumerate(spans):
        if lines[i]:
            by_page.setdefault(bisect.bisect_right(raw_starts, t.origin[start]), []).append(i)
    edges = {i for indices in by_page.values() for i in (indices[0], indices[-1])}
    return [i for i in sorted(edges) if _PAGE_NUMBER.match(_folded(lines[i]))]


def _drop_boilerplate(t: _Text, raw_starts: list[int]) -> _Text:
    spans = t.lines()
    lines = [t.text[s:e] for s, e in spans]
    folded = [_folded(line) for line in lines]
    dropped = [
        i
        for i, (line, f) in enumerate(zip(lines, folded, strict=True))
        if f in _PORTAL_LINES or (f and (not _HAS_WORD.search(line) or line.lstrip()[0] in "{}"))
    ]
    dropped += _leading_portal_lines(folded, lines) + _metadata_runs(folded) + _validity_block(folded)
    dropped += _page_numbers(t, spans, lines, raw_starts)
    return t.drop_lines(spans, dropped)


# --- re-joining -------------------------------------------------------------------------------


def _is_heading(line: str) -> bool:
    """All capitals, or a short numbered line ("2. Mục tiêu cụ thể") not cut after a comma."""
    numbered = len(line) <= _SHORT_HEADING and bool(_NUMBERED_HEADING.match(line))
    return _is_upper(line) or (numbered and not line.endswith(","))


def _continues(previous: str, line: str) -> bool:
    """A line starting in lower case continues a previous line cut mid-sentence."""
    return (
        line[:1].islower()
        and not _LIST_ITEM.match(line)
        and not previous.endswith(_TERMINAL)
        and not _is_heading(previous)
    )


def _rejoin(t: _Text) -> _Text:
    edits = []
    previous: tuple[int, str] | None = None  # (end offset, text) of the last non-blank line
    for start, end in t.lines():
        line = t.text[start:end]
        if not line:
            continue
        if previous and _continues(previous[1], line):
            edits.append((previous[0], start, " "))
        previous = (end, line)
    return t.edit(edits) if edits else t


# --- regions ----------------------------------------------------------------------------------


def _is_name(line: str) -> bool:
    words = line.split()
    return _NAME_WORDS[0] <= len(words) <= _NAME_WORDS[1] and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words
    )


def _is_signature_title(line: str) -> bool:
    return bool(_SIGNATURE_TITLE.match(_folded(line))) and _is_upper(line)


def _recipients_end(lines: list[tuple[int, int, str]], first: int) -> tuple[int, int]:
    """(index of the last line, index to resume from) of a "Nơi nhận" block."""
    last, i, gap = first, first + 1, False
    while i < len(lines):
        line = lines[i][2]
        if not line:
            gap = True
        elif _is_signature_title(line):
            break
        elif _LIST_ITEM.match(line) or (not gap and not lines[last][2].endswith((";", "."))):
            last, gap = i, False
            if _ARCHIVE.match(_folded(line)):
                break
        else:
            break
        i += 1
    return last, last + 1


def _signature_end(lines: list[tuple[int, int, str]], first: int) -> int:
    """Index of the last line of a signature block: titles, "(Đã ký)", then the signer's name."""
    last, i, blanks = first, first + 1, 0
    while i < len(lines) and blanks <= 1:
        line = lines[i][2]
        if not line:
            blanks += 1
        elif _is_signature_title(line) or _SIGNED.match(_folded(line)):
            last, blanks = i, 0
        elif _is_name(line):
            return i
        else:
            break
        i += 1
    return last


def _next_text_line(lines: list[tuple[int, int, str]], i: int) -> int | None:
    while i < len(lines) and not lines[i][2]:
        i += 1
    return i if i < len(lines) else None


def _regions(text: str) -> list[Region]:
    lines = [(s, e, text[s:e]) for s, e in _Text.of(text).lines()]
    regions = []
    for i, (start, _, line) in enumerate(lines):
        if _RECIPIENTS.match(_folded(line)):
            last, resume = _recipients_end(lines, i)
            regions.append(Region("recipients", start, lines[last][1]))
            j = _next_text_line(lines, resume)
            if j is not None and _is_signature_title(lines[j][2]):
                regions.append(Region("signature", lines[j][0], lines[_signature_end(lines, j)][1]))
    if not any(r.kind == "signature" for r in regions):
        titles = [
            i
            for i, (_, _, line) in enumerate(lines)
            if _is_signature_title(line) and not (i and _is_signature_title(lines[i - 1][2]))
        ]
        if titles:
            j = titles[-1]
            regions.append(Region("signature", lines[j][0], lines[_signature_end(lines, j)][1]))
    return sorted(regions, key=lambda r: r.start)


# --- the pipeline -----------------------------------------------------------------------------


def _nfc_word(m: re.Match[str]) -> str:
    return nfc(m.group(0))


def clean(raw: PagedText) -> PagedText:
    """The cleaned text with page starts moved along and recipients/signature regions marked.

    Idempotent: cleaning a cleaned text changes nothing.
    """
    t = _Text.of(raw.text)
    if len(_ESCAPED_BREAKS.findall(raw.text)) > 2:
        t = t.sub(_ESCAPED_BREAKS, lambda m: " " if m.group(0) == "\\t" else "\n")
    t = t.sub(_LINE_BREAKS, "\n").sub(_INVISIBLE, "").sub(_ODD_SPACES, " ")
    t = t.sub(_WORD, _nfc_word)
    for pattern, repl in _MARKDOWN:
        t = t.sub(pattern, repl)
    t = t.sub(_EDGE_SPACES, "").sub(_SPACE_RUNS, " ")
    portal = portal_fields(t.text) or raw.portal
    t = _drop_boilerplate(t, raw.page_starts)
    t = _rejoin(t)
    t = t.sub(_BLANK_RUNS, "\n\n").sub(_OUTER_BLANKS, "")
    return PagedText(
        text=t.text, page_starts=t.page_starts(raw.page_starts), regions=_regions(t.text), portal=portal
    )
