"""Answer-type evidence for the refusal gate: whether the sentences an answer would quote hold what
the question asks, not only whether their document is about it. A question asking for a type
(query_type.py: "bao nhiêu", "ngày nào", "từ ngày nào đến ngày nào", "cơ quan nào", "chủ đề gì"...)
needs a sentence holding a span of it among the question's topic words; a year it names must be
stated by that sentence (unless the document is that year's plan); a period it names must be the
document's; its topic words must be in the sentences themselves. Each signal is recorded on the
gate's Evidence and weighed by GateConfig."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from kehoach.assistant.places import place_forms
from kehoach.assistant.query import Query
from kehoach.assistant.query_type import (
    YEAR_BOUND,
    asks_tally,
    holds_tally,
    holds_type,
    stated_years,
    tallied,
)
from kehoach.assistant.rank import Passage, heading_line, lead_clause
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, words


def place_syllables(query: Query) -> set[str]:
    """The folded syllables of the places the question names, in all their written forms."""
    return {s for p in (*query.places, *query.place_phrases) for f in place_forms(p) for s in f.split()}


def topic_weights(query: Query, weights: Mapping[str, float]) -> dict[str, float]:
    """The question's topic words with their weights, less its place names (an answer sentence
    need not repeat the place its document is about: the place signals check that)."""
    named = place_syllables(query)
    return {w: weights[w] for w in query.words if w in weights and fold(w) not in named}


def _sentence_words(sentence: str) -> tuple[set[str], set[str]]:
    """A sentence's words as written and folded (Query.held matches a topic word in either)."""
    found = set(words(sentence))
    return found, {fold(w) for w in found}


def _covered(query: Query, weights: Mapping[str, float], present: tuple[set[str], set[str]]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if query.held(t, *present)) / total if total else 1.0


def context(passage: Passage) -> str:
    """What an answer sentence says with what frames it: its section's heading and its document's
    title ("Mục tiêu cụ thể" above a figure, the plan's topic above every line) and, for a clause
    after a ";", the clause its sentence opens with (its subject and verb)."""
    lead = lead_clause(passage.document.text, passage.start)
    heading = heading_line(passage.document, passage.start)
    return f"{passage.doc.title or ''}\n{heading}\n{lead}\n{passage.quote}"


def typed_cover(
    query: Query,
    chosen: Sequence[Passage],
    weights: Mapping[str, float],
    placed: Callable[[CatalogEntry], bool] | None = None,
) -> float | None:
    """The best topic coverage (IDF-weighted, over the sentence in its context) of an answer
    sentence that holds a span of the answer type asked (query_type.py), of a document `placed`
    says holds the places the question names (when given); 0 when none holds one, None when the
    question asks no type. A count of another place's children answers nothing of this city."""
    if query.wants is None:
        return None
    held = [
        _covered(query, weights, _sentence_words(context(p)))
        for p in chosen
        if holds_type(query.wants, p.quote, query.counts) and (placed is None or placed(p.doc))
    ]
    return round(max(held, default=0.0), 4)


def sentence_absent(query: Query, chosen: Sequence[Passage], weights: Mapping[str, float]) -> float:
    """IDF share of the question's topic words that none of the answer sentences holds, in their
    context; 0 for a question about which document or about a document's header, answered by
    naming the document rather than by its sentences."""
    if query.header or query.which_doc:
        return 0.0
    found = [_sentence_words(context(p)) for p in chosen]
    present = set().union(*(w for w, _ in found)), set().union(*(f for _, f in found))
    return round(1.0 - _covered(query, weights, present), 4) if weights else 0.0


def tally_unstated(
    query: Query, chosen: Sequence[Passage], placed: Callable[[CatalogEntry], bool] | None = None
) -> bool:
    """The question asks how many of something ("có bao nhiêu trẻ em") and no answer sentence (of a
    document `placed` says holds the places named, when given) states a count of it: "giảm 6% số
    trẻ em", "24,8/100.000 trẻ em" or a date are no number of children, nor is "100 suất quà" a
    number of pupils, nor another place's count."""
    noun = tallied(query.folded)
    return asks_tally(query.folded) and not any(
        holds_tally(p.quote, noun) and (placed is None or placed(p.doc)) for p in chosen
    )


def _years(doc: CatalogEntry) -> tuple[int, int] | None:
    return (doc.year_from, doc.year_to or doc.year_from) if doc.year_from is not None else None


def _year_bound(query: Query) -> int | None:
    """The one year a question names when it asks a type bound to a year (a value, a date, a theme)."""
    return query.years[0] if len(query.years) == 1 and query.wants in YEAR_BOUND else None


def _own_year(entry: CatalogEntry, year: int) -> bool:
    """Whether `entry` is that year's plan (its first or issue year: "kế hoạch năm 2017")."""
    return year in (entry.year_from, int(entry.issued[:4]) if entry.issued else None)


def _stating(query: Query, chosen: Sequence[Passage], year: int) -> list[Passage]:
    """The answer sentences holding the type asked that state `year` or come from its plan."""
    typed = [p for p in chosen if holds_type(query.wants, p.quote, query.counts)]
    return [p for p in typed if str(year) in stated_years(p.quote) or _own_year(p.doc, year)]


def year_unstated(query: Query, chosen: Sequence[Passage], doc: CatalogEntry) -> bool:
    """The question names one year and asks a type bound to a year (a value, a date, a theme): no
    answer sentence holding that type states that year or comes from that year's plan (its first or
    issue year: "kế hoạch năm 2017" names the plan, not the value); with no such sentence, the year
    is not the answer's document's (`doc`). Another year's theme answers no question of this one."""
    year = _year_bound(query)
    if year is None:
        return False
    if not any(holds_type(query.wants, p.quote, query.counts) for p in chosen):
        return not _own_year(doc, year)
    return not _stating(query, chosen, year)


def year_elsewhere(query: Query, chosen: Sequence[Passage], placed: Callable[[CatalogEntry], bool]) -> bool:
    """The question names a place and one year bound to the type asked, and the answer sentences
    that state that year all come from documents `placed` says lack the place: another province's
    theme of that year answers no question about this commune."""
    year = _year_bound(query)
    if year is None or not (query.places or query.place_phrases):
        return False
    stating = _stating(query, chosen, year)
    return bool(stating) and not any(placed(p.doc) for p in stating)


def period_mismatch(query: Query, docs: Sequence[CatalogEntry], openings: Sequence[str]) -> bool:
    """The question names a period ("giai đoạn 2021-2025") that the answer's document (the first
    of `docs`) does not cover: its known period does not contain it and its opening (folded:
    title, header, first lines) does not state it. A question naming several periods compares
    documents: each period may be any of the answer's documents'."""

    def covers(doc: CatalogEntry, opening: str, start: int, end: int) -> bool:
        known = _years(doc)
        return bool(known and known[0] <= start <= end <= known[1]) or bool(
            re.search(rf"(?<!\d){start}\s*[-–]\s*{end}(?!\d)", opening)
        )

    if len(query.periods) == 1:
        docs, openings = docs[:1], openings[:1]
    return any(
        not any(covers(d, o, start, end) for d, o in zip(docs, openings, strict=True))
        for start, end in query.periods
    )
