"""Header metadata of a Vietnamese administrative document: number, kind, issuer, locality,
date, plan period, signer and the acts it implements, each from the forms real pages use.

Every keyword is matched on a diacritic-folded copy of the text that keeps each character's
offset (`vietnamese.fold_aligned`), so unaccented text parses the same and spans stay exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from kehoach.ingest.dateline import (
    DMY,
    NUM,
    NUMBER_LABEL,
    clean_number,
    date_of,
    make_date,
    place_line,
    written_date,
)
from kehoach.ingest.localities import (
    NAME_WORD,
    UNIT_RE,
    Place,
    issuer_place,
    level,
    proper_name,
    province,
    title_case,
    unit_head,
)
from kehoach.ingest.provinces import city_of_portal, province_of_portal
from kehoach.ingest.records import PORTAL_ONLY, DocMeta, Section
from kehoach.ingest.sections import ATTACHED_TYPES, PREAMBLE, REGION_NAMES, Line, heading_of, text_lines
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
_TYPE_WORDS = "|".join(DOC_TYPES)
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
_DATE = r"\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{4}|\d{1,2} thang \d{1,2} nam \d{4}"
# "Số: 12/KH-UBND" anywhere in the header, "Số 12/KH-UBND" (no colon) at a line's start.
_NUMBER_LINE = re.compile(rf"(?m){NUMBER_LABEL}({NUM})")
# "(Ban hành) kèm theo Quyết định số 12/QĐ-UBND ngày ...": the decision a plan without a number of
# its own was issued with.
ATTACHED_TO = re.compile(rf"kem theo quyet dinh so ({NUM})(?:,? ngay {DMY})?")
# A law database's address names the document: ".../ke-hoach-47-kh-ubnd-2022-...".
_ADDRESS_NUMBER = re.compile(
    rf"^url:.*?/(?:{'|'.join(k.replace(' ', '-') for k in DOC_TYPES)})-(\d+)-([a-z]+)-([a-z]+)\b", re.M
)
# Symbols whose Đ an address drops.
_SYMBOL_SPELLING = {"qd": "QĐ", "hdnd": "HĐND", "nd": "NĐ", "ldtbxh": "LĐTBXH", "sldtbxh": "SLĐTBXH"}
# A breadcrumb's separator: "Trang chủ » Văn bản » Kế hoạch 62/KH-UBND ..." puts a title after it.
_CRUMB = "[»›>]"
# A news page or portal title naming the plan it reports: "UBND tỉnh ban hành Kế hoạch số 80/KH-UBND
# ngày 13/4/2023", "Kế hoạch 135/KH-UBND năm 2024 thực hiện ..." at a line's start or a breadcrumb's end.
_ISSUED_PLAN = re.compile(
    rf"(?:ban hanh (?:{_TYPE_WORDS}) (?:so )?|(?:(?m:^)|{_CRUMB}[ \t]*)(?:{_TYPE_WORDS}) (?:so )?)({NUM})"
    rf"(?:,? ngay {DMY})?"
)
# "Ngày 13/5/2024, UBND huyện Vĩnh Linh ban hành ..." (the date of a reported issue).
_DATED_ISSUE = re.compile(rf"\bngay {DMY},?[^.\n]{{0,80}}?\bban hanh\b")
_BASIS_START = re.compile(r"[\s*_#-]*(?:thuc hien|can cu)\b")
_REF = re.compile(rf"\b({'|'.join(REF_KINDS)})\s+(?:so\s+)?({NUM})(?:,?\s+ngay\s+({_DATE}))?")
_PERIOD = re.compile(r"(?:giai doan|tu(?: nam)?)\s+(\d{4})\s*(?:[-–—]|den(?: nam)?)\s*(\d{4})")
# "2021-2030" written without "giai đoạn" (not inside a date or a number).
_BARE_PERIOD = re.compile(r"(?<![\d/.])(\d{4})\s?[-–—]\s?(\d{4})(?![\d/])")
# Words before "năm YYYY" that make it another date's year or a horizon, not the plan's.
_NOT_PLAN_YEAR = re.compile(r"(?:thang \d{1,2}|den|nhin) $")
_AFTER_NUMBER = re.compile(rf"(?:{NUM}) $")
_YEAR = re.compile(r"\bnam (\d{4})\b")
_NOT_OPENING = re.compile(r"[\s*_#-]*(?:url:|can cu\b|xet\b|theo de nghi\b)")
# A type word in capitals with the subject after it on its line: "KẾ HOẠCH Thực hiện ...".
_TYPE_KIND = re.compile(_TYPE_WORDS)
_TYPE_HEAD = re.compile(rf"(?:{_TYPE_WORDS})[ \t]+(?!so\b)(?=[^\W\d_])")
# A page's leading title line: "Kế hoạch 135/KH-UBND năm 2024 thực hiện ...".
_TITLE_LINE = re.compile(rf"(?:{_TYPE_WORDS}) (?:so )?{NUM}")
# A plan the page's own body issued, cited by number: "Trên cơ sở Kế hoạch số 283/KH-UBND ngày
# 30/9/2019 của UBND thành phố Lạng Sơn" (a news page reporting what that plan set up).
_OWN_PLAN = re.compile(
    rf"\b(?:{_TYPE_WORDS}) (?:so )?({NUM})(?:,? ngay {DMY})?"
    rf",? cua (?:uy ban nhan dan|ubnd) ({UNIT_RE})[ \t]+"
)
_TITLE_STOP = re.compile(r"(?:thuc hien|can cu|xet|qua|nham|tren co so|chu tich|uy ban|ubnd)\b|tm\.|kt\.|\(")
_BASIS_OPENING = re.compile(r"(?:can cu|xet)\b|\(")
# The signing authority's lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ GIÁM ĐỐC"); between
# them and the name a block may hold "(Đã ký)" and a "Nơi nhận" list (a flattened two-column end).
_AUTHORITY = re.compile(
    r"(?:(?:tm|kt|q|tl)\.\s*)*(?:pho )?(?:chu tich|giam doc|truong phong|truong ban|uy ban nhan dan)\b.*"
)
_RECIPIENT = re.compile(r"noi nhan\b|[-+•]")


# ---------------------------------------------------------------- metadata


def _header_end(text: str, sections: Sequence[Section]) -> int:
    preamble = next((s for s in sections if s.path == (PREAMBLE,)), None)
    if preamble is not None:
        return preamble.end
    return min((s.start for s in sections), default=len(text))


def _type_line(lines: list[Line]) -> tuple[int, str] | None:
    """(index, the subject on the same line) of the type line: "KẾ HOẠCH" alone, or in capitals
    with the subject run onto its line ("KẾ HOẠCH Thực hiện công tác trẻ em năm 2023")."""
    for i, line in enumerate(lines):
        folded = fold_aligned(line.content)
        if folded in DOC_TYPES:
            return i, ""
        head = _TYPE_HEAD.match(folded)
        if head and line.content[: head.end()].isupper():
            return i, line.content[head.end() :].strip()
    return None


def _title(lines: list[Line], type_at: int, first: str) -> str | None:
    """The subject lines under the type line (after `first`, the subject on the type line itself),
    up to a blank line, the preamble or the authority line; the first may itself begin "THỰC HIỆN
    ...", so only a basis stops it."""
    collected: list[str] = [first] if first else []
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


