"""Answer / Citation: the contract every answering path (extractive, LLM, target records) returns.

Also the extractive composer (the best sentences of the retrieved chunks, each cited) and the
checks an LLM answer must pass before it is shown (citations exist, numbers come from sources).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from kehoach.ingest.instructions import is_instruction
from kehoach.ingest.records import CatalogEntry, Document, document_label
from kehoach.ingest.sentences import MIN_WORDS, WORD_RUN, sentence_spans, trim
from kehoach.ingest.targets import read_number
from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics, normalize, terms
from kehoach.prompts import load

EXTRACTIVE = "extractive"
LLM = "llm"
# At most this many sentences in an extractive answer; a sentence joins the answer when it scores
# at least SECOND_RATIO of the best one.
MAX_SENTENCES = 3
SECOND_RATIO = 0.6
# Added to a sentence's score when it holds the kind of thing the question asks for.
KIND_BONUS = 0.25
# A small preference for sentences of better-ranked chunks, to break ties.
RANK_PRIOR = 0.02


@dataclass
class Citation:
    """Source [n] of an answer; `quote` is exactly text[start:end] of the stored document."""

    n: int
    doc_id: str
    number: str | None
    title: str | None
    locality: str | None
    year: str | None
    section: str
    quote: str
    source: str
    page: int
    start: int
    end: int


@dataclass
class Answer:
    answer: str
    supported: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    check: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- sentences

_MARKDOWN = re.compile(r"\*\*|__|(?m:^#+\s*)|`")


def without_instructions(text: str) -> str:
    """`text` with every instruction-like sentence replaced by "[…]"."""
    spans = [(s, e) for s, e in sentence_spans(text) if is_instruction(text[s:e])]
    for s, e in reversed(spans):
        text = f"{text[:s]}[…]{text[e:]}"
    return text


def display(quote: str) -> str:
    """A quote as shown to the user: no Markdown marks, one line."""
    return " ".join(_MARKDOWN.sub("", quote).split())


# ---------------------------------------------------------------- questions

_FUNCTION_WORDS = frozenset(
    normalize(
        "và của các cho được có là với trong theo từ đến về những một này đó để tại trên thì mà như ở do"
        " bị cũng đã sẽ đang nhằm gì ai sao đâu hay nêu nào không gồm mấy hãy còn vậy phải cần đi"
    ).split()
)
_FOLDED_FUNCTION_WORDS = frozenset(fold(w) for w in _FUNCTION_WORDS)
# Question phrases, removed whole so that "báo cáo" keeps the "báo" that "bao nhiêu" would drop.
_QUESTION_PHRASES = re.compile(
    r"\b(?:bao nhieu|khi nao|bao gio|nhu the nao|the nao|la gi|thi sao|cho biet|hay cho|o dau|so sanh"
    r"|khac nhau|giong nhau)\b"
)

_KINDS = {
    "docnum": re.compile(
        r"\b(van ban nao|so hieu|ky hieu|so van ban|quyet dinh nao|ke hoach nao|can cu|theo van ban)"
    ),
    "date": re.compile(r"\b(khi nao|bao gio|ngay nao|thoi gian nao|thoi han|truoc ngay|han chot|thang nao)"),
    "agency": re.compile(
        r"(^|\s)(ai|co quan nao|don vi nao|so nao|nganh nao|chu tri|chiu trach nhiem|phu trach|giao cho)\b"
    ),
    "number": re.compile(r"\b(bao nhieu|may|muc nao|so luong|kinh phi|ty le|ti le|ty suat|chi tieu)\b"),
}

_DOCNUM = re.compile(r"\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z]*(?:[-–][A-ZĐ][A-ZĐa-z]*)*")
_DATE = re.compile(
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}|tháng\s+\d{1,2}\b|quý\s+[IV]+\b"
    r"|trước ngày|hằng năm|định kỳ"
)
_AGENCY = re.compile(
    r"\b(?:Sở|Phòng|UBND|Ủy ban|Uỷ ban|Ban|Trung tâm|Hội|Đoàn|Công an|Bộ|Cục|Văn phòng|Bảo hiểm|Liên đoàn"
    r"|Mặt trận|Trạm|Bệnh viện|Đài|Báo)\b"
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def question_kind(question: str) -> str | None:
    """What the question asks for: "docnum", "date", "agency", "number", or None."""
    question = normalize(question).lower()
    if re.search(r"\bsố (?:nào|gì)", question):  # "có số nào" asks for a number; only "sở nào" for an agency
        return "number"
    folded = fold(question)
    return next((kind for kind, pattern in _KINDS.items() if pattern.search(folded)), None)


def _has_figure(text: str) -> bool:
    masked = _DATE.sub(" ", _DOCNUM.sub(" ", text))
    return any(not _YEAR.match(m.group(0)) for m in _NUMBER.finditer(masked))


_HAS_KIND = {
    "docnum": lambda t: bool(_DOCNUM.search(t)),
    "date": lambda t: bool(_DATE.search(t)),
    "agency": lambda t: bool(_AGENCY.search(t)),
    "number": _has_figure,
}


_COUNT = re.compile(r"\b(?:bao nhieu|(?<!so )may)\b")
_COUNT_WORDS = re.compile(
    r"\d|\b(?:một|hai|ba|bốn|sáu|bảy|tám|chín|mười|trăm|nghìn|ngàn|triệu|tỷ)\b", re.IGNORECASE
)


def asks_count(question: str) -> bool:
    """Whether the question asks "how many / how much" ("bao nhiêu", "mấy", not "số mấy")."""
    return bool(_COUNT.search(fold(normalize(question))))


def holds_count(text: str) -> bool:
    """Whether `text` can answer "how many": it has digits or a number word ("một cán bộ")."""
    return bool(_COUNT_WORDS.search(text))


def has_kind(text: str, kind: str | None) -> bool:
    return kind is not None and _HAS_KIND[kind](text)


def content_terms(question: str) -> list[str]:
    """Folded syllables and bigrams of the question, without question and function words (matched
    with their diacritics when the question has them: "cơ" is not "có")."""
    question = normalize(question).lower()
    folded = fold(question)
    for m in _QUESTION_PHRASES.finditer(folded):
        question = question[: m.start()] + " " * (m.end() - m.start()) + question[m.end() :]
    stop = _FUNCTION_WORDS if has_diacritics(question) else _FOLDED_FUNCTION_WORDS
    out = []
    for term in terms(question):
        if all(p not in stop for p in term.split("_")) and fold(term) not in out:
            out.append(fold(term))
    return out


def coverage(wanted: dict[str, float], present: set[str]) -> float:
    """Share of the weighted terms `wanted` (a question's, a target query's) found in `present` (0..1)."""
    total = sum(wanted.values())
    return sum(w for t, w in wanted.items() if t in present) / total if total else 0.0


def idf(frequency: int, n: int) -> float:
    """Inverse frequency of a term found in `frequency` of `n` units (sentences, targets); the 0.5
    keeps a term found nowhere finite, and the heaviest of all."""
    return math.log((n + 1) / (frequency + 0.5))


def idf_weights(question_terms: list[str], frequencies: Counter, n: int) -> dict[str, float]:
    """Inverse sentence frequency over the loaded documents (`frequencies`: in how many of the `n`
    sentences each term occurs): words most sentences use weigh little, a word no sentence holds
    ("sốt") weighs most. A bigram no sentence holds weighs as its lighter syllable: "quốc_phòng"
    (absent) still counts, "huế_đặt" (two words that merely meet) little."""
    weights = {}
    for term in question_terms:
        weight = idf(frequencies[term], n)
        if "_" in term and not frequencies[term]:
            weight = min(idf(frequencies[part], n) for part in term.split("_"))
        weights[term] = weight
    return weights


@dataclass
class Passage:
    """A candidate sentence of a retrieved chunk, scored against the question."""

    doc: CatalogEntry
    document: Document
    start: int
    end: int
    score: float
    coverage: float
    rank: int

    @property
    def quote(self) -> str:
        return self.document.text[self.start : self.end]


def _context_terms(doc: CatalogEntry, section: str) -> set[str]:
    """Terms a sentence inherits from its document and section: "của Huế", "năm 2025", "kế hoạch 183"."""
    years = []
    if doc.year_from:
        years = [str(y) for y in range(doc.year_from, (doc.year_to or doc.year_from) + 1)]
    fields = [doc.number, doc.kind, doc.locality, section, *years]
    return set(terms(" ".join(f for f in fields if f), folded=True))


def heading_terms(document: Document, offset: int) -> set[str]:
    """The terms of the whole heading line of the section at `offset`: a duty's line ("Cơ quan chủ
    trì: Phòng Tư pháp.") answers for the task its heading states (labels are cut at 60 characters)."""
    section = document.section_at(offset)
    if section is None:
        return set()
    line_end = document.text.find("\n", section.start, section.end)
    return set(terms(document.text[section.start : section.end if line_end < 0 else line_end], folded=True))


