"""Target lookup: which documents set a target, with what value, and who is responsible for it.

Targets ("chỉ tiêu") come from ingestion as records; this module finds them by meaning (dense
search over target texts) and by words (lexical, diacritics optional), understands numeric
conditions in the query ("trên 95%", "năm 2030"), and lines up the same indicator across
documents through a small synonym table ("thể thấp còi" = "thể chiều cao theo tuổi").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from kehoach.assistant.answer import Answer, Citation, citation, coverage, idf, sentence_spans
from kehoach.assistant.retrieve import LEVELS, fuse, place_parts, search
from kehoach.ingest.index import Index
from kehoach.ingest.instructions import is_instruction
from kehoach.ingest.records import CatalogEntry, Document, Target, document_label
from kehoach.ingest.targets import read_number
from kehoach.ingest.vietnamese import fold, normalize, words

# Synonyms, folded: each canonical token stands for every phrase (regex over folded words) that
# names the same indicator, so that documents wording it differently line up.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "sdd_thapcoi": (
        r"(?:suy dinh duong )?(?:the )?thap coi",
        r"(?:suy dinh duong )?(?:the )?chieu cao theo tuoi",
        r"stunting",
    ),
    "sdd_nhecan": (
        r"(?:suy dinh duong )?(?:the )?nhe can",
        r"(?:suy dinh duong )?(?:the )?can nang theo tuoi",
        r"underweight",
    ),
    "thuacan_beophi": (
        r"(?:suy dinh duong )?(?:the )?thua can(?: beo phi)?",
        r"(?:suy dinh duong )?(?:the )?beo phi",
        r"overweight",
    ),
    "xa_phuhop_treem": (
        r"(?:(?:xa|phuong|thi tran|dac khu) )+(?:dat )?(?:tieu chuan )?(?:(?:xa|phuong|thi tran) )*"
        r"phu hop voi tre(?: em)?",
    ),
    "treem_hcdb": (r"tre(?: em)? (?:co )?hoan canh dac biet", r"hoan canh dac biet", r"hcdb"),
    "vacxin": (r"vac xin", r"vaccine", r"vacxin"),
    "tai_nan_thuong_tich": (r"tai nan thuong tich", r"tntt"),
    "ty_le": (r"ty le", r"ti le"),
    "tre": (r"tre em",),
}
_SYNONYM_RES = [
    (canon, re.compile(rf"(?<![a-z0-9_])(?:{'|'.join(pats)})(?![a-z0-9_])"))
    for canon, pats in SYNONYMS.items()
]

# Words that carry no topic in a target question or in an indicator's name (folded).
_QUESTION_WORDS = frozenset(
    """bao nhieu la gi nao van ban ke hoach dat ra muc tieu chi tieu ai chiu trach nhiem phu trach
    khong nhu tai o cua va cac nhung mot cho ve trong theo voi duoc se dang nham thi nay tren duoi
    nam vao toi truoc hay hoac sao ty_le""".split()
)  # folded forms that are never a topic word too ("tu" may be "tử", "co" "cơ", "de" "đẻ")
_KEY_FILLERS = frozenset(
    """ty_le ty le giam tang phan dau dat duoc bi xuong con muc so cac nhung cua va voi co la o
    trong theo tu den dam bao duy tri tiep tuc it nhat tren duoi nam vao""".split()
)

RRF_WEIGHTS = {"dense": 1.0, "lexical": 1.0}
CANDIDATES = 60
# A row is kept when this share of the query's topic (IDF-weighted) is found in the target.
MIN_COVERAGE = 0.6
# Ask answers from targets only when the match is this close.
ANSWER_COVERAGE = 0.8

_NUM = r"\d+(?:[.,]\d+)*"
_OPS = {
    ">=": ">=", "≥": ">=", "it nhat": ">=", "toi thieu": ">=", "khong duoi": ">=", "tu": ">=",
    "<=": "<=", "≤": "<=", "toi da": "<=", "khong qua": "<=", "khong vuot qua": "<=",
    ">": ">", "tren": ">", "hon": ">", "lon hon": ">", "cao hon": ">",
    "<": "<", "duoi": "<", "nho hon": "<", "thap hon": "<",
    "=": "=", "bang": "=",
}  # fmt: skip
_SYMBOLS = frozenset(">= ≥ <= ≤ > < =".split())
_OP_RE = "|".join(re.escape(op) for op in sorted(_OPS, key=len, reverse=True))
# A value condition: an operator and/or a number with a rate unit; a bare number after an
# operator only counts when no word follows ("dưới 5 tuổi" is an age, not a condition).
_RATE_UNIT = r"%|phan tram|(?:/|tren)\s*1\.?000(?!\d)|(?:/|tren)\s*100\.?000(?!\d)"
_CONDITION = re.compile(
    rf"(?<![\w/])(?:(?P<op>{_OP_RE})\s*)?(?P<num>{_NUM})(?![\d.,]\d)\s*"
    rf"(?:(?P<unit>{_RATE_UNIT})(?:[^\w\n]*tro len)?|(?P<bare>(?=\s*(?:$|[?.,;!)](?:\s|$)))))?"
)
_YEAR = re.compile(
    r"(?<![\w/])(?:(?:nam|den|toi|vao|truoc)\s+)*(?:nam\s+)?(?P<year>(?:19|20)\d{2})(?![\w%/])"
)
# A document's own name in a question ("Chương trình hành động vì trẻ em tỉnh X") is not a topic.
_DOC_NAME = re.compile(
    r"(?:chuong trinh hanh dong|ke hoach(?: cong tac)?|chuong trinh)(?: vi| ve)? tre em|cong tac tre em"
)
_LABEL_REF = re.compile(r"(?<![a-z])chi tieu (?:so )?(?P<n>\d{1,2})(?![\d.,]|\s*(?:%|phan tram|/|tre))")
# Any written number ("550", "18.680.000.000", "0,005"), matched against targets' values.
_ANY_NUMBER = re.compile(rf"(?<![\w/.,])(?P<num>{_NUM})(?![\d.,]\d)(?!\s*(?:tuoi|den \d+ tuoi))")
NUMBER_BOOST = 0.5
PLACE_BOOST = 0.3

_RESPONSIBLE_RE = re.compile(r"chiu trach nhiem|phu trach|chu tri|huong dan|thuc hien|giao")
# What a question asks: a value, a deadline, or which document sets a target; and what it asks
# that a target record cannot answer (a result achieved, the documents a plan implements).
_ASKS_VALUE = re.compile(r"bao nhieu|muc nao|phan tram|%")
_ASKS_DEADLINE = re.compile(r"khi nao|nam nao|thoi han")
_ASKS_DOC = re.compile(r"(?:van ban|ke hoach|chuong trinh|quyet dinh|dia phuong|tinh|huyen|xa|thanh pho) nao")
_NAMES_TARGET = re.compile(r"chi tieu|muc tieu|\d")
_NOT_A_TARGET = re.compile(
    r"(?<![a-z])(?:da dat|da thuc hien|ket qua|thuc te)(?![a-z])"
    r"|theo (?:van ban|ke hoach|quyet dinh|chi thi|nghi dinh|nghi quyet|chuong trinh) nao|can cu"
)
# Words that may name what is counted right after a count ("4 cặp"); never these.
_NOT_NOUNS = frozenset("vao nam va tro den tren duoi so cua trong tai o cho moi".split())
_COUNT = re.compile(rf"(?P<num>{_NUM})\s+(?P<noun>tr[ẻe] em|[^\W\d]+)")


@dataclass
class TargetRow:
    """One target with its document's citation data; `indicator_key` lines up the same indicator
    across documents (folded, synonyms mapped, word order ignored)."""

    doc_id: str
    number: str | None
    locality: str | None
    level: str | None
    year: str | None
    label: str | None
    indicator: str
    comparator: str
    value: float | None
    value_max: float | None
    unit: str | None
    deadline: int | None
    statement: str
    section: str
    agencies: list[str]
    source: str
    score: float
    indicator_key: str
    start: int
    end: int
    title: str | None = None
    target_id: str = ""
    # "target": a parsed target; "passage": a sentence of a document that sets no matching target,
    # returned when a question asks which document says something.
    kind: str = "target"

    @property
    def rendered(self) -> str:
        """The value in words: "trên 95%", "dưới 1/1.000 trẻ đẻ sống", "từ 2% đến 3%", "4 cặp"."""
        if self.kind != "target":
            return ""
        return render_value(self.comparator, self.value, self.value_max, self.unit)

    @property
    def doc_label(self) -> str:
        return document_label(self.number or self.title or self.source, self.locality, self.year)

    def as_json(self) -> dict:
        return {**asdict(self), "rendered": self.rendered}


@dataclass
class Condition:
    op: str
    value: float

    def accepts(self, row: TargetRow) -> bool:
        values = [v for v in (row.value, row.value_max) if v is not None]
        if not values:
            return False
        if self.op in (">", ">="):
            return max(values) >= self.value
        if self.op in ("<", "<="):
            return min(values) <= self.value
        return any(math.isclose(v, self.value) for v in values)


@dataclass
class TargetQuery:
    """A lookup question taken apart: topic words, value conditions, years, places."""

    text: str
    topic: list[str]
    conditions: list[Condition] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    doc_ids: list[str] | None = None
    numbers: list[float] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # Documents whose own place (the first part of the locality) the question names.
    home_ids: list[str] = field(default_factory=list)


@dataclass
class Responsibility:
    """Who answers for which target: `agency` is set when the question names one."""

    agency: str | None
    rows: list[TargetRow]

    def agencies(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.rows:
            for agency in row.agencies:
                seen.setdefault(agency)
        return list(seen)


# ---- numbers and rendering ----------------------------------------------------------------


def format_number(value: float) -> str:
    """18680000000 -> "18.680.000.000", 1.5 -> "1,5"."""
    if math.isclose(value, round(value)):
        return f"{int(round(value)):,}".replace(",", ".")
    whole, frac = f"{value:.6f}".rstrip("0").split(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac


def _with_unit(value: float, unit: str | None) -> str:
    num = format_number(value)
    if not unit:
        return num
    return f"{num}{unit}" if unit == "%" or unit.startswith("/") else f"{num} {unit}"


def render_value(comparator: str, value: float | None, value_max: float | None, unit: str | None) -> str:
    if value is None:
        return "(không có số)"
    if comparator == "range" and value_max is not None:
        return f"từ {_with_unit(value, unit)} đến {_with_unit(value_max, unit)}"
    if comparator == "=" and value == 0 and not unit:
        return "không có (0)"
    words_for = {">": "trên ", ">=": "đạt ", "<": "dưới ", "<=": "không quá ", "=": ""}
    return words_for.get(comparator, "") + _with_unit(value, unit)


# ---- synonyms, terms and keys -------------------------------------------------------------


def _folded_words(text: str) -> str:
    return " ".join(fold(w) for w in words(text))


def canonical(text: str) -> str:
    """Folded words with synonym phrases replaced by their canonical token."""
    out = _folded_words(text)
    for canon, pattern in _SYNONYM_RES:
        out = pattern.sub(canon, out)
    return out


def _topic_terms(text: str) -> list[str]:
    return [t for t in canonical(text).split() if t not in _QUESTION_WORDS]


def _target_terms(text: str) -> set[str]:
    """A target's terms: its words as written plus their canonical synonyms, so a query using
    either wording (or only part of a synonym phrase) meets it."""
    return set(_folded_words(text).split()) | set(canonical(text).split())


def indicator_key(indicator: str) -> str:
    """The same indicator in any document, wording or word order: sorted canonical content words."""
    tokens = {t for t in canonical(indicator).split() if t not in _KEY_FILLERS}
    return " ".join(sorted(tokens))


def expand_query(text: str) -> str:
    """The query plus the other wordings of any synonym it uses (for dense and lexical search)."""
    folded = _folded_words(text)
    extra: list[str] = []
    for canon, pattern in _SYNONYM_RES:
        if canon in ("tre", "ty_le") or not pattern.search(folded):
            continue
        extra.extend(_SYNONYM_PHRASES.get(canon, ()))
    return text if not extra else f"{text} ({'; '.join(extra)})"


# Readable wordings used to expand a query (dense search needs real words, not regexes).
_SYNONYM_PHRASES = {
    "sdd_thapcoi": ("suy dinh dưỡng thể thấp còi", "suy dinh dưỡng thể chiều cao theo tuổi"),
    "sdd_nhecan": ("suy dinh dưỡng thể nhẹ cân", "suy dinh dưỡng thể cân nặng theo tuổi"),
    "thuacan_beophi": ("thừa cân béo phì", "suy dinh dưỡng thể béo phì"),
    "xa_phuhop_treem": ("xã, phường, thị trấn phù hợp với trẻ em", "xã đạt tiêu chuẩn phù hợp với trẻ em"),
    "treem_hcdb": ("trẻ em có hoàn cảnh đặc biệt",),
    "vacxin": ("vắc xin",),
    "tai_nan_thuong_tich": ("tai nạn thương tích",),
}


# ---- query parsing ------------------------------------------------------------------------


@dataclass
class _Place:
    doc_id: str
    level: str | None
    home: bool  # the document's own place, not the province it lies in


def _locality_names(docs: list[CatalogEntry]) -> dict[str, list[_Place]]:
    """Folded place names ("hue", "vinh long") -> the documents of that place."""
    names: dict[str, list[_Place]] = {}
    for doc in docs:
        for n, (level, name) in enumerate(place_parts(doc.locality)):
            if len(name) >= 3:
                names.setdefault(name, []).append(_Place(doc.doc_id, level, n == 0))
    return names


def _named_places(rest: str, docs: list[CatalogEntry]) -> tuple[str, set[str], set[str]]:
    """Places named in `rest` (folded): (rest without them, their documents, the documents whose
    own place they are). "tỉnh Quảng Trị" with its level keeps only the province's own plans."""
    doc_ids: set[str] = set()
    home: set[str] = set()
    for name, places in _locality_names(docs).items():
        pattern = re.compile(rf"(?<![a-z0-9])(?:(?P<level>{LEVELS}) )?{re.escape(name)}(?![a-z0-9])")
        found = pattern.search(rest)
        if not found:
            continue
        own = [p for p in places if p.home and found.group("level") in (None, p.level)]
        doc_ids.update(p.doc_id for p in (own if own and found.group("level") else places))
        home.update(p.doc_id for p in own)
        rest = pattern.sub(" ", rest)
    return rest, doc_ids, home


