"""Place names of the catalog: each locality's parts with their level ("huyện Sơn Tây, tỉnh Quảng
Ngãi" -> huyện "son tay", tỉnh "quang ngai"), folded, so questions and documents meet them with or
without diacritics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kehoach.ingest.localities import UNIT_RE
from kehoach.ingest.provinces import CITIES, PROVINCES
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics, normalize

# Administrative level words before a place name, folded, longest first ("thị xã" before "xã"):
# the parser's own list, so a level it writes into a locality ("đặc khu") is one here too.
LEVELS = UNIT_RE
_LEVEL_PREFIX = re.compile(rf"^(?P<level>{LEVELS})\s+")


def place_parts(locality: str | None) -> list[tuple[str | None, str]]:
    """(folded level, folded name) of each part of a catalog locality, most local first:
    "huyện Sơn Tây, tỉnh Quảng Ngãi" -> [("huyen", "son tay"), ("tinh", "quang ngai")]."""
    parts = []
    for part in (locality or "").split(","):
        folded = " ".join(fold(part).split())
        m = _LEVEL_PREFIX.match(folded)
        if folded:
            parts.append((m.group("level") if m else None, folded[m.end() :] if m else folded))
    return parts


# Places renamed in the 2025 reorganisation within the same borders (shared/DOMAIN.md): the
# province of Thừa Thiên Huế is the centrally-run city of Huế; its plans answer for either name.
RENAMED = {"thua thien hue": "hue"}


def _named(name: str) -> list[str]:
    return [name, RENAMED[name]] if name in RENAMED else [name]


def place_names(locality: str | None) -> list[str]:
    """Folded place names of a catalog locality, most local first, without their level word (a
    place renamed in 2025 by both its names); names shorter than three letters are left out (they
    would match inside ordinary words)."""
    return [n for _, name in place_parts(locality) if len(name) >= 3 for n in _named(name)]


def catalog_places(docs: Sequence[CatalogEntry]) -> list[str]:
    """The folded place names of the catalog's localities, longest first ("vinh long" before "long")."""
    names = {name for doc in docs for name in place_names(doc.locality)}
    return sorted(names, key=len, reverse=True)


@dataclass(frozen=True)
class _Place:
    doc_id: str
    level: str | None
    home: bool  # the document's own place, not the province it lies in


def locality_names(docs: Sequence[CatalogEntry]) -> dict[str, list[_Place]]:
    """Folded place names ("hue", "vinh long") -> the documents of that place."""
    names: dict[str, list[_Place]] = {}
    for doc in docs:
        for n, (level, name) in enumerate(place_parts(doc.locality)):
            for each in _named(name) if len(name) >= 3 else []:
                names.setdefault(each, []).append(_Place(doc.doc_id, level, n == 0))
    return names


# A parenthesised abbreviation after a name ("Phan Rang - Tháp Chàm (PRTC)").
_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[^()]+)\)\s*$")


def place_forms(name: str) -> list[str]:
    """The folded forms a place name may take in a document: the name, the abbreviation given
    after it in parentheses, and its initials when it has three syllables or more ("Phan Rang -
    Tháp Chàm" -> "prtc"), as pages of that place often write it."""
    m = _ABBREVIATION.search(name)
    base = fold(name[: m.start()] if m else name)
    syllables = re.findall(r"[a-z0-9]+", base)
    forms = [" ".join(syllables)] if syllables else []
    if m:
        forms.append(" ".join(re.findall(r"[a-z0-9]+", fold(m.group("abbr")))))
    if len(syllables) >= 3:
        forms.append("".join(s[0] for s in syllables))
    return [f for f in dict.fromkeys(forms) if len(f.replace(" ", "")) >= 3]


def mentions(folded_text: str, name: str) -> bool:
    """Whether a folded text names the place `name` in any of its forms, its syllables written
    apart, joined or hyphenated ("Kon Tum", "KonTum", "kontum.gov.vn", "Phan Rang-Tháp Chàm")."""
    for form in place_forms(name):
        joined = r"[\s\-–]*".join(re.escape(s) for s in form.split())
        if re.search(rf"(?<![a-z0-9]){joined}(?![a-z0-9])", folded_text):
            return True
    return False


