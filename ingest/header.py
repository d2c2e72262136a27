"""Header metadata of a Vietnamese administrative document: number, kind, issuer, locality,
date, plan period, signer and the acts it implements, each from the forms real pages use.

Every keyword is matched on a diacritic-folded copy of the text that keeps each character's
offset (`vietnamese.fold_aligned`), so unaccented text parses the same and spans stay exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kehoach.ingest.provinces import province_of_portal
from kehoach.ingest.records import DocMeta, Section
from kehoach.ingest.sections import MARKERS, PREAMBLE, REGION_NAMES, Line, heading_of, text_lines
from kehoach.ingest.vietnamese import fold_aligned

# Kinds of document named on the type line (folded form -> display form).
DOC_TYPES = {
    "ke hoach": "Kế hoạch",
    "quyet dinh": "Quyết định",
    "chuong trinh": "Chương trình",
    "chi thi": "Chỉ thị",
    "nghi quyet": "Nghị quyết",
    "cong van": "Công văn",
    "to trinh": "Tờ trình",
}
# Type codes of a document number's symbol ("183/KH-UBND").
SYMBOL_TYPES = {
    "kh": "Kế hoạch",
    "qd": "Quyết định",
    "ctr": "Chương trình",
    "ct": "Chỉ thị",
    "nq": "Nghị quyết",
    "ttr": "Tờ trình",
    "cv": "Công văn",
    "ubnd": "Công văn",
}
# Documents a preamble cites (folded -> display).
REF_KINDS = {
    "nghi quyet": "Nghị quyết",
    "quyet dinh": "Quyết định",
    "ke hoach": "Kế hoạch",
    "chi thi": "Chỉ thị",
    "nghi dinh": "Nghị định",
    "thong tu": "Thông tư",
    "cong van": "Công văn",
    "to trinh": "Tờ trình",
    "chuong trinh": "Chương trình",
    "huong dan": "Hướng dẫn",
    "thong bao": "Thông báo",
    "ket luan": "Kết luận",
    "luat": "Luật",
}
# Administrative units (folded -> written) and the level each belongs to.
UNITS = {
    "thanh pho": "thành phố",
    "thi xa": "thị xã",
    "thi tran": "thị trấn",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "quan": "quận",
    "phuong": "phường",
    "xa": "xã",
}
UNIT_LEVEL = {
    "tinh": "tỉnh",
    "huyen": "huyện",
    "quan": "huyện",
    "thi xa": "huyện",
    "thanh pho": "huyện",
    "xa": "xã",
    "phuong": "xã",
    "thi tran": "xã",
}
# Centrally-run cities (province level) and the year each became one (None: long before 2010).
CENTRAL_SINCE: dict[str, int | None] = {
    "ha noi": None,
    "ho chi minh": None,
    "hai phong": None,
    "da nang": None,
    "can tho": None,
}
CENTRAL_SINCE["hue"] = 2025
_UNIT_RE = "|".join(sorted(UNITS, key=len, reverse=True))
_NUM = r"\d+(?:\s?/\s?\d{4})?\s?/{1,2}\s?[a-z][a-z0-9]*(?:\s?[-–/]\s?[a-z0-9]+)*|\d+-[a-z]+/[a-z]+"
_DATE = r"\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{4}|\d{1,2} thang \d{1,2} nam \d{4}"
_NUMBER_LINE = re.compile(rf"\bso\s*:\s*({_NUM})")
_ATTACHED_TO = re.compile(rf"kem theo quyet dinh so ({_NUM})(?: ngay (\d+)\s?/\s?(\d+)\s?/\s?(\d{{4}}))?")
_PLACE_DATE = re.compile(
    r"(?m)^[ \t*_#]*(?!thu (?:hai|ba|tu|nam|sau|bay)\b|chu nhat)([a-z][a-z ]{0,40}?),"
    r"\s*ngay\s+(\d{1,2})(?:\s+thang\s+|\s?/\s?)(\d{1,2})"
    r"(?:\s+nam\s+|\s?/\s?)(\d{4})"
)
# A news page or portal title naming the plan it reports: "UBND tỉnh ban hành Kế hoạch số 80/KH-UBND
# ngày 13/4/2023", "Kế hoạch 135/KH-UBND năm 2024 thực hiện ..." at a line's start.
_ISSUED_PLAN = re.compile(
    rf"(?:ban hanh (?:{'|'.join(DOC_TYPES)}) (?:so )?|(?m:^)(?:{'|'.join(DOC_TYPES)}) (?:so )?)({_NUM})"
    r"(?: ngay (\d{1,2})\s?/\s?(\d{1,2})\s?/\s?(\d{4}))?"
)
# "Ngày 13/5/2024, UBND huyện Vĩnh Linh ban hành ..." (the date of a reported issue).
_DATED_ISSUE = re.compile(
    r"\bngay (\d{1,2})(?:\s?/\s?| thang )(\d{1,2})(?:\s?/\s?| nam )(\d{4}),?[^.\n]{0,80}?\bban hanh\b"
)
_PORTAL_DATE = re.compile(r"(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?(\d{4})")
_BASIS_START = re.compile(r"[\s*_#-]*(?:thuc hien|can cu)\b")
_REF = re.compile(rf"\b({'|'.join(REF_KINDS)})\s+(?:so\s+)?({_NUM})(?:,?\s+ngay\s+({_DATE}))?")
_PERIOD = re.compile(r"(?:giai doan|tu nam)\s+(\d{4})\s*(?:[-–—]|den nam)\s*(\d{4})")
_YEAR = re.compile(r"\bnam (\d{4})\b")
_ISSUER_LINE = re.compile(r"(?:chu tich )?(?:uy ban nhan dan|ubnd)\b\s*(.*)")
_UNIT_NAME = re.compile(rf"({_UNIT_RE})\s+(\S.*)")
_ISSUING_CLAUSE = re.compile(rf"\b(?:uy ban nhan dan|ubnd)(?:\s+\(ubnd\))?\s+({_UNIT_RE})\b")
# The verb right after the issuing body's name ("UBND huyện X vừa ban hành ...", "UBND tỉnh đã ban hành").
_ISSUING_VERB = re.compile(
    r"[\s,:]*(?:(?:da|vua|chinh thuc|cung da)\s+)*(?:ban hanh|xay dung|to chuc|phat dong|trien khai)\b"
)
# A page's leading title line: "Kế hoạch 135/KH-UBND năm 2024 thực hiện ...".
_TITLE_LINE = re.compile(rf"(?:{'|'.join(DOC_TYPES)}) (?:so )?{_NUM}")
# What cites another body's act: "... của UBND tỉnh Sơn La", "theo UBND ...".
_CITED_BY = re.compile(r"\b(?:cua|theo)\s*$")
# A plan the page's own body issued, cited by number: "Trên cơ sở Kế hoạch số 283/KH-UBND ngày
# 30/9/2019 của UBND thành phố Lạng Sơn" (a news page reporting what that plan set up).
_OWN_PLAN = re.compile(
    rf"\b(?:{'|'.join(DOC_TYPES)}) (?:so )?({_NUM})(?: ngay (\d{{1,2}})\s?/\s?(\d{{1,2}})\s?/\s?(\d{{4}}))?"
    rf",? cua (?:uy ban nhan dan|ubnd) ({_UNIT_RE})[ \t]+"
)
# Words that end a place name written in capitals or title case: "TỈNH QUẢNG NAM NĂM 2025",
# "huyện X về việc ...", "tỉnh X Công tác ..." (lower case, accents kept: "Nam" is a name, "năm" a
# year word; a pair or a word, never the first word of the name).
_NAME_END_PAIRS = frozenset(
    {
        "giai đoạn",
        "công tác",
        "thực hiện",
        "triển khai",
        "kế hoạch",
        "tổ chức",
        "phê duyệt",
        "về việc",
        "ban hành",
        "tháng hành",
        "trên địa",
        "chương trình",
        "diễn đàn",
    }
)
_NAME_END_WORDS = frozenset({"năm", "về", "và", "của", "với", "nhằm", "theo", "trên", "đến", "trong", "tại"})
_TITLE_STOP = re.compile(r"(?:thuc hien|can cu|xet|qua|nham|tren co so|chu tich|uy ban|ubnd)\b|tm\.|kt\.|\(")
_BASIS_OPENING = re.compile(r"(?:can cu|xet)\b|\(")
_AUTHORITY = re.compile(r"(?:(?:tm|kt|q|tl)\.\s*)*(?:pho )?(?:chu tich|uy ban nhan dan)\b.*")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_]*")


# ---------------------------------------------------------------- metadata


def _clean_number(number: str) -> str:
    """ "1014 // KH – UBND" -> "1014/KH-UBND"."""
    number = re.sub(r"\s*([/\-–])\s*", r"\1", number.strip())
    return re.sub("/+", "/", number.replace("–", "-"))


def _date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _title_case(name: str) -> str:
    if not name.isupper():
        return name
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _proper_name(text: str, limit: int = 4) -> str | None:
    """The run of capitalised words at the start of `text` ("Văn Lãng xây dựng" -> "Văn Lãng"),
    never past the line's end: "... TỈNH" over "Thực hiện ..." names no place."""
    words: list[str] = []
    tokens = text.split("\n", 1)[0].split()
    for i, token in enumerate(tokens):
        word = token.strip(",.;:()\"“”'*")
        if not word or not word[0].isupper() or not _NAME_WORD.fullmatch(word):
            break
        if words and _ends_name(word, tokens[i + 1] if i + 1 < len(tokens) else ""):
            break
        if words and word.isupper() != words[0].isupper():
            break
        words.append(word)
        if len(words) == limit or token.rstrip("*)\"”'") != token.rstrip("*)\"”',.;:"):
            break
    return _title_case(" ".join(words)) if words else None


