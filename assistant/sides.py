"""The sides of a comparison: what a question names for each side (places, years with or without
"năm", periods, document numbers) and the documents each side finds, through the catalog or, where
the catalog lacks a field, through a document's opening; ask.py searches each side within its own
documents, lookup_answer.py answers from target records only when every side has its own."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from kehoach.assistant.config import DEFAULT, RetrievalConfig
from kehoach.assistant.places import LEVELS, has_phrase, place_parts
from kehoach.assistant.query import Query, as_clause
from kehoach.assistant.query_header import cue_words
from kehoach.assistant.query_words import asks
from kehoach.assistant.rank import idf
from kehoach.assistant.retrieve import Where, document_openings
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, terms, words


@dataclass(frozen=True)
class Side:
    """One side of a comparison: what the question names for it, and the documents that match."""

    where: Where
    doc_ids: tuple[str, ...]
    # The topic terms that tell this side's subject from the other's (a comparison by subject).
    terms: tuple[str, ...] = ()


def reaches(side: Where, doc: CatalogEntry, opening: str) -> bool:
    """Whether `doc` matches every field `side` sets: through its catalog entry, or, where the
    catalog lacks the field, through its folded opening (a place, year or number its header names)."""
    fields = (
        (side.locality, doc.locality, Where(locality=side.locality)),
        (side.year, doc.year_from, Where(year=side.year)),
        (side.number, doc.number, Where(number=side.number)),
    )
    return all(
        wanted is None
        or (known is not None and where.matches(doc))
        or (known is None and has_phrase(opening, fold(str(wanted))))
        for wanted, known, where in fields
    )


def _narrowed(
    sides: list[Where],
    names: list[Where],
    docs: list[CatalogEntry],
    reach: Callable[[Where, CatalogEntry], bool],
) -> list[Where]:
    """Each side with what the question names once (for every side) or once per side (in order),
    where some document still matches; a field a side already sets is kept."""
    if len(names) not in (1, len(sides)):
        return sides
    out = []
    for n, side in enumerate(sides):
        name = names[0 if len(names) == 1 else n]
        fields = {k: v for k, v in vars(name).items() if v is not None and getattr(side, k) is None}
        narrow = Where(**{**vars(side), **fields})
        out.append(narrow if fields and any(reach(narrow, d) for d in docs) else side)
    return out


def _side_places(query: Query) -> list[str]:
    """The catalog's places the question names, then those it names with a level word that the
    catalog does not know ("tỉnh X" of a document whose header the parser could not place)."""
    places = list(query.places)
    for phrase in map(fold, query.place_phrases):
        if not any(has_phrase(p, phrase) or has_phrase(phrase, p) for p in places):
            places.append(phrase)
    return places


def _levelled(query: Query, place: str) -> list[str]:
    """The one place a question names with two level words ("thành phố Lạng Sơn" and "tỉnh Lạng
    Sơn" are two governments, with plans of their own): each form, folded, in the question's order."""
    named = re.finditer(rf"(?<![a-z0-9])(?:{LEVELS}) {re.escape(place)}(?![a-z0-9])", query.folded)
    return list(dict.fromkeys(m.group(0) for m in named))


def _own(side: Where, docs: list[CatalogEntry]) -> tuple[str, ...]:
    """The documents of a side, only those whose own place the side names when some are ("Quảng
    Trị" is the province's plan, not that of a district in it), with its level word when it gives
    one ("tỉnh Lạng Sơn" is not "thành phố Lạng Sơn")."""
    named = fold(side.locality or "")

    def first(doc: CatalogEntry) -> list[tuple[str | None, str]]:
        return [(lv, n) for lv, n in place_parts(doc.locality) if len(n) >= 3][:1]  # as place_names

    own = [d for d in docs if named and any(named in (n, f"{lv} {n}") for lv, n in first(d))]
    return tuple(d.doc_id for d in own or docs)


def _subjects(docs: list[CatalogEntry], openings: Mapping[str, str], chars: int) -> dict[str, set[str]]:
    """Each document's subject terms: its title, or, untitled, the start of its opening."""
    return {d.doc_id: set(terms(d.title or openings.get(d.doc_id, "")[:chars], folded=True)) for d in docs}


def _subject_sides(query: Query, subjects: dict[str, set[str]], share: float) -> list[Side]:
    """Two plans of one place told apart by subject ("về lao động trẻ em (…) và về sức khỏe tâm
    thần"): the plan whose subject holds the most of the question's topic terms, weighted by their
    rarity across the plans' subjects, and the plan holding the most of what that one lacks; each
    must hold `share` of the weight the two hold together that the other lacks."""
    if len(subjects) < 2:
        return []
    place = set(words(" ".join(query.places)))
    asked = [t for t in query.topic if not set(t.split("_")) & place]
    weight = {t: idf(sum(t in s for s in subjects.values()), len(subjects)) for t in asked}

    def held(doc_id: str, minus: set[str] | frozenset[str] = frozenset()) -> set[str]:
        return {t for t in asked if t in subjects[doc_id] and t not in minus}

    def mass(held_terms: set[str]) -> float:
        return sum(weight[t] for t in held_terms)

    first = max(subjects, key=lambda i: mass(held(i)))
    second = max((i for i in subjects if i != first), key=lambda i: mass(held(i, subjects[first])))
    own = [held(first, subjects[second]), held(second, subjects[first])]
    if not all(own) or min(map(mass, own)) < share * mass(held(first) | held(second)):
        return []  # a side no subject word of its own names is no side

    def named_at(side: Side) -> int:
        return min(query.folded.find(t.replace("_", " ")) % (len(query.folded) + 1) for t in side.terms)

    where = Where(locality=query.places[0])
    sides = [Side(where, (i,), tuple(sorted(o))) for i, o in zip((first, second), own, strict=True)]
    return sorted(sides, key=named_at)


def _with_own_terms(query: Query, sides: list[Side], docs: list[CatalogEntry]) -> list[Side]:
    """Each side with the question's topic terms its documents' titles hold and another side's do
    not ("lao động trẻ em" of one plan, "sức khỏe tâm thần" of the other): what tells the sides
    apart, not what is compared. Only sides that all have a titled document are told apart so (an
    opening names bases and events of every kind)."""
    titles = {d.doc_id: set(terms(d.title, folded=True)) for d in docs if d.title}
    if not all(any(i in titles for i in s.doc_ids) for s in sides):
        return sides
    held = [{t for t in query.topic if any(t in titles.get(i, ()) for i in s.doc_ids)} for s in sides]
    common = set.intersection(*held)
    return [replace(s, terms=tuple(sorted(h - common))) for s, h in zip(sides, held, strict=True)]


def compared_sides(
    query: Query,
    docs: list[CatalogEntry],
    openings: Mapping[str, str] | None = None,
    config: RetrievalConfig = DEFAULT.retrieval,
) -> list[Side]:
    """The sides of a comparison: one per place named ("Huế và Vĩnh Long"), else one per year (with
    "năm" or without: "(2021) và (2025)"), per period or per document number of the one place
    named; else, when the question compares ("so sánh", "hai kế hoạch") plans of the one place it
    names, the two its plans' titles tell apart by subject. A side also takes the year, period or
    number the question names once, or once per side, where documents still match. A side is kept
    when some document matches it, through the catalog or, where the catalog lacks a field, the
    document's opening (`openings`); fewer than two sides, or sides that all find the same
    documents, make no comparison."""
    openings = openings or {}

    def reach(side: Where, doc: CatalogEntry) -> bool:
        return reaches(side, doc, openings.get(doc.doc_id, ""))

    places = _side_places(query)
    levelled = _levelled(query, places[0]) if len(places) == 1 else []
    places = levelled if len(levelled) > 1 else places
    place = places[0] if len(places) == 1 else None
    # A year and a period are both times a side may be set in ("năm 2019" and "2021-2030").
    times = [*query.lone_years, *(a for a, _ in query.periods)]
    groups = [
        [Where(locality=p) for p in places],
        [
            Where(locality=place, year=y)
            for y in sorted(dict.fromkeys(times), key=lambda y: query.folded.find(str(y)))
        ],
        [Where(locality=place, number=n) for n in query.doc_numbers],
    ]
    split = next((g for g in groups if len(g) >= 2), None)
    if split is None and query.compares and len(query.places) == 1:
        place_docs = [d for d in docs if reach(Where(locality=query.places[0]), d)]
        subjects = _subjects(place_docs, openings, config.side_subject_chars)
        return _subject_sides(query, subjects, config.side_subject_share)
    if split is None:
        return []
    wheres = split
    for names in groups:
        if names is not split:
            wheres = _narrowed(wheres, [Where(year=w.year, number=w.number) for w in names], docs, reach)
    found = [_own(w, [d for d in docs if reach(w, d)]) for w in wheres]
    # A document that is another side's only one belongs to that side ("(2021)" is the plan of
    # 2021, though the plan of 2021-2025 also spans 2025).
    only = {ids[0] for ids in found if len(ids) == 1}
    found = [tuple(i for i in ids if i not in only) if len(ids) > 1 else ids for ids in found]
    sides = [Side(w, ids) for w, ids in zip(wheres, found, strict=True) if ids]
    if len(sides) < 2 or len({s.doc_ids for s in sides}) < 2:
        return []
    return _with_own_terms(query, sides, docs)


@functools.lru_cache(maxsize=64)
def _folded_text(index: Index, doc_id: str) -> str:
    return " ".join(fold(index.text(doc_id)).split())


def index_sides(index: Index, query: Query, config: RetrievalConfig) -> list[Side]:
    """`compared_sides` over the index's catalog, every document's folded opening at hand; a side
    set apart by place, year or number keeps as its own only terms no other side's document holds
    anywhere in its text (a plan citing the other's programme shares its subject), while sides told
    apart by subject (one place) keep theirs: that is what sets them apart."""
    docs = index.documents()
    openings = document_openings(index, tuple(sorted(d.doc_id for d in docs)), config.opening)
    sides = compared_sides(query, docs, openings, config)
    if len({str(s.where.as_json()) for s in sides}) < len(sides):
        return sides

    def elsewhere(term: str, side: Side) -> bool:
        others = {i for s in sides if s is not side for i in s.doc_ids}
        return any(has_phrase(_folded_text(index, i), term.replace("_", " ")) for i in others)

    return [replace(s, terms=tuple(t for t in s.terms if not elsewhere(t, s))) for s in sides]


def foreign_terms(index: Index, query: Query, sides: list[Side], opening: int) -> list[set[str]]:
    """Per side, the question's topic terms that another side's documents name in their opening
    and this side's do not: the other side's own words ("Diễn đàn trẻ em thành phố" of the city's
    plan, "sức khỏe tâm thần" of the other plan), which this side's passages need not hold. A
    compared fact is named in neither opening, or in both, so it stays judged on every side."""
    ids = tuple(sorted({i for s in sides for i in s.doc_ids}))
    openings = document_openings(index, ids, opening)

    def named(term: str, doc_ids: Iterable[str]) -> bool:
        return any(has_phrase(openings[i], term.replace("_", " ")) for i in doc_ids)

    out = []
    for side in sides:
        others = [i for s in sides if s is not side for i in s.doc_ids if i not in side.doc_ids]
        out.append({t for t in query.topic if named(t, others) and not named(t, side.doc_ids)})
    return out


def _levels_named(query: Query, sides: list[Side]) -> str:
    """The level words the question writes before a side's place ("huyện Mai Sơn", "xã Bình Phú"):
    part of the side's name, which its sentences need not repeat."""
    places = [re.escape(s.where.locality) for s in sides if s.where.locality]
    if not places:
        return ""
    named = re.finditer(rf"(?<![a-z])({LEVELS}) (?:{'|'.join(places)})(?![a-z])", query.folded)
    return " ".join(m.group(1) for m in named)


def shared_topic(query: Query, sides: list[Side]) -> list[str]:
    """The question's topic terms the sides share, what each side's answer sentence should hold:
    each side holds its own place (with the level word the question gives it), year, number or
    subject, never the other's, so none of those counts, nor a word pair holding one
    ("tỉnh_quảng", "năm_2023"), nor the years of a comparison of places that names one per side
    ("X năm 2023 và Y năm 2024"), nor a pair holding a side's own syllable, nor the words that only
    set the sides side by side ("mỗi tỉnh", "đều", Query.framing)."""
    if not sides:
        return list(query.topic)
    lone = query.lone_years
    years = " ".join(map(str, lone)) if len(lone) >= len(sides) else ""
    fields = " ".join(f"{s.where.locality or ''} {s.where.year or ''} {s.where.number or ''}" for s in sides)
    named = set(words(f"{fields} {years} {_levels_named(query, sides)}"))
    own = {t for s in sides for t in s.terms} | query.framing
    # A side's own syllable is named too: "trẻ mồ côi" of one plan gives no shared "trẻ_mồ".
    named |= {t for s in sides for t in s.terms if "_" not in t}
    return [t for t in query.topic if t not in own and not set(t.split("_")) & named]


# Where a question's clauses part: "Hà Giang ra kế hoạch ..., Bắc Ninh ra kế hoạch ...", "X của
# Bắc Ninh và Y của Bắc Giang", "... còn ...".
_CLAUSES = re.compile(r"[,;:?]|(?<![a-z])(?:va|con|so voi)(?![a-z])")


def _names_side(clause: str, side: Side) -> bool:
    where = side.where
    serial = (where.number or "").split("/")[0]
    return bool(
        (where.locality and has_phrase(clause, where.locality))
        or (serial and re.search(rf"(?<![\d/]){serial}(?![\d])", clause))
        or (where.year and str(where.year) in clause)
    )


def _asking_clauses(query: Query, sides: list[Side]) -> list[str] | None:
    """Each side's own clauses, when each of them asks its own question ("X dẫn nghị quyết ngày
    nào, Y dẫn luật ngày nào"); None when one clause asks for all ("kế hoạch của X và của Y giao
    đơn vị nào ...")."""
    clauses = [c for c in _CLAUSES.split(query.folded) if c.strip()]
    own = [" ".join(c for c in clauses if _names_side(c, s)) for s in sides]
    return own if all(map(asks, own)) else None


def side_queries(query: Query, sides: list[Side]) -> list[Query]:
    """Per side, the question as it asks of that side: its own clause's answer type where each
    side asks its own, so "An Lạc giao phòng nào ..., còn Bình Hòa dạy bơi trẻ bao nhiêu tuổi"
    does not ask An Lạc how many."""
    own = _asking_clauses(query, sides)
    return [as_clause(query, c) for c in own] if own else [query] * max(1, len(sides))


def clause_terms(query: Query, sides: list[Side]) -> list[set[str]]:
    """Per side, the topic terms of the clauses naming another side but not it, when its own
    clauses hold topic words besides its name and the header cue: each side of "Hà Giang ra kế
    hoạch nâng chỉ số quyền trẻ em, Bắc Ninh ra kế hoạch xã phường phù hợp" names its plan in its
    own clause, which the other's document need not hold. A side whose clause is its name alone
    ("Điện Biên và Hà Tĩnh cùng làm kế hoạch ...") shares the other's words."""
    clauses = [c for c in _CLAUSES.split(query.folded) if c.strip()]
    topic = set(query.topic)
    held = [set().union(*(set(terms(c)) & topic for c in clauses if _names_side(c, s))) for s in sides]
    asking = cue_words(query.folded)  # "mang số hiệu gì" is no side's subject
    named = {t for t in shared_topic(query, sides) if not set(t.split("_")) & asking}
    out = []
    for n, own in enumerate(held):
        others = set().union(*(h for m, h in enumerate(held) if m != n))
        out.append(others - own if own & named else set())
    return out
