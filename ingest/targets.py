"""Quantitative targets ("chỉ tiêu") of a plan -> `Target` records.

Sections whose heading starts with "Mục tiêu" / "Chỉ tiêu" (at any depth of the path) are read for
targets, and "Kinh phí" sections for budget amounts in đồng. Elsewhere (a news page's running text,
"Mục đích, yêu cầu"), a sentence is read only when it states a target ("phấn đấu", "mục tiêu",
"bảo đảm", "ít nhất", "giảm ... xuống", a deadline "đến năm 2025"); sections of tasks, organisation,
results and background ("Nhiệm vụ", "Tổ chức thực hiện", "Kết quả", "Tình hình") and the "Căn cứ" /
"Thực hiện <văn bản>" preamble never give targets. Numbers elsewhere (dates, document numbers, ages)
are never values. A value tied to a year before the plan's first year is a baseline or a past
result, not a target: "từ 1.187/100.000 trẻ em năm 2015 xuống ...", "năm 2020 đạt 85%".

Each item (a bullet or numbered line, or a paragraph of running text, with
page-break continuations joined) is cut into sentences and clauses (";", ", trong đó", brackets,
except a bracket that glosses the words before it, holds no value and is followed by more of the clause);
a clause may hold several values, each anchored on a number with a unit ("%", "/100.000 trẻ em",
"đồng") or, after a comparator word, a bare number (a count, or a rate when the clause says
"trên 1.000 trẻ đẻ sống", which is a unit: "trên" there means "per").

Comparator convention:
- "trên"/"hơn"/"vượt" X -> ">";  "dưới"/"xuống dưới"/"thấp hơn" X -> "<";
- "xuống"/"xuống còn"/"tối đa"/"không quá" X -> "<=";  "ít nhất"/"tối thiểu"/"không dưới" X -> ">=";
- "đạt X", "phấn đấu X", "duy trì X" and a bare value ("100% trẻ em được ...") -> ">=", except an
  amount in đồng ("=") and a bare value in a "giảm" clause ("<=");
- a share to cut by ("Giảm 30% số trẻ em tử vong ... so với năm 2015", "giảm ít nhất 10% ...") ->
  ">=" (or the stated ">"), the indicator "mức giảm <what is cut>";
- "là X" -> "<=" in a "giảm" clause or of a harm ("Tỷ lệ suy dinh dưỡng thể nhẹ cân ... là 8%",
  "tử vong", "tai nạn", "bỏ học", "tảo hôn", "xâm hại", ...), "=" for đồng, else ">=";
- a value that continues the previous one ("đạt 97% vào năm 2025 và 98% vào năm 2030") keeps its
  comparator unless it states its own;
- a bare number after a count and "và" that counts the same thing is that count's next value;
- a bare number opening a clause of a target section and followed by a noun ("10.500 ngôi nhà có
  trẻ em đạt tiêu chí ...") is a count (">=");
- "từ X% đến Y%", "từ X đến Y%", "X–Y%" -> "range" (value X, value_max Y);
- "duy trì không có ..." / "không để xảy ra ..." -> "=" with value 0 and no unit.

Deadline: the year(s) stated after the value ("vào năm 2025 và năm 2030" gives one record per year),
else a year stated before the first value of the clause ("Phấn đấu đến năm 2025, 100% ..."), else
the plan's end year (its year for a one-year plan). A baseline ("so với (cùng kỳ) năm 2022") is never
a deadline; it stays in the indicator, as does "hằng năm"/"mỗi năm".

Labels: "Chỉ tiêu N" from the item's own prefix or an enclosing heading ("Mục tiêu N" only when the
item itself starts so). Agencies: the subsections of "Tổ chức thực hiện" that name the targets they
carry out ("5. Sở Y tế: ... các chỉ tiêu 3, 4, 5, 6"). A sentence of a target section that looks
like a target (a percentage, a rate, an amount, "đạt"/"giảm"/"phấn đấu"/"tăng") but gives no record
is returned in `unparsed`, for the coverage report.

All lexical matches work with and without diacritics: regular expressions run on a folded copy of
the text whose offsets equal the original's, and word lists compare through `vietnamese.fold`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from kehoach.ingest.instructions import is_instruction
from kehoach.ingest.records import Section, Target, innermost_finder
from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics

RATE_1000 = "/1.000 trẻ đẻ sống"
_RATE_NOUNS = {"tre em": "trẻ em", "tre de song": "trẻ đẻ sống", "tre sinh song": "trẻ đẻ sống"}
_MULTIPLIERS = {"trieu": 1e6, "ty": 1e9, "nghin": 1e3, "ngan": 1e3}

_NUM = r"\d+(?:[.,]\d+)*"
_VALUE = re.compile(
    rf"(?<![\w.,/])(?P<num>{_NUM})"
    r"(?:\s*(?P<pct>%)"
    r"|\s*/\s*(?P<den>100\.?000|10\.?000|1\.?000|100)(?![.,]?\d)(?:\s+(?P<noun>tre em|tre (?:de|sinh) song))?"
    r"|\s*(?:(?P<mult>trieu|ty|nghin|ngan)\s*)?(?P<dong>dong)\b)?"
    r"(?:\s+tro len)?(?![\w/])"
)
_RANGE = re.compile(
    rf"(?:\btu\s+(?P<lo>{_NUM})\s*%?\s*(?:den|-|–)|(?<![\w.,/])(?P<bare_lo>{_NUM})\s*%?\s*[-–])"
    rf"\s*(?P<hi>{_NUM})\s*%"
)
_PER_1000 = re.compile(
    r"(?:\btren\s+|/\s*)1[.,]?000\s+tre\s+(?:em\s+)?(?:de|sinh)\s+song(?:\s*\(\s*(?:p\s*/\s*1[.,]?000|‰)\s*\))?"
)
_BASELINE = re.compile(r"\bso\s+voi\s+(?:cung\s+ky\s+)?(?:nam\s+)?(?:19|20)\d\d\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DEADLINE = re.compile(
    r"(?:\b(?:vao|den|toi|trong|truoc)\s+)?(?:\b(?:het|cuoi)\s+)?\bnam\s+(?:19|20)\d\d\b"
    r"(?:\s*(?:,|va)\s*(?:nam\s+)?(?:19|20)\d\d\b)*"
)
_QUALIFIER = re.compile(
    r"\s*\bdoi voi\s+(?P<q>.+?)(?=\s+va\b|\s*[,;.(]|\s+(?:vao|den|toi|trong)\s+nam\b|\s*$)"
)
_BARE_NEXT = re.compile(r"\s*(?:tuoi|thang|nam|ngay|gio|tuan|lan|loai|lop|ky|quy|buoi|phut)\b|\s*[/-]\w")
_BARE_PREV = re.compile(r"\b(?:lop|so|nam|ngay|thang|dieu|khoan|chi tieu|muc tieu|giai doan)\s*$")
_BRACKET = re.compile(r"\(([^()\n]*)\)")
_CLAUSE_SPLIT = re.compile(r";|,\s*trong\s+do(?:\s+co)?\b|\(|\)")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=\w)")
_PREFIX = re.compile(r"\s*(?:[-+•*]\s*|(?:\d+(?:\.\d+)*\.|[a-z]\))\s+)?")
_NUMBERING = re.compile(r"[\s#*•+-]*(?:(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])\s*[.)]\s*)?")
_LABEL = re.compile(r"(?P<kind>chi tieu|muc tieu)\s+(?P<n>\d+)\b\s*[:.\-–]?\s*")
_LABEL_WORDS = {"chi tieu": "chỉ tiêu", "muc tieu": "mục tiêu"}
_ZERO = re.compile(
    r"(?:(?:tiep tuc|phan dau|dam bao|bao dam|duy tri)\s+)*(?:khong de xay ra|khong de|khong co)\s+"
)
_ASSIGN = re.compile(r"\bchi tieu(?:\s+so)?\s+(?P<nums>\d+(?:\s*(?:,|va|-|–)\s*\d+)*)")
_PUNCT = " \t\n\r,.;:–-+*•()"
_BUDGET_LOOK = re.compile(r"\d\s*(?:(?:trieu|ty)\s*)?dong\b")
_TARGET_LOOK = re.compile(r"\d\s*%|/\s*100\.?000|1\.?000\s+tre")

# Comparator words met right before a number, with the direction each one states (None: none).
_PHRASES: dict[str, str | None] = {
    "xuống còn": "<=",
    "xuống": "<=",
    "không quá": "<=",
    "tối đa": "<=",
    "không thấp hơn": ">=",
    "không dưới": ">=",
    "ít nhất": ">=",
    "tối thiểu": ">=",
    "thấp hơn": "<",
    "ít hơn": "<",
    "dưới": "<",
    "cao hơn": ">",
    "nhiều hơn": ">",
    "trên": ">",
    "hơn": ">",
    "vượt": ">",
    "là": "là",
    "đạt tỷ lệ": None,
    "đạt mức": None,
    "đạt": None,
    "duy trì mức": None,
    "duy trì": None,
    "phấn đấu": None,
    "đảm bảo": None,
    "bảo đảm": None,
    "ở mức": None,
    "mức": None,
    "lên": None,
}
_PHRASE_ORDER = sorted(_PHRASES, key=len, reverse=True)
_LEAD_WORDS = (
    "trong đó",
    "tiếp tục",
    "phấn đấu",
    "duy trì",
    "đảm bảo",
    "bảo đảm",
    "giảm",
    "tăng",
    "và",
    "hoặc",
)
_TRAIL_WORDS = ("và", "hoặc", "như", "giảm", "tăng")
# A line ending on one of these words goes on into the value on the next line.
_VALUE_FOLLOWS = (*_PHRASE_ORDER, *_LEAD_WORDS, *_TRAIL_WORDS)
_NOT_VERB_AFTER = {"giảm": ("thiểu", "sát", "đốc", "hộ"), "tăng": ("cường",)}
_CUT_VERBS = ("duy trì", "phấn đấu", "giảm", "tăng")
_LOOK_VERBS = ("đạt", "giảm", "phấn đấu", "tăng")

# Outside the target sections, a sentence states a target when it holds one of these (folded).
_STATES_TARGET = re.compile(
    r"\b(?:phan dau|muc tieu|chi tieu|bao dam|dam bao|it nhat|toi thieu|xuong (?:con|duoi)"
    r"|(?:den|vao|trong) nam (?:19|20)\d\d)\b"
)
# The preamble's bases: "Căn cứ ...", "Thực hiện Quyết định số ..." (what others set, not this plan).
_BASIS = re.compile(
    r"[\s*_#-]*(?:can cu|thuc hien (?:quyet dinh|ke hoach|chi thi|nghi quyet|cong van|thong tu|luat"
    r"|chuong trinh|huong dan))\b"
)
# Sections of tasks, organisation, money, results and background: their sentences set no target.
_NOT_PROSE = (
    "nhiệm vụ",
    "giải pháp",
    "tổ chức thực hiện",
    "kinh phí",
    "kết quả",
    "tình hình",
    "đánh giá",
    "thực trạng",
    "nơi nhận",
    "chữ ký",
)
# What a plan wants less of, as the head of a rate: "tỷ lệ suy dinh dưỡng ...", "tỷ suất tử vong
# ...", "tỷ lệ trẻ em bị tai nạn ..." (not "tỷ lệ trẻ em biết phòng tránh tai nạn"): stated "là
# X", a ceiling.
_HARM = re.compile(
    r"\b(?:ty (?:le|suat)|so)\s+(?:tre em\s+)?(?:(?:bi|mac)\s+)?(?:suy dinh duong|thap coi|nhe can"
    r"|thua can|beo phi|tu vong|tai nan|thuong tich|duoi nuoc|bo hoc|tao hon|xam hai|bao luc)\b"
)
# An attribution opening a news sentence: "Theo Kế hoạch, ..." (not the indicator's subject).
_INTRO = re.compile(r"theo (?:do|ke hoach|chuong trinh|quyet dinh|de an)\b[^,]{0,40}(?:,|$)")
# A year as a word: not part of a date ("07/01/2021") or of a larger number.
_YEAR_WORD = re.compile(r"(?<![\d/.,])(?:19|20)\d\d(?![\d/.,%])")
_NOUN_NEXT = re.compile(r"\s+[^\W\d_]")


@dataclass
class TargetScan:
    """Targets found, and sentences of target sections that look like targets but gave none."""

    targets: list[Target]
    unparsed: list[str]


def parse_number(s: str) -> float:
    """Vietnamese numerals: "18.680.000.000" -> 18680000000.0, "1,5" -> 1.5, "0.8" -> 0.8.

    A dot followed by groups of exactly three digits separates thousands (unless the number starts
    with "0", which no thousands group follows); any other single dot, and a single comma, is the
    decimal point. With both, the last one is the decimal point.
    """
    t = re.sub(r"\s", "", s)
    if not re.fullmatch(_NUM, t):
        raise ValueError(f"Không đọc được số: {s!r}")
    has_dot, has_comma = "." in t, "," in t
    if has_dot and has_comma:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        return float(t.replace("," if dec == "." else ".", "").replace(dec, "."))
    if not has_dot and not has_comma:
        return float(t)
    sep = "." if has_dot else ","
    head, *groups = t.split(sep)
    if all(len(g) == 3 for g in groups) and head != "0" and (sep == "." or len(groups) > 1):
        return float(t.replace(sep, ""))
    if len(groups) == 1:
        return float(f"{head}.{groups[0]}")
    raise ValueError(f"Không đọc được số: {s!r}")


def read_number(s: str) -> float | None:
    """`parse_number`, or None for text that is no single number (a list "1,2,3", "95,5,1"): for
    numbers found by a loose pattern in a question or an answer, which callers then skip."""
    try:
        return parse_number(s)
    except ValueError:
        return None


def extract_targets(
    doc_id: str,
    text: str,
    sections: Sequence[Section],
    year_from: int | None,
    year_to: int | None,
) -> TargetScan:
    """Every target of the target sections and of running text that states one, and every budget
    amount of the "Kinh phí" sections."""
    year = year_to if year_to is not None else year_from
    doc = _Doc(doc_id, text, fold_aligned(text), list(sections), year, year_from)
    agencies = _agency_map(doc)
    targets: list[Target] = []
    unparsed: list[str] = []
    for kind, start, end in _items(doc):
        found, missed = _scan_item(doc, kind, start, end)
        targets += found
        unparsed += missed
    for t in targets:
        if t.label and t.label.startswith("Chỉ tiêu"):
            t.agencies = list(agencies.get(int(t.label.split()[-1]), []))
    return TargetScan(targets, unparsed)


# --- text helpers -------------------------------------------------------------------------------


def _eq(a: str, word: str) -> bool:
    """`a` is `word` up to case and diacritics ("Phần đầu", a mistyped "Phấn đấu", included)."""
    return fold(a) == fold(word)


def _starts(s: str, word: str) -> bool:
    n = len(word)
    return len(s) >= n and _eq(s[:n], word) and (len(s) == n or not s[n].isalnum())


def _ends(s: str, word: str, exact: bool = False) -> bool:
    """With `exact`, an accented tail must carry `word`'s own accents ("tảo hôn" does not end with
    "hơn"); an unaccented one still matches."""
    n = len(word)
    tail = s[-n:]
    same = tail.lower() == word.lower() if exact and has_diacritics(tail) else _eq(tail, word)
    return len(s) >= n and same and (len(s) == n or not s[-n - 1].isalnum())


def _starts_verb(s: str, word: str) -> bool:
    """`s` starts with the verb `word` used as such ("giảm", but not "giảm thiểu", "tăng cường")."""
    return _starts(s, word) and not any(
        _starts(s[len(word) :].lstrip(), x) for x in _NOT_VERB_AFTER.get(word, ())
    )


def _has_word(s: str, word: str) -> bool:
    """`word` occurs in `s` as whole words, not followed by a word that changes its sense."""
    f, fw = fold_aligned(s), fold(word)
    return any(_starts_verb(s[m.start() :], word) for m in re.finditer(rf"\b{re.escape(fw)}\b", f))


def _squash(s: str) -> str:
    return " ".join(s.split())


def _strip_words(s: str) -> str:
    """Drop leading target verbs and connectors, and trailing connectors and punctuation."""
    s = _squash(s)
    changed = True
    while changed and s:
        changed = False
        a, b = _trim(s, 0, len(s))
        stripped = s[a:b]
        if stripped != s:
            s, changed = stripped, True
        for w in _LEAD_WORDS:
            if _starts_verb(s, w):
                s, changed = s[len(w) :].lstrip(), True
        for w in _TRAIL_WORDS:
            if _ends(s, w):
                s, changed = s[: -len(w)].rstrip(), True
    return s


def _lower_first(s: str) -> str:
    if s and s[0].isupper() and not (len(s) > 1 and s[1].isupper()):
        return s[0].lower() + s[1:]
    return s


def _substantive(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


# --- sections and items -------------------------------------------------------------------------


@dataclass
class _Doc:
    doc_id: str
    text: str
    folded: str
    sections: list[Section]
    default_year: int | None
    first_year: int | None
    innermost: Callable[[int], Section | None] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.innermost = innermost_finder(self.sections)


def _heading_key(heading: str) -> str:
    """The heading without its numbering: "2. Mục tiêu cụ thể" -> "Mục tiêu cụ thể"."""
    m = _NUMBERING.match(fold_aligned(heading))
    return heading[m.end() if m else 0 :].strip()


def _kind(path: tuple[str, ...]) -> str | None:
    keys = [_heading_key(h) for h in path]
    if any(_starts(k, "mục tiêu") or _starts(k, "chỉ tiêu") for k in keys):
        return "target"
    if any(_starts(k, "kinh phí") or _starts(k, "tổng kinh phí") for k in keys):
        return "budget"
    return None


def _prose_section(path: tuple[str, ...]) -> bool:
    """Whether sentences of this section may state targets in running text."""
    return not any(_starts(_heading_key(h), word) for h in path for word in _NOT_PROSE)


def _items(doc: _Doc) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each item, in text order: "target" and "budget" for the items of those
    sections, "prose" for paragraphs elsewhere whose section may state targets."""
    spans = sorted((s.start, s.end) for s in doc.sections if _kind(s.path))
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    items = []
    for a, b in merged:
        for start, end in _join_lines(doc.text, a, b):
            sec = doc.innermost(start)
            kind = _kind(sec.path) if sec else None
            if kind:
                items.append((kind, start, end))
    gaps = zip([0] + [b for _, b in merged], [a for a, _ in merged] + [len(doc.text)], strict=True)
    for a, b in gaps:
        for start, end in _join_lines(doc.text, a, b):
            sec = doc.innermost(start)
            if _prose_section(sec.path if sec else ()):
                items.append(("prose", start, end))
    return sorted(items, key=lambda item: item[1])