def score_passages(
    question: str, hits: list, documents: dict[str, Document], weights: dict[str, float]
) -> list[Passage]:
    """Every sentence of every hit, scored by weighted coverage of the question, plus a bonus when
    it holds what the question asks for (a figure, a date, an agency, a document number)."""
    kind = question_kind(question)
    out = []
    for rank, hit in enumerate(hits, 1):
        document = documents[hit.chunk.doc_id]
        context = _context_terms(hit.doc, hit.chunk.section)
        # The title counts fully toward relevance but half toward ranking: it names the plan's
        # whole topic, so with it every sentence, even "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", would
        # seem to answer; without it a sentence that repeats the title outranks the one that answers.
        title = set(terms(hit.doc.title or "", folded=True))
        for start, end in sentence_spans(document.text, hit.chunk.start, hit.chunk.end):
            quote = document.text[start:end]
            if is_instruction(quote) or len(WORD_RUN.findall(quote)) < MIN_WORDS:
                continue
            present = context | heading_terms(document, start) | set(terms(quote, folded=True))
            bonus = KIND_BONUS if has_kind(quote, kind) else 0.0
            relevant = coverage(weights, present | title)
            score = (coverage(weights, present) + relevant) / 2 + bonus + RANK_PRIOR / rank
            out.append(Passage(hit.doc, document, start, end, score, relevant, rank))
    return out


