"""Legacy Vietnamese encodings: TCVN3 (ABC, fonts .VnTime) and VNI (VNI-Times).

Older government files typed with these fonts carry their letters as Latin-1 code points (in .txt
bytes, and as the characters stored in DOCX and PDF), so "Kế hoạch" shows up as "KÕ ho¹ch" (TCVN3)
or "Keá hoaïch" (VNI). `detect` tells the two apart from Unicode text; `to_unicode` converts.
"""

from __future__ import annotations

import re
import unicodedata

# TCVN 5712:1993, VN3 (the one-byte .VnTime font): runs of consecutive code points from the chart.
# Toned capitals have no code in VN3 (they live in the .VnTimeH font at the lower-case codes).
_TCVN3_RUNS = (
    (0xA1, "ĂÂÊÔƠƯĐăâêôơưđ"),
    (0xB5, "àảãáạ"),
    (0xBB, "ằẳẵắ"),
    (0xC6, "ặầẩẫấậè"),
    (0xCE, "ẻẽéẹềểễếệìỉ"),
    (0xDC, "ĩíịò"),
    (0xE1, "ỏõóọồổỗốộờởỡớợù"),
    (0xF1, "ủũúụừửữứựỳỷỹýỵ"),
)
TCVN3: dict[str, str] = {chr(start + i): ch for start, run in _TCVN3_RUNS for i, ch in enumerate(run)}

# VNI: a base letter followed by a mark character (tone, or quality mark combined with a tone).
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_VNI_TONE = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRCUMFLEX = {"â": "", "à": _GRAVE, "á": _ACUTE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "è": _GRAVE, "é": _ACUTE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
# Letters VNI codes as one character: i with tones, ỵ, đ, and the bases of ơ and ư.
_VNI_SINGLE = {"æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ", "ô": "ơ", "ö": "ư"}


def _vni_table() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for base in "aeouy":
        pairs.update({base + mark: base + tone for mark, tone in _VNI_TONE.items()})
    for base, letter in (("ô", "ơ"), ("ö", "ư")):
        pairs.update({base + mark: letter + tone for mark, tone in _VNI_TONE.items()})
    for base in "aeo":
        pairs.update({base + mark: base + "\u0302" + tone for mark, tone in _VNI_CIRCUMFLEX.items()})
    pairs.update({"a" + mark: "a\u0306" + tone for mark, tone in _VNI_BREVE.items()})
    pairs.update(_VNI_SINGLE)
    table = {}
    for code, letter in pairs.items():
        letter = unicodedata.normalize("NFC", letter)
        table[code] = letter
        table[code.upper()] = letter.upper()
        table[code[0].upper() + code[1:]] = letter.upper()  # "Aù" as well as "AÙ"
    return table


VNI: dict[str, str] = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))
_TCVN3_TRANS = str.maketrans(TCVN3)

# Letters only Unicode Vietnamese has (outside Latin-1): their presence rules out a legacy font.
_VIETNAMESE_ONLY = re.compile(r"[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]")
# Latin-1 letters that Vietnamese Unicode text uses; any other Latin-1 letter or sign is "odd".
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_ONLY = frozenset(chr(c) for c in (*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF)))
_VNI_MARKS = "ùøûõïâáàåãäêéèúüë"
_VNI_SEQUENCE = re.compile(f"[aeouyôö][{_VNI_MARKS}]|[AEOUYÔÖ][{_VNI_MARKS}{_VNI_MARKS.upper()}]")
_MIN_LETTERS = 20
_MIN_SHARE = 0.01


def _odd(text: str) -> int:
    return sum(1 for c in text if "\u00a1" <= c <= "\u00ff" and c not in _VIETNAMESE_LATIN1)


def odd_share(text: str) -> float:
    """Share (per letter) of Latin-1 signs that Vietnamese Unicode text never uses: ¸ µ ® ø ï ..."""
    return _odd(text) / max(1, sum(1 for c in text if c.isalpha()))


def looks_legacy(text: str) -> bool:
    """True when the text is full of Latin-1 signs that Vietnamese Unicode text never uses."""
    letters = sum(1 for c in text if c.isalpha())
    native = len(_VIETNAMESE_ONLY.findall(text))
    return (
        letters >= _MIN_LETTERS and native < _MIN_SHARE * letters / 2 and _odd(text) >= _MIN_SHARE * letters
    )


def detect(text: str) -> str | None:
    """ "tcvn3" or "vni" when the text is confidently in that legacy encoding, else None.

    TCVN3 codes the commonest letters (đ, â, ê, ô, ơ, ư, the toned a) at 0xA1-0xBE, which VNI never
    uses; VNI writes a vowel followed by a mark character. Each signal must clearly outweigh the
    other, so a text where both are weak is left undecided (see `looks_legacy`).
    """
    if not looks_legacy(text):
        return None
    letters = sum(1 for c in text if c.isalpha())
    tcvn = sum(1 for c in text if c in _TCVN3_ONLY)
    vni = len(_VNI_SEQUENCE.findall(text))
    if tcvn >= _MIN_SHARE * letters and tcvn >= 2 * vni:
        return "tcvn3"
    if vni >= _MIN_SHARE * letters and tcvn * 10 <= vni:
        return "vni"
    return None


def _restore_capitals(word: re.Match) -> str:
    """.VnTimeH headings put toned capitals at lower-case codes: "HOạCH" -> "HOẠCH"."""
    text = word.group(0)
    ascii_letters = [c for c in text if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters):
        return text.upper()
    return text


def to_unicode(text: str, encoding: str) -> str:
    """Convert text typed in a legacy font ("tcvn3" or "vni") to NFC Unicode."""
    if encoding == "tcvn3":
        converted = re.sub(r"\S+", _restore_capitals, text.translate(_TCVN3_TRANS))
    elif encoding == "vni":
        converted = _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    return unicodedata.normalize("NFC", converted)
