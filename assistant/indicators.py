"""The vocabulary of targets: synonym phrases that name the same indicator ("thể thấp còi" =
"thể chiều cao theo tuổi"), the key that lines an indicator up across documents, query expansion,
and how a target's value is written ("trên 95%", "dưới 1/1.000 trẻ đẻ sống", "4 cặp")."""

from __future__ import annotations

import functools
import math
import re

from kehoach.assistant.query_words import TARGET_QUESTION_WORDS
from kehoach.ingest.records import Target
from kehoach.ingest.targets import read_number
from kehoach.ingest.vietnamese import fold, normalize, words

# Synonyms, folded: each canonical token stands for every phrase (regex over folded words) that
# names the same indicator, so that documents wording it differently line up.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sdd_thapcoi": (
        r"(?:suy dinh duong )?(?:the )?thap coi",
        r"(?:suy dinh duong )?(?:the )?chieu cao theo tuoi",
        r"stunting",
    ),
    "sdd_nhecan": (
        r"(?:suy dinh duong )?(?:the )?nhe can",
        r"(?:suy dinh duong )?(?:the )?can nang theo tuoi",
        r"underweight",
    ),
    "thuacan_beophi": (
        r"(?:suy dinh duong )?(?:the )?thua can(?: beo phi)?",
        r"(?:suy dinh duong )?(?:the )?beo phi",
        r"overweight",
    ),
    "xa_phuhop_treem": (
        r"(?:(?:xa|phuong|thi tran|dac khu) )+(?:dat )?(?:tieu chuan )?(?:(?:xa|phuong|thi tran) )*"
        r"phu hop voi tre(?: em)?",
    ),
    "treem_hcdb": (r"tre(?: em)? (?:co )?hoan canh dac biet", r"hoan canh dac biet", r"hcdb"),
    "vacxin": (r"vac xin", r"vaccine", r"vacxin"),
    "tai_nan_thuong_tich": (r"tai nan thuong tich", r"tntt"),
    "ty_le": (r"ty le", r"ti le"),
    "tre": (r"tre em",),
}
_SYNONYM_RES = [
    (canon, re.compile(rf"(?<![a-z0-9_])(?:{'|'.join(pats)})(?![a-z0-9_])"))
    for canon, pats in SYNONYMS.items()
]

# Words that carry no topic in a target question or in an indicator's name (folded).
_KEY_FILLERS = frozenset(
    """ty_le ty le giam tang phan dau dat duoc bi xuong con muc so cac nhung cua va voi co la o
    trong theo tu den dam bao duy tri tiep tuc it nhat tren duoi nam vao""".split()
)

_NUM = r"\d+(?:[.,]\d+)*"
# Words that may name what is counted right after a count ("4 cặp"); never these.
_NOT_NOUNS = frozenset("vao nam va tro den tren duoi so cua trong tai o cho moi".split())
_COUNT = re.compile(rf"(?P<num>{_NUM})\s+(?P<noun>tr[ẻe] em|[^\W\d]+)")


def format_number(value: float) -> str:
    """18680000000 -> "18.680.000.000", 1.5 -> "1,5"."""
    if math.isclose(value, round(value)):
        return f"{int(round(value)):,}".replace(",", ".")
    whole, frac = f"{value:.6f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def _with_unit(value: float, unit: str | None) -> str:
    num = format_number(value)
    if not unit:
        return num
    return f"{num}{unit}" if unit == "%" or unit.startswith("/") else f"{num} {unit}"


def render_value(comparator: str, value: float | None, value_max: float | None, unit: str | None) -> str:
    if value is None:
        return "(không có số)"
    if comparator == "range" and value_max is not None:
        return f"từ {_with_unit(value, unit)} đến {_with_unit(value_max, unit)}"
    if comparator == "=" and value == 0 and not unit:
        return "không có (0)"
    words_for = {">": "trên ", ">=": "đạt ", "<": "dưới ", "<=": "không quá ", "=": ""}
    return words_for.get(comparator, "") + _with_unit(value, unit)


def folded_words(text: str) -> str:
    return " ".join(fold(w) for w in words(text))


def canonical(text: str) -> str:
    """Folded words with synonym phrases replaced by their canonical token."""
    out = folded_words(text)
    for canon, pattern in _SYNONYM_RES:
        out = pattern.sub(canon, out)
    return out


def topic_terms(text: str) -> list[str]:
    return [t for t in canonical(text).split() if t not in TARGET_QUESTION_WORDS]


@functools.lru_cache(maxsize=1 << 17)
def target_terms(text: str) -> frozenset[str]:
    """A target's terms: its words as written plus their canonical synonyms, so a query using
    either wording (or only part of a synonym phrase) meets it. Remembered per text: every target
    question weighs every target's terms, and working them out again cost 99% of an ask at 10k
    chunks (eval/README.md, "Where the time goes")."""
    return frozenset(folded_words(text).split()) | frozenset(canonical(text).split())


@functools.lru_cache(maxsize=1 << 17)
def indicator_key(indicator: str) -> str:
    """The same indicator in any document, wording or word order: sorted canonical content words.
    Remembered per text: a target question keys every row it keeps (half its time at 100k chunks)."""
    tokens = {t for t in canonical(indicator).split() if t not in _KEY_FILLERS}
    return " ".join(sorted(tokens))


def expand_query(text: str) -> str:
    """The query plus the other wordings of any synonym it uses (for dense and lexical search)."""
    folded = folded_words(text)
    extra: list[str] = []
    for canon, pattern in _SYNONYM_RES:
        if canon in ("tre", "ty_le") or not pattern.search(folded):
            continue
        extra.extend(_SYNONYM_PHRASES.get(canon, ()))
    return text if not extra else f"{text} ({'; '.join(extra)})"


# Readable wordings used to expand a query (dense search needs real words, not regexes).
_SYNONYM_PHRASES = {
    "sdd_thapcoi": ("suy dinh dưỡng thể thấp còi", "suy dinh dưỡng thể chiều cao theo tuổi"),
    "sdd_nhecan": ("suy dinh dưỡng thể nhẹ cân", "suy dinh dưỡng thể cân nặng theo tuổi"),
    "thuacan_beophi": ("thừa cân béo phì", "suy dinh dưỡng thể béo phì"),
    "xa_phuhop_treem": ("xã, phường, thị trấn phù hợp với trẻ em", "xã đạt tiêu chuẩn phù hợp với trẻ em"),
    "treem_hcdb": ("trẻ em có hoàn cảnh đặc biệt",),
    "vacxin": ("vắc xin",),
    "tai_nan_thuong_tich": ("tai nạn thương tích",),
}


def count_unit(target: Target) -> str | None:
    """A count's noun from its statement ("xuống còn 4 cặp" -> "cặp"), so it reads "4 cặp"."""
    if target.unit or target.value is None:
        return target.unit
    for m in _COUNT.finditer(normalize(target.statement)):
        noun = m.group("noun")
        value = read_number(m.group("num"))
        if fold(noun) not in _NOT_NOUNS and value is not None and math.isclose(value, target.value):
            return noun
    return None
