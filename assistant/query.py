"""The question, understood once: intent, places, years, document numbers, numeric conditions,
topic words. This module and its parts are the only home of question patterns: year, number and
condition patterns and intent cues here; stop words, question phrases and quoted phrases in
query_words.py; those of header questions in query_header.py, of a target question's parts in
query_target.py, of answer types in query_type.py. Every other module reads the `Query` it returns.

Patterns match folded text ("bao nhieu" for "bao nhiêu"), so a question typed without diacritics
is understood the same way; topic words keep their diacritics when the question has them ("cơ" is
not "có").
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kehoach.assistant.places import LEVELS, named_places, provinces_named
from kehoach.assistant.query_header import header_fields
from kehoach.assistant.query_part import PartAsked, part_asked
from kehoach.assistant.query_target import TargetParts, split_target_query
from kehoach.assistant.query_type import HOW_MANY, answer_type
from kehoach.assistant.query_words import content_terms, framing_terms, granted, quoted_phrases, topic_words
from kehoach.ingest.dateline import DMY, make_date
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, has_diacritics, normalize

if TYPE_CHECKING:
    from kehoach.assistant.restore import Restored

# ---------------------------------------------------------------- what the question asks for

_KINDS = {
    "docnum": re.compile(
        r"\b(van ban nao|so hieu|ky hieu|so van ban|quyet dinh nao|ke hoach nao|can cu|theo van ban)"
    ),
    "date": re.compile(
        r"\b(khi nao|bao gio|(?:ngay|thang) (?:nao|may)|thoi gian nao|thoi han|truoc ngay|han chot)"
    ),
    "agency": re.compile(
        r"(^|\s)(ai|co quan nao|don vi nao|so nao|nganh nao|chu tri|chiu trach nhiem|phu trach|giao cho)\b"
    ),
    "number": re.compile(r"\b(bao nhieu|may|muc nao|so luong|kinh phi|ty le|ti le|ty suat|chi tieu)\b"),
}
_COUNT = re.compile(rf"\b(?:bao nhieu|{HOW_MANY})")
_WHICH_DOCUMENT = re.compile(
    r"\b(?:ke hoach|van ban|chuong trinh|quyet dinh|dia phuong|tinh|huyen|xa) nao\b"
    # A document named by its subject first: "kế hoạch về trẻ em nào".
    r"|\b(?:ke hoach|van ban|chuong trinh|quyet dinh) ve (?:[a-z]+ ){1,4}nao\b"
)
# Target questions: a value, a deadline, which document sets it; who answers for it; and what a
# target record cannot answer (a result achieved, the documents a plan implements).
# Who answers for a target: a verb that says so ("chịu trách nhiệm", "chủ trì"), or one that says
# it only with a question word asking who ("giao cho ai", "đơn vị nào thực hiện"); never inside
# another word ("giao thông").
_RESPONSIBLE = re.compile(
    r"(?<![a-z])(?:chiu trach nhiem|phu trach|chu tri|huong dan|thuc hien|giao)(?![a-z])"
)
_RESPONSIBLE_STRONG = re.compile(r"(?<![a-z])(?:chiu trach nhiem|phu trach|chu tri)(?![a-z])")
_RESPONSIBLE_ASKER = re.compile(r"(?<![a-z])(?:ai|co quan nao|don vi nao|so nao)(?![a-z])")
_ASKS_VALUE = re.compile(r"bao nhieu|muc nao|phan tram|%")
_ASKS_DEADLINE = re.compile(r"khi nao|nam nao|thoi han")
_ASKS_DOC = re.compile(r"(?:van ban|ke hoach|chuong trinh|quyet dinh|dia phuong|tinh|huyen|xa|thanh pho) nao")
_NAMES_TARGET = re.compile(r"chi tieu|muc tieu|\d")
# "Chỉ tiêu" names a target record whatever the question asks of it ("đặt chỉ tiêu ... thế nào",
# "chỉ tiêu suy dinh dưỡng ..."); "mục tiêu" is also a plan's prose objective.
_NAMES_INDICATOR = re.compile(r"(?<![a-z])chi tieu(?![a-z])")
_NOT_A_TARGET = re.compile(
    r"(?<![a-z])(?:da dat|da thuc hien|ket qua|thuc te)(?![a-z])"
    r"|theo (?:van ban|ke hoach|quyet dinh|chi thi|nghi dinh|nghi quyet|chuong trinh) nao|can cu"
)

# ---------------------------------------------------------------- years, numbers, conditions

_NAMED_YEAR = re.compile(r"\bnam (?:19|20)\d\d\b")
_YEARS = re.compile(r"\b((?:19|20)\d\d)\b")
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")  # "giai đoạn 2021 - 2025"
_PERIODS_AND_DATES = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{4}\s*[-–]\s*\d{4}")
# A year standing alone, with or without "năm" ("(2021)", "kế hoạch 2025"), not a document number's.
_LONE_YEAR = re.compile(r"(?<![\w/.,-])((?:19|20)\d\d)(?![\w/%-]|[.,]\d)")
_DOC_NUMBER = re.compile(
    r"(?:(ke hoach|quyet dinh|chuong trinh|cong van|chi thi|nghi quyet)\s+(?:so\s+)?|so\s+)"
    r"(\d{1,5})(?:\s*/\s*([a-z]+))?"
    r"|(?<![\w/])(\d{1,5})\s*/\s*([a-z]+)-[a-z]",
)
_KIND_CODE = {
    "ke hoach": "kh",
    "quyet dinh": "qd",
    "chuong trinh": "ctr",
    "cong van": "",
    "chi thi": "ct",
    "nghi quyet": "nq",
}
# A whole date ("04/10/2021", "ngày 4 tháng 10 năm 2021"), as a header's place-and-date line writes one.
_DATE = re.compile(rf"(?<![\d/.-]){DMY}(?![\d/.-])")
# A figure the question states (not a year, an age, a document number): evidence a passage must hold.
_FIGURE = re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)?\s*%")

# A question that sets documents side by side (what lets two subjects of one place be two sides).
_COMPARES = re.compile(
    r"\b(?:so sanh|khac nhau|giong nhau|ca hai|lan luot|(?:hai|2|moi) (?:ke hoach|van ban|chuong trinh))\b"
)

# Follow-ups ("còn Vĩnh Long thì sao?", "chỉ tiêu đó của năm 2030?"): what marks one, the filler
# words around what it newly asks, an optional level word before a place, a year as typed.
FOLLOWUP_MARKERS = re.compile(
    r"^\W*(?:(?:the|vay|con)\s+)*con\b|\bthi sao\b"
    r"|\b(?:chi tieu|muc tieu|ke hoach|van ban|nhiem vu|con so|ty le|dia phuong|noi)\s+(?:do|nay|ay)\b"
)
FOLLOWUP_FILLER = re.compile(
    r"^\W*(?:(?:the|vay|con)\s+)*con\b|\bthi sao\b|\bthe nao\b|\b(?:o|cua|tai)\b|\W+$"
)
LEVEL_WORD = rf"(?:(?:{LEVELS}|tp\.?)\s+)?"
YEAR = re.compile(r"\b(?:19|20)\d\d\b")

# A place the question names with its level word ("tỉnh Cà Mau", "huyện Mường Tè", "thành phố
# Phan Rang - Tháp Chàm (PRTC)"): capitalised words after the level, hyphenated parts and an
# abbreviation in parentheses included, matched on the question as typed.
_CAPITAL = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ"
_PLACE_PHRASE = re.compile(
    r"(?i:\b(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường)\s+)"
    rf"(?P<name>[{_CAPITAL}][\w'’-]*(?:(?:\s+|\s*[-–]\s*)[{_CAPITAL}][\w'’-]*)*"
    rf"(?:\s*\([{_CAPITAL}][{_CAPITAL}.]+\))?)"
)


@dataclass(frozen=True)
class Query:
    """A question understood once, passed down to routing, retrieval, ranking and the gate."""

    text: str
    folded: str
    accented: bool
    # "responsibility", "target", "header" or "text": the handler ask() routes to first.
    intent: str
    # What an answer sentence should hold: "docnum", "date", "agency", "number" or None.
    asks: str | None
    # The header fields asked about ("number", "issued", "signer", "issuer"), in the question's order.
    header: tuple[str, ...]
    counts: bool
    which_doc: bool
    # Folded catalog place names the question names (longest form), and place names it gives with a
    # level word, as typed ("Cà Mau"), whether or not the catalog knows them.
    places: tuple[str, ...]
    place_phrases: tuple[str, ...]
    years: tuple[int, ...]
    # Every year named outside a period or a date, "năm" or not, in the question's order: what may
    # set the sides of a comparison apart ("Hậu Giang (2021) và (2025)").
    lone_years: tuple[int, ...]
    periods: tuple[tuple[int, int], ...]
    doc_numbers: tuple[str, ...]
    figures: tuple[str, ...]
    topic: tuple[str, ...]
    words: tuple[str, ...]
    target: TargetParts = field(compare=False, repr=False, default=TargetParts("", (), (), (), ()))
    # The answer type asked (query_type.TYPES' names: "figure", "dates", "agency", "theme"...) or None.
    wants: str | None = None
    compares: bool = False
    # Folded topic terms only the words that set a comparison's sides side by side give ("mỗi tỉnh").
    framing: frozenset[str] = frozenset()
    # Topic words matched folded: all of an unrestored question typed without diacritics, the
    # unsure ones of a restored one (restore.py).
    loose: frozenset[str] = frozenset()
    # A part of the document's regulated form asked about (query_part.py): its effect, its
    # recipients, an item by position; None for a question about its content.
    part: PartAsked | None = None
    # Phrases the question quotes (folded, two words or more): a sentence that holds one as written
    # is the one it asks about.
    quoted: tuple[str, ...] = ()
    # Whole dates it names, ISO ("2021-10-04"): a document issued that day is the one it may mean.
    dates: tuple[str, ...] = ()

    @property
    def asks_effect(self) -> bool:
        """Whether it asks when its document takes effect (query_part.py)."""
        return self.part is not None and self.part.name == "effective"

    def held(self, word: str, written: Set[str], folded: Set[str]) -> bool:
        """Whether a text with these words (as written, and folded) holds the topic `word`: as
        written when its spelling is sure ("cơ" is not "có"), folded when loose."""
        return fold(word) in folded if word in self.loose else word in written


def question_kind(question: str) -> str | None:
    """What the question asks for: "docnum", "date", "agency", "number", or None."""
    question = normalize(question).lower()
    if re.search(r"\bsố (?:nào|gì)", question):  # "có số nào" asks for a number; only "sở nào" for an agency
        return "number"
    folded = fold(question)
    return next((kind for kind, pattern in _KINDS.items() if pattern.search(folded)), None)


def named_years(folded: str) -> list[int]:
    """The years a folded question names ("năm 2025"), not those of a period or a date."""
    if not _NAMED_YEAR.search(folded):
        return []
    return sorted({int(y) for y in _YEARS.findall(_PERIODS_AND_DATES.sub(" ", folded))})


def lone_years(folded: str) -> list[int]:
    return list(dict.fromkeys(int(y) for y in _LONE_YEAR.findall(_PERIODS_AND_DATES.sub(" ", folded))))


def doc_numbers(folded: str) -> list[str]:
    """Document numbers a folded question names: "kế hoạch 183" -> "183/kh", "3456/QĐ-UBND" ->
    "3456/qd", "số 42" -> "42"."""
    out = []
    for m in _DOC_NUMBER.finditer(folded):
        if m.group(2):
            code = m.group(3) or _KIND_CODE.get(m.group(1) or "", "")
            out.append(f"{m.group(2)}/{code}" if code else m.group(2))
        else:
            out.append(f"{m.group(4)}/{m.group(5)}")
    return out


def is_responsibility_question(folded: str) -> bool:
    asks_who = _RESPONSIBLE_STRONG.search(folded) or (
        _RESPONSIBLE.search(folded) and _RESPONSIBLE_ASKER.search(folded)
    )
    return bool(asks_who) and ("chi tieu" in folded or "muc tieu" in folded)


def responsibility_topic(folded_words: str) -> str:
    """A responsibility question without its asking words: the target it is about."""
    return _RESPONSIBLE_ASKER.sub(" ", _RESPONSIBLE.sub(" ", folded_words))


# Each value a question asks for: "bao nhiêu ngôi nhà ... và bao nhiêu trường học" asks two, and
# so does "tử vong trẻ sơ sinh và trẻ dưới 1 tuổi ở mức nào", two things joined before one cue.
_VALUE_ASKED = re.compile(r"(?<![a-z])(?:bao nhieu|muc nao)(?![a-z])")
_JOINED_BEFORE = re.compile(r"(?<![a-z])va(?![a-z])[^?]*(?<![a-z])(?:bao nhieu|muc nao)(?![a-z])")


def values_asked(folded: str) -> int:
    """How many values a folded question asks for (at most two for things it joins by "và")."""
    asked = len(_VALUE_ASKED.findall(folded))
    return max(asked, 2) if asked == 1 and _JOINED_BEFORE.search(folded) else asked


def asks_about_target(folded: str) -> bool:
    """A target's value, deadline or document: what a target record answers. Not a result already
    achieved ("năm 2023 đã đạt"), nor the documents a plan implements ("theo kế hoạch nào")."""
    if _NOT_A_TARGET.search(folded):
        return False
    if _ASKS_VALUE.search(folded) or _ASKS_DEADLINE.search(folded) or _NAMES_INDICATOR.search(folded):
        return True
    # A figure names a target's value; a document's number or a year does not ("kế hoạch nào thực
    # hiện công văn 2928/LĐTBXH-BVCSTE").
    figures = _YEARS.sub(" ", _DOC_NUMBER.sub(" ", folded))
    return bool(_ASKS_DOC.search(folded) and _NAMES_TARGET.search(figures))


def names_by_number(query: Query, kind: str) -> bool:
    """Whether the question names a document of the folded `kind` ("quyet dinh") by its number."""
    code = _KIND_CODE.get(kind)
    return bool(code) and any(n.endswith(f"/{code}") for n in query.doc_numbers)


def asks_which_document(folded: str) -> bool:
    return bool(_ASKS_DOC.search(folded))


def answer_wants(folded: str, header: Sequence[str]) -> str | None:
    """The answer type a sentence must hold (query_type.py); None for questions about the
    document's own header, answered from its parsed fields."""
    return None if header else answer_type(folded)


