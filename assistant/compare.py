"""Targets side by side: one line per indicator, one column per document, with the places where a
lower-level plan is less ambitious than the plan above it and where a locality's target moved
from one year to the next; CSV (for Excel) and XLSX export."""

from __future__ import annotations

import contextlib
import csv
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kehoach.assistant.indicators import format_number
from kehoach.assistant.lookup import TargetRow, search_targets
from kehoach.assistant.places import place_names
from kehoach.errors import KehoachError
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold

LEVEL_RANK = {"tỉnh": 3, "huyện": 2, "xã": 1}
WEAKER = "weaker"
MOVED = "moved"


@dataclass
class Flag:
    """A finding: `weaker` (doc_id sets a less ambitious value than other_doc_id, the plan above it)
    or `moved` (doc_id changed the value that other_doc_id, the same place's earlier plan, set)."""

    kind: str
    indicator_key: str
    indicator: str
    doc_id: str
    other_doc_id: str
    value: float | None
    other_value: float | None
    deadline: int | None
    text: str


@dataclass
class Line:
    indicator: str
    indicator_key: str
    cells: dict[str, list[TargetRow]] = field(default_factory=dict)


@dataclass
class Comparison:
    columns: list[dict]
    lines: list[Line]
    flags: list[Flag]

    def cell_text(self, line: Line, doc_id: str) -> str:
        rows = line.cells.get(doc_id, [])
        parts = [f"{r.rendered} ({r.deadline})" if r.deadline else r.rendered for r in rows]
        marks = [f.text for f in self.flags if f.doc_id == doc_id and f.indicator_key == line.indicator_key]
        return "; ".join(parts + marks)

    def table(self) -> list[list[str]]:
        """Header row (Chỉ tiêu, then one label per document) and one row per indicator."""
        header = ["Chỉ tiêu"] + [c["label"] for c in self.columns]
        body = [
            [line.indicator] + [self.cell_text(line, c["doc_id"]) for c in self.columns]
            for line in self.lines
        ]
        return [header, *body]

    def as_json(self) -> dict:
        return {
            "columns": self.columns,
            "lines": [
                {
                    "indicator": line.indicator,
                    "indicator_key": line.indicator_key,
                    "cells": {c["doc_id"]: self.cell_text(line, c["doc_id"]) for c in self.columns},
                }
                for line in self.lines
            ],
            "flags": [asdict(f) for f in self.flags],
        }


# ---- which plan sits above which ------------------------------------------------------------


def _implements(lower: CatalogEntry, upper: CatalogEntry) -> bool:
    """`lower` names `upper` among its bases, or `upper` governs the province `lower` lies in."""
    number = fold(upper.number or "").replace(" ", "")
    if number and any(number in fold(b).replace(" ", "") for b in lower.bases or []):
        return True
    upper_place, lower_place = place_names(upper.locality), place_names(lower.locality)
    return bool(upper_place) and upper_place[0] in lower_place[1:]


def parents(doc: CatalogEntry, docs: list[CatalogEntry]) -> list[CatalogEntry]:
    rank = LEVEL_RANK.get(doc.level or "", 0)
    return [
        d
        for d in docs
        if d.doc_id != doc.doc_id and LEVEL_RANK.get(d.level or "", 0) > rank and _implements(doc, d)
    ]


def _same_place(a: CatalogEntry, b: CatalogEntry) -> bool:
    place = place_names(a.locality)
    return bool(place) and place == place_names(b.locality)


# ---- comparing values -----------------------------------------------------------------------


def lower_is_better(row: TargetRow) -> bool:
    """ "giảm ... xuống dưới 9%" aims low; "đạt trên 95%" aims high."""
    if row.comparator in ("<", "<="):
        return True
    if row.comparator in (">", ">="):
        return False
    return bool(re.search(r"(?<![a-z])giam\b", fold(f"{row.statement} {row.indicator}")))


def _comparable(a: TargetRow, b: TargetRow) -> bool:
    return (
        a.value is not None
        and b.value is not None
        and "range" not in (a.comparator, b.comparator)
        and a.unit == b.unit
        and lower_is_better(a) == lower_is_better(b)
    )


def _counterpart(row: TargetRow, others: list[TargetRow]) -> TargetRow | None:
    """The other plan's target for the same deadline, else its nearest later one, else its last."""
    others = [o for o in others if _comparable(row, o)]
    if not others:
        return None
    same = [o for o in others if o.deadline == row.deadline]
    later = sorted(
        (o for o in others if (o.deadline or 0) >= (row.deadline or 0)), key=lambda o: o.deadline or 0
    )
    return (same or later or sorted(others, key=lambda o: o.deadline or 0)[::-1])[0]


def _weaker(row: TargetRow, upper: TargetRow) -> bool:
    assert row.value is not None and upper.value is not None, "only rows with values are compared"
    if lower_is_better(row):
        return row.value > upper.value
    return row.value < upper.value


