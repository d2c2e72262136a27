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


def _rates(pairs: list[tuple[bool, bool]]) -> dict:
    marked = sum(a for a, _ in pairs) / len(pairs)
    plain = sum(b for _, b in pairs) / len(pairs)
    return {
        "n": len(pairs),
        "with": round(marked, 4),
        "without": round(plain, 4),
        "gap_points": round(100 * (marked - plain), 1),
    }


def stripped_gap(
    rows: list[dict], ask_contains: Callable[[dict], bool], progress: Callable[[int, int], None] | None = None
) -> dict | None:
    """Answer-contains of the originals and of their stripped copies, overall, per kind and per
    split. `rows` are the evaluated items (question, history, kind, split, answerable, contains);
    `ask_contains(row)` asks the stripped copy and tells whether its answer holds the expected text.
    Each row measured gets "stripped_contains"."""
    chosen = [r for r in rows if r["answerable"] and has_diacritics(r["question"])]
    for n, row in enumerate(chosen, 1):
        row["stripped_contains"] = ask_contains(row)
        if progress:
            progress(n, len(chosen))
    if not chosen:
        return None
    pairs = [(r["contains"], r["stripped_contains"]) for r in chosen]
    out = _rates(pairs)
    out["by_kind"] = {
        kind: _rates([(r["contains"], r["stripped_contains"]) for r in chosen if r["kind"] == kind])
        for kind in sorted({r["kind"] for r in chosen})
    }
    splits = sorted({r["split"] for r in chosen if r["split"]})
    if splits:
        out["by_split"] = {
            split: _rates([(r["contains"], r["stripped_contains"]) for r in chosen if r["split"] == split])
            for split in splits
        }
    return out


def format_stripped(gap: dict) -> str:
    """The report's lines (Vietnamese): overall, then per kind."""

    def line(title: str, g: dict) -> str:
        return f"  {title:<16}{g['n']:>5}{g['with']:>10.3f}{g['without']:>10.3f}{g['gap_points']:>10}"

    lines = [
        "Bỏ dấu câu hỏi (hỏi lại mỗi câu có dấu, có đáp án, sau khi bỏ dấu):",
        f"  {'loại':<16}{'n':>5}{'có dấu':>10}{'bỏ dấu':>10}{'chênh':>10}",
        *(line(kind, g) for kind, g in gap["by_kind"].items()),
        line("TỔNG", gap),
    ]
    lines += [line(f"tập {split}", g) for split, g in gap.get("by_split", {}).items()]
    return "\n".join(lines)
