"""Sentence ranking: every sentence of the retrieved passages scored by IDF-weighted coverage of the
question's topic words (with the terms it inherits from its document and section), a bonus when it
holds what the question asks for, and, for the best of them, the embedder's question-sentence
similarity (one batch). Boilerplate (portal navigation, addresses, page titles) is never a
candidate."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

import numpy as np

from kehoach.assistant.config import RankConfig
from kehoach.assistant.places import mentions
from kehoach.assistant.query import Query, whole_dates
from kehoach.assistant.query_type import AGENCY, DATE, DOCNUM, has_figure, holds_type
from kehoach.assistant.sentences import display, sentence_spans, word_count
from kehoach.ingest.dateline import is_place_date_line
from kehoach.ingest.embed import Embedder
from kehoach.ingest.instructions import is_instruction
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, terms

# Web pages' furniture: source address, navigation, portal blocks, contact lines (folded); and the
# national name and motto every document opens with (Decree 30/2020's "Quốc hiệu và Tiêu ngữ").
_BOILERPLATE = re.compile(
    r"https?://|www\.|^url\b|trang chu|tai van ban|he thong phap luat|hieu luc van ban|lien ket website"
    r"|your website|dang nhap|ban quyen|copyright|ngay cap nhat|luot xem|chung nhan tin nhiem"
    r"|^(?:dia chi|dien thoai|email|fax)\s*:"
    r"|^\W*(?:cong hoa xa hoi chu nghia viet nam|doc lap\W+tu do\W+hanh phuc)\W*$"
)


_HAS_KIND = {
    "docnum": lambda t: bool(DOCNUM.search(t)),
    "date": lambda t: bool(DATE.search(t)),
    "agency": lambda t: bool(AGENCY.search(t)),
    "number": has_figure,
}


def has_kind(text: str, kind: str | None) -> bool:
    return kind is not None and _HAS_KIND[kind](text)


def is_boilerplate(sentence: str) -> bool:
    return bool(_BOILERPLATE.search(fold(sentence)))


def coverage(wanted: dict[str, float], present: AbstractSet[str]) -> float:
    """Share of the weighted terms `wanted` (a question's, a target query's) found in `present` (0..1)."""
    total = sum(wanted.values())
    return sum(w for t, w in wanted.items() if t in present) / total if total else 0.0


def idf(frequency: int, n: int) -> float:
    """Inverse frequency of a term found in `frequency` of `n` units (sentences, targets); the 0.5
    keeps a term found nowhere finite, and the heaviest of all."""
    return math.log((n + 1) / (frequency + 0.5))


def idf_weights(question_terms: Sequence[str], frequencies: Counter, n: int) -> dict[str, float]:
    """Inverse sentence frequency over the loaded documents: words most sentences use weigh little,
    a word no sentence holds ("sốt") weighs most. A bigram no sentence holds weighs as its lighter
    syllable: "quốc_phòng" (absent) still counts, "huế_đặt" (two words that merely meet) little."""
    weights = {}
    for term in question_terms:
        weight = idf(frequencies[term], n)
        if "_" in term and not frequencies[term]:
            weight = min(idf(frequencies[part], n) for part in term.split("_"))
        weights[term] = weight
    return weights


@dataclass(frozen=True)
class Passage:
    """A candidate sentence of a retrieved chunk, scored against the question; `dense` is the
    embedder's question-sentence cosine when it was read (None otherwise)."""

    doc: CatalogEntry
    document: Document
    start: int
    end: int
    score: float
    coverage: float
    rank: int
    dense: float | None = None

    @property
    def quote(self) -> str:
        return self.document.text[self.start : self.end]


def _context_terms(doc: CatalogEntry, section: str) -> set[str]:
    """Terms a sentence inherits from its document and section: "của Huế", "năm 2025", "kế hoạch 183"."""
    years = []
    if doc.year_from:
        years = [str(y) for y in range(doc.year_from, (doc.year_to or doc.year_from) + 1)]
    fields = [doc.number, doc.kind, doc.locality, section, *years]
    return set(terms(" ".join(f for f in fields if f), folded=True))


def heading_line(document: Document, offset: int) -> str:
    """The whole heading line of the section at `offset` (labels are cut at 60 characters)."""
    section = document.section_at(offset)
    if section is None:
        return ""
    line_end = document.text.find("\n", section.start, section.end)
    return document.text[section.start : section.end if line_end < 0 else line_end]


