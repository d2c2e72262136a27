"""Next year's plan from a prior one: structure, text moved forward in time, targets proposed.

The first source is the model plan (its section tree is the draft's skeleton); the others supply
targets. Nothing is invented: what the tool cannot know becomes a visible "[cần bổ sung: ...]"
placeholder, and every paragraph remembers the document and section it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kehoach.assistant.draft_targets import TargetProposal, propose_targets
from kehoach.assistant.draft_text import base_placeholders, mark_stale, placeholder, shift_years
from kehoach.errors import KehoachError
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry, Document, Section
from kehoach.ingest.vietnamese import fold

_ENDING = ("Nơi nhận", "Chữ ký")
_DISTRICT_LEVELS = ("huyen", "quan", "thi xa")

_THEME = re.compile(r"(chủ đề|thông điệp)(\s*(?:là\s*)?:?\s*)[“\"«][^”\"»]+[”\"»]")
_MONEY = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?\s*(?=đồng)|\d+(?:,\d+)?\s*(?=(?:triệu|tỷ)\s+đồng)")
_MONEY_WORDS = re.compile(r"\s*\([^()\d]*đồng\)")  # "(Ba trăm năm mươi triệu đồng)"


@dataclass
class Paragraph:
    """One paragraph of the draft and where its text came from (document and section path);
    `rewritten` when a language model merged it from that section's lines (draft_llm.py)."""

    text: str
    doc_id: str
    number: str | None
    section: str
    source: str
    rewritten: bool = False


@dataclass
class DraftSection:
    """A section of the model plan; `origin` grounds the heading, which in deep sections ("a) ...",
    "Chỉ tiêu 1: ...") is itself content and is shown with its source; `note` tells the reader
    what happened to the section (an LLM rewrite refused, and why)."""

    heading: str
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    origin: Paragraph | None = None
    note: str = ""

    @property
    def is_content(self) -> bool:
        return self.level >= 3 or len(self.heading) > 120


@dataclass
class Draft:
    title: str
    year: int
    issuer: str
    number_line: str
    place_date: str
    preamble: list[Paragraph]
    sections: list[DraftSection]
    recipients: list[str]
    signature: list[str]
    targets: list[TargetProposal] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


# ---- choosing documents -------------------------------------------------------------------


def _number_keys(number: str) -> set[str]:
    """ "71/KH-UBND" is found as itself or as "71"."""
    compact = fold(number.replace(" ", ""))
    return {compact, compact.split("/")[0]}


def resolve_document(index: Index, ref: str) -> CatalogEntry:
    """A document by its number ("71/KH-UBND" or "71") or its doc_id (or a prefix of it)."""
    key = fold(ref.replace(" ", ""))
    docs = index.documents()
    found = [d for d in docs if d.doc_id == ref] or [
        d
        for d in docs
        if (d.number and key in _number_keys(d.number)) or (len(key) >= 6 and d.doc_id.startswith(key))
    ]
    if len(found) == 1:
        return found[0]
    if not found:
        raise KehoachError(f"Không tìm thấy văn bản «{ref}» trong chỉ mục (xem: kehoach docs).")
    listed = "; ".join(f"{d.doc_id[:12]} ({d.label})" for d in found)
    raise KehoachError(f"«{ref}» khớp nhiều văn bản: {listed}. Hãy ghi rõ số đầy đủ hoặc mã văn bản.")


# ---- the model plan's parts ---------------------------------------------------------------


def _own_text(doc: Document, sec: Section) -> str:
    """The section's text up to its first child (the children are drafted as their own sections)."""
    children = [s.start for s in doc.sections if s.start > sec.start and s.path[: sec.level] == sec.path]
    return doc.text[sec.start : min(children, default=sec.end)]


def _lines(text: str) -> list[str]:
    return [ln.replace("**", "").strip() for ln in text.splitlines() if ln.replace("**", "").strip()]


def _preamble_lines(doc: Document, sec: Section) -> list[str]:
    """The bases after the header block (issuer, motto, number, date, "KẾ HOẠCH", title)."""
    lines = _lines(doc.text[sec.start : sec.end])
    title = fold(doc.meta.title or "")
    ends = [
        i + 1
        for i, line in enumerate(lines)
        if (title and fold(line).startswith(title[:40])) or fold(line) == "ke hoach"
    ]
    return lines[max(ends, default=0) :]


def _region_lines(doc: Document, kind: str) -> list[str]:
    return [ln for r in doc.body.regions if r.kind == kind for ln in _lines(doc.text[r.start : r.end])]


def _signature(doc: Document) -> list[str]:
    roles = [ln for ln in _region_lines(doc, "signature") if ln.isupper()]
    return (roles or ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]) + [placeholder("người ký")]