# ---------------------------------------------------------------- the document's own metadata

# Questions about the document itself, answered from its header or signature, not its body.
_SIGNER_QUESTION = re.compile(r"\b(?:ai|nguoi) (?:da )?ky\b|\bky ban hanh\b")
_NUMBER_QUESTION = re.compile(r"\b(?:so hieu|ky hieu)\b")
_ISSUED_QUESTION = re.compile(
    r"\bban hanh (?:vao )?(?:ngay|thoi gian|khi) nao\b|\bngay ban hanh\b|\bky ngay nao\b"
)
_DOC_WORDS = re.compile(
    r"\b(ke hoach|quyet dinh|chuong trinh|chi thi|cong van|thong tu|nghi quyet|nghi dinh|van ban|luat)\b"
)
_NUMBER_LINE = re.compile(r"(?m)^[ \t*#]*so\s*:[^\n]*\d[^\n]*")
_DATE_LINE = re.compile(r"(?m)^[^\n]*\bngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}[^\n]*")


def _names_document(question: str, doc: CatalogEntry) -> bool:
    """Whether the question asks about `doc` itself: its first document word is the document's
    kind (or "văn bản"), not a text it cites ("Chỉ thị 1408 ban hành ngày nào?")."""
    m = _DOC_WORDS.search(question)
    if not m or m.group(1) == "van ban" or m.group(1) in fold(doc.kind or ""):
        return True
    number = fold(doc.number or "").split("/")[0]
    return bool(number) and re.match(rf"\s*(?:so\s+)?{re.escape(number)}\b", question[m.end() :]) is not None


def _signature_span(document: Document, signer: str | None) -> tuple[int, int] | None:
    text = document.text
    regions = [r for r in document.body.regions if r.kind == "signature"]
    if signer:
        regions = [r for r in regions if fold(signer) in fold(text[r.start : r.end])] or regions
    if regions:
        region = regions[-1]
        body = text[region.start : region.end]
        return region.start + len(body) - len(body.lstrip()), region.start + len(body.rstrip())
    if not signer:
        return None
    at = fold_aligned(text).rfind(fold_aligned(signer))
    return (at, at + len(signer)) if at >= 0 else None


def _first_line(document: Document, pattern: re.Pattern) -> tuple[int, int] | None:
    m = pattern.search(fold_aligned(document.text))
    return trim(document.text, m.start(), m.end()) if m else None