def _join_lines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Lines of text[a:b], a line that a page break cut mid-sentence joined to the one before."""
    items: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text[a:b]):
        line = m.group(0)
        if not line.strip():
            continue
        start = a + m.start() + (len(line) - len(line.lstrip()))
        end = a + m.start() + len(line.rstrip())
        if items and text[items[-1][1] - 1] not in ".;:!?" and _continues_line(text, items[-1], start):
            items[-1] = (items[-1][0], end)
        else:
            items.append((start, end))
    return items


def _continues_line(text: str, previous: tuple[int, int], start: int) -> bool:
    """A line starting in lower case goes on the sentence before it; so does one starting with a
    number when the line before ends on a word a value must follow ("... và giảm" / "6% số trẻ em")."""
    if text[start].islower():
        return True
    before = text[previous[0] : previous[1]]
    return text[start].isdigit() and any(_ends(before, w) for w in _VALUE_FOLLOWS)


def _label(doc: _Doc, start: int, end: int) -> tuple[str | None, int]:
    """The item's "Chỉ tiêu N" / "Mục tiêu N" (own prefix, else an enclosing heading), and where its
    content starts once bullet, numbering and label are cut."""
    f = doc.folded
    prefix = _PREFIX.match(f, start, end)
    pos = prefix.end() if prefix else start
    m = _LABEL.match(f, pos, end)
    if m:
        return f"{_LABEL_WORDS[m['kind']].capitalize()} {int(m['n'])}", m.end()
    sec = doc.innermost(start)
    for heading in reversed(sec.path if sec else ()):
        key = _heading_key(heading)
        hm = _LABEL.match(fold_aligned(key))
        if hm and hm["kind"] == "chi tieu":
            return f"Chỉ tiêu {int(hm['n'])}", pos
    return None, pos


def _split(f: str, start: int, end: int, pattern: re.Pattern, keep: list[tuple[int, int]]):
    """Pieces of f[start:end] between matches of `pattern` that do not fall inside `keep` spans."""
    pieces, cur = [], start
    for m in pattern.finditer(f, start, end):
        if any(a <= m.start() < b for a, b in keep):
            continue
        pieces.append((cur, m.start()))
        cur = m.end()
    pieces.append((cur, end))
    return pieces


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] without surrounding punctuation, except brackets that pair up inside it."""
    while a < b and text[a] in _PUNCT and not (text[a] == "(" and _balanced(text[a:b])):
        a += 1
    while b > a and text[b - 1] in _PUNCT and not (text[b - 1] == ")" and _balanced(text[a:b])):
        b -= 1
    return a, b


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


