"""Place names of the catalog: each locality's parts with their level ("huyện Sơn Tây, tỉnh Quảng
Ngãi" -> huyện "son tay", tỉnh "quang ngai"), folded, so questions and documents meet them with or
without diacritics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.ingest.localities import UNIT_RE
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold

# Administrative level words before a place name, folded, longest first ("thị xã" before "xã"):
# the parser's own list, so a level it writes into a locality ("đặc khu") is one here too.
LEVELS = UNIT_RE
_LEVEL_PREFIX = re.compile(rf"^(?P<level>{LEVELS})\s+")


def place_parts(locality: str | None) -> list[tuple[str | None, str]]:
    """(folded level, folded name) of each part of a catalog locality, most local first:
    "huyện Sơn Tây, tỉnh Quảng Ngãi" -> [("huyen", "son tay"), ("tinh", "quang ngai")]."""
    parts = []
    for part in (locality or "").split(","):
        folded = " ".join(fold(part).split())
        m = _LEVEL_PREFIX.match(folded)
        if folded:
            parts.append((m.group("level") if m else None, folded[m.end() :] if m else folded))
    return parts


def place_names(locality: str | None) -> list[str]:
    """Folded place names of a catalog locality, most local first, without their level word;
    names shorter than three letters are left out (they would match inside ordinary words)."""
    return [name for _, name in place_parts(locality) if len(name) >= 3]


def catalog_places(docs: Sequence[CatalogEntry]) -> list[str]:
    """The folded place names of the catalog's localities, longest first ("vinh long" before "long")."""
    names = {name for doc in docs for name in place_names(doc.locality)}
    return sorted(names, key=len, reverse=True)


@dataclass(frozen=True)
class _Place:
    doc_id: str
    level: str | None
    home: bool  # the document's own place, not the province it lies in


def locality_names(docs: Sequence[CatalogEntry]) -> dict[str, list[_Place]]:
    """Folded place names ("hue", "vinh long") -> the documents of that place."""
    names: dict[str, list[_Place]] = {}
    for doc in docs:
        for n, (level, name) in enumerate(place_parts(doc.locality)):
            if len(name) >= 3:
                names.setdefault(name, []).append(_Place(doc.doc_id, level, n == 0))
    return names