def _ends_name(word: str, following: str) -> bool:
    """Whether `word` starts what follows a name ("NĂM 2025", "CÔNG TÁC", "về việc"); unaccented,
    only "nam" before a year does."""
    lower, after = word.lower(), following.strip(",.;:()").lower()
    if fold_aligned(lower) == "nam" and re.fullmatch(r"\d{4}", after):
        return True
    return lower in _NAME_END_WORDS or f"{lower} {after}" in _NAME_END_PAIRS


@dataclass(frozen=True)
class _Place:
    unit: str  # folded key of UNITS
    name: str

    def __str__(self) -> str:
        return f"{UNITS[self.unit]} {self.name}"


def _header_end(text: str, sections: Sequence[Section]) -> int:
    preamble = next((s for s in sections if s.path == (PREAMBLE,)), None)
    if preamble is not None:
        return preamble.end
    return min((s.start for s in sections), default=len(text))


def _type_line(lines: list[Line]) -> int | None:
    for i, line in enumerate(lines):
        if fold_aligned(line.content) in DOC_TYPES:
            return i
    return None


def _title(lines: list[Line], type_at: int) -> str | None:
    """The subject lines under the type line, up to a blank line, the preamble or the authority
    line; the first may itself begin "THỰC HIỆN ...", so only a basis stops it."""
    collected: list[str] = []
    for line in lines[type_at + 1 :]:
        content = line.content
        if not content:
            if collected:
                break
            continue
        folded = fold_aligned(content)
        stop = _TITLE_STOP if collected else _BASIS_OPENING
        if stop.match(folded) or heading_of(line) or len(collected) == 4:
            break
        collected.append(content)
    return " ".join(collected) or None