def metadata_span(question: str, doc: CatalogEntry, document: Document) -> tuple[int, int] | None:
    """The exact span that answers a question about the document's signer, number or date of
    issue (signature block, "Số: …" line, "…, ngày … tháng … năm …" line), or None."""
    q = fold(normalize(question))
    if not _names_document(q, doc):
        return None
    if _SIGNER_QUESTION.search(q):
        return _signature_span(document, doc.signer)
    if _NUMBER_QUESTION.search(q):
        return _first_line(document, _NUMBER_LINE)
    if _ISSUED_QUESTION.search(q):
        return _first_line(document, _DATE_LINE)
    return None


_ASSIGNMENT = re.compile(r"to chuc thuc hien|trach nhiem|phan cong|nhiem vu cua")
_LEAD_LINE = re.compile(r"(?m)^[-–+•* \t]*(?:co quan|don vi) chu tri\s*:[^\n]*")


def agency_span(document: Document, offset: int) -> tuple[int, int] | None:
    """Who does what the sentence at `offset` says: the agency heading it sits under in the
    implementation section ("1. Sở Y tế" -> "Sở Y tế"), or its task's "Cơ quan chủ trì: …" line."""
    text = document.text
    folded = fold_aligned(text)
    around = [s for s in document.sections if s.start <= offset < s.end and len(s.path) >= 2]
    for sec in sorted(around, key=lambda s: -s.level):
        m = _LEAD_LINE.search(folded, sec.start, sec.end)
        if m and not m.start() <= offset < m.end():
            return trim(text, m.start(), m.end())
        if not any(_ASSIGNMENT.search(fold(p)) for p in sec.path[:-1]):
            continue
        line_end = text.find("\n", sec.start, sec.end)
        start, end = trim(text, sec.start, sec.end if line_end < 0 else line_end)
        colon = text.find(":", start, end)
        start, end = trim(text, start, end if colon < 0 else colon)
        if _AGENCY.match(text, start, end) and not start <= offset < end:
            return start, end
    return None


def with_agencies(passages: list[Passage]) -> list[Passage]:
    """Each passage preceded by the agency it is assigned to (agency_span), unless it names it."""
    out: list[Passage] = []
    seen: set[tuple[str, int]] = set()
    for p in passages:
        span = agency_span(p.document, p.start)
        if span and (p.document.doc_id, span[0]) not in seen:
            seen.add((p.document.doc_id, span[0]))
            agency = p.document.text[span[0] : span[1]]
            if fold(agency) not in fold(p.quote) and all(q.start != span[0] for q in passages):
                out.append(Passage(p.doc, p.document, *span, p.score, p.coverage, p.rank))
        out.append(p)
    return out


def citation(n: int, doc: CatalogEntry, document: Document, start: int, end: int) -> Citation:
    section = document.section_at(start)
    return Citation(
        n=n,
        doc_id=document.doc_id,
        number=doc.number,
        title=doc.title,
        locality=doc.locality,
        year=doc.years,
        section=section.label if section else "",
        quote=document.text[start:end],
        source=doc.source or document.source,
        page=document.body.page_at(start),
        start=start,
        end=end,
    )


def select(passages: list[Passage]) -> list[Passage]:
    """The best passage first, then up to MAX_SENTENCES - 1 close runners-up, no repeats."""
    ranked = sorted(passages, key=lambda p: (-p.score, p.rank, p.start))
    if not ranked:
        return []
    chosen: list[Passage] = []
    seen: set[str] = set()
    for p in ranked:
        key = fold(display(p.quote))
        if p.score < SECOND_RATIO * ranked[0].score or key in seen or p.coverage <= 0:
            continue
        chosen.append(p)
        seen.add(key)
        if len(chosen) == MAX_SENTENCES:
            break
    return chosen


_WHICH_DOCUMENT = re.compile(r"\b(?:ke hoach|van ban|chuong trinh|quyet dinh|dia phuong|tinh|huyen|xa) nao\b")


