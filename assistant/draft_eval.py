"""Drafting checks for `kehoach eval`: next year's plan drafted from each one-year plan in the index
and, where the index also holds the same locality's real plan of that next year, compared with it.

Every draft: the model's year where it is still written (outside document references),
placeholders, paragraphs with a source. Every pair: years the draft writes that the real plan never
does, the real plan's headings found in the draft (top level and all levels) and the real plan's
targets whose indicator the draft's target table carries (and with the same value).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from kehoach.assistant.draft import Draft, make_draft
from kehoach.assistant.draft_targets import similar
from kehoach.assistant.draft_text import protected_spans
from kehoach.assistant.lookup import render_value
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold

_NUMBERING = re.compile(r"^[-–+•*]?\s*(?:[\divxlc]+|[a-zđ])[.)]\s*")
_BRACKETED = re.compile(r"\[cần (?:bổ sung|xem lại):[^\]]*\]")
_ENDING = {"mo dau", "noi nhan", "chu ky"}


@dataclass
class Case:
    """A one-year plan to draft from, and the same locality's real plan of the next year if held."""

    model: CatalogEntry
    real: CatalogEntry | None


def _one_year_plan(d: CatalogEntry) -> bool:
    return (
        bool(d.year_from and d.year_from == (d.year_to or d.year_from)) and fold(d.kind or "") == "ke hoach"
    )


def cases(docs: list[CatalogEntry]) -> list[Case]:
    """Each one-year Kế hoạch with a locality, paired with its successor by locality and year."""
    plans = [d for d in docs if _one_year_plan(d) and d.locality]
    by_key = {(fold(d.locality or ""), d.year_from): d for d in plans}
    return [Case(d, by_key.get((fold(d.locality or ""), (d.year_from or 0) + 1))) for d in plans]


def draft_text(draft: Draft) -> list[str]:
    """Every line of the draft a reader sees (the notes at the end excepted)."""
    paras = [*draft.preamble, *(p for s in draft.sections for p in s.paragraphs)]
    rows = [f"{t.indicator} {t.proposal} {t.note}" for t in draft.targets]
    return [
        draft.title,
        draft.place_date,
        *(s.heading for s in draft.sections),
        *(p.text for p in paras),
        *rows,
    ]


def _years(lines: list[str]) -> list[tuple[int, str]]:
    """Years written outside document references, periods and placeholders, with their context."""
    found = []
    for line in lines:
        line = _BRACKETED.sub(" ", line)
        spans = protected_spans(line)
        for m in re.finditer(r"(?<!\d)(?:19|20)\d{2}(?!\d)", line):
            if not any(a <= m.start() < b for a, b in spans):
                found.append((int(m.group(0)), line[max(0, m.start() - 40) : m.end() + 10]))
    return found


def old_year_mentions(draft: Draft, old: int) -> list[str]:
    """The model's year where the draft still writes it: comparisons with the year before ("so với
    năm 2023" in a 2024 plan) are right, a plan year or deadline left behind is not; listed for
    the reader, counted in the report."""
    return [context for year, context in _years(draft_text(draft)) if year == old]


def years_not_in_real(draft: Draft, real: Document) -> list[int]:
    """Years the draft writes (outside references) that the real plan of that year never writes."""
    wanted = {year for year, _ in _years(real.text.splitlines())}
    return sorted({year for year, _ in _years(draft_text(draft))} - wanted)


def _heading_key(heading: str) -> str:
    return " ".join(_NUMBERING.sub("", fold(heading)).split())[:40]


def section_recall(draft: Draft, real: Document, top_only: bool) -> tuple[int, int]:
    """(found, total): the real plan's section headings that a drafted heading matches."""
    drafted = {_heading_key(s.heading) for s in draft.sections if not top_only or s.level == 1}
    wanted = {
        _heading_key(s.path[-1])
        for s in real.sections
        if (not top_only or s.level == 1) and fold(s.path[0]) not in _ENDING
    }
    found = [w for w in wanted if any(d.startswith(w) or w.startswith(d) for d in drafted if d)]
    return len(found), len(wanted)