def _years(title: str | None) -> tuple[int | None, int | None]:
    """The plan's own year or period; dates of cited documents ("tháng 9 năm 2009") and horizons
    ("đến năm 2030") are not the plan's."""
    if not title:
        return None, None
    folded = fold_aligned(title)
    singles = [
        int(m.group(1))
        for m in _YEAR.finditer(folded)
        if not re.search(r"(?:thang \d{1,2}|den|nhin) $", folded[: m.start()])
    ]
    if singles:
        return singles[0], singles[0]
    period = _PERIOD.search(folded)
    if period:
        return int(period.group(1)), int(period.group(2))
    return None, None


def _column_order(lines: list[Line]) -> list[str]:
    """The header's lines, a flattened table's cells ("ỦY BAN NHÂN DÂN | CỘNG HÒA ...") read column
    by column as the two-column header is laid out, and a split "ỦY" / "BAN NHÂN DÂN" joined."""
    out: list[str] = []
    table: list[list[str]] = []
    for ln in [*lines, Line(0, "")]:
        if "|" in ln.raw:
            table.append([" ".join(MARKERS.sub("", cell).split()) for cell in ln.raw.split("|")])
            continue
        width = max((len(row) for row in table), default=0)
        out += [row[c] for c in range(width) for row in table if c < len(row)]
        table = []
        out.append(ln.content)
    contents = [c for c in out if c.strip("-_— ")]
    for i in range(len(contents) - 1, 0, -1):
        if fold_aligned(contents[i - 1]) == "uy" and fold_aligned(contents[i]).startswith("ban nhan dan"):
            contents[i - 1 : i + 1] = [f"{contents[i - 1]} {contents[i]}"]
    return contents


