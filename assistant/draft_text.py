"""Text moved forward in time: plan years shift, document references keep their dates, and
bodies dissolved in the 2025 reorganisation are marked (from the shipped renamed_bodies.json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kehoach.ingest.vietnamese import fold, fold_aligned

# A document reference keeps its own dates: "số 23/QĐ-TTg ngày 07/01/2021", "56/2017/NĐ-CP",
# "28-CT/TW ngày 25/12/2023", "Luật Trẻ em năm 2016"; a period "2021 - 2030" keeps its years.
_DATE = r"ngày\s+\d{1,2}\s*(?:/\s*\d{1,2}\s*/\s*\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4})"
_REF = re.compile(
    r"(?:\d+[\w-]*(?:/\d{4})?/[A-ZĐ][\w&-]*(?:/[A-ZĐ][\w&-]*)*(?:\s+" + _DATE + r")?)"
    r"|(?:Luật\s+[^;,.\n]{1,60}?(?:năm|" + _DATE + r")\s*\d{0,4})"
    r"|(?:\d{4}\s*[-–]\s*\d{4})"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DATE_HEAD = re.compile(r"(?:\d{1,2}\s*/\s*|tháng\s+\d{1,2}\s+năm\s+)$")


def placeholder(what: str) -> str:
    return f"[cần bổ sung: {what}]"


# ---- moving text forward in time ----------------------------------------------------------


def protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _REF.finditer(text)]


def _in_date(text: str, at: int) -> bool:
    """Whether the year at `at` ends a date: "15/11/2025", "6/2025", "ngày 4 tháng 4 năm 2025"."""
    return bool(_DATE_HEAD.search(text, max(0, at - 30), at))


def shift_years(text: str, old: int, new: int) -> str:
    """Years tied to the plan year move by (new - old); years inside document references and
    multi-year periods stay. The year before the model's moves when it is a year ("so với năm
    2022"), not a date (a past event: "thành lập từ ngày 01/7/2022"); the year after moves only
    in a date (a deadline early next year: "trước ngày 15/01/2024"), not as a programme's horizon."""
    spans = protected_spans(text)
    delta = new - old

    def move(m: re.Match) -> str:
        year = int(m.group(1))
        if any(a <= m.start() < b for a, b in spans):
            return m.group(0)
        dated = _in_date(text, m.start())
        if year == old or (year == old - 1 and not dated) or (year == old + 1 and dated):
            return str(year + delta)
        return m.group(0)

    return _YEAR.sub(move, text)


def base_placeholders(text: str, old: int, new: int) -> str:
    """A base issued in the model's year is last year's plan of the level above: its number and
    date are unknown for the new year."""
    what = placeholder(f"số, ngày văn bản năm {new} của cấp trên")

    def swap(m: re.Match) -> str:
        return f"số {what}" if str(old) in m.group(0)[-4:] else m.group(0)

    return re.sub(r"số\s+\d+[\w-]*/[\w&/-]+\s+" + _DATE, swap, text)


@dataclass
class _Body:
    """A stale body from renamed_bodies.json, as a pattern over folded text."""

    pattern: re.Pattern
    successor: str


@cache
def stale_bodies() -> tuple[_Body, ...]:
    """The shipped table of bodies that no longer exist after the 2025 reorganisation."""
    raw = resources.files("kehoach.assistant").joinpath("renamed_bodies.json").read_text("utf-8")
    bodies = []
    for item in json.loads(raw)["bodies"]:
        alts = []
        for name in item["names"]:
            parts = re.split(r"[\s\-–]+", fold(name))
            alts.append(r"[\s\-–]*".join(re.escape(p) for p in parts if p))
        bodies.append(_Body(re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"), item["successor"]))
    return tuple(bodies)


def mark_stale(text: str) -> tuple[str, list[str]]:
    """Each stale body in `text` gets a visible note after it; returns the text and the names."""
    folded = fold_aligned(text)
    hits = sorted(
        (m.start(), m.end(), b.successor) for b in stale_bodies() for m in b.pattern.finditer(folded)
    )
    out, names, last = [], [], 0
    for start, end, successor in hits:
        if start < last:
            continue
        name = text[start:end]
        out.append(
            text[last:end] + f" [cần xem lại: cơ quan không còn sau sắp xếp năm 2025; có thể là {successor}]"
        )
        names.append(f"«{name}» → {successor}")
        last = end
    return "".join(out) + text[last:], names
