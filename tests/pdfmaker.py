"""Real PDFs for tests, written with fpdf2 and a Unicode TrueType font.

The font comes from the Debian package fonts-dejavu-core (installed in CI); without it the tests
that need a PDF fail with a message saying so instead of producing PDFs without Vietnamese text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _document() -> FPDF:
    if not FONT.is_file():
        pytest.fail(f"missing font {FONT}: install the Debian package fonts-dejavu-core")
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=12)
    return pdf


def text_pdf(path: Path, pages: list[str]) -> Path:
    """One PDF page per string; lines of a string are lines of the page."""
    pdf = _document()
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def image_pdf(path: Path) -> Path:
    """A scan: one page holding only an image, no text layer."""
    pdf = _document()
    pdf.add_page()
    pdf.image(Image.new("RGB", (120, 80), (200, 200, 200)), x=20, y=20, w=120)
    pdf.output(str(path))
    return path


def blank_pdf(path: Path, pages: int = 2) -> Path:
    pdf = _document()
    for _ in range(pages):
        pdf.add_page()
    pdf.output(str(path))
    return path


def encrypt_pdf(source: Path, path: Path, user_password: str, owner_password: str = "owner") -> Path:
    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    with path.open("wb") as handle:
        writer.write(handle)
    return path
