"""The Ask job: a question (and the turns before it) in, a cited Answer out.

Order: rewrite a follow-up into a standalone question; understand it once (query.py); route it by
intent (ROUTES): target and responsibility questions are answered from target records when those
match; everything else, and whatever a route cannot answer, from the text: retrieve, gate
(refuse when the passages do not answer), then answer a question about the document itself (its
number, date, signer, issuing body) from the parsed header of the retrieved document it asks about
(answer_meta.py), or compose extractively and let an LLM rephrase only when its answer passes the
citation checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from langchain_core.language_models import BaseChatModel

from kehoach.assistant import abbreviations, draft_request, lookup_answer, restore, retrieve, synonyms
from kehoach.assistant.acronyms import acronym_answer
from kehoach.assistant.answer import Answer, Citation, citation, compose_extractive, refusal
from kehoach.assistant.answer_llm import compose_llm
from kehoach.assistant.answer_meta import header_answer, with_agencies
from kehoach.assistant.answer_part import part_answer
from kehoach.assistant.cited import (
    Cited,
    asked_of,
    cited_answer,
    citing_answer,
    described_citation,
    effect_of_cited,
    named_citations,
)
from kehoach.assistant.config import DEFAULT, Config
from kehoach.assistant.figures import in_figures
from kehoach.assistant.followup import standalone_question
from kehoach.assistant.gate import evidence, relevance, unknown_place
from kehoach.assistant.header_lookup import by_header
from kehoach.assistant.places import short_names_written_out
from kehoach.assistant.query import Query, analyze
from kehoach.assistant.query_header import asks_subject
from kehoach.assistant.rank import (
    Passage,
    continued,
    idf_weights,
    rerank_by_meaning,
    score_passages,
    select,
)
from kehoach.assistant.sides import (
    Side,
    clause_terms,
    foreign_terms,
    index_sides,
    shared_topic,
    side_queries,
)
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry, Document
from kehoach.ingest.vietnamese import normalize


def _closest(hits: list[retrieve.Hit], index: Index, config: Config) -> list[CatalogEntry]:
    docs = {h.doc.doc_id: h.doc for h in hits} if hits else {d.doc_id: d for d in index.documents()}
    return list(docs.values())[: config.closest_docs]


def _chunk_sources(
    hits: list[retrieve.Hit], documents: dict[str, Document], config: Config
) -> list[Citation]:
    sources: list[Citation] = []
    for hit in hits[: config.llm_sources]:
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


def _searches(
    index: Index, query: Query, k: int, where: retrieve.Where | None, config: Config
) -> tuple[list[Side], list[list[retrieve.Hit]]]:
    """One search; or, for a comparison, one per side within that side's documents (matched by the
    catalog or, where it lacks the field, by their opening), so that each side gets its own best
    passage (lifting alone lets one side's sentences answer for both)."""
    sides = [] if where else index_sides(index, query, config.retrieval)
    searches = [
        retrieve.search(
            index, query.text, k=k, prefer=s.where, config=config.retrieval, analysis=query, within=s.doc_ids
        )
        for s in sides
    ]
    if len(sides) >= 2 and all(searches):
        return sides, searches
    return [], [retrieve.search(index, query.text, k=k, where=where, config=config.retrieval, analysis=query)]


def _cited(
    index: Index,
    query: Query,
    searches: list[list[retrieve.Hit]],
    documents: dict[str, Document],
    side_weights: list[dict[str, float]],
    config: Config,
) -> list[list[Cited]]:
    """The documents the plans cite that the question asks of: named by number, or else described,
    each side's in the first document its search found, judged on its side's words
    (cited.described_citation)."""
    cited = []
    if query.header or query.which_doc or query.asks_effect or asks_subject(query.folded):
        cited = named_citations(query, documents.values(), index.documents(), config.rank)
    if (cited and (query.which_doc or asked_of(query, cited))) or not query.header:
        return cited
    entries = {h.doc.doc_id: h.doc for group in searches for h in group}  # the hits carry them
    described = [
        described_citation(query, [documents[h.chunk.doc_id] for h in group], entries, weights, config.rank)
        for group, weights in zip(searches, side_weights, strict=True)
    ]
    return [g for groups in described for g in groups] if all(described) else cited


def _answer_from_text(
    index: Index,
    query: Query,
    llm: BaseChatModel | None,
    k: int,
    where: retrieve.Where | None,
    config: Config,
) -> Answer:
    compared, searches = _searches(index, query, k, where, config)
    hits = [hit for group in searches for hit in group]
    if not hits:
        return refusal(_closest(hits, index, config))
    documents = {d: index.document(d) for d in dict.fromkeys(h.chunk.doc_id for h in hits)}
    # Sentences are scored on what the sides share; a header question's document is identified
    # by its own subject too.
    wanted = shared_topic(query, compared)
    named = wanted + [t for side in compared for t in side.terms if t not in wanted]
    # A bigram no sentence holds is weighed by its syllables, so their frequencies are fetched too.
    needed = [part for term in named for part in (term, *term.split("_"))]
    frequencies = index.sentence_frequencies(needed)
    weights = idf_weights(wanted, *frequencies)
    per_side = config.rank.compared_sentences if compared else config.rank.max_sentences
    # A side of a comparison is judged on what the sides share less the other side's own words
    # (sides.foreign_terms); not on its own names either, which would lift any sentence of its plan.
    foreign = foreign_terms(index, query, compared, config.retrieval.opening)
    clauses = clause_terms(query, compared)
    # Each side is gated on what it is asked: its own clause's answer type, where it asks its own
    # (sides.side_queries); and then not on what the other side's clause asks either.
    asking = side_queries(query, compared)
    own_clauses = asking[0] is not query
    judged_terms = [
        [t for t in wanted if t not in f and not (own_clauses and t in c)]
        for f, c in zip(foreign, clauses, strict=True)
    ]
    judged = [idf_weights(t, *frequencies) for t in judged_terms]
    sides = [list({h.doc.doc_id: h.doc for h in group}.values()) for group in searches]
    # A side is identified by the question's words less the other side's own (foreign_terms) and
    # those of the other side's clause (clause_terms).
    own = [[t for t in side.terms if t not in wanted] for side in compared] or [[]]
    apart = [f | c for f, c in zip(foreign, clauses, strict=True)] or [set()]
    side_weights = [
        idf_weights([t for t in wanted + extra if t not in f], *frequencies)
        for extra, f in zip(own, apart, strict=True)
    ]
    cited = _cited(index, query, searches, documents, side_weights, config)
    if cited and (query.which_doc or asked_of(query, cited) or effect_of_cited(query, cited)):
        # Documents the plans cite but the corpus lacks: which plans cite them, and their date,
        # issuer and subject, are the citations', never a citing plan's header (the gate does not
        # decide it, as for a named document).
        entries = {c.doc_id: index.entry(c.doc_id) for group in cited for c in group}
        if query.which_doc:
            from_citation = citing_answer(cited, entries, documents)
        else:
            from_citation = cited_answer(query, cited, entries, documents)
        from_citation.check = {"relevance": 1.0, "identified": True}
        return from_citation
    # A regulated part (its effect, its recipients, an item by position) of each document named.
    part = part_answer(query, sides, documents, side_weights, config.rank)
    found: list[float] = []
    picked: list[list[Passage]] = []
    for n, group in enumerate(searches):
        # A side asking its own question is answered by its own clause's words too.
        answered = judged[n] if own_clauses else weights
        scored = score_passages(asking[n], group, documents, answered, config.rank)
        dense = {rank: hit.scores.get("dense", 0.0) for rank, hit in enumerate(group, 1)}
        judging = score_passages(query, group, documents, judged[n], config.rank) if compared else scored
        found.append(relevance(asking[n], judging, dense, config.gate))
        meant = rerank_by_meaning(
            query, scored, index.embedder, config.rank, read=config.gate.meaning_gap > 0
        )
        picked.append(continued(select(meant, config.rank, query)[:per_side], query))
    chosen = [p for side in picked for p in side]
    # Word pairs only of what every side is judged on: none crosses from one side's words to another's.
    every = [t for t in wanted if not any(t in f for f in foreign)] if compared else None
    # A comparison's side is gated on its own best passages: the whole is refused only when every
    # side is, so the best side's signals are recorded (gate_sweep), and a side well under the gate
    # is said to be unstated rather than answered from an unrelated sentence.
    # Its sentences are judged on the same words as its passages (judged_terms).
    gated = [
        evidence(
            asking[n],
            index,
            f,
            d,
            p,
            config.retrieval.opening,
            compared=bool(compared),
            topic=every,
            judged=judged_terms[n] if compared else None,
        )
        for n, (f, d, p) in enumerate(zip(found, sides, picked, strict=True))
    ]
    signals = max(gated, key=lambda s: s.score(config.gate))
    stated = [s.score(config.gate) >= config.gate.threshold - config.gate.side_margin for s in gated]
    if compared and any(stated):
        chosen = [p for side, ok in zip(picked, stated, strict=True) if ok for p in side]
    unstated = [d[0] for d, ok in zip(sides, stated, strict=True) if compared and d and not ok]
    check = {"relevance": round(signals.score(config.gate), 4), "evidence": signals.as_json()}
    header = None
    answer: Answer | None
    if query.header and chosen:
        texts = [p if ok else [] for p, ok in zip(picked, stated, strict=True)] if compared else []
        header = header_answer(query, sides, documents, side_weights, config.rank, texts)
    if part is not None:
        # Like a header field: the identification and the part's own span are the evidence.
        answer, check = part, {"relevance": check["relevance"], "identified": True}
    elif not chosen:  # nothing to quote, whatever the gate says: its evidence is not recorded
        answer, check = refusal(_closest(hits, index, config)), {"relevance": check["relevance"]}
    elif header is not None and header.identified:
        # The documents the question names answer from their header, whatever the passages'
        # relevance: the gate did not decide it, so its evidence is not recorded (gate_sweep).
        answer, check = header.answer, {"relevance": check["relevance"], "identified": True}
    elif header is not None and (not header.answer.supported or not signals.refuses(config.gate)):
        # A header refusal says why ("the loaded plan is of 2021-2025"); a plain one does not.
        answer = header.answer
    elif signals.refuses(config.gate):
        answer = refusal(_closest(hits, index, config))
    else:
        answer = None
    if answer is not None:
        answer.check = check
        return answer
    if query.asks == "agency":
        chosen = with_agencies(chosen)
    extractive = compose_extractive(chosen, compared=bool(compared), unstated=unstated)
    extractive.check = check
    if llm is None:
        return extractive
    return _with_llm(query.text, extractive, _chunk_sources(hits, documents, config), llm)


Route = Callable[[Index, Query, Config], Answer | None]
# The handler tried first for each intent; None (or no handler) falls back to the text.
ROUTES: dict[str, Route] = {
    "responsibility": lookup_answer.answer_responsibility,
    "target": lookup_answer.answer_target,
}


def ask(
    index: Index,
    question: str,
    llm: BaseChatModel | None = None,
    history: Sequence[str] = (),
    k: int | None = None,
    where: retrieve.Where | None = None,
    config: Config = DEFAULT,
) -> Answer:
    """Answer `question`; `history` holds the earlier questions of a conversation, oldest first;
    `where` restricts the documents searched (by default, what the question names only lifts)."""
    question, cut = retrieve.checked_question(question, index.settings.max_question_chars)
    question = normalize(question).strip()
    drafted = draft_request.answer_request(index, question, llm)  # "soạn mục ... dựa trên kế hoạch ..."
    if drafted is not None:
        return drafted
    docs = index.documents()
    standalone = standalone_question(question, history, docs)
    read = abbreviations.expanded(index, short_names_written_out(standalone, docs))  # "TT Huế", "thẻ BHYT"
    read = synonyms.in_corpus_words(index, read)  # "trẻ chết đuối" -> "trẻ đuối nước"
    read = in_figures(read)  # "trên 100 nghìn trẻ" -> "trên 100.000 trẻ"
    restored = restore.restored_question(index, read, config.retrieval.restore_margin)
    query = analyze(read, docs, restored)
    notices = [cut] if cut else []
    notices += [f"Câu hỏi được hiểu là: {standalone}"] if standalone != question else []
    missing = unknown_place(query, index, config.gate)
    route = None if where else ROUTES.get(query.intent)
    if missing:
        answer: Answer | None = refusal([], f"Không văn bản nào đã nạp nhắc đến «{missing}».")
    else:
        answer = (
            by_header(query, index, config.rank)
            or acronym_answer(index, standalone, config)
            or (route(index, query, config) if route else None)
        )
    answer = answer or _answer_from_text(index, query, llm, k or config.search_k, where, config)
    answer.notices = notices + answer.notices
    return answer