def _issuer_block(lines: list[Line]) -> _Place | None:
    """The issuing body in the header's left column: "ỦY BAN NHÂN DÂN" over "THÀNH PHỐ HUẾ"."""
    contents = _column_order(lines)
    for i, content in enumerate(contents):
        match = _ISSUER_LINE.fullmatch(fold_aligned(content))
        if not match or not content.isupper():
            continue
        rest = content[match.start(1) :]
        if not rest and i + 1 < len(contents) and contents[i + 1].isupper():
            rest = contents[i + 1]
        unit = _UNIT_NAME.match(fold_aligned(rest))
        if unit:
            return _Place(unit.group(1), _title_case(rest[unit.start(2) :]))
    return None


def _named(text: str, unit: str | None = None, skip: str | None = None) -> _Place | None:
    """The first "<unit> <Name>" in running text (of `unit` when given), skipping name `skip`."""
    folded = fold_aligned(text)
    units = re.escape(unit) if unit else _UNIT_RE
    for match in re.finditer(rf"\b({units})[ \t]+", folded):
        written = text[match.start(1) : match.end(1)].lower()
        if written not in (match.group(1), UNITS[match.group(1)]):
            continue  # "Tịnh Biên" is a name, not "tỉnh Biên"
        name = _proper_name(text[match.end() :])
        if name and fold_aligned(name) != skip:
            return _Place(match.group(1), name)
    return None


def _issuing_body(preamble: str) -> tuple[str, str | None] | None:
    """(unit, name or None) of "UBND huyện X ban hành / xây dựng Kế hoạch" (or "tổ chức / phát
    động / triển khai" it, on a news page) in the preamble: the verb follows the body's name; an act
    cited as another body's ("... của UBND tỉnh Y về tổ chức ...") is not the page's own."""
    folded = fold_aligned(preamble)
    for match in _ISSUING_CLAUSE.finditer(folded):
        if _CITED_BY.search(folded[max(0, match.start() - 8) : match.start()]):
            continue
        rest = preamble[match.end() :]
        name = _proper_name(rest)
        words = len(name.split()) if name else 0
        skip = re.match(rf"(?:[ \t]*\S+){{{words}}}", rest)
        if _ISSUING_VERB.match(folded, match.end() + (skip.end() if skip else 0)):
            return match.group(1), name
    return None


def _title_line_place(opening: str) -> _Place | None:
    """The place a page's leading title line names: "Kế hoạch 135/KH-UBND năm 2024 thực hiện ...
    trên địa bàn thành phố X" (a page without a header or an issuing clause)."""
    for line in opening.split("\n"):
        if _TITLE_LINE.match(fold_aligned(line.strip(" *#"))):
            return _named(line)
    return None


def _issuer_place(
    lines: list[Line], title: str, preamble: str, place: str | None, portal: dict[str, str]
) -> _Place | None:
    """The issuer's own unit: the header block, else "UBND huyện ... ban hành" in the preamble (named
    there, else from the title, the preamble or the place of the date line), else the page's title
    line, else the portal's "Nơi ban hành"."""
    own = _issuer_block(lines)
    if own is not None:
        return own
    body = _issuing_body(preamble)
    if body is not None:
        unit, name = body
        own = _Place(unit, name) if name else _named(title, unit) or _named(preamble, unit)
        where = place or (province_of_portal(preamble[:OPENING]) if unit == "tinh" else None)
        return own or (_Place(unit, where) if where else None)
    own = _title_line_place(preamble[:OPENING])
    if own is None and portal.get("issuer"):
        named = _UNIT_NAME.match(fold_aligned(portal["issuer"]))
        own = _Place(named.group(1), _title_case(portal["issuer"][named.start(2) :])) if named else None
    return own


def _own_plan(opening: str, own: _Place) -> tuple[str | None, dt.date | None]:
    """Number and date of a plan the page's own body issued and the page cites ("Trên cơ sở Kế
    hoạch số 283/KH-UBND ngày 30/9/2019 của UBND thành phố Lạng Sơn" on that city's news page)."""
    folded = fold_aligned(opening)
    for m in _OWN_PLAN.finditer(folded):
        name = _proper_name(opening[m.end() :])
        if m.group(5) == own.unit and name and fold_aligned(name) == fold_aligned(own.name):
            day = _date(*m.group(2, 3, 4)) if m.group(2) else None
            return _clean_number(opening[m.start(1) : m.end(1)]), day
    return None, None