# --- one item -----------------------------------------------------------------------------------


@dataclass
class _Hit:
    """One value of a clause; offsets relative to the clause."""

    phrase_start: int
    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    direction: str | None
    qualifier: str | None = None
    years: list[int] = field(default_factory=list)
    continues: bool = False


@dataclass
class _ItemState:
    """What later clauses of an item inherit: rate nouns ("/100.000" -> "trẻ em"), the last subject."""

    nouns: dict[str, str] = field(default_factory=dict)
    subject: str | None = None


def _scan_item(doc: _Doc, kind: str, start: int, end: int) -> tuple[list[Target], list[str]]:
    label, content = _label(doc, start, end)
    f = doc.folded
    keep = [(m.start(), m.end()) for m in _PER_1000.finditer(f, content, end)]
    keep += _inner_brackets(doc, kind, content, end)
    sec = doc.innermost(start)
    section = sec.label if sec else ""
    state = _ItemState()
    targets: list[Target] = []
    unparsed: list[str] = []
    for s_start, s_end in _split(f, content, end, _SENTENCE_SPLIT, keep):
        if is_instruction(doc.text[s_start:s_end]):
            continue  # an order to a reader, not a plan's target: the coverage report flags it
        if kind == "prose" and not _states_target(f[s_start:s_end]):
            continue
        found = []
        for c_start, c_end in _split(f, s_start, s_end, _CLAUSE_SPLIT, keep):
            cs, ce = _trim(doc.text, c_start, c_end)
            if cs >= ce:
                continue
            for rec in _clause(doc, cs, ce, kind, state):
                rec.label, rec.section = label, section
                found.append(rec)
        targets += found
        sentence = _squash(doc.text[s_start:s_end]).strip(_PUNCT)
        if not found and sentence and kind != "prose" and _looks_like_target(sentence, kind):
            unparsed.append(sentence)
    return targets, unparsed


