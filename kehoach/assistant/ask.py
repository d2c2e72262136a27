"""The Ask job: a question (and the turns before it) in, a cited Answer out.

Order: rewrite a follow-up into a standalone question; answer from target records when
lookup.py can; else retrieve, refuse when nothing is relevant enough, compose extractively, and
let an LLM rephrase only when its answer passes the citation checks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel

from kehoach.assistant import lookup, retrieve
from kehoach.assistant.answer import (
    Answer,
    Citation,
    citation,
    compose_extractive,
    compose_llm,
    content_terms,
    idf_weights,
    refusal,
    score_passages,
    select,
    sentence_spans,
)
from kehoach.ingest.index import Index
from kehoach.ingest.records import Document
from kehoach.ingest.vietnamese import fold, normalize, terms

SEARCH_K = 8
# Chunks handed to an LLM as sources.
LLM_SOURCES = 5
CLOSEST_DOCS = 3
# How deep the dense ranking is read to find the cosine of each hit.
DENSE_DEPTH = 50
# relevance = DENSE_SHARE * best dense cosine + (1 - DENSE_SHARE) * best lexical coverage of the
# question's content words (IDF-weighted, a sentence with its document's context). Below
# RELEVANCE_THRESHOLD the answer is a refusal. Set by hand on answerable and unanswerable questions
# over seeds + examples (answerable >= 0.78, unanswerable <= 0.73); to calibrate on eval/qa.jsonl.
DENSE_SHARE = 0.2
RELEVANCE_THRESHOLD = 0.75


@functools.lru_cache(maxsize=4)
def _sentence_terms(index: Index, doc_ids: tuple[str, ...]) -> list[set[str]]:
    """The folded terms of every sentence of the loaded documents: the base of the IDF weights."""
    out = []
    for doc_id in doc_ids:
        text = index.text(doc_id)
        out += [set(terms(text[s:e], folded=True)) for s, e in sentence_spans(text)]
    return out


def relevance(dense: float, lexical: float) -> float:
    return DENSE_SHARE * dense + (1 - DENSE_SHARE) * lexical


def _dense_scores(index: Index, question: str, hits: list[retrieve.Hit]) -> dict[str, float]:
    doc_ids = sorted({h.chunk.doc_id for h in hits})
    return dict(index.dense_search(question, DENSE_DEPTH, doc_ids))


def _closest(hits: list[retrieve.Hit], index: Index) -> list[dict]:
    docs = {h.doc["doc_id"]: h.doc for h in hits} if hits else {d["doc_id"]: d for d in index.documents()}
    return list(docs.values())[:CLOSEST_DOCS]


def _chunk_sources(hits: list[retrieve.Hit], documents: dict[str, Document]) -> list[Citation]:
    sources = []
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
) -> Answer:
    """Answer `question`; `history` holds the earlier questions of a conversation, oldest first."""
    question = normalize(question).strip()
    standalone = standalone_question(question, history, index.documents())
    notices = [f"Câu hỏi được hiểu là: {standalone}"] if standalone != question else []
    answer = lookup.answer_from_targets(index, standalone) or _answer_from_text(index, standalone, llm, k)
    answer.notices = notices + answer.notices
    return answer


def _answer_from_text(index: Index, question: str, llm: BaseChatModel | None, k: int) -> Answer:
    hits = retrieve.search(index, question, k=k)
    if not hits:
        return refusal(_closest(hits, index))
    documents = {d: index.document(d) for d in dict.fromkeys(h.chunk.doc_id for h in hits)}
    all_ids = tuple(sorted(d["doc_id"] for d in index.documents()))
    weights = idf_weights(content_terms(question), _sentence_terms(index, all_ids))
    passages = score_passages(question, hits, documents, weights)
    dense = _dense_scores(index, question, hits)
    best = max(
        (relevance(dense.get(hits[p.rank - 1].chunk.chunk_id, 0.0), p.coverage) for p in passages),
        default=0.0,
    )
    chosen = select(passages)
    if best < RELEVANCE_THRESHOLD or not chosen:
        return refusal(_closest(hits, index))
    extractive = compose_extractive(chosen)
    extractive.check = {"relevance": round(best, 4)}
    if llm is None:
        return extractive
    return _with_llm(question, extractive, _chunk_sources(hits, documents), llm)


# ---------------------------------------------------------------- follow-up questions

_LEVEL = r"(?:(?:tinh|thanh pho|tp\.?|huyen|quan|thi xa|thi tran|xa|phuong)\s+)?"
_MARKERS = re.compile(
    r"^\W*(?:(?:the|vay|con)\s+)*con\b|\bthi sao\b"
    r"|\b(?:chi tieu|muc tieu|ke hoach|van ban|nhiem vu|con so|ty le|dia phuong|noi)\s+(?:do|nay|ay)\b"
)
_FOLLOWUP_FILLER = re.compile(
    r"^\W*(?:(?:the|vay|con)\s+)*con\b|\bthi sao\b|\bthe nao\b|\b(?:o|cua|tai)\b|\W+$"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LEVEL_WORDS = ("thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã ", "thị trấn ", "xã ", "phường ")


def place_names(docs: Sequence[dict]) -> list[str]:
    """ "Huế", "Văn Lãng", "Lạng Sơn": the names in the catalog's localities, without their level."""
    names = set()
    for doc in docs:
        for part in (doc.get("locality") or "").split(","):
            name = part.strip()
            for level in _LEVEL_WORDS:
                if name.lower().startswith(level):
                    name = name[len(level) :]
            if name:
                names.add(name)
    return sorted(names, key=len, reverse=True)


def _find_place(text: str, names: Sequence[str]) -> re.Match | None:
    """The first place name (with its level word) in `text`; spans of fold(text) equal text's."""
    folded = fold(text)
    for name in names:
        m = re.search(rf"\b{_LEVEL}{re.escape(fold(name))}\b", folded)
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
    folded = fold(followup)
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


def standalone_question(question: str, history: Sequence[str], docs: Sequence[dict] = ()) -> str:
    """A follow-up ("còn Vĩnh Long thì sao?", "chỉ tiêu đó của năm 2030?") rewritten from the
    previous question: the place or year it names replaces the previous one, the rest is kept."""
    question = normalize(question).strip()
    if not history:
        return question
    names = place_names(docs)
    previous = standalone_question(history[-1], history[:-1], docs)
    if not _MARKERS.search(fold(question)):
        return question
    return _rewrite(previous, question, names)