def _level(own: _Place, year: int | None) -> str | None:
    name = fold_aligned(own.name)
    if own.unit == "thanh pho" and name in CENTRAL_SINCE:
        since = CENTRAL_SINCE[name]
        if since is None:
            return "tỉnh"
        return None if year is None else ("tỉnh" if year >= since else "huyện")
    return UNIT_LEVEL[own.unit]


def _province(own: _Place, title: str, preamble: str) -> _Place | None:
    """The province of a district or commune, from the first "tỉnh <Name>" of title or preamble."""
    own_name = fold_aligned(own.name)
    return _named(title, "tinh", own_name) or _named(preamble, "tinh", own_name)


def _kind_from_number(number: str) -> str | None:
    """ "183/KH-UBND" -> Kế hoạch, "07/2021/NQ-HĐND" -> Nghị quyết, "28-CT/TW" -> Chỉ thị."""
    folded = fold_aligned(number)
    prefixed = re.match(r"\d+-([a-z]+)/", folded)
    symbol = prefixed.group(1) if prefixed else re.sub(r"^\d+/(?:\d{4}/)?", "", folded)
    return SYMBOL_TYPES.get(symbol.split("-")[0])


def _bases(preamble: str, own: str | None) -> list[str]:
    """Numbered documents the preamble implements ("Thực hiện / Căn cứ"); a "Xét" proposal is not one."""
    found: list[str] = []
    for paragraph in preamble.split("\n"):
        folded = fold_aligned(paragraph)
        if not _BASIS_START.match(folded):
            continue
        for ref in _REF.finditer(folded):
            number = _clean_number(paragraph[ref.start(2) : ref.end(2)])
            if number == own:
                continue
            entry = f"{REF_KINDS[ref.group(1)]} số {number}"
            if ref.group(3):
                entry += f" ngày {' '.join(paragraph[ref.start(3) : ref.end(3)].split())}"
            if entry not in found:
                found.append(entry)
    return found


def _signature_lines(text: str, sections: Sequence[Section]) -> list[str]:
    """The marked signature region, else the lines after the last "KT. CHỦ TỊCH"-style line
    up to the first non-blank one."""
    block = next((s for s in sections if s.path == (REGION_NAMES["signature"],)), None)
    if block is not None:
        return [ln.content for ln in text_lines(text[block.start : block.end])]
    lines = [ln.content for ln in text_lines(text)]
    authority = [i for i, c in enumerate(lines) if c and _AUTHORITY.fullmatch(fold_aligned(c))]
    if not authority:
        return []
    following = lines[authority[-1] + 1 : authority[-1] + 8]
    first = next((i for i, c in enumerate(following) if c), None)
    return [] if first is None else following[: first + 1]


def _signer(text: str, sections: Sequence[Section]) -> str | None:
    """A person's name (2 to 5 capitalised words) closing the signature block, or None."""
    name = next((c for c in reversed(_signature_lines(text, sections)) if c), None)
    if not name or not name.istitle() or not 2 <= len(name.split()) <= 5:
        return None
    return name if all(_NAME_WORD.fullmatch(w) for w in name.split()) else None


# How far into a page a news summary or portal title names the plan, its date and its years.
OPENING = 1200


def _reported_plan(opening: str) -> tuple[str | None, dt.date | None]:
    """The number and date of the plan a news page or portal title reports ("ban hành Kế hoạch
    số 80/KH-UBND ngày 13/4/2023", "Ngày 13/5/2024, UBND huyện ... ban hành"), when the page has
    no header of its own."""
    folded = fold_aligned(opening)
    plan = _ISSUED_PLAN.search(folded)
    number = _clean_number(opening[plan.start(1) : plan.end(1)]) if plan else None
    dated = _DATED_ISSUE.search(folded)
    if dated:
        return number, _date(*dated.groups())
    return number, _date(*plan.group(2, 3, 4)) if plan and plan.group(2) else None


def _opening_years(opening: str) -> tuple[int | None, int | None]:
    """The plan's year or period from the page's opening lines (its title line or first
    sentence), for pages without a title under a type line; the source URL line is skipped."""
    lines = [ln for ln in opening.split("\n") if not fold_aligned(ln).startswith("url:")]
    return _years(" ".join(lines))


def _with_portal(meta: DocMeta, issued_on: dt.date | None, portal: dict[str, str]) -> dt.date | None:
    """Fill what the header lacks from the portal's metadata block; returns the issue date."""
    if meta.number is None and portal.get("number"):
        meta.number = _clean_number(portal["number"])
    date = _PORTAL_DATE.fullmatch(portal.get("issued", ""))
    if issued_on is None and date:
        issued_on = _date(*date.groups())
    if meta.signer is None and portal.get("signer"):
        meta.signer = _proper_name(portal["signer"], limit=5)
    return issued_on


