"""Target questions taken apart: the years (a deadline, or "so với năm X" as a base), "chỉ tiêu N"
labels, written numbers and value conditions ("trên 95%") a question names, and what is left for
its topic. Part of the query analysis (query.py reads it into `Query.target`); patterns match folded
text, like query.py's."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.ingest.targets import read_number

_NUM = r"\d+(?:[.,]\d+)*"
_OPS = {
    ">=": ">=", "≥": ">=", "it nhat": ">=", "toi thieu": ">=", "khong duoi": ">=", "tu": ">=",
    "<=": "<=", "≤": "<=", "toi da": "<=", "khong qua": "<=", "khong vuot qua": "<=",
    ">": ">", "tren": ">", "hon": ">", "lon hon": ">", "cao hon": ">",
    "<": "<", "duoi": "<", "nho hon": "<", "thap hon": "<",
    "=": "=", "bang": "=",
}  # fmt: skip
_SYMBOLS = frozenset(">= ≥ <= ≤ > < =".split())
_OP_RE = "|".join(re.escape(op) for op in sorted(_OPS, key=len, reverse=True))
# A value condition: an operator and/or a number with a rate unit; a bare number after an
# operator only counts when no word follows ("dưới 5 tuổi" is an age, not a condition).
_RATE_UNIT = r"%|phan tram|(?:/|tren)\s*1\.?000(?!\d)|(?:/|tren)\s*100\.?000(?!\d)"
_CONDITION = re.compile(
    rf"(?<![\w/])(?:(?P<op>{_OP_RE})\s*)?(?P<num>{_NUM})(?![\d.,]\d)\s*"
    rf"(?:(?P<unit>{_RATE_UNIT})(?:[^\w\n]*tro len)?|(?P<bare>(?=\s*(?:$|[?.,;!)](?:\s|$)))))?"
)
# "so với năm 2015" names the base a change is measured from, not a deadline; "giai đoạn 2016-2020"
# names a period, like "năm" a year.
_TARGET_YEAR = re.compile(
    r"(?<![\w/])(?:(?P<base>so voi)\s+)?(?:(?:nam|den|toi|vao|truoc|giai doan)\s+)*(?:nam\s+)?"
    r"(?P<year>(?:19|20)\d{2})(?![\w%/])"
)
# How a target question asks for the value ("muốn", "phấn đấu", "bao nhiêu phần trăm", "thấp hơn
# mức nào"): the value's wording, not the indicator's, so not a topic word.
_ASKING = re.compile(
    r"\b(?:mong muon|muon|phan dau|phan (?:tram|nghin|ngan)|(?:thap|cao|nho|lon|it|nhieu) hon|muc nao)\b"
)
# A document's own name in a question ("Chương trình hành động vì trẻ em tỉnh X") is not a topic.
_DOC_NAME = re.compile(
    r"(?:chuong trinh hanh dong|ke hoach(?: cong tac)?|chuong trinh)(?: vi| ve)? tre em|cong tac tre em"
)
_WHOLE_NUMBER = re.compile(r"(?<![\w/.,])\d{1,5}(?:\s*/\s*[a-z0-9.-]*[a-z])+(?![\w/])")
_LABEL_REF = re.compile(r"(?<![a-z])chi tieu (?:so )?(?P<n>\d{1,2})(?![\d.,]|\s*(?:%|phan tram|/|tre))")
# Any written number ("550", "18.680.000.000", "0,005"), matched against targets' values.
_ANY_NUMBER = re.compile(rf"(?<![\w/.,])(?P<num>{_NUM})(?![\d.,]\d)(?!\s*(?:tuoi|den \d+ tuoi))")


@dataclass(frozen=True)
class Condition:
    """A value condition of a target question ("trên 95%" -> > 95)."""

    op: str
    value: float

    def accepts(self, values: Sequence[float]) -> bool:
        if not values:
            return False
        if self.op in (">", ">="):
            return max(values) >= self.value
        if self.op in ("<", "<="):
            return min(values) <= self.value
        return any(math.isclose(v, self.value) for v in values)


@dataclass(frozen=True)
class TargetParts:
    """A target question taken apart (folded): what is left for the topic, and the years, "chỉ
    tiêu N" labels, written numbers and value conditions it names."""

    rest: str
    years: tuple[int, ...]
    labels: tuple[str, ...]
    numbers: tuple[float, ...]
    conditions: tuple[Condition, ...]
    base_years: tuple[int, ...] = ()


def split_target_query(folded: str) -> TargetParts:
    """Years, "chỉ tiêu N" labels, numbers and value conditions taken out of a folded target
    question; the rest (document names removed) carries its topic and places."""
    conditions: list[Condition] = []
    years: list[int] = []
    base_years: list[int] = []

    def take_year(m: re.Match) -> str:
        (base_years if m.group("base") else years).append(int(m.group("year")))
        return " "

    def take_condition(m: re.Match) -> str:
        op, symbol = m.group("op"), m.group("op") in _SYMBOLS
        if m.group("unit") is None and (op is None or (m.group("bare") is None and not symbol)):
            return m.group(0)  # "8 loại vắc xin", "dưới 5 tuổi": topic, not a condition
        value = read_number(m.group("num"))
        if value is not None:  # "1,2,3%" is no single value: dropped, not read as a condition
            conditions.append(Condition(_OPS.get(op or "=", "="), value))
        return " "

    rest = _TARGET_YEAR.sub(take_year, folded)
    labels = [f"chi tieu {int(m.group('n'))}" for m in _LABEL_REF.finditer(rest)]
    rest = _LABEL_REF.sub(" ", rest)
    rest = _WHOLE_NUMBER.sub(" ", rest)  # "1375/kh-ubnd" names the document, not a value or topic
    numbers = [v for m in _ANY_NUMBER.finditer(rest) if (v := read_number(m.group("num"))) is not None]
    rest = _DOC_NAME.sub(" ", _ASKING.sub(" ", _CONDITION.sub(take_condition, rest)))
    return TargetParts(rest, tuple(years), tuple(labels), tuple(numbers), tuple(conditions), (*base_years,))
