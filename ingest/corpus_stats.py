"""The corpus statistics the read side weighs questions with, counted once per document at ingest
(and subtracted when it leaves) instead of over every text by every process that answers.

- sentence frequencies: in how many sentences each folded term occurs (the IDF of `ask`);
- spellings: how often each written form of a folded word occurs ("tre" -> "trẻ", "tre");
- pairs: how often one word follows another (restoring diacritics to a question typed without);
- document words: in how many documents each word occurs, as written and folded (the IDF of the
  refusal gate), and how many documents there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kehoach.ingest.sentences import sentence_spans
from kehoach.ingest.vietnamese import fold, terms, words


@dataclass
class TextStats:
    sentences: int = 0
    sentence_terms: Counter[str] = field(default_factory=Counter)
    spellings: Counter[tuple[str, str]] = field(default_factory=Counter)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (word, 0) as written and (folded word, 1), once per document.
    document_words: Counter[tuple[str, int]] = field(default_factory=Counter)


def text_stats(text: str) -> TextStats:
    """Each distinct sentence and word is analysed once: documents repeat boilerplate, and a file of
    one repeated sentence must not cost its size in analysis."""
    stats = TextStats()
    sentence_terms: dict[str, set[str]] = {}
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if sentence not in sentence_terms:
            sentence_terms[sentence] = set(terms(sentence, folded=True))
        stats.sentence_terms.update(sentence_terms[sentence])
        stats.sentences += 1
    toks = words(text)
    spelled = Counter(toks)
    stats.spellings.update({(fold(tok), tok): n for tok, n in spelled.items()})
    stats.pairs.update(zip(toks, toks[1:], strict=False))
    stats.document_words = document_words(spelled)
    return stats


def document_words(toks: Iterable[str]) -> Counter[tuple[str, int]]:
    """Each distinct word of a document once as written, (word, 0), and once folded, (word, 1)."""
    written = set(toks)
    return Counter([(w, 0) for w in written] + [(f, 1) for f in {fold(w) for w in written}])