_ANY_DATE = re.compile(rf"\b(?:ngay\s+)?(?:{_DATE})")


def _first_span(text: str, pattern: re.Pattern[str], same: Callable[[str], bool]) -> list[int] | None:
    """[start, end] of the first match of `pattern` (on the folded text) that `same` accepts."""
    for m in pattern.finditer(fold_aligned(text)):
        if same(text[m.start() : m.end()]):
            return [m.start(), m.end()]
    return None


def _spans(text: str, meta: DocMeta, own: _Place | None) -> dict[str, list[int]]:
    """Where the text states the number, issue date, issuer's place and signer (the first place
    for the header fields, the last for the signer); a value the text does not hold gets none."""
    spans: dict[str, list[int] | None] = {}
    if meta.number:
        number = fold_aligned(meta.number)
        spans["number"] = _first_span(
            text, re.compile(_NUM), lambda s: fold_aligned(_clean_number(s)) == number
        )
    if meta.issued:
        day = dt.date.fromisoformat(meta.issued)
        spans["issued"] = _first_span(text, _ANY_DATE, lambda s: _date_of(s) == day)
    if own is not None:
        spans["locality"] = _first_span(text, re.compile(re.escape(fold_aligned(own.name))), lambda s: True)
    if meta.signer:
        at = text.rfind(meta.signer)
        spans["signer"] = [at, at + len(meta.signer)] if at >= 0 else None
    return {name: span for name, span in spans.items() if span}


def _date_of(written: str) -> dt.date | None:
    numbers = re.findall(r"\d+", written)
    return _date(*numbers) if len(numbers) == 3 else None


def parse_meta(text: str, sections: Sequence[Section], portal: dict[str, str] | None = None) -> DocMeta:
    """Header fields that the text states, else a reporting page's or the portal's; a field none
    states stays None."""
    header = text[: _header_end(text, sections)]
    folded = fold_aligned(header)
    lines = list(text_lines(header))
    meta = DocMeta()

    number = _NUMBER_LINE.search(folded)
    if number:
        meta.number = _clean_number(header[number.start(1) : number.end(1)])
    type_at = _type_line(lines)
    if type_at is not None:
        meta.kind = DOC_TYPES[fold_aligned(lines[type_at].content)]
        meta.title = _title(lines, type_at)

    issued_on = None
    place = None
    dated = _PLACE_DATE.search(folded.replace("|", "\n"))  # a table cell starts a line; offsets kept
    if dated:
        place = _proper_name(header[dated.start(1) : dated.end(1)], limit=5)
        issued_on = _date(*dated.groups()[1:])
    attached = _ATTACHED_TO.search(fold_aligned(text))
    if attached and meta.kind == "Quyết định" and meta.number is None:
        meta.number = _clean_number(text[attached.start(1) : attached.end(1)])
        if attached.group(2) and dated is None:
            issued_on = _date(*attached.group(2, 3, 4))
    if meta.number is None or issued_on is None:
        reported, reported_on = _reported_plan(text[:OPENING])
        meta.number, issued_on = meta.number or reported, issued_on or reported_on
    meta.signer = _signer(text, sections)
    issued_on = _with_portal(meta, issued_on, portal or {})

    meta.year_from, meta.year_to = _years(meta.title)
    if meta.year_from is None:
        meta.year_from, meta.year_to = _opening_years(text[:OPENING])
    preamble = header[lines[type_at].start if type_at is not None else 0 :]
    own = _issuer_place(lines, meta.title or "", preamble, place, portal or {})
    if own is not None and meta.number is None:
        meta.number, cited_on = _own_plan(text[:OPENING], own)
        issued_on = issued_on or cited_on
    meta.issued = issued_on.isoformat() if issued_on else None
    if meta.kind is None and meta.number:
        meta.kind = _kind_from_number(meta.number)
    if own is not None:
        meta.issuer = f"UBND {own}"
        meta.level = _level(own, issued_on.year if issued_on else meta.year_from)
        province = None if meta.level == "tỉnh" else _province(own, meta.title or "", preamble)
        meta.locality = f"{own}, {province}" if province else str(own)
    meta.bases = _bases(preamble, meta.number)
    meta.spans = _spans(text, meta, own)
    return meta
