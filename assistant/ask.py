"""The Ask job: a question (and the turns before it) in, a cited Answer out.

Order: rewrite a follow-up into a standalone question; answer from target records when
lookup.py can; else retrieve, refuse when nothing is relevant enough, compose extractively, and
let an LLM rephrase only when its answer passes the citation checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel

from kehoach.assistant import draft_request, lookup, retrieve
from kehoach.assistant.answer import (
    MAX_SENTENCES,
    Answer,
    Citation,
    Passage,
    asks_count,
    citation,
    compose_extractive,
    compose_llm,
    content_terms,
    holds_count,
    idf_weights,
    metadata_span,
    question_kind,
    refusal,
    score_passages,
    select,
    with_agencies,
)
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import fold, fold_aligned, normalize

SEARCH_K = 8
# Chunks handed to an LLM as sources.
LLM_SOURCES = 5
CLOSEST_DOCS = 3
# relevance = DENSE_SHARE * best dense cosine + (1 - DENSE_SHARE) * best lexical coverage of the
# question's content words (IDF-weighted, a sentence with its document's context). Below
# RELEVANCE_THRESHOLD the answer is a refusal. Calibrated by `kehoach eval` on eval/qa.jsonl (seeds +
# examples): 0.75 is the best threshold there, refusal accuracy 0.99 (all 19 unanswerable refused).
DENSE_SHARE = 0.2
RELEVANCE_THRESHOLD = 0.75
NO_FIGURE_PENALTY = 0.15
# Subtracted when the question names a year that the best document does not cover ("năm 2020"
# of a 2021–2030 programme).
YEAR_MISMATCH_PENALTY = 0.1
# Sentences per side of a comparison.
COMPARED_SENTENCES = 2


def relevance(dense: float, lexical: float) -> float:
    return DENSE_SHARE * dense + (1 - DENSE_SHARE) * lexical


def _best_relevance(question: str, hits: list[retrieve.Hit], passages: list[Passage]) -> float:
    """The best passage's relevance; when the question asks "how many", a passage without a figure
    cannot answer it and counts NO_FIGURE_PENALTY less."""
    counts = asks_count(question)

    def one(p: Passage) -> float:
        penalty = NO_FIGURE_PENALTY if counts and not holds_count(p.quote) else 0.0
        return relevance(hits[p.rank - 1].scores.get("dense", 0.0), p.coverage) - penalty

    return max(map(one, passages), default=0.0)


def _closest(hits: list[retrieve.Hit], index: Index) -> list[CatalogEntry]:
    docs = {h.doc.doc_id: h.doc for h in hits} if hits else {d.doc_id: d for d in index.documents()}
    return list(docs.values())[:CLOSEST_DOCS]


def _chunk_sources(hits: list[retrieve.Hit], documents: dict[str, Document]) -> list[Citation]:
    sources: list[Citation] = []
    for hit in hits[:LLM_SOURCES]:
        document = documents[hit.chunk.doc_id]
        text = document.text
        start, end = hit.chunk.start, hit.chunk.end
        start += len(text[start:end]) - len(text[start:end].lstrip())
        end -= len(text[start:end]) - len(text[start:end].rstrip())
        sources.append(citation(len(sources) + 1, hit.doc, document, start, end))
    return sources


def _with_llm(question: str, extractive: Answer, sources: list[Citation], model: BaseChatModel) -> Answer:
    """The LLM answer when it passes the checks; otherwise the extractive one, saying why."""
    try:
        answer = compose_llm(question, sources, model)
    except Exception as err:  # any backend failure (refused, timeout, HTTP error) has the same remedy
        extractive.notices.append(
            f"Không gọi được mô hình ngôn ngữ ({type(err).__name__}); đây là câu trả lời trích xuất."
        )
        return extractive
    if answer.check["passed"]:
        return answer
    problems = answer.check["problems"]
    extractive.check = {**answer.check, "rejected": answer.answer}
    extractive.notices.append(
        "Câu trả lời của mô hình ngôn ngữ không qua kiểm tra; đây là câu trả lời trích xuất."
    )
    extractive.answer += "\n\n(Đã loại câu trả lời của mô hình ngôn ngữ: " + " ".join(problems) + ")"
    return extractive


def ask(
    index: Index,
    question: str,
    llm: BaseChatModel | None = None,
    history: Sequence[str] = (),
    k: int = SEARCH_K,
    where: retrieve.Where | None = None,
) -> Answer:
    """Answer `question`; `history` holds the earlier questions of a conversation, oldest first;
    `where` restricts the documents searched (by default, the filters the question names)."""
    question, cut = retrieve.checked_question(question, index.settings.max_question_chars)
    question = normalize(question).strip()
    drafted = draft_request.answer_request(index, question, llm)  # "soạn mục ... dựa trên kế hoạch ..."
    if drafted is not None:
        return drafted
    standalone = standalone_question(question, history, index.documents())
    notices = [cut] if cut else []
    notices += [f"Câu hỏi được hiểu là: {standalone}"] if standalone != question else []
    answer = None if where else lookup.answer_from_targets(index, standalone)
    answer = answer or _answer_from_text(index, standalone, llm, k, where)
    answer.notices = notices + answer.notices
    return answer


def _searches(
    index: Index, question: str, k: int, where: retrieve.Where | None
) -> tuple[list[retrieve.Where], list[list[retrieve.Hit]]]:
    """One search; or, for a comparison of places or years that every side's documents exist for,
    one per side restricted to that side's documents, so that each side gets its own best passage
    (lifting alone lets one side's sentences answer for both)."""
    groups = [] if where else retrieve.compared_filters(question, index.documents())
    searches = [retrieve.search(index, question, k=k, where=w) for w in groups]
    if len(groups) >= 2 and all(searches):
        return groups, searches
    return [], [retrieve.search(index, question, k=k, where=where)]


def _lead_with_metadata(
    question: str, chosen: list[Passage], hit: retrieve.Hit, document: Document
) -> list[Passage]:
    """A question about the document itself (who signed it, its number, its date) is answered
    first by the exact header or signature span."""
    span = metadata_span(question, hit.doc, document)
    if span is None:
        return chosen
    lead = Passage(hit.doc, document, *span, score=chosen[0].score, coverage=chosen[0].coverage, rank=1)
    rest = [p for p in chosen if p.end <= span[0] or p.start >= span[1] or p.document is not document]
    return [lead, *rest[: MAX_SENTENCES - 1]]


def _answer_from_text(
    index: Index, question: str, llm: BaseChatModel | None, k: int, where: retrieve.Where | None = None
) -> Answer:
    compared, searches = _searches(index, question, k, where)
    hits = [hit for group in searches for hit in group]
    if not hits:
        return refusal(_closest(hits, index))
    documents = {d: index.document(d) for d in dict.fromkeys(h.chunk.doc_id for h in hits)}
    # Each side of a comparison holds its own place or year, never the other's: neither counts.
    named = set(content_terms(" ".join(f"{w.locality or ''} {w.year or ''}" for w in compared)))
    wanted = [t for t in content_terms(question) if t not in named]
    # A bigram no sentence holds is weighed by its syllables, so their frequencies are fetched too.
    needed = [part for term in wanted for part in (term, *term.split("_"))]
    weights = idf_weights(wanted, *index.sentence_frequencies(needed))
    best, chosen = 0.0, []
    for group in searches:
        passages = score_passages(question, group, documents, weights)
        best = max(best, _best_relevance(question, group, passages))
        chosen += select(passages)[: COMPARED_SENTENCES if compared else MAX_SENTENCES]
    if not compared and retrieve.year_mismatch(question, hits[0].doc):
        best -= YEAR_MISMATCH_PENALTY
    if best < RELEVANCE_THRESHOLD or not chosen:
        return refusal(_closest(hits, index))
    if len(searches) == 1:
        chosen = _lead_with_metadata(question, chosen, hits[0], documents[hits[0].chunk.doc_id])
    if question_kind(question) == "agency":
        chosen = with_agencies(chosen)
    extractive = compose_extractive(chosen, question)
    extractive.check = {"relevance": round(best, 4)}
    if llm is None:
        return extractive
    return _with_llm(question, extractive, _chunk_sources(hits, documents), llm)


# ---------------------------------------------------------------- follow-up questions

_LEVEL = rf"(?:(?:{retrieve.LEVELS}|tp\.?)\s+)?"
_MARKERS = re.compile(
    r"^\W*(?:(?:the|vay|con)\s+)*con\b|\bthi sao\b"
    r"|\b(?:chi tieu|muc tieu|ke hoach|van ban|nhiem vu|con so|ty le|dia phuong|noi)\s+(?:do|nay|ay)\b"
)
_FOLLOWUP_FILLER = re.compile(
    r"^\W*(?:(?:the|vay|con)\s+)*con\b|\bthi sao\b|\bthe nao\b|\b(?:o|cua|tai)\b|\W+$"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _catalog_places(docs: Sequence[CatalogEntry]) -> list[str]:
    """The folded place names of the catalog's localities, longest first ("vinh long" before "long")."""
    names = {name for doc in docs for name in retrieve.place_names(doc.locality)}
    return sorted(names, key=len, reverse=True)


def _find_place(text: str, names: Sequence[str]) -> re.Match | None:
    """The first place name (with its level word) in `text`; its span is one in `text` too."""
    folded = fold_aligned(text)
    for name in names:
        m = re.search(rf"\b{_LEVEL}{re.escape(name)}\b", folded)
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
    if words and all(w[0].isupper() for w in words) and not _YEAR.search(rest):
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
    kept = [followup[a:b] for a, b in _gaps(folded, _FOLLOWUP_FILLER)]
    return " ".join(" ".join(kept).split())


def _rewrite(previous: str, followup: str, names: Sequence[str]) -> str:
    place, years = _new_place(followup, names), _YEAR.findall(followup)
    base = previous.rstrip(" ?")
    if not place and not years:
        old = _find_place(base, names)
        where = f" của {base[old.start() : old.end()]}" if old else ""
        old_years = _YEAR.findall(base)
        when = f" năm {old_years[-1]}" if old_years else ""
        return f"{_topic(followup).rstrip(' ?')}{where}{when}?"
    if place:
        old = _find_place(base, names)
        base = f"{base[: old.start()]}{place}{base[old.end() :]}" if old else f"{base} của {place}"
    if years:
        old_years = _YEAR.findall(base)
        base = _YEAR.sub(years[-1], base) if old_years else f"{base} năm {years[-1]}"
    return f"{base}?"


def standalone_question(question: str, history: Sequence[str], docs: Sequence[CatalogEntry] = ()) -> str:
    """A follow-up ("còn Vĩnh Long thì sao?", "chỉ tiêu đó của năm 2030?") rewritten from the
    previous question: the place or year it names replaces the previous one, the rest is kept."""
    question = normalize(question).strip()
    if not history:
        return question
    names = _catalog_places(docs)
    previous = standalone_question(history[-1], history[:-1], docs)
    if not _MARKERS.search(fold(question)):
        return question
    return _rewrite(previous, question, names)
