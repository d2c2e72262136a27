"""The target table of a draft: last year's targets carried forward, with a proposal for the new
year from the plan of the level above (linear between the two years it sets), never silently."""

from __future__ import annotations

from dataclasses import dataclass

from kehoach.assistant.draft_text import placeholder, shift_years
from kehoach.assistant.indicators import format_number, indicator_key, render_value
from kehoach.ingest.index import Index
from kehoach.ingest.records import Document, Target

PROPOSED = "(đề xuất, cần xác nhận)"
_HIGHER_IS_BETTER = (">", ">=")
_LOWER_IS_BETTER = ("<", "<=")


@dataclass
class TargetProposal:
    """A row of the target table: last year's value, the upper plan's, and the proposal."""

    label: str
    indicator: str
    previous: str
    upper: str
    proposal: str
    note: str
    source: str


def similar(a: str, b: str) -> bool:
    """Same indicator: equal keys, or keys sharing most of their words (wordings differ)."""
    ka, kb = set(indicator_key(a).split()), set(indicator_key(b).split())
    return ka == kb or (bool(ka and kb) and len(ka & kb) / len(ka | kb) >= 0.6)


def _points(target: Target, upper: list[Target]) -> list[Target]:
    """The upper plan's values for the same indicator and unit, one per deadline year."""
    found = {
        t.deadline: t
        for t in upper
        if t.value is not None
        and t.deadline
        and t.unit == target.unit
        and similar(t.indicator, target.indicator)
    }
    return [found[y] for y in sorted(found)]


def interpolate(points: list[Target], year: int) -> tuple[float, str] | None:
    """The upper plan's value for `year` and how it was found: its own value for that year, or
    linear between the two years around it."""
    for t in points:
        if t.deadline == year and t.value is not None:
            return t.value, f"kế hoạch cấp trên đặt {format_number(t.value)} cho năm {year}"
    before = [t for t in points if t.deadline and t.deadline < year]
    after = [t for t in points if t.deadline and t.deadline > year]
    if not before or not after:
        return None
    a, b = before[-1], after[0]
    assert a.value is not None and b.value is not None and a.deadline and b.deadline
    value = round(a.value + (b.value - a.value) * (year - a.deadline) / (b.deadline - a.deadline), 2)
    how = (
        f"nội suy tuyến tính giữa {format_number(a.value)} (năm {a.deadline}) "
        f"và {format_number(b.value)} (năm {b.deadline})"
    )
    return value, how


def _ambition(previous: Target, upper_value: float) -> str | None:
    """ "higher" when last year's target already meets the upper plan's, "lower" when not."""
    if previous.value is None:
        return None
    if previous.comparator in _HIGHER_IS_BETTER:
        return "higher" if previous.value >= upper_value else "lower"
    if previous.comparator in _LOWER_IS_BETTER:
        return "higher" if previous.value <= upper_value else "lower"
    return None


def _propose(target: Target, upper: list[Target], year: int) -> tuple[str, str, str]:
    """(upper plan's value, proposal, note) for one target of the model plan."""
    kept = render_value(target.comparator, target.value, target.value_max, target.unit)
    if target.unit == "đồng":
        return "", placeholder(f"kinh phí năm {year}"), "kinh phí do địa phương bố trí hằng năm"
    found = interpolate(_points(target, upper), year)
    if found is None:
        return "", f"{kept} {PROPOSED}", "giữ như năm trước (không có số của cấp trên cho chỉ tiêu này)"
    value, how = found
    upper_text = render_value(target.comparator, value, None, target.unit)
    ambition = _ambition(target, value)
    if ambition == "higher":
        return (
            upper_text,
            f"{kept} {PROPOSED}",
            f"{how}; chỉ tiêu năm trước đã bằng hoặc vượt mức cấp trên, giữ",
        )
    note = how + ("; chỉ tiêu năm trước thấp hơn mức cấp trên, nâng lên" if ambition == "lower" else "")
    return upper_text, f"{upper_text} {PROPOSED}", note


def propose_targets(index: Index, model: Document, upper_ids: list[str], year: int) -> list[TargetProposal]:
    """One row per target of the model plan, carried forward with its source."""
    upper = index.targets(upper_ids) if upper_ids else []
    rows = []
    for i, t in enumerate(model.targets, 1):
        upper_text, proposal, note = _propose(t, upper, year)
        rows.append(
            TargetProposal(
                label=t.label or f"({i})",
                indicator=shift_years(t.indicator, model.meta.year_from or year, year),
                previous=render_value(t.comparator, t.value, t.value_max, t.unit),
                upper=upper_text,
                proposal=proposal,
                note=note,
                source=f"{model.meta.number or model.doc_id[:12]}, {t.section}",
            )
        )
    return rows