def _years(title: str | None, issue_year: bool = True) -> tuple[int | None, int | None]:
    """The plan's own year or period; dates of cited documents ("tháng 9 năm 2009") and horizons
    ("đến năm 2030") are not the plan's, and the issue year a law database writes after the number
    ("Kế hoạch 148/KH-UBND năm 2021 thực hiện ... giai đoạn 2021-2025") only when nothing else is;
    a term of office ("nhiệm kỳ 2015 - 2020", a portal's banner) is no plan period."""
    if not title:
        return None, None
    folded = fold_aligned(title)
    singles: list[int] = []
    issue_years: list[int] = []
    for m in _YEAR.finditer(folded):
        before = folded[max(0, m.start() - 40) : m.start()]
        if not _NOT_PLAN_YEAR.search(before):
            (issue_years if _AFTER_NUMBER.search(before) else singles).append(int(m.group(1)))
    if singles:
        return singles[0], singles[0]
    for pattern in (_PERIOD, _BARE_PERIOD):
        for m in pattern.finditer(folded):
            start, end = int(m.group(1)), int(m.group(2))
            if 1945 < start < end <= start + 30 and not folded[: m.start()].endswith("nhiem ky "):
                return start, end
    return (issue_years[0], issue_years[0]) if issue_years and issue_year else (None, None)


def _own_plan(opening: str, own: Place) -> tuple[str | None, dt.date | None]:
    """Number and date of a plan the page's own body issued and the page cites ("Trên cơ sở Kế
    hoạch số 283/KH-UBND ngày 30/9/2019 của UBND thành phố Lạng Sơn" on that city's news page)."""
    folded = fold_aligned(opening)
    for m in _OWN_PLAN.finditer(folded):
        name = proper_name(opening[m.end() :])
        if m.group(5) == own.unit and name and fold_aligned(name) == fold_aligned(own.name):
            day = make_date(*m.group(2, 3, 4)) if m.group(2) else None
            return clean_number(opening[m.start(1) : m.end(1)]), day
    return None, None


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
            number = clean_number(paragraph[ref.start(2) : ref.end(2)])
            if number == own:
                continue
            entry = f"{REF_KINDS[ref.group(1)]} số {number}"
            if ref.group(3):
                entry += f" ngày {' '.join(paragraph[ref.start(3) : ref.end(3)].split())}"
            if entry not in found:
                found.append(entry)
    return found