def as_clause(query: Query, folded: str) -> Query:
    """The question as one of its clauses asks it (its answer type, whether it asks how many): a
    comparison's side that asks its own question ("..., còn Bình Phú dạy bơi trẻ mấy tuổi")."""
    return replace(
        query, folded=folded, wants=answer_wants(folded, query.header), counts=bool(_COUNT.search(folded))
    )


def _intent(folded: str, header: tuple[str, ...]) -> str:
    if _NOT_A_TARGET.search(folded):
        return "header" if header else "text"
    if is_responsibility_question(folded):
        return "responsibility"
    if header:
        return "header"
    return "target" if asks_about_target(folded) else "text"


def whole_dates(text: str) -> tuple[str, ...]:
    """The whole dates `text` writes, ISO, whatever their written form ("04/10/2021", "ngày 04
    tháng 10 năm 2021")."""
    found = (make_date(*m.groups()) for m in _DATE.finditer(fold(text)))
    return tuple(dict.fromkeys(d.isoformat() for d in found if d))


def analyze(question: str, docs: Sequence[CatalogEntry] = (), restored: Restored | None = None) -> Query:
    """The question's analysis; `docs` (the catalog) tells which words are its places; a question
    typed without diacritics is read as `restored` (restore.py) when given."""
    text = normalize(restored.text if restored else question).strip()
    folded = fold(text)
    part = part_asked(text)
    # "Quyết định ... ban hành kế hoạch ... có hiệu lực từ ngày nào" asks of its effect, not its issue.
    header = () if part else header_fields(folded)
    unsure = restored.loose if restored else frozenset()
    asked = granted(text)
    topic = topic_words(asked, unsure)
    loose = unsure if restored else frozenset(() if has_diacritics(text) else topic)
    return Query(
        text=text,
        folded=folded,
        accented=has_diacritics(text),
        intent="text" if part else _intent(folded, header),
        asks=question_kind(asked),
        header=header,
        counts=bool(_COUNT.search(folded)),
        which_doc=bool(_WHICH_DOCUMENT.search(folded)),
        places=named_places(folded, docs, normalize(question) if has_diacritics(question) else ""),
        place_phrases=tuple(
            dict.fromkeys([*(m.group("name") for m in _PLACE_PHRASE.finditer(text)), *provinces_named(text)])
        ),
        years=tuple(named_years(folded)),
        lone_years=tuple(lone_years(folded)),
        periods=tuple(dict.fromkeys((int(a), int(b)) for a, b in _PERIOD.findall(folded) if a <= b)),
        doc_numbers=tuple(doc_numbers(folded)),
        figures=tuple(m.group(0) for m in _FIGURE.finditer(text)),
        topic=tuple(content_terms(asked, unsure)),
        words=tuple(topic),
        target=split_target_query(folded),
        wants=answer_wants(folded, header),
        compares=bool(_COMPARES.search(folded)),
        framing=framing_terms(text, unsure),
        loose=frozenset(w for w in topic if w in loose),
        part=part,
        quoted=quoted_phrases(text),
        dates=whole_dates(folded),
    )