def heading_terms(document: Document, offset: int) -> tuple[set[str], set[str]]:
    """The terms of the heading line of the section at `offset` (a duty's line "Cơ quan chủ trì:
    Phòng Tư pháp." answers for the task its heading states), and those that count toward
    relevance alone: for a sentence on the heading's line itself (a list item "b) Xây dựng ...;
    chủ động phòng ngừa ..." is its own section) only the label up to a colon counts fully, the
    line's other clauses frame it but would tie every clause of the line."""
    section = document.section_at(offset)
    line = heading_line(document, offset)
    if section is None or not section.start <= offset < section.start + len(line):
        return set(terms(line, folded=True)), set()
    colon = line.find(":", 0, offset - section.start)
    return set(terms(line[: colon + 1], folded=True)) if colon >= 0 else set(), set(terms(line, folded=True))


_SENTENCE_END = re.compile(r"[.!?]\s")
# A list item's line: a bullet or a lettered or numbered item ("a)", "1)").
_ITEM = re.compile(r"[ \t]*(?:[-–+•*]|[a-zđ]\)|\d+\))[ \t]")
# How many lines above a list item its introducing line is looked for.
_LIST_REACH = 40


def _opening(text: str, line: int, end: int) -> int:
    """Where the last sentence of text[line:end] begins."""
    ends = list(_SENTENCE_END.finditer(text, line, end))
    return ends[-1].end() if ends else line


def _list_lead(text: str, start: int) -> str:
    """The line ending in ":" that introduces the list item or line at `start` ("Các hoạt động
    gồm:" above "- Tổ chức diễn đàn trẻ em;"), across the item's siblings; "" when there is none."""
    line = text.rfind("\n", 0, start) + 1
    if text[line:start].strip(" \t-–+•*"):
        return ""
    item = bool(_ITEM.match(text, line))
    end = line - 1
    for _ in range(_LIST_REACH):
        if end <= 0:
            return ""
        above = text.rfind("\n", 0, end) + 1
        body = text[above:end].strip()
        if body.endswith(":"):
            return text[_opening(text, above, end) : end]
        if body and not (item and _ITEM.match(text, above)):
            return ""
        end = above - 1
    return ""


def lead_clause(text: str, start: int) -> str:
    """What a clause or list item continues: the clause that opens its sentence when it follows a
    ";" (in "UBND huyện yêu cầu Tháng hành động ... phải được triển khai ...; huy động ... bảo vệ
    trẻ em khỏi ..." the second clause's subject and verb are the first's), else the line ending
    in ":" that introduces it; "" for any other."""
    before = start
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    if before == 0 or text[before - 1] != ";":
        return _list_lead(text, start)
    line = text.rfind("\n", 0, start) + 1
    opening = _opening(text, line, start)
    return text[opening : text.find(";", opening, start)]


def holds_quoted(query: Query, quote: str) -> bool:
    """Whether the sentence holds a phrase the question quotes, as written (folded, any spacing),
    or a whole date it names, in any written form ("04/10/2021" is "ngày 04 tháng 10 năm 2021")."""
    if query.dates and set(query.dates) & set(whole_dates(quote)):
        return True
    return any(p in " ".join(fold(quote).split()) for p in query.quoted)


def _elsewhere(query: Query, doc: CatalogEntry) -> bool:
    """Whether the question names places and the document is known to be of none of them: its
    sentences answer for another place ("Tuyên Quang" shares "quang" with "Quảng Nam")."""
    located = " ".join(fold(doc.locality or "").split())
    return bool(query.places and located) and not any(mentions(located, n) for n in query.places)


def _bonus(query: Query, quote: str, relevant: float, config: RankConfig) -> float:
    """A question with an answer type (query_type.py) prefers a sentence holding a span of it, in
    proportion to the topic the sentence covers; one without prefers a sentence holding the kind
    it asks (an agency, a document number); either prefers one holding a phrase it quotes."""
    quoted = config.quoted_bonus if holds_quoted(query, quote) else 0.0
    return quoted + _typed_bonus(query, quote, relevant, config)


def _typed_bonus(query: Query, quote: str, relevant: float, config: RankConfig) -> float:
    if query.wants is not None:
        return config.type_bonus * relevant if holds_type(query.wants, quote, query.counts) else 0.0
    return config.kind_bonus if has_kind(quote, query.asks) else 0.0


