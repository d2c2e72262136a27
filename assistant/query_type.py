"""The answer-type model: what kind of thing a question asks for (a date, a span of dates, a year, a
figure, an amount of money, a budget source, an agency, a person, a theme, a place) and whether a
sentence holds a span of that kind. One table holds both sides of each type: the question cues
(matched on the folded question, so a question typed without diacritics reads the same) and the
span recogniser (document text). Sentence ranking prefers a sentence holding the asked type; the
refusal gate weighs an answer none of whose sentences holds it (answer_evidence.py).

The recognisers of the types added here read the sentence with its diacritics stripped and its
case kept ("Sở Y tế" and "So Y te" are one agency); those of figures and dates keep the written
form, whose number words ("ba", "sáu") fold into common words ("bà", "sau")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# ---------------------------------------------------------------- spans as written

# A document number, a date (glued to the word before it, as extraction leaves "ngày26/11/2003").
DOCNUM = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z]*(?:[-–][A-ZĐ][A-ZĐa-z]*)*")
DATE = re.compile(
    r"(?<![\d/])\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|[Nn]gày\s*\d{1,2}\s+tháng\s+\d{1,2}|[Tt]háng\s+\d{1,2}\b|[Qq]uý\s+[IV]+\b"
    r"|trước ngày|hằng năm|định kỳ"
)
AGENCY = re.compile(
    r"\b(?:Sở|Phòng|UBND|Ủy ban|Uỷ ban|Ban|Trung tâm|Hội|Đoàn|Công an|Bộ|Cục|Văn phòng|Bảo hiểm|Liên đoàn"
    r"|Mặt trận|Trạm|Bệnh viện|Đài|Báo)\b"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
_YEAR = re.compile(r"(?<![\d/.,])(?:19|20)\d\d(?![\d/.,]\d)")
_COUNT_WORDS = re.compile(
    r"\d|\b(?:một|hai|ba|bốn|sáu|bảy|tám|chín|mười|trăm|nghìn|ngàn|triệu|tỷ)\b", re.IGNORECASE
)
# Numbers that label a part of the text, not a value: "Điều 1", "Chỉ tiêu 3", a leading "2." or "a)".
_LABEL = re.compile(
    r"\b(?:điều|chương|mục|khoản|điểm|phần|chỉ tiêu|mục tiêu|nhiệm vụ|giải pháp|nội dung)\s+(?:số\s+)?\d+\b"
    r"|^\W*\d+(?:\.\d+)*[.)]\s",
    re.IGNORECASE,
)
_SOME = re.compile(r"\bmột số\b", re.IGNORECASE)  # "some", not a count


def has_figure(text: str) -> bool:
    """A number that is no year, date or document number."""
    masked = DATE.sub(" ", DOCNUM.sub(" ", text))
    return any(not _YEAR_ONLY.match(m.group(0)) for m in _NUMBER.finditer(masked))


def holds_count(text: str) -> bool:
    """Whether `text` can answer "how many": it has digits or a number word ("một cán bộ")."""
    return bool(_COUNT_WORDS.search(text))


# A count of things asked ("có bao nhiêu trẻ em"), not a share ("tỷ lệ bao nhiêu", "bao nhiêu phần
# trăm"); a share, a rate or a date in a sentence counts nothing ("giảm 6% số trẻ em", "24,8/100.000
# trẻ em", "27 tháng 5 năm 2021", "dưới 6 tuổi").
# "Mấy" asking how many: not "số mấy" (a number), "ngày/tháng mấy" (a date), "năm mấy", "giai đoạn
# mấy" (a year, a period), nor "mấy loại tai nạn nào", which asks which ones.
HOW_MANY = r"(?<!so )(?<!ngay )(?<!thang )(?<!nam )(?<!doan )may\b(?!(?: [a-z]+){1,4} nao\b)"
_TALLY = re.compile(r"\bbao nhieu (?!phan tram)[a-z]")
# A rate asked in words is a share too: "bao nhiêu trên 100 nghìn trẻ", "bao nhiêu phần nghìn",
# "cứ 100.000 trẻ thì bao nhiêu em".
_SHARE_ASKED = re.compile(
    r"\b(?:ty le|ty suat|phan (?:tram|nghin|ngan)"
    r"|(?:tren|/|cu|moi)\s*(?:100|mot tram|1)\.?\s*(?:000|nghin|ngan))\b"
)
_SHARE = re.compile(r"\d+(?:[.,]\d+)*\s*(?:%|‰|/\s*\d[\d.,]*)")
_NO_COUNT = re.compile(
    r"\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|\d+\s+tuổi\b|\btỷ\s+(?:lệ|suất)\b", re.IGNORECASE
)


def asks_tally(folded: str) -> bool:
    """Whether a folded question asks how many of something, not what share."""
    return bool(_TALLY.search(folded)) and not _SHARE_ASKED.search(folded)


def tallied(folded: str) -> tuple[str, ...]:
    """What a folded question counts: the word after each "bao nhiêu" ("bao nhiêu học sinh" ->
    "hoc"), the noun (or classifier) a count of it is written with."""
    if not asks_tally(folded):
        return ()
    return tuple(re.findall(r"[a-z]+", folded[m.end() - 1 :])[0] for m in _TALLY.finditer(folded))


# A count followed, within two words, by what it counts ("300 học sinh", "hai mươi xã", "195 xã,
# phường").
_COUNTED = (
    r"(?<![\w/.,])(?:\d[\d.,]*|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|tram|nghin|ngan)"
    r"\s+(?:\w+[\s,;]+){{0,2}}?(?:{})\b"
)


def holds_tally(sentence: str, nouns: Sequence[str] = ()) -> bool:
    """Whether `sentence` states a count: a value that is no share, rate, year, date or label; with
    `nouns` (tallied), a count of one of them: a Vietnamese count stands before what it counts, so
    "có bao nhiêu học sinh" is not answered by "trao 100 suất quà"."""
    values = _SHARE.sub(" ", DATE.sub(" ", DOCNUM.sub(" ", _NO_COUNT.sub(" ", sentence))))
    if not _states_figure(values, True):
        return False
    counted = _COUNTED.format("|".join(map(re.escape, nouns)))
    return not nouns or re.search(counted, bare(values).lower()) is not None


def _states_figure(sentence: str, counts: bool) -> bool:
    """A value, not a label's number; a count may be written in words ("bốn nội dung")."""
    values = _SOME.sub(" ", _LABEL.sub(" ", sentence))
    return has_figure(values) or (counts and holds_count(re.sub(r"\d", " ", values)))