def parse_query(query: str, docs: list[CatalogEntry]) -> TargetQuery:
    text = normalize(query).strip()
    folded = fold(text)
    conditions: list[Condition] = []
    years: list[int] = []

    def take_year(m: re.Match) -> str:
        years.append(int(m.group("year")))
        return " "

    def take_condition(m: re.Match) -> str:
        op, symbol = m.group("op"), m.group("op") in _SYMBOLS
        if m.group("unit") is None and (op is None or (m.group("bare") is None and not symbol)):
            return m.group(0)  # "8 loại vắc xin", "dưới 5 tuổi": topic, not a condition
        value = read_number(m.group("num"))
        if value is not None:  # "1,2,3%" is no single value: dropped, not read as a condition
            conditions.append(Condition(_OPS.get(op or "=", "="), value))
        return " "

    rest = _YEAR.sub(take_year, folded)
    labels = [f"chi tieu {int(m.group('n'))}" for m in _LABEL_REF.finditer(rest)]
    rest = _LABEL_REF.sub(" ", rest)
    numbers = [v for m in _ANY_NUMBER.finditer(rest) if (v := read_number(m.group("num"))) is not None]
    rest = _CONDITION.sub(take_condition, rest)
    rest, doc_ids, home = _named_places(_DOC_NAME.sub(" ", rest), docs)
    return TargetQuery(
        text=text,
        topic=_topic_terms(rest),
        conditions=conditions,
        years=years,
        doc_ids=sorted(doc_ids) or None,
        numbers=numbers,
        labels=labels,
        home_ids=sorted(home),
    )