def _delta(old: TargetRow, new: TargetRow) -> str:
    assert old.value is not None and new.value is not None, "only rows with values are compared"
    diff = new.value - old.value
    arrow = "↑" if diff > 0 else "↓"
    sign = "+" if diff > 0 else "−"
    return f"{arrow} {sign}{format_number(abs(diff))} so với {old.year} ({old.rendered})"


def _flags_for(line: Line, docs: dict[str, CatalogEntry]) -> list[Flag]:
    flags: list[Flag] = []
    for doc_id, rows in line.cells.items():
        doc = docs[doc_id]
        for upper in parents(doc, list(docs.values())):
            for row in rows:
                other = _counterpart(row, line.cells.get(upper.doc_id, []))
                if other and _weaker(row, other):
                    text = f"⚠ kém hơn {upper.label}: {other.rendered} ({other.deadline})"
                    flags.append(_flag(WEAKER, line, row, other, text))
        earlier = [
            d
            for d in docs.values()
            if d.doc_id in line.cells and _same_place(d, doc) and (d.year_from or 0) < (doc.year_from or 0)
        ]
        if earlier:
            prev = max(earlier, key=lambda d: d.year_from or 0)
            for row in (r for r in rows if _own_year(r, doc)):
                old = next(
                    (o for o in line.cells[prev.doc_id] if _own_year(o, prev) and _comparable(row, o)),
                    None,
                )
                if old and old.value != row.value:
                    flags.append(_flag(MOVED, line, row, old, _delta(old, row)))
    return flags


def _own_year(row: TargetRow, doc: CatalogEntry) -> bool:
    """A target due in its plan's own year (moves compare like with like)."""
    return row.deadline is None or row.deadline in (doc.year_from, doc.year_to)


def _flag(kind: str, line: Line, row: TargetRow, other: TargetRow, text: str) -> Flag:
    return Flag(
        kind=kind,
        indicator_key=line.indicator_key,
        indicator=line.indicator,
        doc_id=row.doc_id,
        other_doc_id=other.doc_id,
        value=row.value,
        other_value=other.value,
        deadline=row.deadline,
        text=text,
    )


# ---- building and exporting -----------------------------------------------------------------


def compare(rows: list[TargetRow], docs: list[CatalogEntry]) -> Comparison:
    """The comparison of `rows` (from search_targets); `docs` is index.documents()."""
    by_id = {d.doc_id: d for d in docs}
    lines: dict[str, Line] = {}
    for row in rows:
        line = lines.setdefault(row.indicator_key, Line(row.indicator, row.indicator_key))
        line.cells.setdefault(row.doc_id, []).append(row)
    used = {row.doc_id for row in rows}
    ordered = sorted(
        (by_id[i] for i in used),
        key=lambda d: (
            -LEVEL_RANK.get(d.level or "", 0),
            place_names(d.locality)[-1:],
            d.year_from or 0,
        ),
    )
    columns = [{"doc_id": d.doc_id, "label": d.label} for d in ordered]
    flags = [f for line in lines.values() for f in _flags_for(line, {i: by_id[i] for i in line.cells})]
    return Comparison(columns=columns, lines=list(lines.values()), flags=flags)


def compare_targets(index: Index, query: str, k: int = 100) -> Comparison:
    return compare(search_targets(index, query, k=k), index.documents())


def _write_error(path: Path, err: OSError) -> KehoachError:
    return KehoachError(f"Không ghi được tệp {path}: {err.strerror or err}")


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Document text is data: a leading quote makes Excel show a formula-like cell as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that replaces it only when written whole, so a full or
    unwritable disk never leaves an empty or truncated export."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as err:
        raise _write_error(path, err) from err
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_csv(comparison: Comparison, path: Path) -> None:
    """UTF-8 with a byte-order mark: without it Excel reads Vietnamese as mojibake."""
    with _replacing(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([[csv_safe(cell) for cell in row] for row in comparison.table()])


def write_xlsx(comparison: Comparison, path: Path) -> None:
    """Every cell is a string cell (data_type "s"), so text that looks like a formula never runs."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "So sánh chỉ tiêu"
    for row in comparison.table():
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, max(14, width + 2))
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "B2"
    with _replacing(path) as tmp:
        book.save(tmp)


def format_comparison(comparison: Comparison) -> str:
    """Indicator by indicator, one line per document (a terminal is too narrow for the grid)."""
    if not comparison.lines:
        return "Không tìm thấy chỉ tiêu nào để so sánh."
    out: list[str] = []
    for line in comparison.lines:
        out.append(f"\n■ {line.indicator}")
        for column in comparison.columns:
            text = comparison.cell_text(line, column["doc_id"])
            out.append(f"  - {column['label']}: {text or '—'}")
    weaker = sum(f.kind == WEAKER for f in comparison.flags)
    moved = sum(f.kind == MOVED for f in comparison.flags)
    out.append(
        f"\n{len(comparison.lines)} chỉ tiêu, {len(comparison.columns)} văn bản; "
        f"{weaker} chỉ tiêu thấp hơn kế hoạch cấp trên, {moved} chỉ tiêu thay đổi so với năm trước."
    )
    return "\n".join(out).strip()