def _inner_brackets(doc: _Doc, kind: str, start: int, end: int) -> list[tuple[int, int]]:
    """Brackets that gloss the words before them ("thể nhẹ cân (cân nặng theo tuổi) xuống dưới 14%"):
    no value of their own and the clause goes on after them, so they do not cut it."""
    spans = []
    for m in _BRACKET.finditer(doc.folded, start, end):
        rest = doc.text[m.end() : end].lstrip()
        if rest[:1].isalnum() and not _looks_like_target(doc.text[m.start(1) : m.end(1)], kind):
            spans.append((m.start(), m.end()))
    return spans


def _states_target(folded: str) -> bool:
    """A sentence of running text that sets a target: a target word and not a basis."""
    return bool(_STATES_TARGET.search(folded)) and not _BASIS.match(folded)


def _looks_like_target(sentence: str, kind: str) -> bool:
    f = fold_aligned(sentence)
    if kind == "budget":
        return bool(_BUDGET_LOOK.search(f))
    return bool(_TARGET_LOOK.search(f) or _BUDGET_LOOK.search(f)) or any(
        _has_word(sentence, w) for w in _LOOK_VERBS
    )


def _clause(doc: _Doc, cs: int, ce: int, kind: str, state: _ItemState) -> list[Target]:
    text, cf = doc.text[cs:ce], doc.folded[cs:ce]
    rates = [(m.start(), m.end()) for m in _PER_1000.finditer(cf)]
    no_baseline = _mask(cf, [(m.start(), m.end()) for m in _BASELINE.finditer(cf)])
    deadlines = [
        (m.start(), m.end(), [int(y) for y in _YEAR.findall(m.group(0))])
        for m in _DEADLINE.finditer(no_baseline)
    ]
    masked = _mask(cf, rates + [(a, b) for a, b, _ in deadlines])
    hits = _hits(text, masked, bool(rates), state, counts=kind == "target")
    past: list[_Hit] = []
    if kind == "budget":
        hits = [h for h in hits if h.unit == "đồng"]
    elif kind == "prose":  # "hơn 100 em tham gia" describes; a count target needs a target verb
        hits = [h for h in hits if h.unit or h.direction not in (">", "<", "là")]
    if kind != "budget" and doc.first_year is not None:
        hits, past = _split_past(hits, no_baseline, deadlines, doc.first_year)
        deadlines = [(a, b, [y for y in ys if y >= doc.first_year]) for a, b, ys in deadlines]
    if not hits:
        zero = _zero_target(doc, cs, ce) if kind == "target" and not past else None
        return [zero] if zero else []
    masks = rates + [(a, b) for a, b, _ in deadlines] + [_from_span(cf, h) for h in past]
    for h in hits:
        q = _QUALIFIER.match(masked, h.end)
        if q:
            h.qualifier = _squash(text[q.start("q") : q.end("q")])
            masks.append((h.end, q.end()))
            h.end = q.end()
    lead_years = next((ys for a, _, ys in deadlines if a < hits[0].phrase_start and ys), None)
    for h in hits:
        after = next((ys for a, _, ys in deadlines if a >= h.end and ys), None)
        h.years = after or lead_years or ([doc.default_year] if doc.default_year is not None else [])
    return _records(doc, cs, text, hits, masks, state)


