"""Follow-up questions ("còn Vĩnh Long thì sao?", "chỉ tiêu đó của năm 2030?") rewritten into a
standalone question from the one before: the place or year the follow-up names replaces the
previous one, the rest is kept. The patterns are query.py's."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kehoach.assistant.places import catalog_places
from kehoach.assistant.query import FOLLOWUP_FILLER, FOLLOWUP_MARKERS, LEVEL_WORD, YEAR
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, fold_aligned, normalize


def _find_place(text: str, names: Sequence[str]) -> re.Match | None:
    """The first place name (with its level word) in `text`; its span is one in `text` too."""
    folded = fold_aligned(text)
    for name in names:
        m = re.search(rf"\b{LEVEL_WORD}{re.escape(name)}\b", folded)
        if m:
            return m
    return None


def _new_place(followup: str, names: Sequence[str]) -> str | None:
    """A catalog place in the follow-up, else what is left once the filler words are gone when it
    is a capitalised name ("còn Đà Nẵng thì sao?" -> "Đà Nẵng")."""
    m = _find_place(followup, names)
    if m:
        return followup[m.start() : m.end()]
    rest = _topic(followup)
    words = rest.split()
    if words and all(w[0].isupper() for w in words) and not YEAR.search(rest):
        return rest
    return None


def _gaps(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in pattern.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [(a, b) for a, b in spans if b > a]


def _topic(followup: str) -> str:
    """The follow-up without its filler words, demonstratives and place: what it newly asks about."""
    folded = fold_aligned(followup)
    kept = [followup[a:b] for a, b in _gaps(folded, FOLLOWUP_FILLER)]
    return " ".join(" ".join(kept).split())


def _rewrite(previous: str, followup: str, names: Sequence[str]) -> str:
    place, years = _new_place(followup, names), YEAR.findall(followup)
    base = previous.rstrip(" ?")
    if not place and not years:
        old = _find_place(base, names)
        where = f" của {base[old.start() : old.end()]}" if old else ""
        old_years = YEAR.findall(base)
        when = f" năm {old_years[-1]}" if old_years else ""
        return f"{_topic(followup).rstrip(' ?')}{where}{when}?"
    if place:
        old = _find_place(base, names)
        base = f"{base[: old.start()]}{place}{base[old.end() :]}" if old else f"{base} của {place}"
    if years:
        old_years = YEAR.findall(base)
        base = YEAR.sub(years[-1], base) if old_years else f"{base} năm {years[-1]}"
    return f"{base}?"


def standalone_question(question: str, history: Sequence[str], docs: Sequence[CatalogEntry] = ()) -> str:
    """`question` as a standalone question, given the earlier questions of the conversation."""
    question = normalize(question).strip()
    if not history:
        return question
    names = catalog_places(docs)
    previous = standalone_question(history[-1], history[:-1], docs)
    if not FOLLOWUP_MARKERS.search(fold(question)):
        return question
    return _rewrite(previous, question, names)
