"""The issuer's own place in a header: "ỦY BAN NHÂN DÂN" over "TỈNH X" (any unit word, or its
abbreviation "TP.", "TX.", "H."), a body under its committee ("UBND TỈNH X" over "SỞ Y TẾ"), a
body of the political system ("ĐẢNG BỘ TỈNH X" over "TỈNH ỦY", "TỈNH ĐOÀN X"), a
unit word whose name only the place-and-date line gives, a news page's issuing clause, a page's
title line, the portal's "Nơi ban hành"; and the level and province of that place.

A name is a run of capitalised words (hyphenated parts kept: "Bà Rịa - Vũng Tàu") that never
crosses a line's end nor swallows the word after it ("TỈNH X NĂM 2025").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kehoach.ingest.provinces import PROVINCES
from kehoach.ingest.sections import MARKERS, Line
from kehoach.ingest.vietnamese import fold, fold_aligned

# Administrative units (folded -> written) and the level each belongs to; "đặc khu" is the
# commune-level special zone of the 2025 reorganisation.
UNITS = {
    "thanh pho": "thành phố",
    "thi xa": "thị xã",
    "thi tran": "thị trấn",
    "dac khu": "đặc khu",
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
    "dac khu": "xã",
}
# Abbreviated unit words of headers and place lines ("UBND TP. HUẾ", "UBND H. ĐẮK HÀ"); the
# one-letter ones only with their dot.
ABBREVIATIONS = {"tp": "thanh pho", "tx": "thi xa", "h": "huyen", "q": "quan"}
# Centrally-run cities (province level) and the year each became one (None: long before 2010).
CENTRAL_SINCE: dict[str, int | None] = {
    "ha noi": None,
    "ho chi minh": None,
    "hai phong": None,
    "da nang": None,
    "can tho": None,
    "hue": 2025,
}
UNIT_RE = "|".join(sorted(UNITS, key=len, reverse=True))
# A unit word (or abbreviation) opening an issuer line's rest: "tinh quang nam", "tp. hue", "huyen".
_UNIT_HEAD = re.compile(rf"({UNIT_RE}|tp|tx|h|q)(\.\s*|\s+|$)")
# The body heading the header's left column over its unit: the committee, the council, or a body
# of the political system (the Party, the Youth Union, the Women's Union, the Fatherland Front),
# and the short name of each but the committee's.
_BODIES = {
    "hoi dong nhan dan": "HĐND",
    "hdnd": "HĐND",
    "dang bo": "Đảng bộ",
    "ban chap hanh dang bo": "Ban Chấp hành Đảng bộ",
    "ban chap hanh doan": "Ban Chấp hành Đoàn",
    "bch doan": "Ban Chấp hành Đoàn",
    "hoi lien hiep phu nu": "Hội Liên hiệp Phụ nữ",
    "hoi lhpn": "Hội Liên hiệp Phụ nữ",
    "uy ban mat tran to quoc viet nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "uy ban mttq viet nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
}
_ISSUER_LINE = re.compile(
    rf"(?:chu tich )?(uy ban nhan dan|ubnd|{'|'.join(sorted(_BODIES, key=len, reverse=True))})\b\s*(.*)"
)
# A unit's own Party committee or Youth Union named by its unit word: "TỈNH ỦY PHÚ YÊN", "HUYỆN
# ĐOÀN A LƯỚI", "THÀNH ỦY" alone under "ĐẢNG BỘ THÀNH PHỐ X"; its name follows without the unit.
_OWN_BODY_LINE = re.compile(r"(tinh|huyen|thanh|thi|quan) (uy|doan)\b\s*(.*)")
_OWN_BODY_UNITS = {"tinh": "tinh", "huyen": "huyen", "thanh": "thanh pho", "thi": "thi xa", "quan": "quan"}
# A body under the committee, on the line under it: "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI".
_SUBORDINATE = re.compile(r"(?:so|phong|ban|trung tam|van phong|chi cuc)\s")
# What may follow a unit's name on its header line: a rule, or the number the flattening joined.
_LINE_TAIL = re.compile(r"[-_—–=*.,;: ]*|[-_—–=* ]*so\b.*")
_BODY_KINDS = ("trung tâm", "văn phòng", "chi cục", "sở", "phòng", "ban")
_ISSUING_CLAUSE = re.compile(rf"\b(?:uy ban nhan dan|ubnd)(?:\s+\(ubnd\))?\s+({UNIT_RE})\b")
# The verb right after the issuing body's name ("UBND huyện X vừa ban hành ...", "UBND tỉnh đã ban hành").
_ISSUING_VERB = re.compile(
    r"[\s,:]*(?:(?:da|vua|chinh thuc|cung da)\s+)*(?:ban hanh|xay dung|to chuc|phat dong|trien khai)\b"
)
# What cites another body's act: "... của UBND tỉnh Sơn La", "theo UBND ...".
_CITED_BY = re.compile(r"\b(?:cua|theo)\s*$")
# Words that end a place name written in capitals or title case: "TỈNH QUẢNG NAM NĂM 2025",
# "huyện X về việc ...", "tỉnh X Công tác ..." (a pair folded, so "GIAI DOAN" ends one too; a
# single word in lower case with its accents: "Nam" is a name, "năm" a year word; never the first
# word of the name).
_NAME_END_PAIRS = frozenset(
    fold_aligned(pair)
    for pair in {
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
        "vì trẻ",
    }
)
_NAME_END_WORDS = frozenset({"năm", "về", "và", "của", "với", "nhằm", "theo", "trên", "đến", "trong", "tại"})
# A unit word and a comma (or "và") just before another: a list of kinds of unit, no place.
_UNIT_LIST = re.compile(rf"\b(?:{UNIT_RE})\s*(?:,|\bva\b)\s*$")
# The header's right column (Decree 30/2020): the national title and the motto, or the Party's
# name over a Party body's date line.
_RIGHT_COLUMN = re.compile(
    r"\bcong hoa xa hoi chu nghia viet nam\b|\bdoc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc\b"
    r"|\bdang cong san viet nam\b"
)
_UNIT_WORDS = frozenset(UNITS.values())
# A name's word; Central Highlands names join syllables with an apostrophe ("Cư M'gar", "Ea H’leo").
NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DASHES = ("-", "–")


@dataclass(frozen=True)
class Place:
    unit: str  # folded key of UNITS
    name: str
    body: str | None = None  # a body under the committee ("Sở Y tế"), None for the committee

    def __str__(self) -> str:
        return f"{UNITS[self.unit]} {self.name}"

    @property
    def issuer(self) -> str:
        """ "UBND tỉnh X", "Sở Y tế tỉnh X"; a unit's own body names it without its unit word ("Tỉnh
        ủy Phú Yên")."""
        if self.body and _OWN_BODY_LINE.fullmatch(fold_aligned(self.body.lower())):
            return f"{self.body} {self.name}"
        return f"{self.body} {self}" if self.body else f"UBND {self}"


