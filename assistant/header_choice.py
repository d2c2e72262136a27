"""Which retrieved document a header question asks about, and whether the question identifies it.

A header question ("Kế hoạch ... của Cà Mau 2014-2015 số mấy?") names its document by place,
number, years and kind. The years outweigh the kind: the plan of 2014-2015 may be loaded as the
decision that approves it, while a plan of the same place and kind for other years is another
document. A document is identified when it fits all of them and its header (title and opening)
holds the question's topic words: then its parsed header answers, whatever the lexical relevance
of the passages found, since the evidence is the identification and the field's own span."""

from __future__ import annotations

from dataclasses import astuple, dataclass

from kehoach.assistant.config import RankConfig
from kehoach.assistant.places import has_phrase, place_forms
from kehoach.assistant.query import Query
from kehoach.assistant.query_header import (
    cue_attached,
    cue_words,
    header_subject,
    named_kinds,
    subject_issuer,
)
from kehoach.assistant.rank import coverage
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, terms


@dataclass(frozen=True)
class Fit:
    """How a document agrees with what a header question names (an unnamed field always does)."""

    place: bool
    named: bool
    years: bool
    kind: bool
    # Its period is one the question names ("giai đoạn 2014-2020" is the plan of 2014-2020 more
    # than the one-year plan of 2016 within it): a preference, not required.
    span: bool = True

    @property
    def whole(self) -> bool:
        return self.place and self.named and self.years and self.kind


def fit(query: Query, doc: CatalogEntry, compared: bool, numbers: bool = True) -> Fit:
    """Its place, the document number named (unless the question's `numbers` name none of its
    side's documents), its years, its kind (and its issuer, where the question names one: "quyết
    định của Thủ tướng" is no plan of a People's Committee); a comparison's sides were already
    searched each among its own place's documents."""
    located = " ".join(fold(doc.locality or "").split())
    place = compared or not query.places or not located or any(has_phrase(located, n) for n in query.places)
    subject = header_subject(query.folded)
    sides_kinds = compared and not cue_attached(query.folded)  # "QĐ số mấy" asks of a decision
    kinds = {subject or ""} | (named_kinds(query.folded) if sides_kinds else set())
    issuer = subject_issuer(query.folded)
    kind = (
        subject is not None
        and (subject == "van ban" or not doc.kind or any(k in fold(doc.kind) for k in kinds))
        and (issuer is None or not doc.issuer or issuer in fold(doc.issuer))
    )
    named = not (numbers and any("/" in n for n in query.doc_numbers)) or numbered(query, doc)
    span = not query.periods or (doc.year_from, doc.year_to or doc.year_from) in query.periods
    return Fit(place, named, not other_years(query, doc, compared), kind, span)


def other_years(query: Query, doc: CatalogEntry, compared: bool = False) -> bool:
    """Whether the question names years or periods and `doc` (its period, its year of issue)
    covers none of them; a document of unknown years never mismatches. Years count without "năm"
    too: "tháng hành động vì trẻ em 2022 ... số mấy" asks of that year's plan, and a comparison's
    set its sides apart ("diễn đàn trẻ em 2019 ..., còn ... 2021-2030")."""
    named = {*query.years, *query.lone_years}
    if doc.year_from is None or not (named or query.periods):
        return False
    first, last = doc.year_from, doc.year_to or doc.year_from
    issued = int(doc.issued[:4]) if doc.issued and doc.issued[:4].isdigit() else None
    years = any(first <= y <= last or y == issued for y in named)
    return not years and not any(a <= last and b >= first for a, b in query.periods)


def numbered(query: Query, doc: CatalogEntry) -> bool:
    """Whether the question names `doc` by its number ("Quyết định 27/QĐ-UBND"): a comparison's
    side so named, within its own place's documents, is identified whatever else the question says."""
    number = fold(doc.number or "")
    return bool(number) and any("/" in n and number.startswith(n) for n in query.doc_numbers)


def header_document(
    query: Query, docs: list[CatalogEntry], compared: bool
) -> tuple[CatalogEntry, Fit] | None:
    """The retrieved document (best first) that best agrees with the place, number, years and kind
    the question names, in that order of weight, with how it fits. A number belongs to one side of
    a comparison ("kế hoạch 2025 của Quảng Nam và kế hoạch 57 của Tuyên Quang"): a side none of
    whose documents has it is not judged by it."""
    if not docs:
        return None
    numbers = not compared or any(numbered(query, d) for d in docs)
    fits = {d.doc_id: fit(query, d, compared, numbers) for d in docs}
    best = min(docs, key=lambda d: tuple(not ok for ok in astuple(fits[d.doc_id])))
    return best, fits[best.doc_id]


def asked_years(query: Query) -> str:
    periods = [f"giai đoạn {a}–{b}" for a, b in query.periods]
    return ", ".join(periods + [f"năm {y}" for y in dict.fromkeys((*query.years, *query.lone_years))])


def identified(
    query: Query, doc: CatalogEntry, document: Document, weights: dict[str, float], config: RankConfig
) -> bool:
    """Whether the question names this document: by place or number, and the IDF share of its
    topic words (less places, years and the header cue's words) that its title and opening hold
    (header_terms, the mean of both shares) reaches `config.header_topic`: a plan of another
    topic of the same place and years is not the one asked about. Without topic words, only its
    number names it."""
    if not (query.places or query.doc_numbers):
        return False
    named = {s for p in (*query.places, *query.place_phrases) for f in place_forms(p) for s in f.split()}
    asking = named | cue_words(query.folded)
    topic = {
        t: w
        for t, w in weights.items()
        if not (parts := set(t.split("_"))) & asking and not any(p.isdigit() for p in parts)
    }
    if not topic:  # "Kế hoạch 148 của Hậu Giang thuộc lĩnh vực gì?": its number names it
        return numbered(query, doc)
    title, opening = header_terms(doc, document, config)
    # A title is short: a pair whose two syllables it holds apart is held ("xã phường phù hợp trẻ
    # em" of "xã, phường, thị trấn phù hợp với trẻ em").
    title |= {t for t in topic if "_" in t and set(t.split("_")) <= title}
    return (coverage(topic, title) + coverage(topic, title | opening)) / 2 >= config.header_topic


def header_terms(doc: CatalogEntry, document: Document, config: RankConfig) -> tuple[set[str], set[str]]:
    """What the document says it is (its kind, number and title; without a parsed title, its
    first lines), and its opening (`header_chars`), which counts half: it names the agencies and
    bases that identify it ("Sở Lao động - Thương binh và Xã hội", "Tờ trình số ..."), and other
    topics too ("Luật Giao thông")."""
    opening = document.text[: config.header_chars]
    named = f"{doc.kind or ''} {doc.number or ''} {doc.title or opening[: config.header_line]}"
    return set(terms(named, folded=True)), set(terms(opening, folded=True))
