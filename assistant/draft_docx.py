"""A draft as DOCX in the layout of Nghị định 30/2020/NĐ-CP (Appendix I): A4, margins 20/20/30/15
mm, Times New Roman 13-14 pt, two-column header table, centred title, justified body."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from kehoach.assistant.docx_footnotes import Footnotes
from kehoach.assistant.draft import Draft, Paragraph, source_note

FONT = "Times New Roman"
_GREY = RGBColor(0x80, 0x80, 0x80)


def _set_font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    """Times New Roman for every script (east-asian too, or Word falls back for Vietnamese)."""
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _para(container, text: str, size: float = 14, bold: bool = False, italic: bool = False, align=None):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _set_font(p.add_run(text), size, bold, italic)
    return p


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _no_borders(table) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _two_columns(doc, left: Cm, right: Cm):
    """A borderless two-column table with fixed widths (LibreOffice reads the grid, Word the cells)."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, (left, right), strict=True):
        column.width = width
        column.cells[0].width = width
    return table


def _header(doc, draft: Draft) -> None:
    table = _two_columns(doc, Cm(6), Cm(10.5))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    centre = WD_ALIGN_PARAGRAPH.CENTER
    issuer = re.sub(r"^(ỦY BAN NHÂN DÂN) ", r"\1\n", draft.issuer.upper())
    _set_font(left.paragraphs[0].add_run(issuer), 13, bold=True)
    left.paragraphs[0].alignment = centre
    _para(left, "-------", 13, align=centre)
    _para(left, draft.number_line, 13, align=centre)
    right.paragraphs[0].alignment = centre
    _set_font(right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, align=centre)
    _para(right, "---------------", 13, align=centre)
    _para(right, draft.place_date, 14, italic=True, align=centre)


def _body(doc, text: str, bold: bool = False):
    p = _para(doc, text, 14, bold=bold, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    p.paragraph_format.first_line_indent = Cm(1)
    p.paragraph_format.space_before = Pt(6)
    return p


def _source(doc, p: Paragraph) -> None:
    note = _para(doc, source_note(p), 9, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    note.runs[0].font.color.rgb = _GREY


def _paragraphs(doc, paras: list[Paragraph], sources: bool, notes: Footnotes | None) -> None:
    """Each paragraph with its source: a grey line under it, or one footnote after the last of a
    run of paragraphs from the same source."""
    for i, p in enumerate(paras):
        body = _body(doc, p.text)
        if sources and notes is None:
            _source(doc, p)
        elif notes is not None and (i + 1 == len(paras) or source_note(paras[i + 1]) != source_note(p)):
            notes.add(body, source_note(p))


def _targets(doc, draft: Draft) -> None:
    _body(doc, f"Bảng chỉ tiêu năm {draft.year} (đề xuất)", bold=True)
    heads = ("Chỉ tiêu", "Năm trước", "Cấp trên", f"Đề xuất {draft.year}", "Ghi chú")
    table = doc.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _set_font(cell.paragraphs[0].add_run(head), 11, bold=True)
    for t in draft.targets:
        cells = table.add_row().cells
        values = (f"{t.label}: {t.indicator}", t.previous, t.upper, t.proposal, t.note)
        for cell, value in zip(cells, values, strict=True):
            _set_font(cell.paragraphs[0].add_run(value), 11)


def _ending(doc, draft: Draft) -> None:
    left, right = _two_columns(doc, Cm(7.5), Cm(9)).rows[0].cells
    _set_font(left.paragraphs[0].add_run("Nơi nhận:"), 12, bold=True, italic=True)
    for line in draft.recipients:
        _para(left, line, 11)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    first, *rest = draft.signature
    _set_font(right.paragraphs[0].add_run(first), 14, bold=True)
    for line in rest:
        _para(right, line, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _notes(doc, draft: Draft) -> None:
    for title, items in (("Cần bổ sung:", draft.placeholders), ("Cần xem lại:", draft.flags)):
        if items:
            _para(doc, title, 12, bold=True)
            for item in items:
                _para(doc, f"- {item}", 12)


def write_docx(draft: Draft, path: Path, sources: bool = True, footnotes: bool = False) -> None:
    """Write the draft to `path` (.docx); sources in small grey under each paragraph, or as Word
    footnotes, or (sources=False) not at all."""
    notes = Footnotes(FONT) if sources and footnotes else None
    doc = new_document()
    _page(doc)
    _header(doc, draft)
    _para(doc, "KẾ HOẠCH", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_before = Pt(
        12
    )
    _para(doc, draft.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraphs(doc, draft.preamble, sources, notes)
    for sec in draft.sections:
        if sec.is_content and sec.origin:
            _paragraphs(doc, [sec.origin], sources, notes)
        else:
            _body(doc, sec.heading, bold=True)
        _paragraphs(doc, sec.paragraphs, sources, notes)
        if sec.note:
            _para(doc, sec.note, 12, italic=True)
    if draft.targets:
        _targets(doc, draft)
    _ending(doc, draft)
    _notes(doc, draft)
    if notes is not None:
        notes.attach(doc)
    doc.save(str(path))