def compose_extractive(passages: list[Passage], question: str = "") -> Answer:
    """The chosen sentences, each followed by its source number; a question that asks which
    document or place ("Kế hoạch nào…?") is answered first by the cited documents' names."""
    citations = [citation(n, p.doc, p.document, p.start, p.end) for n, p in enumerate(passages, 1)]
    lines = [f"{display(c.quote)} [{c.n}]" for c in citations]
    if citations and _WHICH_DOCUMENT.search(fold(normalize(question))):
        names = dict.fromkeys(p.doc.label for p in passages)
        lines.insert(0, "Văn bản: " + "; ".join(names) + ".")
    return Answer(answer="\n".join(lines), supported=bool(citations), mode=EXTRACTIVE, citations=citations)


def refusal(closest: list[CatalogEntry]) -> Answer:
    """The loaded documents do not answer; name the nearest ones so the user knows what was searched."""
    text = "Các văn bản đã nạp không có thông tin để trả lời câu hỏi này."
    if closest:
        text += " Văn bản gần nhất: " + "; ".join(d.label for d in closest) + "."
    return Answer(answer=text, supported=False, mode=EXTRACTIVE)


# ---------------------------------------------------------------- checks

_CITE = re.compile(r"\[(\d+)\]")
_PERCENT_OR_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")


def _readings(token: str) -> list[set[float]]:
    """The possible values of a written number: "1.000" -> [{1000, 1.0}] (Vietnamese thousands,
    English decimals), "1,5" -> [{1.5}], "0.8" -> [{0.8}]; a list "1,2,3" (no single number) is
    one entry per item, [{1}, {2}, {3}], each of which must be sourced."""
    first = read_number(token)
    readings: set[float] = set() if first is None else {first}
    if re.fullmatch(r"\d+\.\d+", token):
        readings.add(float(token))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        readings.add(float(token.replace(",", "")))
    return [readings] if readings else [{float(part)} for part in re.split(r"[.,]", token)]


def _number_tokens(text: str) -> list[str]:
    return [m.group(0).rstrip(".,") for m in _PERCENT_OR_NUMBER.finditer(_CITE.sub(" ", text))]


def number_values(text: str) -> set[float]:
    """Every reading of every number in `text` (citation marks "[3]" are no numbers)."""
    return {value for token in _number_tokens(text) for reading in _readings(token) for value in reading}


def cited_numbers(text: str) -> list[int]:
    return [int(n) for n in _CITE.findall(text)]


def check_answer(text: str, citations: list[Citation], question: str = "") -> list[str]:
    """Problems (Vietnamese) that keep an LLM answer from being shown; empty when it passes."""
    numbers = {c.n: c for c in citations}
    used = cited_numbers(text)
    if not used:
        return ["Câu trả lời không trích dẫn nguồn nào."]
    problems = [f"Trích dẫn [{n}] không tồn tại." for n in sorted(set(used)) if n not in numbers]
    allowed = number_values(question)
    for n in set(used) & numbers.keys():
        allowed |= number_values(without_instructions(numbers[n].quote))
    for token in _number_tokens(text):
        if any(not reading & allowed for reading in _readings(token)):
            problems.append(f"Con số {token} không có trong các nguồn được trích dẫn.")
    return problems


# ---------------------------------------------------------------- LLM composer

_FENCE = re.compile(r"</?\s*nguon[^>]*>", re.IGNORECASE)


def source_block(c: Citation) -> str:
    """One numbered source, fenced so the model can tell document text from instructions."""
    text = _FENCE.sub(" ", display(without_instructions(c.quote)))
    label = document_label(c.number or c.title or c.source, c.locality, c.year)
    return f'<nguon so="{c.n}" van_ban="{label}">\n{text}\n</nguon>'


def build_prompt(question: str, sources: list[Citation]) -> str:
    blocks = "\n\n".join(source_block(c) for c in sources)
    return load("answer").replace("{sources}", blocks).replace("{question}", " ".join(question.split()))


def compose_llm(question: str, sources: list[Citation], model: BaseChatModel) -> Answer:
    """The model's answer over `sources`, checked; connection errors propagate to the caller."""
    reply = model.invoke([HumanMessage(content=build_prompt(question, sources))])
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    text = text.strip()
    problems = check_answer(text, sources, question)
    used = set(cited_numbers(text))
    return Answer(
        answer=text,
        supported=not problems,
        mode=LLM,
        citations=[c for c in sources if c.n in used],
        check={"passed": not problems, "problems": problems},
    )