def _name_line(content: str) -> str | None:
    """A person's name (2 to 5 words, in title case or in capitals), title-cased."""
    words = content.split()
    if not 2 <= len(words) <= 5 or not all(NAME_WORD.fullmatch(w) for w in words):
        return None
    if content.isupper() and fold_aligned(content) in (*DOC_TYPES, *ATTACHED_TYPES):
        return None
    return title_case(content) if content.istitle() or content.isupper() else None


def _signer(text: str, sections: Sequence[Section]) -> str | None:
    """The name closing the signature block (the marked region, else the last "KT. CHỦ TỊCH"-style
    line after the header): past its titles, "(Đã ký)" and a "Nơi nhận" list between them;
    anything else ends the search with no name."""
    block = next((s for s in sections if s.path == (REGION_NAMES["signature"],)), None)
    start = block.start if block else _header_end(text, sections)
    lines = [ln.content for ln in text_lines(text[start:].replace("|", "\n"))]
    if block is None:
        authority = [i for i, c in enumerate(lines) if c and _AUTHORITY.fullmatch(fold_aligned(c))]
        if not authority:
            return None
        lines = lines[authority[-1] + 1 :]
    recipients = False
    for content in lines[:20]:
        folded = fold_aligned(content)
        if not content or content.startswith(("(", "[")):
            continue
        if content.isupper() and (_AUTHORITY.fullmatch(folded) or unit_head(content)):
            recipients = False
            continue
        if _RECIPIENT.match(folded) or (recipients and content.endswith((";", "."))):
            recipients = True
            continue
        return _name_line(content)
    return None


# How far into a page a news summary or portal title names the plan, its date and its years.
OPENING = 1200


def _in_basis(folded: str, at: int) -> bool:
    """Whether offset `at` lies in a "Căn cứ / Thực hiện ..." paragraph (a cited act's words)."""
    return bool(_BASIS_START.match(folded, folded.rfind("\n", 0, at) + 1))


def _reported_plan(opening: str, formal: bool) -> tuple[str | None, dt.date | None]:
    """The number and date of the plan a news page or portal title reports ("ban hành Kế hoạch
    số 80/KH-UBND ngày 13/4/2023", "Ngày 13/5/2024, UBND huyện ... ban hành"), when the page has
    no header of its own; under a `formal` header, or in a basis paragraph, a dated "ban hành"
    clause is a cited act's."""
    folded = fold_aligned(opening)
    plan = _ISSUED_PLAN.search(folded)
    number = clean_number(opening[plan.start(1) : plan.end(1)]) if plan else None
    issues = [] if formal else [m for m in _DATED_ISSUE.finditer(folded) if not _in_basis(folded, m.start())]
    if issues:
        return number, make_date(*issues[0].groups())
    return number, make_date(*plan.group(2, 3, 4)) if plan and plan.group(2) else None


def _opening_years(opening: str) -> tuple[int | None, int | None]:
    """The plan's year or period from the first of the page's opening lines that states one (its
    title line or first sentence, not a baseline further on; an issue year only when none does),
    for pages whose title states none; the source URL line and the acts the preamble rests on
    ("Căn cứ Luật Trẻ em năm 2016") are skipped."""
    lines = [ln for ln in opening.split("\n") if not _NOT_OPENING.match(fold_aligned(ln))]
    for line in lines:
        if (years := _years(line, issue_year=False))[0] is not None:
            return years
    return _years(" ".join(lines))


def _with_portal(meta: DocMeta, issued_on: dt.date | None, portal: dict[str, str]) -> dt.date | None:
    """Fill what the header lacks from the portal's metadata block; returns the issue date."""
    if meta.number is None and portal.get("number"):
        meta.number = clean_number(portal["number"])
    issued_on = issued_on or written_date(portal.get("issued", ""))
    if meta.signer is None and portal.get("signer"):
        meta.signer = proper_name(portal["signer"], limit=5)
    return issued_on


_ANY_DATE = re.compile(rf"\b(?:ngay\s+)?{DMY}")


def _first_span(text: str, pattern: re.Pattern[str], same: Callable[[str], bool]) -> list[int] | None:
    """[start, end] of the first match of `pattern` (on the folded text) that `same` accepts."""
    for m in pattern.finditer(fold_aligned(text)):
        if same(text[m.start() : m.end()]):
            return [m.start(), m.end()]
    return None