def targets_carried(draft: Draft, real: Document) -> tuple[int, int, int]:
    """(carried, same value, total): the real plan's targets whose indicator the draft carries."""
    carried = same = 0
    for t in real.targets:
        rows = [r for r in draft.targets if similar(r.indicator, t.indicator)]
        carried += bool(rows)
        value = render_value(t.comparator, t.value, t.value_max, t.unit)
        same += any(r.proposal.startswith(value) for r in rows) if value else False
    return carried, same, len(real.targets)


def _share(found: int, total: int) -> float | None:
    return round(found / total, 3) if total else None


def check_case(index: Index, case: Case) -> dict[str, Any]:
    """The draft of `case.model`'s next year, measured (against `case.real` when held)."""
    old = case.model.year_from or 0
    started = time.perf_counter()
    draft = make_draft(index, [case.model.doc_id], old + 1)
    paras = [*draft.preamble, *(p for s in draft.sections for p in s.paragraphs)]
    row: dict[str, Any] = {
        "model": case.model.label,
        "year": old + 1,
        "seconds": round(time.perf_counter() - started, 3),
        "sections": len(draft.sections),
        "targets": len(draft.targets),
        "old_year_mentions": old_year_mentions(draft, old),
        "placeholders": len(draft.placeholders),
        "flags": len(draft.flags),
        "sourced": _share(sum(bool(p.doc_id and p.section) for p in paras), len(paras)),
    }
    if case.real is not None:
        real = index.document(case.real.doc_id)
        top, every = section_recall(draft, real, True), section_recall(draft, real, False)
        carried, same, total = targets_carried(draft, real)
        row |= {
            "real": case.real.label,
            "years_not_in_real": years_not_in_real(draft, real),
            "section_recall_top": _share(*top),
            "section_recall_all": _share(*every),
            "targets_carried": _share(carried, total),
            "targets_same_value": _share(same, total),
            "real_targets": total,
        }
    return row


def _mean(rows: list[dict], key: str) -> float | None:
    values = [r[key] for r in rows if r.get(key) is not None]
    return round(sum(values) / len(values), 3) if values else None


def draft_checks(index: Index) -> dict[str, Any]:
    """Every case checked, and the means: `kehoach eval` reports them as its drafting part."""
    rows = [check_case(index, c) for c in cases(index.documents())]
    pairs = [r for r in rows if "real" in r]
    summary = {
        "drafts": len(rows),
        "pairs": len(pairs),
        "old_year_mentions": sum(len(r["old_year_mentions"]) for r in rows),
        "years_not_in_real": sum(len(r["years_not_in_real"]) for r in pairs),
        "placeholders_mean": _mean(rows, "placeholders"),
        "sourced": _mean(rows, "sourced"),
        "seconds_max": max((r["seconds"] for r in rows), default=None),
    }
    for key in ("section_recall_top", "section_recall_all", "targets_carried", "targets_same_value"):
        summary[key] = _mean(pairs, key)
    return {"summary": summary, "drafts": rows}


def format_draft_checks(result: dict[str, Any]) -> str:
    """The drafting part of the report, in Vietnamese."""
    s = result["summary"]

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{v:.0%}"

    lines = [
        f"Soạn thảo: {s['drafts']} bản nháp năm sau từ kế hoạch một năm; {s['pairs']} cặp có kế hoạch thật",
        f"  năm của kế hoạch mẫu còn nhắc (so sánh với năm trước, cần xem): {s['old_year_mentions']}",
        f"  năm có trong bản nháp mà kế hoạch thật không có: {s['years_not_in_real']}",
        f"  chỗ cần bổ sung (trung bình mỗi bản): {s['placeholders_mean']}",
        f"  đoạn có nguồn: {pct(s['sourced'])}",
        f"  mục của kế hoạch thật có trong bản nháp: cấp 1 {pct(s['section_recall_top'])}, "
        f"mọi cấp {pct(s['section_recall_all'])}",
        f"  chỉ tiêu của kế hoạch thật được mang sang: {pct(s['targets_carried'])} "
        f"(cùng giá trị: {pct(s['targets_same_value'])})",
        f"  thời gian soạn lâu nhất: {s['seconds_max']} s",
    ]
    for r in result["drafts"]:
        real = f" → so với {r['real']}" if "real" in r else ""
        lines.append(
            f"  - {r['model']} → {r['year']}{real}: {r['sections']} mục, {r['placeholders']} chỗ cần bổ sung"
        )
    return "\n".join(lines)
