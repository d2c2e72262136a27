"""Header-field accuracy: the parsed catalog (number, locality, issued, years, signer) against
hand-checked values (eval/wild/headers.jsonl), per split, so parser rules are tuned on dev and
measured on test."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kehoach.assistant.places import place_names
from kehoach.errors import KehoachError
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold

FIELDS = ("number", "locality", "issued", "years", "signer")


def load_headers(path: Path) -> list[dict]:
    if not path.is_file():
        raise KehoachError(f"Không tìm thấy tệp thông tin văn bản: {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _number(value: str | None) -> str:
    """ "1014//KH-UBND" and "1014/KH - UBND" are the same number."""
    return re.sub(r"/+", "/", re.sub(r"\s+", "", fold(value or "")))


def _years(entry: CatalogEntry) -> str:
    if entry.year_from is None:
        return ""
    return (
        str(entry.year_from)
        if entry.year_to in (None, entry.year_from)
        else f"{entry.year_from}-{entry.year_to}"
    )


def field_matches(name: str, hand: str, entry: CatalogEntry) -> bool:
    """Whether the parsed field agrees with the hand value; a locality agrees when the hand
    locality's place name occurs in the parsed one (level words and a province suffix aside)."""
    if name == "number":
        return _number(entry.number) == _number(hand)
    if name == "locality":
        wanted = place_names(hand)
        return bool(wanted) and wanted[0] in " ".join(place_names(entry.locality))
    if name == "years":
        return _years(entry) == re.sub(r"\s+", "", hand)
    if name == "signer":
        return " ".join(fold(entry.signer or "").split()) == " ".join(fold(hand).split())
    return (entry.issued or "") == hand


def header_accuracy(entries: list[CatalogEntry], headers: list[dict]) -> dict:
    """{split: {field: {"right", "n", "accuracy", "wrong": [doc...]}}} over the fields the hand
    file states (non-null)."""
    by_name = {Path(e.source).name: e for e in entries}
    out: dict[str, dict] = {}
    for row in headers:
        entry = by_name.get(row["doc"])
        for name in FIELDS:
            if row.get(name) is None:
                continue
            cell = out.setdefault(row.get("split") or "all", {}).setdefault(
                name, {"right": 0, "n": 0, "wrong": []}
            )
            cell["n"] += 1
            if entry is not None and field_matches(name, row[name], entry):
                cell["right"] += 1
            else:
                cell["wrong"].append(row["doc"])
    for fields in out.values():
        for cell in fields.values():
            cell["accuracy"] = round(cell["right"] / cell["n"], 4)
    return out


def format_headers(accuracy: dict) -> str:
    lines = ["Thông tin văn bản đọc được so với bản kiểm tay (đúng/số có):"]
    for split, fields in sorted(accuracy.items()):
        cells = [f"{name} {c['right']}/{c['n']}" for name, c in fields.items()]
        lines.append(f"  {split}: " + ", ".join(cells))
    return "\n".join(lines)