# ---------------------------------------------------------------- spans without diacritics


def bare(text: str) -> str:
    """`text` without diacritics, case kept ("Ủy ban" -> "Uy ban")."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d").replace("Đ", "D")


# A day or a month: "ngày 01/6", "01/6/2025", "ngày 1 tháng 6", "tháng 6"; not a bare number ("từ 6
# đến 15 tuổi" is an age).
_DAY = (
    r"(?:(?:ngay|thang)\s*\W{0,3}\d{1,2}(?:/\d{1,2}(?:/\d{2,4})?|\s+thang\s+\d{1,2})?"
    r"|\W{0,3}\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)
# Two dates or a month as one span: "từ ngày 01/6 đến ngày 30/6", "01/6 - 30/6", "trong tháng 6",
# "từ tháng 5 đến tháng 7" (not a period of years: "giai đoạn 2021 - 2030" is no day's span).
_DATES = re.compile(
    rf"(?i:\btu\s+{_DAY}\b.{{0,60}}?\bden\s+(?:het\s+)?{_DAY})"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*[-–]\s*\d{1,2}/\d{1,2}"
    r"|(?i:\btrong\s+(?:suot\s+)?thang\s+\d{1,2}\b)"
)
_MONEY = re.compile(
    r"(?i)\d[\d.,]*\s*(?:(?:nghin|ngan|trieu|ty)\s+)?(?:dong|vnd)\b|\d[\d.,]*\s*(?:trieu|ty)\b"
)
_BUDGET = re.compile(
    r"(?i)\b(?:ngan sach|nguon (?:kinh phi|von|tai chinh)|xa hoi hoa|du toan|tai tro"
    r"|von (?:dau tu|su nghiep))\b"
)
_AGENCY_BARE = re.compile(
    r"\b(?:So|Phong|Ban|Trung tam|Hoi|Doan|Cong an|Bo|Cuc|Chi cuc|Van phong|Bao hiem|Lien doan|Mat tran"
    r"|Benh vien|Dai|Tinh doan|Huyen doan|Thanh doan|Nganh)\s+[A-Z]"
    r"|\bU[yY] ban nhan dan\b|\bUBND\b|\bUBMTTQ\b|(?i:\bcac so,\s*ban,\s*nganh\b)"
)
_SURNAMES = (
    "Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly Dinh Dao Trinh Mai Luong Ta"
    " Ha Cao Lam Truong Chu Quach Lai Kieu Thai Trieu Doan Luu Vuong Tong Hua Giang Nong Sung Lo Quan"
    " Thach Khuat Vang Thao Lu Hau Mua"
).split()
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3}\b"
_PERSON = re.compile(
    rf"\b(?:[Oo]ng|[Bb]a|[Dd]ong chi|[Dd]/c)\s+{_NAME}"
    rf"|\b(?:{'|'.join(_SURNAMES)})\s+[A-Z][a-z]+\s+[A-Z][a-z]+\b"
    rf"|\b(?:{'|'.join(s.upper() for s in _SURNAMES)})\s+[A-Z]+\s+[A-Z]+\b"
)
# A theme the sentence names as one: "với chủ đề “...”", "Chủ đề: ...", "chủ đề năm nay là Hành
# động..." (a quote alone may name a model or a club: "mô hình “Câu lạc bộ Trẻ em”").
_THEME = re.compile(r"(?i:\b(?:chu de|khau hieu|thong diep)\b)[^“\"«.:;]{0,80}?(?::|[“\"«]|\bla\s+\W*[A-Z])")
_PLACE = re.compile(
    r"\b(?:[Tt]ai|[Oo])\s+(?:[A-Z]|(?i:hoi truong|nha van hoa|truong|san|quang truong|trung tam|tru so"
    r"|khuon vien|cong vien|nha thieu nhi))|(?i:\bdia diem\s*:)"
)


# When a document takes effect (Decree 30's closing article): the question's cue, and the sentence
# that states it ("Quyết định này có hiệu lực kể từ ngày ký", "Ngày có hiệu lực 05/08/2021").
EFFECTIVE_CUES = (
    r"(?:co|phat sinh) hieu luc|hieu luc (?:thi hanh|ke tu|tu|khi nao|ngay nao|bao gio)|ngay (?:co )?hieu luc"
)
_EFFECT = re.compile(r"(?i)\b(?:co|phat sinh) hieu luc\b|\bhieu luc (?:thi hanh|ke tu|tu ngay)\b")


def states_effect(sentence: str) -> bool:
    """Whether `sentence` states when a document takes effect."""
    return bool(_EFFECT.search(bare(sentence)))


def _bare_match(pattern: re.Pattern) -> Callable[[str, bool], bool]:
    return lambda sentence, counts: bool(pattern.search(bare(sentence)))


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class AnswerType:
    """One kind of answer: the folded question phrases that ask for it, and whether a sentence
    (as written; `counts`: the question asks "how many") holds a span of it."""

    name: str
    cues: str
    holds: Callable[[str, bool], bool]


# In the order a tie at one position is broken: a span of dates before a date, money before a figure.
TYPES = (
    AnswerType(
        "dates",
        r"tu ngay nao den ngay nao|tu (?:khi|thang) nao den"
        r"|thoi gian (?:dien ra|to chuc|thuc hien|trien khai)"
        r"|(?:keo dai|dien ra) (?:trong |tu )?(?:bao lau|khi nao)"
        # When a span starts or ends is stated by the span ("từ ngày 01/6 đến ngày 30/6").
        # "Kéo dài" is read "diễn ra" (synonyms.py): "diễn ra đến ngày nào" asks where the span ends.
        r"|(?:(?:ket thuc|keo dai|bat dau)(?: (?:vao|den|tu))?|dien ra (?:den|tu)) (?:ngay|thang|khi) nao",
        _bare_match(_DATES),
    ),
    AnswerType(
        "date",
        r"(?:ngay|thang|hom) (?:nao|may)|khi nao|bao gio|thoi han|han chot"
        r"|(?:trong )?(?:khoang )?thoi gian nao",
        lambda sentence, counts: bool(DATE.search(sentence)),
    ),
    AnswerType("effective", EFFECTIVE_CUES, lambda sentence, counts: states_effect(sentence)),
    AnswerType(
        "year", r"nam (?:nao|may)|giai doan may", lambda sentence, counts: bool(_YEAR.search(sentence))
    ),
    AnswerType(
        "money",
        r"(?:tong|bao nhieu|muc|so) (?:so )?(?:kinh phi|von|ngan sach|tien)"
        r"|kinh phi (?:\S+ ){0,20}?(?:la )?bao nhieu",
        _bare_match(_MONEY),
    ),
    AnswerType(
        "budget",
        r"nguon (?:kinh phi|von|tai chinh|ngan sach)|ngan sach nao|nguon nao"
        r"|kinh phi (?:\S+ ){0,6}?(?:tu dau|tu nguon nao|lay tu dau)",
        _bare_match(_BUDGET),
    ),
    AnswerType("figure", rf"bao nhieu|{HOW_MANY}|muc nao|so luong|phan tram", _states_figure),
    AnswerType(
        "person",
        r"ai ky|nguoi ky|ky boi|lanh dao nao|ong nao|ba nao|dong chi nao"
        r"|ai (?:la )?(?:nguoi|truong ban|pho ban|phat bieu|du|tham du)",
        _bare_match(_PERSON),
    ),
    AnswerType(
        "agency",
        r"co quan nao|don vi nao|nganh nao|to chuc nao|giao (?:cho )?ai"
        r"|ai (?:la )?(?:chiu trach nhiem|chu tri|phu trach|thuc hien)",
        _bare_match(_AGENCY_BARE),
    ),
    AnswerType("theme", r"chu de|khau hieu|thong diep", _bare_match(_THEME)),
    AnswerType(
        "place",
        r"o dau|tai dau|dia diem nao|noi nao|(?:dia diem|noi) (?:to chuc|dien ra)",
        _bare_match(_PLACE),
    ),
)
_BY_NAME = {t.name: t for t in TYPES}
# The types whose value belongs to one year: an answer from another year's sentence answers wrong.
YEAR_BOUND = frozenset({"dates", "date", "money", "figure", "theme"})
_CUES = re.compile("(?<![a-z0-9])(?:" + "|".join(f"(?P<{t.name}>{t.cues})" for t in TYPES) + ")(?![a-z0-9])")


def answer_type(folded: str) -> str | None:
    """The type a folded question asks for: the one whose cue comes first."""
    m = _CUES.search(folded)
    return m.lastgroup if m else None


def stated_years(sentence: str) -> list[str]:
    return _YEAR.findall(sentence)


def holds_type(kind: str | None, sentence: str, counts: bool = False) -> bool:
    """Whether `sentence` holds a span of the type `kind` (False for no type)."""
    return kind is not None and _BY_NAME[kind].holds(sentence, counts)