# ---- search -------------------------------------------------------------------------------


def count_unit(target: Target) -> str | None:
    """A count's noun from its statement ("xuống còn 4 cặp" -> "cặp"), so it reads "4 cặp"."""
    if target.unit or target.value is None:
        return target.unit
    for m in _COUNT.finditer(normalize(target.statement)):
        noun = m.group("noun")
        value = read_number(m.group("num"))
        if fold(noun) not in _NOT_NOUNS and value is not None and math.isclose(value, target.value):
            return noun
    return None


def _row(target_id: str, target: Target, doc: CatalogEntry, score: float) -> TargetRow:
    return TargetRow(
        doc_id=target.doc_id,
        number=doc.number,
        locality=doc.locality,
        level=doc.level,
        year=doc.years,
        label=target.label,
        indicator=target.indicator,
        comparator=target.comparator,
        value=target.value,
        value_max=target.value_max,
        unit=count_unit(target),
        deadline=target.deadline,
        statement=target.statement,
        section=target.section,
        agencies=list(target.agencies),
        source=doc.source or "",
        score=round(score, 4),
        indicator_key=indicator_key(target.indicator),
        start=target.start,
        end=target.end,
        title=doc.title,
        target_id=target_id,
    )


def all_targets(index: Index, doc_ids: list[str] | None = None) -> dict[str, Target]:
    """Every stored target (of `doc_ids`) by its index id ("DOC_ID:tN")."""
    return dict(zip(index.target_ids(doc_ids), index.targets(doc_ids), strict=True))


