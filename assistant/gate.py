"""The refusal gate: whether the retrieved passages answer the question, from several signals.

Overall relevance (the best passage's dense cosine and IDF coverage of the question's topic) is
weighed against evidence that the documents found are about something else: topic words the best
documents never use ("đào tạo phi công" asked of plans about children), a place, a year, a period
or a figure the question names that the answer's document does not hold, and evidence that the
answer's sentences do not hold what is asked (answer_evidence.py). A place that neither the
catalog nor any loaded document mentions is answered as such (`unknown_place`, which ask()
checks before any route).
Thresholds and penalties are GateConfig's, fitted on the wild dev split (eval/README.md)."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass

from kehoach.assistant import answer_evidence
from kehoach.assistant.config import GateConfig
from kehoach.assistant.places import has_phrase, mentions
from kehoach.assistant.query import Query
from kehoach.assistant.query_type import holds_count
from kehoach.assistant.rank import Passage, idf
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, words

# Documents whose words count as "the documents found".
BEST_DOCUMENTS = 3


@functools.lru_cache(maxsize=512)
def _document_words(index: Index, doc_id: str) -> tuple[frozenset[str], frozenset[str], str, str]:
    """A document's words as written and folded, its folded text (for place names) and its folded
    words in order (for word pairs, which "phòng, chống" writes with a comma between)."""
    text = index.text(doc_id)
    ordered = words(text)
    written = frozenset(ordered)
    return written, frozenset(fold(w) for w in written), " ".join(fold(text).split()), fold(" ".join(ordered))


@dataclass(frozen=True)
class Evidence:
    """The gate's signals for one question; `score` weighs them under a GateConfig, so a sweep
    re-weighs a finished run without asking again."""

    relevance: float
    year_mismatch: bool = False
    place_missing: bool = False
    figure_missing: bool = False
    # IDF share of the question's topic words that none of the best documents holds.
    absent: float = 0.0
    # Answer-type evidence (answer_evidence.py): a named period the document does not cover; a
    # named year no answer sentence stating the value states; the best topic coverage of an
    # answer sentence stating the figure, year or date asked (None: none asked); the IDF share of
    # topic words that no answer sentence holds.
    period_mismatch: bool = False
    year_unstated: bool = False
    typed: float | None = None
    sentence_absent: float = 0.0
    # The question asks how many of something and no answer sentence states a count; the named
    # year is stated only by sentences of documents that lack the named place.
    tally_unstated: bool = False
    year_elsewhere: bool = False
    # The embedder's best cosine between the question and an answer sentence (None: none read), so
    # a paraphrase is not judged by its words alone; the IDF share of the question's word pairs
    # ("quốc phòng") whose words the best documents hold, but never side by side.
    meaning: float | None = None
    pair_absent: float = 0.0
    # A comparison, gated on its best side: each side is judged only on what the sides share less
    # the other side's own words, so its coverage runs lower than a one-document question's.
    compared: bool = False
    # An open question: it asks for no answer type, no header field and no document, and is no
    # comparison ("... muốn kéo thêm sự tham gia của ai?"). Nothing checks its answer's type, and
    # its words are the user's more than the plan's, so its coverage runs lower than a typed one's
    # (credited only while the best documents hold its words and word pairs: `paraphrased`).
    open_question: bool = False

    def penalties(self, gate: GateConfig) -> dict[str, float]:
        """Each signal's value as the weight of GateConfig's field of the same name multiplies it
        (0 under its cut-off), so the sweep can re-weigh them all at once."""
        return {
            "year_mismatch": float(self.year_mismatch),
            "place_missing": float(self.place_missing),
            "figure_missing": float(self.figure_missing),
            "absent_topic": self.absent if self.absent >= gate.absent_share else 0.0,
            "period_mismatch": float(self.period_mismatch),
            "year_unstated": float(self.year_unstated),
            "type_missing": float(self.typed is not None and self.typed <= gate.type_cover),
            "tally_unstated": float(self.tally_unstated),
            "year_elsewhere": float(self.year_elsewhere),
            "sentence_absent": self.sentence_absent if self.sentence_absent >= gate.sentence_share else 0.0,
            "meaning_gap": gate.meaning_centre - self.meaning if self.meaning is not None else 0.0,
            "absent_pair": self.pair_absent,
            "compared": -float(self.compared),
            "open_question": -float(self.open_question and self.paraphrased(gate)),
        }

    def paraphrased(self, gate: GateConfig) -> bool:
        """Whether the best documents hold the question's words and word pairs, as a paraphrase's
        plan does; not "ngân sách quốc phòng" (a pair held only apart) nor "ca sĩ" (in no plan)."""
        return self.absent < gate.open_absent and self.pair_absent < gate.open_pairs

    def score(self, gate: GateConfig) -> float:
        return self.relevance - sum(getattr(gate, k) * v for k, v in self.penalties(gate).items())

    def refuses(self, gate: GateConfig) -> bool:
        return self.score(gate) < gate.threshold

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Evidence:
        """Evidence recorded by a run (keys it does not know are ignored)."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def relevance(query: Query, passages: list[Passage], dense: dict[int, float], gate: GateConfig) -> float:
    """The best passage's relevance: `dense_share` of its chunk's dense cosine (`dense` by rank)
    and the rest its IDF coverage; when the question asks "how many", a passage without a figure
    cannot answer it and counts `no_figure` less."""

    def one(p: Passage) -> float:
        penalty = gate.no_figure if query.counts and not holds_count(p.quote) else 0.0
        return gate.dense_share * dense.get(p.rank, 0.0) + (1 - gate.dense_share) * p.coverage - penalty

    return max(map(one, passages), default=0.0)