def _recipients(doc: Document) -> list[str]:
    lines = _region_lines(doc, "recipients")
    return [ln for ln in lines if not fold(ln).startswith("noi nhan")]


# ---- building the draft -------------------------------------------------------------------


@dataclass
class _Context:
    doc: Document
    old: int
    new: int
    place_from: str | None
    place_to: str | None
    placeholders: list[str]
    flags: list[str]

    def rewrite(self, text: str, section: str) -> str:
        """Model text moved to the new year, with placeholders and stale bodies marked."""
        if self.place_from and self.place_to:
            text = text.replace(self.place_from, self.place_to)
        text = base_placeholders(text, self.old, self.new)
        theme = placeholder(f"chủ đề Tháng hành động vì trẻ em năm {self.new}")
        text, themes = _THEME.subn(lambda m: m.group(1) + m.group(2) + theme, text)
        if themes:
            self.note(theme)
        money = placeholder(f"kinh phí năm {self.new}") + " "
        text, sums = _MONEY.subn(money, text)
        text = _MONEY_WORDS.sub("", text) if sums else text
        if sums:
            self.note(money.strip())
        text = shift_years(text, self.old, self.new)
        if placeholder(f"số, ngày văn bản năm {self.new} của cấp trên") in text:
            self.note(placeholder(f"số, ngày văn bản năm {self.new} của cấp trên"))
        text, stale = mark_stale(text)
        self.flags.extend(f"{section}: {name}" for name in stale)
        return text

    def note(self, what: str) -> None:
        if what not in self.placeholders:
            self.placeholders.append(what)

    def paragraph(self, text: str, section: str) -> Paragraph:
        return Paragraph(
            self.rewrite(text, section), self.doc.doc_id, self.doc.meta.number, section, self.doc.source
        )