def _in_years(rows: list[TargetRow], years: list[int], docs: dict[str, CatalogEntry]) -> list[TargetRow]:
    """Rows due in a year the question names; else the rows of plans covering that year."""
    if not years:
        return rows
    due = [r for r in rows if r.deadline in years]
    return due or [r for r in rows if any(r.doc_id in docs and _covers(docs[r.doc_id], y) for y in years)]


def _covers(doc: CatalogEntry, year: int) -> bool:
    start, end = doc.year_from, doc.year_to
    return start is not None and start <= year <= (end or start)


def _with_label(rows: list[TargetRow], labels: list[str]) -> list[TargetRow]:
    """ "chỉ tiêu 11" in the question keeps the targets so numbered, when there are any."""
    labelled = [r for r in rows if r.label and fold(r.label) in labels]
    return labelled or rows


def _boost(row: TargetRow, parsed: TargetQuery) -> float:
    """A number written in the question that is the target's value is the strongest sign of all
    (three plans share an indicator; "550/100.000" tells them apart); a place named, next."""
    values = [v for v in (row.value, row.value_max) if v is not None]
    number = any(math.isclose(n, v) for n in parsed.numbers for v in values)
    return NUMBER_BOOST * number + PLACE_BOOST * (row.doc_id in parsed.home_ids)