def title_case(name: str) -> str:
    """An upper-case name in title case; a word without a vowel is an abbreviation ("thành phố
    PRTC", Phan Rang - Tháp Chàm) and stays as written: every Vietnamese syllable has a vowel."""
    if not name.isupper():
        return name
    return " ".join(
        w[:1].upper() + w[1:].lower() if re.search("[aeiouy]", fold(w.lower())) else w for w in name.split()
    )


def proper_name(text: str, limit: int = 4) -> str | None:
    """The run of capitalised words at the start of `text` ("Văn Lãng xây dựng" -> "Văn Lãng"),
    never past the line's end: "... TỈNH" over "Thực hiện ..." names no place. A dash between two
    capitalised words joins them ("Phan Rang - Tháp Chàm")."""
    words: list[str] = []
    tokens = text.split("\n", 1)[0].split()
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in _DASHES and words and words[-1] not in _DASHES and following[:1].isupper():
            words.append("-")
            continue
        word = token.strip(",.;:()\"“”'*")
        if not word or not word[0].isupper() or not NAME_WORD.fullmatch(word):
            break
        if _ends_name(word, following):
            break
        if words and word.isupper() != words[0].isupper():
            break
        words.append(word)
        if sum(w not in _DASHES for w in words) == limit:
            break
        if token.rstrip("*)\"”'") != token.rstrip("*)\"”',.;:"):
            break
    while words and words[-1] in _DASHES:
        words.pop()
    return title_case(" ".join(words)) if words else None