def _short_place(locality: str) -> str:
    """ "huyện Sơn Tây, tỉnh Quảng Ngãi" -> "Sơn Tây"."""
    first = locality.split(",")[0].strip()
    return re.sub(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+", "", first, flags=re.I)


def _pick_sections(doc: Document, section: str | None) -> list[Section]:
    body = [s for s in doc.sections if s.path[0] not in _ENDING and s.path[0] != "Mở đầu"]
    if section is None:
        return body
    key = fold(section).strip()
    roots = [s for s in body if key in fold(s.path[-1])]
    if not roots:
        heads = "; ".join(s.path[-1] for s in body if s.level == 1)
        raise KehoachError(f"Không có mục «{section}» trong kế hoạch mẫu. Các mục: {heads}.")
    root = roots[0]
    return [s for s in body if s.path[: root.level] == root.path]


def _draft_section(ctx: _Context, sec: Section) -> DraftSection:
    lines = _lines(_own_text(ctx.doc, sec))
    label = sec.label
    origin = ctx.paragraph(lines[0] if lines else sec.path[-1], label)
    return DraftSection(origin.text, sec.level, [ctx.paragraph(ln, label) for ln in lines[1:]], origin)


def _issuer(entry_issuer: str | None, locality: str | None) -> str:
    issuer = (
        f"UBND {locality.split(',')[0].strip()}"
        if locality
        else (entry_issuer or placeholder("cơ quan ban hành"))
    )
    return re.sub(r"^UBND\b", "Ủy ban nhân dân", issuer)


def _district_check(ctx: _Context, issuer: str) -> None:
    rest = fold(issuer).removeprefix("uy ban nhan dan").strip()
    if ctx.new > 2025 and rest.startswith(_DISTRICT_LEVELS):
        ctx.flags.append(
            f"{issuer}: cấp huyện không còn từ ngày 01/7/2025 (chính quyền địa phương hai cấp); "
            "kế hoạch này cần do tỉnh hoặc xã ban hành."
        )
        ctx.note(placeholder(f"cơ quan ban hành thay {issuer}"))


def make_draft(
    index: Index, sources: list[str], year: int, locality: str | None = None, section: str | None = None
) -> Draft:
    """Draft the plan of `year` from the model plan `sources[0]`; the others supply targets."""
    if not sources:
        raise KehoachError("Cần ít nhất một văn bản mẫu (--from).")
    entries = [resolve_document(index, ref) for ref in sources]
    doc = index.document(entries[0].doc_id)
    old = doc.meta.year_from
    if old is None:
        raise KehoachError(f"Không xác định được năm của kế hoạch mẫu {entries[0].label}.")
    place = _short_place(doc.meta.locality or "") or None
    new_place = _short_place(locality) if locality else None
    ctx = _Context(doc, old, year, place, new_place, [], [])
    issuer = _issuer(doc.meta.issuer, locality)
    _district_check(ctx, issuer)
    intro = [s for s in doc.sections if s.path[0] == "Mở đầu"]
    chosen = _pick_sections(doc, section)
    sections = [_draft_section(ctx, s) for s in chosen]
    # One section drafted alone carries neither the bases nor targets stated elsewhere.
    bases = [] if section else [ln for s in intro for ln in _preamble_lines(doc, s)]
    preamble = [ctx.paragraph(ln, "Mở đầu") for ln in bases]
    rows = propose_targets(index, doc, [e.doc_id for e in entries[1:]], year)
    if section:
        rows = [r for r in rows if chosen[0].label in r.source]
    recipients = [] if section else [ctx.rewrite(ln, "Nơi nhận") for ln in _recipients(doc)]
    number = placeholder("số văn bản")
    if not section:  # a section alone is shown without the header that holds the number
        ctx.note(number)
    kind_code = (doc.meta.number or "/KH-UBND").split("/", 1)[-1]
    return Draft(
        title=ctx.rewrite(doc.meta.title or placeholder("trích yếu"), "Tiêu đề"),
        year=year,
        issuer=issuer,
        number_line=f"Số: {number}/{kind_code}",
        place_date=f"{new_place or place or placeholder('địa danh')}, ngày ... tháng ... năm {year}",
        preamble=preamble,
        sections=sections,
        recipients=recipients,
        signature=_signature(doc),
        targets=rows,
        placeholders=ctx.placeholders,
        flags=ctx.flags,
    )


# ---- Markdown -----------------------------------------------------------------------------


def source_note(p: Paragraph) -> str:
    """ "Nguồn: 71/KH-UBND, II. MỤC TIÊU > ..." for a paragraph."""
    merged = " (mô hình ngôn ngữ viết lại từ mục này)" if p.rewritten else ""
    return f"Nguồn: {p.number or p.doc_id[:12]}, {p.section}{merged}"


Cite = Callable[[Paragraph], str]


def source_link(p: Paragraph) -> str:
    """ " ([Nguồn: ...](file))": a paragraph's source as a Markdown link to the model plan's file."""
    return f" ([{source_note(p)}]({Path(p.source).name}))"


def section_markdown(draft: Draft, cite: Cite | None = source_link) -> str:
    """The drafted sections and target table alone (a one-section answer), then the notes;
    `cite` writes each paragraph's source after it (None: no sources)."""

    def para(p: Paragraph) -> str:
        return p.text + (cite(p) if cite else "") + "\n"

    out = [para(p) for p in draft.preamble]
    for sec in draft.sections:
        if sec.is_content and sec.origin:
            out.append(para(sec.origin))
        else:
            out.append(f"{'#' * min(sec.level + 2, 6)} {sec.heading}\n")
        out += [para(p) for p in sec.paragraphs]
        out += [f"*{sec.note}*\n"] if sec.note else []
    if draft.targets:
        out += _md_targets(draft)
    return "\n".join(out + _md_notes(draft))


def _md_notes(draft: Draft) -> list[str]:
    out = ["---", "**Cần bổ sung:**", *[f"- {p}" for p in draft.placeholders], ""]
    out = out if draft.placeholders else []
    return out + (["**Cần xem lại:**", *[f"- {f}" for f in draft.flags], ""] if draft.flags else [])


def to_markdown(draft: Draft, sources: bool = True, cite: Cite | None = None) -> str:
    """The draft as Markdown: header, title, bases, sections, targets, ending, then the notes;
    sources as links unless switched off, or as `cite` writes them."""
    out = [
        f"**{draft.issuer.upper()}**  ",
        draft.number_line,
        "",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ",
        "**Độc lập - Tự do - Hạnh phúc**",
        "",
        f"*{draft.place_date}*",
        "",
        "# KẾ HOẠCH",
        f"## {draft.title}",
        "",
    ]
    body = replace(draft, placeholders=[], flags=[])
    out.append(section_markdown(body, cite or (source_link if sources else None)))
    out += ["***Nơi nhận:***", *[f"{r}  " for r in draft.recipients], ""] if draft.recipients else []
    out += [f"**{line}**  " for line in draft.signature] + [""]
    return "\n".join(out + _md_notes(draft))


def _md_targets(draft: Draft) -> list[str]:
    head = f"| Chỉ tiêu | Năm trước | Kế hoạch cấp trên | Đề xuất năm {draft.year} | Ghi chú | Nguồn |"
    rows = [head, "|---|---|---|---|---|---|"]
    for t in draft.targets:
        cells = (f"{t.label}: {t.indicator}", t.previous, t.upper, t.proposal, t.note, t.source)
        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return [f"### Bảng chỉ tiêu năm {draft.year} (đề xuất)", "", *rows, ""]
