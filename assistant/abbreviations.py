"""Abbreviations of Vietnamese administration read in their full words ("thẻ BHYT" -> "thẻ bảo
hiểm y tế", "Bộ LĐTBXH" -> "Bộ Lao động - Thương binh và Xã hội"), where the corpus writes the
full words at least as often as the abbreviation: every lexical signal (IDF coverage, word pairs, the
gate) then meets the question in the documents' own words, and the dense model reads words it
knows. Where the corpus writes mostly the abbreviation, or never the full words, the question
keeps it."""

from __future__ import annotations

import re

from kehoach.ingest.index import Index
from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics, normalize, terms

# Folded abbreviation -> its full words: the common ones of plans for children (the bodies that
# carry them out, the services and the harms they name).
ABBREVIATIONS = {
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "tntt": "tai nạn thương tích",
    "atgt": "an toàn giao thông",
    "ldtbxh": "Lao động - Thương binh và Xã hội",
    "gddt": "Giáo dục và Đào tạo",
    "vhttdl": "Văn hóa, Thể thao và Du lịch",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
    "ubnd": "Ủy ban nhân dân",
    "hdnd": "Hội đồng nhân dân",
    "mttq": "Mặt trận Tổ quốc",
    "hlhpn": "Hội Liên hiệp Phụ nữ",
    "bvcste": "bảo vệ, chăm sóc trẻ em",
    "bvte": "bảo vệ trẻ em",
    "hcdb": "hoàn cảnh đặc biệt",
    "sdd": "suy dinh dưỡng",
    "ctxh": "công tác xã hội",
    "ktxh": "kinh tế - xã hội",
    # The kinds of documents and of localities, as people shorten them outside a document number
    # ("KH 134/KH-UBND", "QĐ số 12", "TP Lạng Sơn").
    "kh": "kế hoạch",
    "qd": "quyết định",
    "nq": "nghị quyết",
    "tp": "thành phố",
    "tx": "thị xã",
}
# A whole word, not part of a document number ("708/LĐTBXH-TE") or of a joined one ("KH&CN"); with
# the full stop that may follow it inside the question ("TP. Lạng Sơn").
_TOKEN = re.compile(rf"(?<![\w/&-])({'|'.join(ABBREVIATIONS)})(?![\w/&-])(?:\.(?=\s))?")


def phrase_terms(phrase: str) -> tuple[str, ...]:
    """The folded syllable pairs of `phrase` (its single syllable when it has one)."""
    found = terms(phrase, folded=True)
    return tuple(t for t in found if "_" in t) or tuple(found)


# What the corpus's sentence counts are read for, per abbreviation's full words.
_FULL_TERMS = {abbr: phrase_terms(phrase) for abbr, phrase in ABBREVIATIONS.items()}


def expanded(index: Index, question: str) -> str:
    """`question` with each abbreviation the corpus writes out at least as often as it abbreviates
    replaced by its full words (folded in a question typed without diacritics, so that restoring
    them still applies)."""
    hits = list(_TOKEN.finditer(fold_aligned(question)))
    if not hits:
        return question
    needed = {t for m in hits for t in (m.group(1), *_FULL_TERMS[m.group(1)])}
    counts, _ = index.sentence_frequencies(sorted(needed))
    accented = has_diacritics(question)
    out, pos = [], 0
    for m in hits:
        phrase = ABBREVIATIONS[m.group(1)]
        written = min(counts[t] for t in _FULL_TERMS[m.group(1)])
        if written and written >= counts[m.group(1)]:
            out += [question[pos : m.start()], phrase if accented else fold(phrase)]
            pos = m.end()
    return normalize("".join([*out, question[pos:]]))