def _topic_weights(query: Query, index: Index) -> dict[str, float]:
    """Each topic word's inverse document frequency (as written when its spelling is sure, folded
    when loose), from the counts stored at ingest: reading every document per question grew with
    the corpus."""
    sure = [w for w in query.words if w not in query.loose]
    counts, n = index.document_frequencies(sure, folded=False)
    loose, _ = index.document_frequencies(sorted({fold(w) for w in query.loose}), folded=True)
    held = {w: loose[fold(w)] if w in query.loose else counts[w] for w in query.words}
    return {w: math.log((n + 1) / (held[w] + 0.5)) for w in query.words}


def _absent_share(query: Query, index: Index, weights: dict[str, float], best: list[str]) -> float:
    """IDF-weighted (over documents) share of the question's topic words that none of the `best`
    documents holds, as written when its spelling is sure ("phi" is not "phí")."""
    total = sum(weights.values())
    if not total or not best:
        return 0.0
    sets = [_document_words(index, doc_id)[:2] for doc_id in best]
    absent = sum(w for word, w in weights.items() if not any(query.held(word, *s) for s in sets))
    return absent / total


def pair_absent(
    query: Query, index: Index, chosen: list[Passage], best: list[str], topic: Sequence[str] | None = None
) -> float:
    """Share, each pair weighing as its lighter syllable's inverse sentence frequency, of the
    question's adjacent topic-word pairs whose two words the `best` documents hold but that neither
    they nor the answer sentences hold side by side: the word signals count "quốc phòng" held in
    plans that say "quốc gia" and "phòng chống", a Vietnamese compound is two syllables. A
    comparison's `topic` is what every side is judged on: a pair that crosses from one side's
    words to the other's ("em thành" of "trẻ em thành phố") is no pair of the question's."""
    named = answer_evidence.place_syllables(query)
    pairs = [t.split("_") for t in (query.topic if topic is None else topic) if "_" in t]
    pairs = [p for p in pairs if not any(w.isdigit() or w in named for w in p)]
    if not pairs or not best:
        return 0.0
    frequencies, n = index.sentence_frequencies([w for p in pairs for w in p])
    weights = {" ".join(p): min(idf(frequencies[w], n) for w in p) for p in pairs}
    held = set().union(*(_document_words(index, d)[1] for d in best))
    texts = [_document_words(index, d)[3] for d in best]
    texts += [fold(" ".join(words(answer_evidence.context(p)))) for p in chosen]
    apart = [
        pair
        for pair in weights
        if all(w in held for w in pair.split()) and not any(has_phrase(t, pair) for t in texts)
    ]
    total = sum(weights.values())
    return sum(weights[p] for p in apart) / total if total else 0.0


def year_mismatch(query: Query, doc: CatalogEntry, folded_text: str, sentences: Sequence[str] = ()) -> bool:
    """Whether the question names one year ("năm 2020", "Huế 2023", not a period, a date or the
    base of a change, "so với năm 2015") that `doc` does not cover: outside its known years, or, with those
    unknown, absent from its text; a year the answer sentences state is covered (a plan states
    its baseline: "năm 2015 tỷ suất ... là 24,8/100.000")."""
    years = [y for y in query.years or query.lone_years if y not in query.target.base_years]
    if len(years) != 1:
        return False
    year = years[0]
    if any(str(year) in s for s in sentences):
        return False
    if doc.year_from is not None:
        return not doc.year_from <= year <= (doc.year_to or doc.year_from)
    return str(year) not in folded_text


