"""Diacritics restored to a question typed without them, once, from the corpus's own words and
word pairs, with how sure each word is: every later step (topic words, IDF, gate signals, meaning
ranking, routes) reads the restored question, and matches folded only the words the corpus could
spell two ways about as well ("co" before a word the corpus pairs with both "có" and "cơ")."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.ingest.index import Index
from kehoach.ingest.vietnamese import fold, has_diacritics, normalize

_TOKEN = re.compile(r"\w+", re.UNICODE)
# Spellings considered per word: the corpus's commonest.
_OPTIONS = 6
# How questions are worded: plans state, they do not ask, so their words spell "bao nhieu" as
# "bảo nhiều" and "muc nao" as "mục nào".
_QUESTION_WORDING = tuple(
    normalize(p).split()
    for p in (
        "bao nhiêu; là gì; những gì; nào; mấy; khi nào; bao giờ; như thế nào; ra sao; thì sao; ở đâu;"
        " cho biết; nói gì; đề cập; nhắc đến; nhắc tới; so sánh; khác nhau; giống nhau; muốn; mong muốn;"
        " đặt ra; đặt mục tiêu; mức nào; phần trăm"
    ).split(";")
)


@dataclass(frozen=True)
class Restored:
    """The question with diacritics restored (case and punctuation as typed), and the restored
    words (lower case) whose spelling is not sure: those are matched folded."""

    text: str
    loose: frozenset[str]


def _spell(word: str, typed: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


def spellings_with_margin(
    toks: list[str], spellings: dict[str, Counter], pairs: Counter
) -> list[tuple[str, float]]:
    """Each word's likeliest spelling given its neighbours (Viterbi over the corpus's word pairs)
    and its margin: how much likelier (log) the best sentence is than the best one spelling that
    word otherwise (infinite where the corpus knows one spelling). Words the corpus lacks are kept
    as typed, with no margin: nothing says how they are spelled."""
    options = [[w for w, _ in spellings.get(t, Counter({t: 1})).most_common(_OPTIONS)] or [t] for t in toks]

    def emit(i: int, w: str) -> float:
        return (1.0 if i == 0 else 0.5) * math.log(spellings.get(fold(w), Counter())[w] + 1)

    def step(a: str, b: str) -> float:
        return math.log(pairs[(a, b)] + 0.5)

    forward = [{w: emit(0, w) for w in options[0]}]
    back: list[dict[str, str]] = [{}]
    for i, column in enumerate(options[1:], 1):
        scores, links = {}, {}
        for w in column:
            prev = max(forward[-1], key=lambda p: forward[-1][p] + step(p, w))
            scores[w], links[w] = forward[-1][prev] + step(prev, w) + emit(i, w), prev
        forward.append(scores)
        back.append(links)
    backward = [dict.fromkeys(options[-1], 0.0)]
    for i in range(len(options) - 2, -1, -1):
        later = backward[0]
        backward.insert(
            0, {w: max(step(w, q) + emit(i + 1, q) + later[q] for q in options[i + 1]) for w in options[i]}
        )
    path = [max(forward[-1], key=forward[-1].__getitem__)]
    for links in reversed(back[1:]):
        path.insert(0, links[path[0]])
    out = []
    for i, word in enumerate(path):
        through = sorted((forward[i][w] + backward[i][w] for w in options[i]), reverse=True)
        known = toks[i] in spellings
        out.append((word, 0.0 if not known else through[0] - through[1] if len(through) > 1 else math.inf))
    return out


def _with_phrases(
    spellings: dict[str, Counter], pairs: Counter, phrases: Sequence[Sequence[str]]
) -> tuple[dict[str, Counter], Counter]:
    """The corpus's counts with `phrases` added: each word one more than the commonest spelling of
    its folded form, each pair as often as the commonest pair, so the pairs decide."""
    spellings = {k: Counter(v) for k, v in spellings.items()}
    pairs, weight = Counter(pairs), max(pairs.values(), default=1)
    for phrase in phrases:
        for w in phrase:
            known = spellings.setdefault(fold(w), Counter())
            known[w] = max(known.values(), default=0) + 1
        for a, b in zip(phrase, phrase[1:], strict=False):
            pairs[(a, b)] += weight
    return spellings, pairs


def restore(question: str, spellings: dict[str, Counter], pairs: Counter, margin: float = 0.0) -> Restored:
    """`question` with each word respelled as spellings_with_margin reads it (the corpus's counts
    and the wording of questions); the words whose margin is under `margin` are loose."""
    text = normalize(question)
    found = list(_TOKEN.finditer(text))
    if not found:
        return Restored(text, frozenset())
    spellings, pairs = _with_phrases(spellings, pairs, _QUESTION_WORDING)
    chosen = spellings_with_margin([m.group(0).lower() for m in found], spellings, pairs)
    parts, end = [], 0
    for m, (word, _) in zip(found, chosen, strict=True):
        parts += [text[end : m.start()], _spell(word, m.group(0))]
        end = m.end()
    loose = frozenset(w for w, sure in chosen if sure < margin)
    return Restored("".join([*parts, text[end:]]), loose)


def restored_question(index: Index, question: str, margin: float) -> Restored | None:
    """The question as the system reads it when typed without diacritics; None when it has them."""
    if has_diacritics(question):
        return None
    return restore(question, *index.vocabulary(question), margin)