def _spans(text: str, meta: DocMeta, own: Place | None) -> dict[str, list[int]]:
    """Where the text states the number, issue date, issuer's place and signer (the first place
    for the header fields, the last for the signer); a value the text does not hold gets none."""
    spans: dict[str, list[int] | None] = {}
    if meta.number:
        number = fold_aligned(meta.number)
        spans["number"] = _first_span(
            text, re.compile(NUM), lambda s: fold_aligned(clean_number(s)) == number
        )
    if meta.issued and len(meta.issued) == 10:
        day = dt.date.fromisoformat(meta.issued)
        spans["issued"] = _first_span(text, _ANY_DATE, lambda s: date_of(s) == day)
    if own is not None:  # a numbered ward or district ("Quận 3") only with its unit word
        name = str(own) if own.name.isdigit() else own.name
        spans["locality"] = _first_span(text, re.compile(re.escape(fold_aligned(name))), lambda s: True)
    if meta.signer:
        at = text.rfind(meta.signer)
        spans["signer"] = [at, at + len(meta.signer)] if at >= 0 else None
    return {name: span for name, span in spans.items() if span}


def _address_number(opening: str) -> str | None:
    """ "123/KH-UBND" from a law database's address (".../ke-hoach-123-kh-ubnd-2021-..."), for a
    page that prints the number nowhere else."""
    m = _ADDRESS_NUMBER.search(fold_aligned(opening))
    if m is None or _kind_from_number(f"{m.group(1)}/{m.group(2)}") is None:
        return None
    symbol = "-".join(_SYMBOL_SPELLING.get(part, part.upper()) for part in m.group(2, 3))
    return f"{m.group(1)}/{symbol}"


def _leading_title(opening: str) -> str | None:
    """A page's leading title line: "Kế hoạch 135/KH-UBND năm 2024 thực hiện ...", alone or at a
    breadcrumb's end."""
    for line in opening.split("\n"):
        title = re.split(_CRUMB, line)[-1].strip(" *#")
        if _TITLE_LINE.match(fold_aligned(title)):
            return title
    return None


def parse_meta(text: str, sections: Sequence[Section], portal: dict[str, str] | None = None) -> DocMeta:
    """Header fields that the text states, else a reporting page's or the portal's; a field none
    states stays None."""
    header = text[: _header_end(text, sections)]
    folded = fold_aligned(header)
    lines = list(text_lines(header))
    meta = DocMeta()
    portal = portal or {}

    number = _NUMBER_LINE.search(folded.replace("|", "\n"))
    if number:
        meta.number = clean_number(header[number.start(1) : number.end(1)])
    typed = _type_line(lines)
    type_at = typed[0] if typed else None
    if typed is not None and (word := _TYPE_KIND.match(fold_aligned(lines[typed[0]].content))):
        meta.kind = DOC_TYPES[word.group()]
        meta.title = _title(lines, *typed)

    formal = bool(number) or type_at is not None
    place, issued_on, partial = place_line(header, formal)
    attached = ATTACHED_TO.search(fold_aligned(text))
    if attached and meta.kind == "Quyết định" and meta.number is None:
        meta.number = clean_number(text[attached.start(1) : attached.end(1)])
        if attached.group(2) and place is None and issued_on is None:
            issued_on = make_date(*attached.group(2, 3, 4))
    if meta.number is None or issued_on is None:
        reported, reported_on = _reported_plan(text[:OPENING], formal)
        meta.number, issued_on = meta.number or reported, issued_on or (None if partial else reported_on)
    meta.signer = _signer(text, sections)
    issued_on = _with_portal(meta, issued_on, portal)
    meta.portal = {k: portal[k] for k in PORTAL_ONLY if portal.get(k)}

    meta.year_from, meta.year_to = _years(meta.title)
    if meta.year_from is None:
        meta.year_from, meta.year_to = _opening_years(text[:OPENING])
    preamble = header[lines[type_at].start if type_at is not None else 0 :]
    own = issuer_place(
        lines,
        meta.title or "",
        preamble,
        place,
        portal,
        _leading_title(preamble[:OPENING]),
        {"tinh": province_of_portal(preamble[:OPENING]), "thanh pho": city_of_portal(preamble[:OPENING])},
    )
    if own is not None and meta.number is None:
        meta.number, cited_on = _own_plan(text[:OPENING], own)
        issued_on = issued_on or cited_on
    meta.number = meta.number or _address_number(text[:OPENING])
    meta.issued = issued_on.isoformat() if issued_on else partial
    if meta.kind is None and meta.number:
        meta.kind = _kind_from_number(meta.number)
    if own is not None:
        meta.issuer = own.issuer
        meta.level = level(own, int(meta.issued[:4]) if meta.issued else meta.year_from)
        parent = None if meta.level == "tỉnh" else province(own, meta.title or "", preamble)
        meta.locality = f"{own}, {parent}" if parent else str(own)
    meta.bases = _bases(preamble, meta.number)
    meta.spans = _spans(text, meta, own)
    return meta
