"""The stripped-diacritics measurement: every answerable question typed with diacritics is asked
once more without them, so the cost of typing without diacritics is measured on the whole set, not
only on the few hand-made twins."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from kehoach.ingest.vietnamese import has_diacritics


def strip_diacritics(text: str) -> str:
    """The text as typed on a keyboard without Vietnamese input: every diacritic dropped, "đ" as
    "d", case, digits and punctuation kept ("Đảm bảo 100%?" -> "Dam bao 100%?")."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def _rates(rows: list[dict]) -> dict:
    """Answer-contains with and without diacritics, the gap, and how often the stripped copy got
    the very same answer and the very same gate signals (stricter than answer-contains: a signal
    that moved shows a question read differently, even where the answer held)."""

    def share(key: str) -> float:
        return round(sum(bool(r[key]) for r in rows) / len(rows), 4)

    marked, plain = share("contains"), share("stripped_contains")
    return {
        "n": len(rows),
        "with": marked,
        "without": plain,
        "gap_points": round(100 * (marked - plain), 1),
        "same_answer": share("same_answer"),
        "same_evidence": share("same_evidence"),
    }


def stripped_gap(
    rows: list[dict], ask_stripped: Callable[[dict], None], progress: Callable[[int, int], None] | None = None
) -> dict | None:
    """Answer-contains of the originals and of their stripped copies, overall, per kind and per
    split, and the unanswerable questions refused both ways (reading more words folded must not
    answer what should be refused). `rows` are the evaluated items (question, kind, split,
    answerable, contains, supported); `ask_stripped(row)` asks the stripped copy and sets the row's
    "stripped_contains", "stripped_supported", "same_answer" and "same_evidence"."""
    asked = [r for r in rows if has_diacritics(r["question"])]
    for n, row in enumerate(asked, 1):
        ask_stripped(row)
        if progress:
            progress(n, len(asked))
    chosen = [r for r in asked if r["answerable"]]
    if not chosen:
        return None
    out = _rates(chosen)
    refusable = [r for r in asked if not r["answerable"]]
    if refusable:
        out["unanswerable"] = {
            "n": len(refusable),
            "refused_with": round(sum(not r["supported"] for r in refusable) / len(refusable), 4),
            "refused_without": round(sum(not r["stripped_supported"] for r in refusable) / len(refusable), 4),
        }
    out["by_kind"] = {
        kind: _rates([r for r in chosen if r["kind"] == kind]) for kind in sorted({r["kind"] for r in chosen})
    }
    splits = sorted({r["split"] for r in chosen if r["split"]})
    if splits:
        out["by_split"] = {split: _rates([r for r in chosen if r["split"] == split]) for split in splits}
    return out


def format_stripped(gap: dict) -> str:
    """The report's lines (Vietnamese): overall, then per kind."""

    def line(title: str, g: dict) -> str:
        return (
            f"  {title:<16}{g['n']:>5}{g['with']:>10.3f}{g['without']:>10.3f}{g['gap_points']:>10}"
            f"{g['same_answer']:>14.3f}{g['same_evidence']:>14.3f}"
        )

    lines = [
        "Bỏ dấu câu hỏi (hỏi lại mỗi câu có dấu, có đáp án, sau khi bỏ dấu):",
        f"  {'loại':<16}{'n':>5}{'có dấu':>10}{'bỏ dấu':>10}{'chênh':>10}"
        f"{'cùng đáp án':>14}{'cùng tín hiệu':>14}",
        *(line(kind, g) for kind, g in gap["by_kind"].items()),
        line("TỔNG", gap),
    ]
    lines += [line(f"tập {split}", g) for split, g in gap.get("by_split", {}).items()]
    if "unanswerable" in gap:
        u = gap["unanswerable"]
        lines.append(
            f"  câu không có đáp án ({u['n']}): từ chối {u['refused_with']:.3f} có dấu,"
            f" {u['refused_without']:.3f} bỏ dấu"
        )
    return "\n".join(lines)