def target_places(rest: str, docs: Sequence[CatalogEntry]) -> tuple[str, set[str], set[str]]:
    """Places named in `rest` (folded): (rest without them, their documents, the documents whose
    own place they are). "tỉnh Quảng Trị" with its level keeps only the province's own plans."""
    doc_ids: set[str] = set()
    home: set[str] = set()
    for name, places in locality_names(docs).items():
        pattern = re.compile(rf"(?<![a-z0-9])(?:(?P<level>{LEVELS}) )?{re.escape(name)}(?![a-z0-9])")
        found = pattern.search(rest)
        if not found:
            continue
        own = [p for p in places if p.home and found.group("level") in (None, p.level)]
        doc_ids.update(p.doc_id for p in (own if own and found.group("level") else places))
        home.update(p.doc_id for p in own)
        rest = pattern.sub(" ", rest)
    return rest, doc_ids, home


def _written_names(docs: Sequence[CatalogEntry]) -> dict[str, str]:
    """Folded place name of three syllables or more -> the name as its locality writes it."""
    out: dict[str, str] = {}
    for locality in {d.locality for d in docs if d.locality}:
        aligned = fold_aligned(locality.lower())
        for _, name in place_parts(locality):
            m = re.search(r"\s+".join(map(re.escape, name.split())), aligned)
            if m and len(name.split()) >= 3:
                out.setdefault(name, " ".join(locality[m.start() : m.end()].split()))
    return out


def short_names_written_out(question: str, docs: Sequence[CatalogEntry]) -> str:
    """`question` with a place written short ("TT Huế", "TT-Huế", "tt hue": the initials of every
    syllable but the last, as people write Thừa Thiên Huế) in the words its locality writes, so every
    place signal meets it; folded in a question typed without diacritics."""
    folded = fold_aligned(question.lower())
    accented = has_diacritics(question)
    for name, written in _written_names(docs).items():
        syllables = name.split()
        initials = "".join(s[0] for s in syllables[:-1])
        short = re.compile(rf"(?<![\w/]){initials}\.?[\s\-–]*{re.escape(syllables[-1])}(?![\w/])")
        for m in reversed(list(short.finditer(folded))):
            full = written if accented else fold(written)
            question = question[: m.start()] + full + question[m.end() :]
            folded = folded[: m.start()] + fold(full).lower() + folded[m.end() :]
    return question


def has_phrase(text: str, phrase: str) -> bool:
    """Whether `phrase` stands in `text` as whole words (both folded)."""
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _spaced(name: str) -> str:
    return " ".join(re.sub(r"[-–]", " ", normalize(name).lower()).split())


# Every province and centrally-run city, named without a level word ("Yên Bái có kế hoạch ...
# không?"): one that no loaded document mentions is answered as such (gate.unknown_place). Built
# once: every question is read for them.
_PROVINCE_NAMES = {fold(_spaced(n)): n for n in (*PROVINCES, *CITIES.values())}
_PROVINCE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(r"\s*[-–]?\s*".join(map(re.escape, n.split())) for n in _PROVINCE_NAMES)
    + r")(?![\w])"
)


def provinces_named(text: str) -> list[str]:
    """The provinces and cities `text` names, typed without marks or with their own ("Hà Nam",
    "ha nam", not "hạ nằm")."""
    found = []
    for m in _PROVINCE.finditer(fold_aligned(text.lower())):
        written = _spaced(text[m.start() : m.end()])
        name = _PROVINCE_NAMES[fold(written)]
        if not has_diacritics(written) or written == _spaced(name):
            found.append(name)
    return found


def _spelled_as(text: str, name: str, locality: str) -> bool:
    """Whether `text` (the question as typed with diacritics; "" when typed without them, whose
    restored spelling is a guess) writes the folded place `name` as the locality spells it, or
    without diacritics: "Tuyên Quang năm 2021" folds to "quang nam" but does not write "Quảng Nam"."""
    aligned = fold_aligned(text.lower())
    spelled = " ".join(normalize(locality.lower()).split())
    written = [
        " ".join(normalize(text[m.start() : m.end()].lower()).split())
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", aligned)
    ]
    return not written or any(not has_diacritics(w) or w in spelled for w in written)


def named_places(folded: str, docs: Sequence[CatalogEntry], text: str) -> tuple[str, ...]:
    """The places the question names, one per catalog locality (its longest name named: "huyện
    Sơn Tây, tỉnh Quảng Ngãi" is one place), a name inside a longer named one not counted, in the
    question's order; a name written with other diacritics than the locality's is another word.
    Each distinct locality is read once: thousands of plans share a few dozen."""
    found: list[str] = []
    for locality in dict.fromkeys(doc.locality for doc in docs):
        names = [
            n for n in place_names(locality) if has_phrase(folded, n) and _spelled_as(text, n, locality or "")
        ]
        if names and (name := max(names, key=len)) not in found:
            found.append(name)
    kept = [n for n in found if not any(n != o and has_phrase(o, n) for o in found)]
    return tuple(sorted(kept, key=folded.find))