def _from_span(folded: str, h: _Hit) -> tuple[int, int]:
    """A past value's words, with the "từ" that opens them, cut out of the indicator."""
    head = re.search(r"\btu\s+$", folded[: h.phrase_start])
    return (head.start() if head else h.phrase_start), h.end


def _split_past(
    hits: list[_Hit], folded: str, deadlines: list, first_year: int
) -> tuple[list[_Hit], list[_Hit]]:
    """(targets, past values). A value is past when tied to a year before the plan's first one: a
    year stated right after the value ("từ 1.187/100.000 trẻ em năm 2015 xuống ..."), or before it
    when no comparator word sets it ("giai đoạn 2015 bình quân là 590", "năm 2020 đạt 85%"). A
    "năm" year after a value belongs to that value, not to the next one; "so với năm 2015" is
    masked out of `folded` by the caller."""
    kept: list[_Hit] = []
    past: list[_Hit] = []
    for i, h in enumerate(hits):
        prev_end = hits[i - 1].end if i else 0
        next_start = hits[i + 1].phrase_start if i + 1 < len(hits) else len(folded)
        after = [y for a, _, ys in deadlines if h.end <= a < next_start for y in ys]
        owned = [(a, b) for a, b, _ in deadlines if i and prev_end <= a < h.phrase_start]
        before = [
            int(m.group(0))
            for m in _YEAR_WORD.finditer(folded, prev_end, h.phrase_start)
            if not any(a <= m.start() < b for a, b in owned)
        ]
        loose = h.direction in (None, "là")
        is_past = any(y < first_year for y in after) or (loose and any(y < first_year for y in before))
        (past if is_past else kept).append(h)
    return kept, past


