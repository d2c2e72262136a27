"""A figure typed in words read as the plans write it: "100 nghìn trẻ" is "100.000 trẻ", "4 tỷ
đồng" is "4.000.000.000 đồng", "1,5 triệu" is "1.500.000" (Vietnamese groups thousands with dots
and marks decimals with a comma), so the figure meets the plans' own by its words and its value."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kehoach.ingest.vietnamese import fold_aligned

_SCALE = {"nghin": 3, "ngan": 3, "trieu": 6, "ty": 9}
# A figure ("100", "1,5", "2.500") then a scale word, folded; "tỷ lệ" and "tỷ suất" are no scale.
_WORDED = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d{3})*(?:,\d+)?) (nghin|ngan|trieu|ty)(?![\w])(?! (?:le|suat)\b)"
)


def _grouped(value: Decimal) -> str:
    whole, _, part = f"{value:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    part = part.rstrip("0")
    return f"{grouped},{part}" if part else grouped


def in_figures(text: str) -> str:
    """`text` with each figure typed in words written in figures; the rest as typed."""
    folded = fold_aligned(text.lower())
    out, end = [], 0
    for m in _WORDED.finditer(folded):
        try:
            value = Decimal(m.group(1).replace(".", "").replace(",", ".")).scaleb(_SCALE[m.group(2)])
        except InvalidOperation:
            continue
        out += [text[end : m.start()], _grouped(value)]
        end = m.end()
    return "".join([*out, text[end:]])