def _holds_figure(figure: str, folded_text: str) -> bool:
    number = re.escape(figure.rstrip("% ").replace(",", ".")).replace(r"\.", "[.,]")
    return re.search(rf"(?<![\d.,]){number}\s*%", folded_text) is not None


def _place_held(name: str, doc: CatalogEntry, folded_text: str) -> bool:
    return mentions(" ".join(fold(doc.locality or "").split()), name) or mentions(folded_text, name)


def unknown_place(query: Query, index: Index, gate: GateConfig) -> str | None:
    """A place the question names with its level word ("tỉnh Cà Mau") that neither the catalog nor
    any document's text mentions, in any of its written forms (places.mentions); the lexical index
    offers the few chunks that may hold it, so no question reads every document."""
    docs = index.documents()
    for name in query.place_phrases:
        if any(mentions(" ".join(fold(d.locality or "").split()), name) for d in docs):
            continue
        texts = index.texts_with_phrase(name, gate.place_candidates)
        if not any(mentions(" ".join(fold(text).split()), name) for text in texts):
            return name
    return None


def evidence(
    query: Query,
    index: Index,
    found: float,
    best_docs: list[CatalogEntry],
    chosen: list[Passage],
    opening: int,
    compared: bool = False,
    topic: Sequence[str] | None = None,
    judged: Collection[str] | None = None,
) -> Evidence:
    """The signals for and against answering with relevance `found` from `best_docs` (best first)
    with the sentences `chosen`; the document judged is the first chosen sentence's. A
    comparison's sides each name their own place or year, so those are not held against it, and
    a side's sentences need hold only the folded terms it is `judged` on (what the sides share,
    less the other side's own words): not "sức khỏe tâm thần" of the other plan, nor "mỗi tỉnh"."""
    if not best_docs:
        return Evidence(found)
    weights = _topic_weights(query, index)
    best = [d.doc_id for d in best_docs[:BEST_DOCUMENTS]]
    top = chosen[0].doc if chosen else best_docs[0]
    top_text = _document_words(index, top.doc_id)[2]
    sentences = [p.quote for p in chosen]
    answering = {p.doc.doc_id: p.doc for p in chosen} or {top.doc_id: top}
    own = answer_evidence.topic_weights(query, weights)
    if judged is not None:
        own = {w: v for w, v in own.items() if fold(w) in judged}
    named = (*query.places, *query.place_phrases)

    def placed(doc: CatalogEntry) -> bool:
        return all(_place_held(n, doc, _document_words(index, doc.doc_id)[2]) for n in named)

    # The answer's value must come from a document of the places named (a comparison's sides each
    # name their own).
    local = None if compared or not named else placed

    return Evidence(
        relevance=round(found, 4),
        year_mismatch=not compared and year_mismatch(query, top, top_text, sentences),
        place_missing=not compared and any(not _place_held(n, top, top_text) for n in named),
        figure_missing=any(not _holds_figure(f, top_text) for f in query.figures),
        absent=round(_absent_share(query, index, weights, best), 4),
        period_mismatch=not compared
        and answer_evidence.period_mismatch(
            query, list(answering.values()), [_document_words(index, d)[2][:opening] for d in answering]
        ),
        year_unstated=not compared and answer_evidence.year_unstated(query, chosen, top),
        typed=answer_evidence.typed_cover(query, chosen, own, local),
        sentence_absent=answer_evidence.sentence_absent(query, chosen, own),
        tally_unstated=answer_evidence.tally_unstated(query, chosen, local),
        year_elsewhere=not compared and answer_evidence.year_elsewhere(query, chosen, placed),
        meaning=max((round(p.dense, 4) for p in chosen if p.dense is not None), default=None),
        pair_absent=round(pair_absent(query, index, chosen, best, topic), 4),
        compared=compared,
        open_question=is_open(query) and not compared,
    )


def is_open(query: Query) -> bool:
    """Whether the question asks for content in its own words: no answer type (query_type.py),
    no kind of sentence, no count, no header field, no regulated part, not which document."""
    return (
        query.wants is None
        and query.asks is None
        and query.part is None
        and not query.counts
        and not query.header
        and not query.which_doc
    )