def score_passages(
    query: Query, hits: list, documents: dict[str, Document], weights: dict[str, float], config: RankConfig
) -> list[Passage]:
    """Every sentence of every hit, scored by weighted coverage of the question, plus a bonus when
    it holds what the question asks for (`_bonus`)."""
    out = []
    # The place-and-date line dates a document and answers nothing else (Decree 30/2020): a
    # question about a date, or one naming the date it states ("kế hoạch nào ký ngày 04/10/2021").
    dated = query.asks == "date" or query.wants in ("date", "dates", "year") or bool(query.dates)
    for rank, hit in enumerate(hits, 1):
        document = documents[hit.chunk.doc_id]
        context = _context_terms(hit.doc, hit.chunk.section)
        elsewhere = _elsewhere(query, hit.doc)
        # The title (a clause's lead, lead_clause, and the other clauses of a list item's own line,
        # heading_terms) counts fully toward relevance but half toward ranking: it names the plan's
        # whole topic, so with it every sentence, even "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", would
        # seem to answer; without it a sentence that repeats the title outranks the one that answers.
        title = set(terms(hit.doc.title or "", folded=True))
        for start, end in sentence_spans(document.text, hit.chunk.start, hit.chunk.end):
            quote = document.text[start:end]
            if is_instruction(quote) or word_count(quote) < config.min_words or is_boilerplate(quote):
                continue
            if not dated and is_place_date_line(quote):
                continue
            heading, framing = heading_terms(document, start)
            lead = set(terms(lead_clause(document.text, start), folded=True))
            # On a list item's own line, the clause that opens it is its heading.
            heading |= lead if framing else set()
            present = context | heading | set(terms(quote, folded=True))
            relevant = coverage(weights, present | title | lead | framing)
            score = (coverage(weights, present) + relevant) / 2 + _bonus(query, quote, relevant, config)
            if elsewhere and not any(mentions(" ".join(fold(quote).split()), n) for n in query.places):
                score -= config.other_place
            out.append(
                Passage(hit.doc, document, start, end, score + config.rank_prior / rank, relevant, rank)
            )
    return out


def _distinct(passages: list[Passage]) -> list[Passage]:
    """Best first, one passage per displayed text (overlapping chunks repeat sentences)."""
    seen: set[str] = set()
    out = []
    for p in sorted(passages, key=lambda p: (-p.score, p.rank, p.start)):
        key = fold(display(p.quote))
        if key not in seen and p.coverage > 0:
            seen.add(key)
            out.append(p)
    return out


def rerank_by_meaning(
    query: Query, passages: list[Passage], embedder: Embedder, config: RankConfig, read: bool = False
) -> list[Passage]:
    """The `config.embedded` best passages by words, read by the embedder in one batch when
    `dense_weight` or `read` (the refusal gate weighs the cosine) asks for it: each records its
    cosine to the question (`dense`) and gains `dense_weight` times it, min-max scaled over the
    batch (e5's cosines crowd into a narrow band), so meaning decides between sentences the words
    rank alike. Reading costs a batch of embeddings per question, so neither weight 0 pays it."""
    top = _distinct(passages)[: config.embedded]
    if not top or (config.dense_weight <= 0 and not read):
        return top
    vectors = embedder.passages([display(p.quote) for p in top])
    cosines = vectors @ np.asarray(embedder.query(query.text), dtype=np.float32)
    low, span = float(cosines.min()), float(cosines.max() - cosines.min()) or 1.0
    return [
        replace(p, score=p.score + config.dense_weight * (float(c) - low) / span, dense=float(c))
        for p, c in zip(top, cosines, strict=True)
    ]


def select(passages: list[Passage], config: RankConfig, query: Query) -> list[Passage]:
    """The best passage first, then up to `max_sentences - 1` close runners-up, no repeats; none
    of another place than the question names when the best is of one (_elsewhere)."""
    ranked = _distinct(passages)
    if not ranked:
        return []
    best = ranked[0].score
    local = not _elsewhere(query, ranked[0].doc)
    close = [p for p in ranked if p.score >= config.second_ratio * best]
    return [p for p in close if not (local and _elsewhere(query, p.doc))][: config.max_sentences]


def continued(passages: list[Passage], query: Query) -> list[Passage]:
    """Each sentence lacking the answer type asked, followed by the next sentence of its paragraph
    when that one holds it: a subject-less sentence continues the one before ("... triển khai Tháng
    hành động vì trẻ em năm 2023. Thời gian thực hiện từ ngày 01/6/2023 đến ngày 30/6/2023.")."""
    if query.wants is None:
        return passages
    out: list[Passage] = []
    for p in passages:
        out.append(p)
        if holds_type(query.wants, p.quote, query.counts):
            continue
        text = p.document.text
        end = text.find("\n", p.end)
        following = sentence_spans(text, p.end, len(text) if end < 0 else end)[:1]
        for start, stop in following:
            if holds_type(query.wants, text[start:stop], query.counts) and all(
                (q.doc.doc_id, q.start) != (p.doc.doc_id, start) for q in passages + out
            ):
                out.append(replace(p, start=start, end=stop))
    return out