def _mask(f: str, spans: list[tuple[int, int]]) -> str:
    chars = list(f)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _hits(text: str, masked: str, per_1000: bool, state: _ItemState, counts: bool) -> list[_Hit]:
    """The values of a clause; with `counts`, a bare number opening it is a count."""
    hits: list[_Hit] = []
    for m in _RANGE.finditer(masked):
        lo, hi = read_number(m["lo"] or m["bare_lo"]), read_number(m["hi"])
        if lo is not None and hi is not None and lo < hi:
            hits.append(_Hit(m.start(), m.start(), m.end(), lo, hi, "%", "range"))
    taken = [(h.start, h.end) for h in hits]
    for m in _VALUE.finditer(masked):
        if any(a <= m.start() < b for a, b in taken):
            continue
        prev = max((h for h in hits if h.end <= m.start()), key=lambda h: h.end, default=None)
        hit = _value_hit(text, masked, m, per_1000, state, prev, counts)
        if hit:
            hits.append(hit)
    hits.sort(key=lambda h: h.start)
    for prev, h in zip(hits, hits[1:], strict=False):
        h.phrase_start = max(h.phrase_start, prev.end)
    return hits


def _value_hit(
    text: str, masked: str, m: re.Match, per_1000: bool, state: _ItemState, prev: _Hit | None, counts: bool
) -> _Hit | None:
    phrase_start, direction, has_phrase = _phrase_before(text, m.start())
    value = read_number(m["num"])
    if value is None:
        return None
    unit: str | None
    if m["pct"]:
        unit = "%"
    elif m["den"]:
        den = f"{int(parse_number(m['den'])):,}".replace(",", ".")
        noun = _RATE_NOUNS.get(m["noun"]) if m["noun"] else state.nouns.get(den)
        if noun:
            state.nouns[den] = noun
        unit = f"/{den} {noun}" if noun else f"/{den}"
    elif m["dong"]:
        unit = "đồng"
        value *= _MULTIPLIERS.get(m["mult"] or "", 1)
    else:
        if _BARE_NEXT.match(masked, m.end("num")) or _BARE_PREV.search(masked, 0, m.start()):
            return None
        continues = _continues_count(masked, prev, m.start())
        opens = (
            counts
            and not masked[: m.start()].strip()
            and not _YEAR_WORD.fullmatch(m["num"])
            and bool(_NOUN_NEXT.match(masked, m.end("num")))
        )
        if not (per_1000 or has_phrase or continues or opens):
            return None
        unit = RATE_1000 if per_1000 else None
        return _Hit(phrase_start, m.start(), m.end(), value, None, unit, direction, continues=continues)
    return _Hit(phrase_start, m.start(), m.end(), value, None, unit, direction)