def _ends_name(word: str, following: str) -> bool:
    """Whether `word` starts what follows a name ("NĂM 2025", "CÔNG TÁC", "về việc", a unit word
    with its accents: "Tỉnh", not "Tịnh"); unaccented,
    a pair ("GIAI DOAN") and "nam" before a year do, a single word (a name's "Cua", "Tai") not."""
    lower, after = word.lower(), following.strip(",.;:()").lower()
    if fold_aligned(lower) == "nam" and re.fullmatch(r"\d{4}", after):
        return True
    if lower in _UNIT_WORDS or f"{lower} {after}" in _UNIT_WORDS:
        return True  # the next place's unit word: "Huyện Văn Lãng Tỉnh Lạng Sơn"
    return lower in _NAME_END_WORDS or fold_aligned(f"{lower} {after}") in _NAME_END_PAIRS


def _name_key(text: str) -> str:
    """ "Bà Rịa - Vũng Tàu" -> "ba ria vung tau": a name's words, folded, without punctuation."""
    return " ".join(re.sub(r"[^\w\s]", " ", fold_aligned(text)).split())


# Province-level names: the provinces before the 2025 mergers (the 34 after keep their names) and
# the centrally-run cities.
_KNOWN_NAMES = {
    "tinh": frozenset(_name_key(name) for name in PROVINCES),
    "thanh pho": frozenset(CENTRAL_SINCE),
}


def _known_name(unit: str, rest: str) -> str | None:
    """The province (or centrally-run city) that `rest` opens with, the longest known name: in a
    title written all in capitals or title case ("Tỉnh Quảng Nam Vì Trẻ Em") no change of case
    ends the name, the list does."""
    tokens = rest.split("\n", 1)[0].split()[:6]
    for k in range(len(tokens), 0, -1):
        if _name_key(" ".join(tokens[:k])) in _KNOWN_NAMES.get(unit, ()):
            return proper_name(" ".join(tokens[:k]), limit=6)
    return None


def unit_name(unit: str, rest: str, limit: int = 4) -> str | None:
    """The name after a unit word: a known province or centrally-run city, capitalised words, or
    the number of an urban district or ward ("Quận 3", "Phường 10")."""
    numbered = re.match(r"\d{1,2}\b", rest) if unit in ("quan", "phuong") else None
    return numbered.group(0) if numbered else _known_name(unit, rest) or proper_name(rest, limit)


def unit_head(written: str) -> tuple[str, str] | None:
    """(unit key, the rest) of text opening with a unit word or its abbreviation: "TP. Huế" ->
    ("thanh pho", "Huế"); a one-letter abbreviation needs its dot."""
    m = _UNIT_HEAD.match(fold_aligned(written))
    if m is None or (m.group(1) in ("h", "q") and not m.group(2).startswith(".")):
        return None
    return ABBREVIATIONS.get(m.group(1), m.group(1)), written[m.end() :].strip()


def _body_case(line: str) -> str:
    """ "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" -> "Sở Lao động - Thương binh và Xã hội": the body's
    kind, then each part of its field capitalised, as the state writes agency names."""
    if not line.isupper():
        return line
    lower = line.lower()
    kind = next(k for k in _BODY_KINDS if fold_aligned(lower).startswith(fold_aligned(k)))
    words, out, capital = lower[len(kind) :].split(), [kind.capitalize()], True
    for word in words:
        out.append(word.capitalize() if capital else word)
        capital = fold_aligned(word) in ("-", "–", "va", ",")
    return " ".join(out)


