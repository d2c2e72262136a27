"""Vietnamese text normalisation: NFC, one tone-mark placement, diacritic folding, lexical terms.

Every lexical match in kehoach goes through `terms()`, so that a query typed without diacritics
("ty le tiem chung") meets the same index entries as one typed with them ("tỷ lệ tiêm chủng"),
and "hoà"/"hòa", "thuý"/"thúy" are one word.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Combining tone marks (dấu thanh): huyền, sắc, ngã, hỏi, nặng.
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_SYLLABLE = re.compile(r"[^\W\d_]+", re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)

# Stop words kept out of bigrams only: they carry no topic but join real words ("tỷ lệ" + "trẻ").
_STOP = frozenset(
    "và của các cho được có là với trong theo từ đến về những một này đó để tại trên thì mà như"
    " ở do bị cũng đã sẽ đang nhằm".split()
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _split_tone(ch: str) -> tuple[str, str]:
    """('o', '\u0300') for 'ò': the letter without its tone mark (quality marks kept), and the tone."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in decomposed if c in TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
    return base, tone


@functools.lru_cache(maxsize=1 << 16)  # a language of a few thousand syllables, met millions of times
def _retone_syllable(word: str) -> str:
    """Move the tone of an open oa/oe/uy syllable to its first vowel: hoà -> hòa, thuý -> thúy.

    Only these clusters differ between the old and new placement conventions; the classic one
    (hòa, thủy, khỏe) is the one most official documents use, so it is the one we keep.
    """
    letters = [_split_tone(c) for c in word]
    bases = "".join(b for b, _ in letters).lower()
    tones = [t for _, t in letters]
    if sum(1 for t in tones if t) != 1:
        return word
    start = 2 if bases.startswith(("qu", "gi")) and len(bases) > 2 and bases[2] in _VOWELS else 0
    i = start
    while i < len(bases) and bases[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(bases) and bases[j] in _VOWELS:
        j += 1
    cluster, final = bases[i:j], bases[j:]
    if final or cluster not in ("oa", "oe", "uy") or not tones[i + 1]:
        return word
    tone = tones[i + 1]
    out = list(word)
    out[i + 1] = letters[i + 1][0]
    out[i] = unicodedata.normalize("NFC", letters[i][0] + tone)
    return "".join(out)


def normalize(text: str) -> str:
    """NFC with one tone-mark placement; everything else (case, spacing) is left alone."""
    text = nfc(text)
    return _SYLLABLE.sub(lambda m: _retone_syllable(m.group(0)), text)


def fold(text: str) -> str:
    """Lower case without any diacritic: 'Đảm bảo' -> 'dam bao'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def fold_aligned(text: str) -> str:
    """`fold` one character at a time, so the result has exactly `text`'s length and a match's
    offsets in it are offsets in `text` (for quoting the original). Plain `fold` drops combining
    marks that NFC could not attach to a letter (PDF extraction leaves such strays) and expands a
    few characters (Hangul syllables), shifting every later offset; here those stay as they are."""
    table = {ch: f if len(f := fold(ch)) == 1 else ch for ch in set(text)}
    return "".join(map(table.__getitem__, text))


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def words(text: str) -> list[str]:
    """Lower-case normalised tokens (syllables and numbers), in order."""
    return _TOKEN.findall(normalize(text).lower())


def terms(text: str, folded: bool = False) -> list[str]:
    """Lexical index terms: syllables plus syllable bigrams joined by '_' (Vietnamese words are
    mostly two syllables, so "tiêm_chủng" ranks a passage about vaccination above one that
    merely has "tiêm" and "chủng" far apart). With `folded`, the diacritic-free form."""
    toks = words(text)
    grams = [
        f"{a}_{b}"
        for a, b in zip(toks, toks[1:], strict=False)
        if a not in _STOP and b not in _STOP and not (a.isdigit() and b.isdigit())
    ]
    out = toks + grams
    return [fold(t) for t in out] if folded else out
