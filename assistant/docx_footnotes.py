"""Word footnotes, which python-docx cannot write: the footnotes part is built by hand and related
to the document, and each reference is a superscript run in the body (Times New Roman, 10 pt)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word expects the two separator notes (ids -1 and 0) before the document's own.
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
    "</w:p></w:footnote>"
)
_FONT = '<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/><w:sz w:val="20"/>'


class Footnotes:
    """Collects footnotes while the body is written; `attach` adds the part before saving."""

    def __init__(self, font: str):
        self.font = font
        self.texts: list[str] = []

    def add(self, paragraph, text: str) -> None:
        """A footnote reference at the end of `paragraph` whose note reads `text`."""
        self.texts.append(text)
        run = paragraph.add_run()
        vert = OxmlElement("w:vertAlign")
        vert.set(qn("w:val"), "superscript")
        run._element.get_or_add_rPr().append(vert)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(len(self.texts)))
        run._element.append(ref)

    def xml(self) -> str:
        font = _FONT.format(f=escape(self.font, {'"': "&quot;"}))
        notes = "".join(
            f'<w:footnote w:id="{n}"><w:p>'
            f'<w:r><w:rPr>{font}<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr>{font}</w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
            "</w:p></w:footnote>"
            for n, text in enumerate(self.texts, 1)
        )
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        return f'{head}<w:footnotes xmlns:w="{_W}">{_SEPARATORS}{notes}</w:footnotes>'

    def attach(self, doc) -> None:
        """Add the footnotes part to `doc` (before it is saved); nothing when there is no note."""
        if not self.texts:
            return
        part = Part(
            PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.xml().encode("utf-8"), doc.part.package
        )
        doc.part.relate_to(part, RT.FOOTNOTES)