def _generic(token: str) -> bool:
    return token in ("tre", "tuoi") or token.isdigit()


def align_keys(rows: list[TargetRow]) -> None:
    """Give a key that only lacks the age group ("thể thấp còi" without "trẻ em dưới 5 tuổi") the
    key of the one fuller indicator it fits, so the same indicator lines up across documents."""
    keys = {r.indicator_key: set(r.indicator_key.split()) for r in rows}
    for row in rows:
        own = keys[row.indicator_key]
        if not any(not _generic(t) for t in own):
            continue
        fuller = [k for k, toks in keys.items() if own < toks and all(_generic(t) for t in toks - own)]
        if len(fuller) == 1:
            row.indicator_key = fuller[0]


def _group(rows: list[TargetRow], k: int) -> list[TargetRow]:
    """Best rows first, then every row of the same indicator right after its best one."""
    rows = sorted(rows, key=lambda r: -r.score)[:k]
    order: dict[str, int] = {}
    for row in rows:
        order.setdefault(row.indicator_key, len(order))
    return sorted(rows, key=lambda r: (order[r.indicator_key], r.doc_label, r.deadline or 0, r.start))


def search_targets(index: Index, query: str, k: int = 20) -> list[TargetRow]:
    """Targets matching `query`, one row per target, grouped by indicator, best group first."""
    docs = {d.doc_id: d for d in index.documents()}
    parsed = parse_query(query, list(docs.values()))
    targets = all_targets(index, parsed.doc_ids)
    if not targets:
        return []
    terms = {tid: _target_terms(f"{t.indicator} {t.statement}") for tid, t in targets.items()}
    frequencies = Counter(t for target_terms in terms.values() for t in target_terms)
    weights = {t: idf(frequencies[t], len(terms)) for t in parsed.topic}

    fused: dict[str, float] = {}
    if parsed.topic:
        expanded = expand_query(parsed.text)
        ranked = {
            "dense": index.dense_search_targets(expanded, CANDIDATES, parsed.doc_ids),
            "lexical": index.lexical_search_targets(expanded, CANDIDATES, parsed.doc_ids),
        }
        fused = dict(fuse(ranked, RRF_WEIGHTS))
    best_fused = max(fused.values(), default=0.0) or 1.0

    rows = []
    for tid, target in targets.items():
        if parsed.topic:
            cov = coverage(weights, terms[tid])
            if cov < MIN_COVERAGE:
                continue
            score = cov + 0.25 * fused.get(tid, 0.0) / best_fused
        elif parsed.conditions or parsed.years or parsed.doc_ids:
            score = 0.0
        else:
            return []
        row = _row(tid, target, docs[target.doc_id], score)
        if all(c.accepts(row) for c in parsed.conditions):
            rows.append(row)
    rows = _with_label(_in_years(rows, parsed.years, docs), parsed.labels)
    for row in rows:
        row.score = round(row.score + _boost(row, parsed), 4)
    align_keys(rows)
    rows = _group(rows, k)
    if asks_which_document(parsed.text) and not any(r.score >= ANSWER_COVERAGE for r in rows):
        return (passage_rows(index, parsed, docs) + rows)[:k]
    return rows


