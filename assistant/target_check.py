"""Target recall and precision: the Target records of an index against hand-marked targets
(eval/wild/targets.jsonl), per dev/test split, so the extractor is tuned on dev and measured on test.

A marked target is found when a record of the same document has its value, a unit of the same kind
(a percentage, per 1,000, per 100,000, or a count) and, where the mark names one, its deadline.
Precision counts the records of the documents the marking covers (every document of the split
file): a record that matches no mark is a false target.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path

from kehoach.errors import KehoachError
from kehoach.ingest.index import Index
from kehoach.ingest.records import Target

WILD_TARGETS = Path(__file__).resolve().parents[1] / "eval" / "wild" / "targets.jsonl"


def load_marked(path: Path) -> tuple[list[dict], dict[str, str]]:
    """The marked targets, and {file name: split} from the split.json beside them (or the marks)."""
    if not path.is_file():
        raise KehoachError(f"Không tìm thấy tệp chỉ tiêu đánh dấu tay: {path}")
    marked = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    split_file = path.with_name("split.json")
    splits = json.loads(split_file.read_text(encoding="utf-8")) if split_file.is_file() else {}
    for row in marked:
        splits.setdefault(row["doc"], row.get("split") or "all")
    return marked, splits


def unit_kind(unit: str | None) -> str:
    """ "%", "‰" (per 1,000: "‰", "/1.000 trẻ đẻ sống"), "/100.000", or "count" (a noun or none)."""
    if not unit:
        return "count"
    unit = unit.strip()
    if unit in ("%", "‰"):
        return unit
    if unit.startswith("/"):
        den = unit[1:].split()[0].replace(".", "")
        return "‰" if den == "1000" else f"/{den}"
    return "count"


def matches(mark: dict, target: Target) -> bool:
    return (
        target.value is not None
        and math.isclose(target.value, float(mark["value"]), rel_tol=1e-9, abs_tol=1e-9)
        and unit_kind(target.unit) == unit_kind(mark.get("unit"))
        and (mark.get("deadline") is None or target.deadline == mark["deadline"])
    )


def target_recall(
    found: Mapping[str, Sequence[Target]], marked: list[dict], splits: Mapping[str, str]
) -> dict:
    """{split: {"marked", "found", "recall", "comparator", "extracted", "right", "precision", "missed",
    "false"}} over the documents of `found` (by file name) that the marking covers."""
    out: dict[str, dict] = {}
    for name in sorted(set(found) & set(splits)):
        empty = {"marked": 0, "found": 0, "same_comparator": 0, "extracted": 0, "right": 0}
        cell = out.setdefault(splits[name], {**empty, "missed": [], "false": []})
        records = list(found[name])
        free = list(records)
        for mark in (m for m in marked if m["doc"] == name):
            cell["marked"] += 1
            hit = next((t for t in free if matches(mark, t)), None)
            if hit is None:
                unit = mark.get("unit") or ""
                cell["missed"].append(f"{name}: {mark['value']:g} {unit} · {mark['indicator']}")
                continue
            free.remove(hit)
            cell["found"] += 1
            cell["same_comparator"] += hit.comparator == mark["comparator"]
        marks = [m for m in marked if m["doc"] == name]
        for t in records:
            cell["extracted"] += 1
            if any(matches(m, t) for m in marks):
                cell["right"] += 1
            else:
                cell["false"].append(f"{name}: {t.value:g} {t.unit or ''} · {t.indicator}")
    for cell in out.values():
        cell["recall"] = round(cell["found"] / cell["marked"], 4) if cell["marked"] else None
        cell["precision"] = round(cell["right"] / cell["extracted"], 4) if cell["extracted"] else None
        cell["comparator"] = round(cell.pop("same_comparator") / cell["found"], 4) if cell["found"] else None
    return out


def index_recall(index: Index, path: Path) -> dict:
    """`target_recall` of the index's documents (by file name) against the marks in `path`;
    empty when the index holds none of the marked corpus."""
    marked, splits = load_marked(path)
    found = {Path(doc.source).name: index.targets([doc.doc_id]) for doc in index.documents()}
    return target_recall(found, marked, splits)


def format_recall(result: dict) -> str:
    lines = ["Chỉ tiêu đọc được so với bản đánh dấu tay:"]
    for split, c in sorted(result.items()):
        lines.append(
            f"  {split}: tìm thấy {c['found']}/{c['marked']} (recall {c['recall']}), "
            f"đúng {c['right']}/{c['extracted']} (precision {c['precision']}), "
            f"cùng dấu so sánh {c['comparator']}"
        )
        lines += [f"    - thiếu {m}" for m in c["missed"]]
        lines += [f"    + thừa {f}" for f in c["false"]]
    return "\n".join(lines)