def _cells(raw: str) -> list[str]:
    """A header row's cells: split at "|", or around the right column's national title or motto
    on a line the extraction ran together ("TỈNH BẮC NINH CỘNG HÒA XÃ HỘI ...", "Độc lập - Tự do
    - Hạnh phúc TỈNH BẮC NINH")."""
    if "|" in raw:
        return raw.split("|")
    right = _RIGHT_COLUMN.search(fold_aligned(raw))
    if right is None:
        return [raw]
    return [
        cell
        for cell in (raw[: right.start()], raw[right.start() : right.end()], raw[right.end() :])
        if cell.strip()
    ]


def _column_order(lines: list[Line]) -> list[str]:
    """The header's lines, a flattened table's cells ("ỦY BAN NHÂN DÂN | CỘNG HÒA ...", or the
    columns run together on one line) read column by column as the two-column header is laid out,
    and a split "ỦY" / "BAN NHÂN DÂN" joined."""
    out: list[str] = []
    table: list[list[str]] = []
    for ln in [*lines, Line(0, "")]:
        cells = _cells(ln.raw)
        if len(cells) > 1:
            table.append([" ".join(MARKERS.sub("", cell).split()) for cell in cells])
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


def _unit_line(content: str) -> tuple[str, str | None] | None:
    """(unit, name or None) of a header line that is only a unit and its name ("TỈNH HÀ GIANG",
    "Huyện Đăk Glei", "TP. HUẾ") or only a unit word ("HUYỆN")."""
    head = unit_head(content)
    if head is None:
        return None
    unit, rest = head
    if not rest:
        return unit, None
    name = unit_name(unit, rest, limit=6)
    if name is None:
        return None
    after = fold_aligned(rest)[len(name) :].strip()
    if fold_aligned(rest[: len(name)]) != fold_aligned(name) or not _LINE_TAIL.fullmatch(after):
        return None
    return unit, name


def _own_body(content: str) -> tuple[str, str | None, str] | None:
    """(unit, name or None, body as written in sentence case) of a line naming a unit's own Party
    committee or Youth Union ("TỈNH ĐOÀN TIỀN GIANG" -> ("tinh", "Tiền Giang", "Tỉnh đoàn"))."""
    match = _OWN_BODY_LINE.fullmatch(fold_aligned(content))
    if match is None:
        return None
    unit = _OWN_BODY_UNITS[match.group(1)]
    rest = content[match.start(3) :]
    name = unit_name(unit, rest, limit=6) if rest else None
    if rest and (name is None or not _LINE_TAIL.fullmatch(fold_aligned(rest)[len(name) :].strip())):
        return None
    return unit, name, content[: match.end(2)].capitalize()


def _issuer_block(lines: list[Line], place: str | None) -> tuple[str, str | None, str | None] | None:
    """(unit, name, body) of the issuing body in the header's left column: "ỦY BAN NHÂN DÂN" over
    "THÀNH PHỐ HUẾ", a unit word alone named by the place line, a body ("SỞ Y TẾ") under it; of a
    parent committee over its own ("UBND TỈNH X" over "UBND HUYỆN Y"), the lower, direct issuer."""
    contents = _column_order(lines)
    for i, content in enumerate(contents):
        own = _own_body(content)
        if own is not None and own[1]:
            return own
        match = _ISSUER_LINE.fullmatch(fold_aligned(content))
        if not match:
            continue
        rest, at = content[match.start(2) :], i + 1
        if not rest and at < len(contents):
            rest, at = contents[at], at + 1
        named = _unit_line(rest)
        if named is None:
            continue
        unit, name = named
        below = contents[at] if at < len(contents) else ""
        joined = _unit_line(f"{rest} {below}") if name is None and below.isupper() else None
        if joined is not None:
            name, below = joined[1], contents[at + 1] if at + 1 < len(contents) else ""
        if _ISSUER_LINE.fullmatch(fold_aligned(below)):
            continue  # the parent body above its direct issuer ("UBND TỈNH X" over "UBND HUYỆN Y")
        body = _body_case(below) if _SUBORDINATE.match(fold_aligned(below) + " ") else None
        # A Party body's line ("TỈNH ỦY") may follow the Party's name of the right column.
        left = next((c for c in contents[at:] if not _RIGHT_COLUMN.fullmatch(fold_aligned(c).strip())), "")
        under = _own_body(left)
        body = body or (under[2] if under and not under[1] else None)
        return unit, name or place, body or _BODIES.get(match.group(1))
    return None