def asks_which_document(question: str) -> bool:
    return bool(_ASKS_DOC.search(fold(normalize(question))))


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (offsets into `text`) of text[start:end], stripped of surrounding blanks."""
    spans = []
    for m in re.finditer(r"[^.;\n]+(?:[.;](?=\s|$))?", text[start:end]):
        piece = m.group(0)
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((start + m.start() + lead, start + m.start() + len(piece.rstrip())))
    return spans


def passage_rows(
    index: Index, parsed: TargetQuery, docs: dict[str, CatalogEntry], k: int = 3
) -> list[TargetRow]:
    """ "Which document ..." about something no target records (the directive a plan implements,
    a task given to an agency): the best sentence of each best passage, one row per document."""
    rows: list[TargetRow] = []
    for hit in search(index, parsed.text, k=k):
        if any(r.doc_id == hit.chunk.doc_id for r in rows):
            continue
        text = index.text(hit.chunk.doc_id)
        spans = _sentences(text, hit.chunk.start, hit.chunk.end)
        if not spans:
            continue
        start, end = max(spans, key=lambda sp: _sentence_cover(parsed.topic, text[sp[0] : sp[1]]))
        doc = docs[hit.chunk.doc_id]
        rows.append(
            TargetRow(
                doc_id=hit.chunk.doc_id,
                number=doc.number,
                locality=doc.locality,
                level=doc.level,
                year=doc.years,
                label=None,
                indicator=hit.chunk.section,
                comparator="",
                value=None,
                value_max=None,
                unit=None,
                deadline=None,
                statement=text[start:end],
                section=hit.chunk.section,
                agencies=[],
                source=doc.source or "",
                score=round(min(hit.score, 1.0) * MIN_COVERAGE, 4),
                indicator_key=f"passage {hit.chunk.doc_id} {start}",
                start=start,
                end=end,
                title=doc.title,
                target_id=hit.chunk.chunk_id,
                kind="passage",
            )
        )
    return rows


def _sentence_cover(topic: list[str], sentence: str) -> int:
    terms = _target_terms(sentence)
    return sum(t in terms for t in topic)


# ---- responsibility -----------------------------------------------------------------------


def _known_agencies(index: Index) -> list[str]:
    names = {a for t in index.targets() for a in t.agencies}
    return sorted(names, key=len, reverse=True)


def is_responsibility_question(query: str) -> bool:
    folded = fold(normalize(query))
    return bool(_RESPONSIBLE_RE.search(folded)) and ("chi tieu" in folded or "muc tieu" in folded)


def responsible(index: Index, query: str, k: int = 50) -> Responsibility | None:
    """ "Ai chịu trách nhiệm chỉ tiêu tiêm chủng?" -> the agencies of the matching targets;
    "Sở Y tế chịu trách nhiệm chỉ tiêu nào?" -> the targets linked to that agency.
    None when the query is not a question about responsibility."""
    if not is_responsibility_question(query):
        return None
    folded = _folded_words(query)
    for agency in _known_agencies(index):
        if re.search(rf"(?<![a-z0-9]){re.escape(_folded_words(agency))}(?![a-z0-9])", folded):
            return Responsibility(agency, _agency_rows(index, agency)[:k])
    topic = _RESPONSIBLE_RE.sub(" ", folded)
    topic = re.sub(r"(?<![a-z])(?:ai|co quan nao|don vi nao|so nao)(?![a-z])", " ", topic)
    rows = [r for r in search_targets(index, topic, k=k) if r.agencies]
    return Responsibility(None, rows)


def _agency_rows(index: Index, agency: str) -> list[TargetRow]:
    docs = {d.doc_id: d for d in index.documents()}
    wanted = fold(agency)
    rows = [
        _row(tid, t, docs[t.doc_id], 1.0)
        for tid, t in all_targets(index).items()
        if any(fold(a) == wanted for a in t.agencies)
    ]
    return sorted(rows, key=lambda r: (r.doc_label, r.start))


# ---- answering from targets ---------------------------------------------------------------


def _citation(index: Index, n: int, row: TargetRow, documents: dict[str, Document]) -> Citation | None:
    """A citation whose quote is the exact stored statement; None if the offsets went stale."""
    if row.doc_id not in documents:
        documents[row.doc_id] = index.document(row.doc_id)
    document = documents[row.doc_id]
    start = (
        row.start
        if document.text[row.start : row.end] == row.statement
        else document.text.find(row.statement)
    )
    if start < 0:
        return None
    return citation(n, index.entry(row.doc_id), document, start, start + len(row.statement))


def _sentence(row: TargetRow, n: int) -> str:
    """The rendered value first, then the exact statement it comes from."""
    deadline = f" vào năm {row.deadline}" if row.deadline and row.unit != "đồng" else ""
    label = f" ({row.label})" if row.label else ""
    return f"{row.rendered}{deadline}{label}: «{' '.join(row.statement.split())}» [{n}]"


def _compose(index: Index, rows: list[TargetRow], intro: str, agencies: bool = False) -> Answer | None:
    documents: dict[str, Document] = {}
    citations: list[Citation] = []
    by_doc: dict[str, list[str]] = {}
    for row in rows:
        cite = _citation(index, len(citations) + 1, row, documents)
        if cite is None:
            continue
        citations.append(cite)
        who = f" (giao: {', '.join(row.agencies)})" if agencies and row.agencies else ""
        by_doc.setdefault(row.doc_label, []).append(f"{_sentence(row, cite.n)}{who}")
    if not citations:
        return None
    lines = [intro] + [f"- {label}: " + "; ".join(items) + "." for label, items in by_doc.items()]
    return Answer(answer="\n".join(lines), supported=True, mode="extractive", citations=citations)


def asks_about_target(question: str) -> bool:
    """A target's value, deadline or document: what a target record answers. Not a result already
    achieved ("năm 2023 đã đạt"), nor the documents a plan implements ("theo kế hoạch nào")."""
    folded = fold(normalize(question))
    if _NOT_A_TARGET.search(folded):
        return False
    if _ASKS_VALUE.search(folded) or _ASKS_DEADLINE.search(folded):
        return True
    return bool(_ASKS_DOC.search(folded) and _NAMES_TARGET.search(folded))


def answer_from_targets(index: Index, question: str, limit: int = 8) -> Answer | None:
    """Answer a question about targets from the target records, or None so that regular
    retrieval answers (not a target question, or no target matches closely enough)."""
    if _NOT_A_TARGET.search(fold(normalize(question))):
        return None
    duty = responsible(index, question)
    if duty is not None:
        if not duty.rows:
            return None
        if duty.agency:
            intro = f"{duty.agency} được giao các chỉ tiêu sau:"
        else:
            intro = "Cơ quan chịu trách nhiệm: " + ", ".join(duty.agencies()) + "."
        return _compose(index, duty.rows[:limit], intro, agencies=duty.agency is None)
    if not asks_about_target(question):
        return None
    rows = [
        r
        for r in search_targets(index, question, k=limit * 2)
        if r.kind == "target" and r.score >= ANSWER_COVERAGE
    ]
    if not rows:
        return None
    best = rows[0].indicator_key
    rows = [r for r in rows if r.indicator_key == best] + [r for r in rows if r.indicator_key != best]
    return _compose(index, rows[:limit], "Các văn bản đặt chỉ tiêu này:")


# ---- text output and the coverage report ----------------------------------------------------


def format_rows(rows: list[TargetRow]) -> str:
    """Rows grouped by indicator, one line per document and deadline."""
    if not rows:
        return "Không tìm thấy chỉ tiêu nào phù hợp."
    lines: list[str] = []
    current = None
    for row in rows:
        if row.indicator_key != current:
            current = row.indicator_key
            lines.append(f"\n■ {row.indicator}")
        deadline = f" (năm {row.deadline})" if row.deadline else ""
        label = f" · {row.label}" if row.label else ""
        agencies = f" · giao: {', '.join(row.agencies)}" if row.agencies else ""
        lines.append(f"  - {row.doc_label}{label}: {row.rendered}{deadline}{agencies}")
        lines.append(f"    «{' '.join(row.statement.split())}»")
    return "\n".join(lines).strip()


def format_responsibility(duty: Responsibility) -> str:
    if not duty.rows:
        return "Không tìm thấy chỉ tiêu nào được giao cho cơ quan phù hợp."
    if duty.agency:
        return f"{duty.agency} được giao:\n" + format_rows(duty.rows)
    return "Cơ quan chịu trách nhiệm: " + ", ".join(duty.agencies()) + "\n" + format_rows(duty.rows)


def flagged_sentences(text: str) -> list[str]:
    """Instruction-like sentences of a document: never target records, shown so a person checks them."""
    spans = (text[s:e] for s, e in sentence_spans(text))
    return [" ".join(sentence.split()) for sentence in spans if is_instruction(sentence)]


def coverage_report(index: Index) -> list[dict]:
    """Per document: targets found, the sentences that looked like targets but were not parsed, and
    the instruction-like sentences (flagged)."""
    report = []
    for doc in index.documents():
        document = index.document(doc.doc_id)
        report.append(
            {
                "doc_id": doc.doc_id,
                "label": doc.label,
                "source": doc.source,
                "targets": doc.targets,
                "unparsed": document.unparsed,
                "flagged": flagged_sentences(document.body.text),
            }
        )
    return report


def format_report(report: list[dict]) -> str:
    lines = []
    for entry in report:
        lines.append(
            f"- {entry['label']}: {entry['targets']} chỉ tiêu, {len(entry['unparsed'])} câu chưa đọc được"
        )
        lines.extend(f"    ? {' '.join(s.split())[:300]}" for s in entry["unparsed"])
        lines.extend(
            f"    ! câu giống mệnh lệnh, không dùng làm chỉ tiêu: {s[:300]}" for s in entry["flagged"]
        )
    total = sum(e["targets"] for e in report)
    missed = sum(len(e["unparsed"]) for e in report)
    flagged = sum(len(e["flagged"]) for e in report)
    lines.append(
        f"Tổng: {len(report)} văn bản, {total} chỉ tiêu, {missed} câu chưa đọc được, {flagged} câu bị gắn cờ."
    )
    return "\n".join(lines)