def _continues_count(masked: str, prev: _Hit | None, pos: int) -> bool:
    """A bare number after a count and "và" is the next value of that count when it counts the same
    thing ("xuống còn 10 vụ vào năm 2025 và 8 vụ"; not "50 xã và 30 phường"); deadlines between
    them are masked out of `masked`."""
    if prev is None or prev.unit is not None or prev.direction == "range":
        return False
    m = re.fullmatch(r"\s*(?P<noun>(?:\w+\s+){0,2}?)(?:va|hoac)\s+", masked[prev.end : pos])
    noun = m["noun"].split() if m else None
    return noun is not None and masked[pos:].split()[1 : len(noun) + 1] == noun


def _phrase_before(text: str, pos: int) -> tuple[int, str | None, bool]:
    """Start of the comparator words right before `pos`, the direction of the one nearest the
    number, and whether there were any."""
    s = text[:pos].rstrip()
    start, direction, found = pos, None, False
    while s:
        w = next((w for w in _PHRASE_ORDER if _ends(s, w, exact=True)), None)
        if w is None:
            break
        s = s[: -len(w)]
        start, found = len(s), True
        if direction is None:
            direction = _PHRASES[w]
        s = s.rstrip()
    return start, direction, found


def _records(doc: _Doc, cs: int, text: str, hits: list[_Hit], masks, state: _ItemState) -> list[Target]:
    stmt_a, stmt_b = _trim(doc.text, cs, cs + len(text))
    statement = doc.text[stmt_a:stmt_b]
    out: list[Target] = []
    cursor, subject, comparator = 0, None, None
    for i, h in enumerate(hits):
        last = i + 1 == len(hits)
        post_end = len(text) if last else hits[i + 1].phrase_start
        pre = _subject(_cut(text, cursor, h.phrase_start, masks), cut_verbs=True)
        post = _subject(_cut(text, h.end, post_end, masks).split(":")[0], cut_verbs=False)
        new_subject = True
        if h.continues and subject:
            new_subject, cursor = False, post_end if last else h.end
        elif pre:
            if _starts(pre, "riêng") and state.subject:
                pre = f"{state.subject} ({_strip_words(pre[len('riêng') :])})"
            if last and post:
                pre, cursor = f"{pre} {post}", post_end
            else:
                cursor = h.end
            subject = pre
        elif post:
            subject, cursor = post, post_end
        elif subject:
            new_subject, cursor = False, h.end
        else:
            cursor = h.end
            continue
        indicator = _lower_first(subject)
        if new_subject and _reduces_by(h, text):
            comparator = h.direction or ">="
            named = fold(indicator).startswith(("muc giam", "giam"))
            indicator = indicator if named else f"mức giảm {indicator}"
        else:
            comparator = _comparator(h, text, new_subject, comparator)
        if h.qualifier:
            indicator = f"{indicator} ({h.qualifier})"
        years: list[int | None] = [*h.years] or [None]
        for year in years:
            out.append(
                Target(
                    doc_id=doc.doc_id,
                    indicator=indicator,
                    comparator=comparator,
                    value=h.value,
                    unit=h.unit,
                    deadline=year,
                    statement=statement,
                    section="",
                    start=stmt_a,
                    end=stmt_b,
                    value_max=h.value_max,
                )
            )
    state.subject = subject
    return out