def named(
    text: str,
    units: str | None = None,
    skip: str | None = None,
    accept: Callable[[Place], bool] | None = None,
) -> Place | None:
    """The first "<unit> <Name>" in running text (of `units`, a regex of unit keys, when given)
    that `accept` takes, skipping name `skip`."""
    folded = fold_aligned(text)
    for match in re.finditer(rf"\b({units or UNIT_RE})[ \t]+", folded):
        written = text[match.start(1) : match.end(1)].lower()
        if written not in (match.group(1), UNITS[match.group(1)]):
            continue  # "Tịnh Biên" is a name, not "tỉnh Biên"
        if _UNIT_LIST.search(folded, 0, match.start()):
            continue  # "xã, phường, thị trấn phù hợp với trẻ em": the last of a list of unit words
        name = unit_name(match.group(1), text[match.end() :])
        found = Place(match.group(1), name) if name and fold_aligned(name) != skip else None
        if found is not None and (accept is None or accept(found)):
            return found
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
        name = proper_name(rest)
        words = len(name.split()) if name else 0
        skip = re.match(rf"(?:[ \t]*\S+){{{words}}}", rest)
        if _ISSUING_VERB.match(folded, match.end() + (skip.end() if skip else 0)):
            return match.group(1), name
    return None


def issuer_place(
    lines: list[Line],
    title: str,
    preamble: str,
    place: str | None,
    portal: dict[str, str],
    title_line: str | None,
    portal_places: dict[str, str | None],
) -> Place | None:
    """The issuer's own unit: the header block (a unit word alone named by the place line or the
    title), else "UBND huyện ... ban hành" in the preamble (named there, else from the title, the
    preamble or the place of the date line), else the page's title line, else the portal's "Nơi ban
    hành". `portal_places` names the province ("tinh") or city ("thanh pho") whose portal the page
    is on."""
    block = _issuer_block(lines, place)
    if block is not None:
        unit, name, body = block
        own = Place(unit, name, body) if name else named(title, re.escape(unit))
        if own is not None:
            return own
    issuing = _issuing_body(preamble)
    if issuing is not None:
        level, name = issuing
        own = Place(level, name) if name else named(title, level) or named(preamble, level)
        where = place or portal_places.get(level)
        return own or (Place(level, where) if where else None)
    own = named(title_line) if title_line else None
    if own is None and portal.get("issuer"):
        head = unit_head(portal["issuer"])
        own = Place(head[0], title_case(head[1])) if head and head[1] else None
    if own is None and place:
        word = _unit_word(title)
        own = Place(word, place) if word else None
    return own


def _unit_word(title: str) -> str | None:
    """The unit a title names without a name ("CÔNG TÁC TRẺ EM TỈNH NĂM 2023", "trên địa bàn
    huyện năm 2025"): the issuer's own, whose name the place line gives."""
    folded = fold_aligned(title)
    for m in re.finditer(rf"\b({UNIT_RE})\b", folded):
        written = title[m.start() : m.end()].lower()
        if written == UNITS[m.group(1)] and not unit_name(m.group(1), title[m.end() :]):
            return m.group(1)
    return None


def level(own: Place, year: int | None) -> str | None:
    name = fold_aligned(own.name)
    if own.unit == "thanh pho" and name in CENTRAL_SINCE:
        since = CENTRAL_SINCE[name]
        if since is None:
            return "tỉnh"
        return None if year is None else ("tỉnh" if year >= since else "huyện")
    return UNIT_LEVEL[own.unit]


def _is_province(place: Place) -> bool:
    return place.unit == "tinh" or fold_aligned(place.name) in CENTRAL_SINCE


def province(own: Place, title: str, preamble: str) -> Place | None:
    """The province of a district or commune: the first "tỉnh <Name>" (or centrally-run "thành phố
    <Name>") of the title, else of the preamble."""
    own_name = fold_aligned(own.name)
    return named(title, "tinh|thanh pho", own_name, _is_province) or named(
        preamble, "tinh|thanh pho", own_name, _is_province
    )
