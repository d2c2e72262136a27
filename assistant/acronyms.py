"""What an abbreviation stands for ("chữ TECHCĐB là viết tắt của gì?"), from where a loaded text
defines it: plans write the full words once, then the abbreviation in brackets ("trẻ em có hoàn
cảnh đặc biệt (TECHCĐB)"), and use the abbreviation from there on. The words are those before the
brackets whose syllables' initials spell it ("và" may be left out: "LĐTBXH")."""

from __future__ import annotations

import re

from kehoach.assistant import retrieve
from kehoach.assistant.answer import EXTRACTIVE, Answer, citation
from kehoach.assistant.config import Config
from kehoach.assistant.sentences import display, sentence_spans
from kehoach.ingest.index import Index
from kehoach.ingest.vietnamese import fold, fold_aligned

_ASKS = re.compile(r"(?<![a-z])viet tat(?![a-z])")
# An abbreviation as typed: capitals ("TECHCĐB", "BVCS&GDTE", "LĐTB-XH"), or, in a question typed in
# lower case, any word.
_CAPITALS = re.compile(r"(?<![\w&-])[A-ZĐ]{2,}(?:[&-][A-ZĐ]+)*(?![\w&-])")
_SKIPPED = {"và"}


def _initials(words: list[str]) -> str:
    return fold("".join(w[0] for w in words if w.lower() not in _SKIPPED)).lower()


def _spelled(before: str, token: str) -> str | None:
    """The last words of `before` whose initials spell `token` (both folded)."""
    found = re.findall(r"[^\W\d_]+", before)
    wanted = re.sub(r"[&-]", "", fold(token).lower())  # "&" is the "và" initials may leave out
    for n in range(len(wanted), len(wanted) + len(_SKIPPED) + 2):
        if len(found) >= n and _initials(found[-n:]) == wanted:
            tail = found[-n:]
            at = before.rfind(tail[0], 0, len(before) - sum(len(w) for w in tail[1:]))
            return " ".join(before[at:].split()).strip(" ,;:-–")
    return None


def acronym_answer(index: Index, question: str, config: Config) -> Answer | None:
    """The full words of the abbreviation `question` (as typed: not yet read in full words by
    abbreviations.py) asks about, quoted from the sentence that defines it; None when it asks no
    such thing or no loaded text defines it."""
    if not _ASKS.search(fold(question).lower()):
        return None
    typed = _CAPITALS.findall(question) or [w for w in question.split() if len(w) >= 3]
    for token in dict.fromkeys(w.strip("?,.:;\"'«»()") for w in typed):
        brackets = re.compile(rf"\(\s*{re.escape(fold(token).lower())}\s*\)")
        hits = retrieve.search(index, token, k=config.search_k, config=config.retrieval)
        for doc_id in dict.fromkeys(h.chunk.doc_id for h in hits):
            document = index.document(doc_id)
            text = document.text
            for m in brackets.finditer(fold_aligned(text).lower()):
                line = text.rfind("\n", 0, m.start()) + 1
                words = _spelled(text[line : m.start()], token)
                if not words:
                    continue
                end = text.find("\n", m.end())
                spans = sentence_spans(text, line, len(text) if end < 0 else end)
                span = next((s for s in spans if s[0] <= m.start() < s[1]), (line, m.end()))
                doc = index.entry(doc_id)
                cited = citation(1, doc, document, *span)
                written = text[m.start() + 1 : m.end() - 1].strip()
                lines = [
                    f"{written} là viết tắt của «{words}».",
                    f"Văn bản: {doc.label}.",
                    display(cited.quote),
                ]
                return Answer(
                    answer="\n".join(lines) + " [1]", supported=True, mode=EXTRACTIVE, citations=[cited]
                )
    return None