def _cut(text: str, a: int, b: int, masks) -> str:
    """text[a:b] without the masked spans (deadlines, "trên 1.000 trẻ đẻ sống", qualifiers)."""
    keep, pos = [], a
    for ma, mb in sorted(masks):
        if mb <= pos or ma >= b:
            continue
        keep.append(text[pos:ma] if ma > pos else "")
        pos = max(pos, mb)
    keep.append(text[pos:b] if b > pos else "")
    return _squash(" ".join(keep))


def _subject(s: str, cut_verbs: bool) -> str:
    """The clause's subject: "Phấn đấu giảm tỷ lệ X" -> "tỷ lệ X"; with `cut_verbs`, what follows the
    last ", duy trì|phấn đấu|giảm|tăng" ("Từng bước xóa bỏ A, duy trì mức giảm B" -> "mức giảm B")."""
    s = _strip_words(s)
    intro = _INTRO.match(fold_aligned(s))
    if intro:
        s = _strip_words(s[intro.end() :])
    if cut_verbs:
        for m in reversed(list(re.finditer(r",\s*", s))):
            rest = s[m.end() :]
            if any(_starts_verb(rest, v) for v in _CUT_VERBS):
                s = _strip_words(rest)
                break
    return s if _substantive(s) else ""


def _reduces_by(h: _Hit, text: str) -> bool:
    """ "Giảm 30% số trẻ em tử vong do đuối nước so với năm 2015", "giảm ít nhất 10% ...": a share
    to cut by, not a level to reach ("giảm tỷ lệ X xuống (còn) 5%"), so the target is the cut."""
    bare = h.direction is None and h.phrase_start == h.start and not _ends(text[: h.start].rstrip(), "còn")
    return h.unit == "%" and (bare or h.direction in (">=", ">")) and _has_word(text[: h.start], "giảm")


def _comparator(h: _Hit, text: str, new_subject: bool, previous: str | None) -> str:
    if h.direction == "range":
        return "range"
    reducing = _has_word(text[: h.start], "giảm")
    if h.direction == "là":
        harm = _HARM.search(fold_aligned(text[: h.start]))
        return "=" if h.unit == "đồng" else ("<=" if reducing or harm else ">=")
    if h.direction:
        return h.direction
    if not new_subject and previous:
        return previous
    if h.unit == "đồng":
        return "="
    return "<=" if reducing else ">="


def _zero_target(doc: _Doc, cs: int, ce: int) -> Target | None:
    """ "duy trì không có tình trạng tảo hôn" -> ("tình trạng tảo hôn", "=", 0)."""
    m = _ZERO.match(doc.folded, cs, ce)
    indicator = _strip_words(doc.text[m.end() : ce]) if m else ""
    if not _substantive(indicator):
        return None
    return Target(
        doc_id=doc.doc_id,
        indicator=_lower_first(indicator),
        comparator="=",
        value=0.0,
        unit=None,
        deadline=doc.default_year,
        statement=doc.text[cs:ce],
        section="",
        start=cs,
        end=ce,
    )


# --- agencies -----------------------------------------------------------------------------------


def _agency_map(doc: _Doc) -> dict[int, list[str]]:
    """Target number -> agencies, from the subsections of "Tổ chức thực hiện" that name the
    targets they carry out ("Hướng dẫn ... thực hiện các chỉ tiêu 3, 4, 5, 6")."""
    out: dict[int, list[str]] = {}
    for sec in doc.sections:
        keys = [_heading_key(h) for h in sec.path]
        idx = next((i for i, k in enumerate(keys) if _starts(k, "tổ chức thực hiện")), None)
        if idx is None or len(keys) <= idx + 1:
            continue
        agency = _agency_name(keys[idx + 1])
        for m in _ASSIGN.finditer(doc.folded, sec.start, sec.end):
            for n in _numbers(m["nums"]):
                names = out.setdefault(n, [])
                if agency and agency not in names:
                    names.append(agency)
    return out


# Where an agency's name ends in "2. Phòng Y tế chủ trì, phối hợp với ...": its first duty.
_DUTY = re.compile(
    r"[:;(]| (?:la|chu tri|phoi hop|chi dao|huong dan|thuc hien|co trach nhiem|tham muu|trien khai)\b"
)


def _agency_name(heading: str) -> str:
    """ "Phòng Y tế chủ trì, phối hợp với ..." -> "Phòng Y tế" (folding keeps character offsets)."""
    m = _DUTY.search(fold(heading))
    return (heading[: m.start()] if m else heading).strip(_PUNCT + " …")


def _numbers(s: str) -> list[int]:
    """ "1, 2, 8 và 9" -> [1, 2, 8, 9]; "15 - 20" -> 15..20."""
    out: list[int] = []
    for part in re.split(r"\s*(?:,|va)\s*", s):
        bounds = [int(x) for x in re.split(r"\s*[-–]\s*", part) if x]
        if len(bounds) == 2 and bounds[0] < bounds[1] <= bounds[0] + 50:
            out += range(bounds[0], bounds[1] + 1)
        else:
            out += bounds
    return out
