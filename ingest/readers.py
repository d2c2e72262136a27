"""Files in, raw text out: PDF, DOCX, TXT, Markdown and HTML pages saved from law portals.

`read()` returns the text with the offset where each page begins and no regions (clean() marks
them). Every failure a user can cause is a ReadError naming the file and a one-line cause, so that
`kehoach ingest` can report it and go on with the other files.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

from kehoach.errors import ReadError
from kehoach.ingest import legacy
from kehoach.ingest.records import PagedText
from kehoach.ingest.settings import DEFAULT_MAX_PDF_PAGES, DEFAULT_MAX_UNZIPPED_MB

SUPPORTED: tuple[str, ...] = (".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm")
PAGE_SEPARATOR = "\n\n"

EMPTY = "tệp rỗng (không có nội dung văn bản)"
NOT_TEXT = "không phải tệp văn bản (dữ liệu nhị phân hoặc bảng mã không nhận ra)"
PDF_BROKEN = "tệp PDF bị hỏng hoặc không đầy đủ"
PDF_LOCKED = "tệp PDF được bảo vệ bằng mật khẩu"
PDF_NEEDS_OCR = "tệp PDF không có lớp văn bản (bản quét hoặc ảnh), cần OCR"
DOCX_BROKEN = "tệp DOCX bị hỏng, không đọc được"
LEGACY_UNSURE = (
    "có vẻ dùng bảng mã cũ (TCVN3/VNI) nhưng không xác định được chắc chắn; hãy chuyển sang Unicode"
)
_MAX_CONTROL_SHARE = 0.01  # real text has next to no control characters
_MAX_ODD_SHARE = 0.005  # Windows-1258 Vietnamese leaves no Latin-1 sign that Vietnamese never uses


class _Failure(Exception):
    """A cause found deep inside an extractor; read() turns it into a ReadError with the path."""


def _unsupported(suffix: str) -> str:
    shown = ".pdf, .docx, .txt, .md, .html"
    return f"định dạng {suffix or '(không có phần mở rộng)'} không được hỗ trợ (hỗ trợ: {shown})"


def _megabytes(size: int) -> str:
    return f"{round(size / 2**20, 1):g}".replace(".", ",")


def _too_large(size: int, limit: int) -> str:
    return f"tệp quá lớn ({_megabytes(size)} MB, giới hạn {_megabytes(limit)} MB)"


# --- plain text -------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _is_junk(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    return "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text)


def _decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258; legacy fonts pass through as
    their Latin-1 look-alikes for `legacy.detect`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    else:
        if b"\x00" in data:
            raise _Failure(NOT_TEXT)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_8bit(data)
    if _is_junk(text):
        raise _Failure(NOT_TEXT)
    return text


def _decode_8bit(data: bytes) -> str:
    """Windows-1258 when it decodes to clean Vietnamese, else the Latin-1 view of the bytes."""
    try:
        vietnamese = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        vietnamese = None
    if vietnamese is not None and legacy.odd_share(vietnamese) < _MAX_ODD_SHARE:
        return vietnamese
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read_text(path: Path) -> list[str]:
    """pdftotext and similar tools separate pages with form feeds: keep them as pages."""
    return _decode_text(path.read_bytes()).split("\f")


# --- PDF --------------------------------------------------------------------------------------


def _read_pdf(path: Path, max_pages: int = DEFAULT_MAX_PDF_PAGES) -> list[str]:
    from pypdf import PdfReader

    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(0, 2)
        handle.seek(max(0, handle.tell() - 2048))
        tail = handle.read()
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise _Failure(PDF_BROKEN)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _Failure(PDF_LOCKED)
        if len(reader.pages) > max_pages:
            raise _Failure(f"tệp PDF quá nhiều trang ({len(reader.pages)} trang, giới hạn {max_pages} trang)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except _Failure:
        raise
    except Exception as exc:  # untrusted input: any parser failure means a broken file
        raise _Failure(PDF_BROKEN) from exc
    if not any(page.strip() for page in pages):
        raise _Failure(PDF_NEEDS_OCR)
    return pages


# --- DOCX -------------------------------------------------------------------------------------


def _docx_lines(container, parent) -> Iterator[str]:
    """Paragraphs and tables in body order; a data table gives one line per row ("a | b"), a
    layout table (cells holding several paragraphs: header, Nơi nhận / signature) its cells'
    lines one after another so their structure survives."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, parent))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_lines(content, parent)


def _table_lines(table) -> Iterator[str]:
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                seen.add(id(cell._tc))
                text = "\n".join(_docx_lines(cell._tc, cell))
                cells.append([line for line in text.split("\n") if line.strip()])
        if all(len(lines) <= 1 for lines in cells):
            yield " | ".join(lines[0] if lines else "" for lines in cells)
        else:
            for lines in cells:
                yield from lines
                yield ""


def _check_unzipped(path: Path, limit: int) -> None:
    """Refuse a DOCX whose parts expand past `limit` before any XML is parsed (a zip bomb): the
    sizes come from the zip directory, and zipfile never inflates a member past its stated size."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _Failure(DOCX_BROKEN) from exc
    if total > limit:
        raise _Failure(
            f"tệp DOCX khi giải nén quá lớn ({_megabytes(total)} MB, giới hạn {_megabytes(limit)} MB)"
        )


def _read_docx(path: Path) -> list[str]:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise _Failure(DOCX_BROKEN) from exc
    return ["\n".join(_docx_lines(document.element.body, document))]


# --- HTML -------------------------------------------------------------------------------------

_SKIPPED_TAGS = frozenset(
    "script style noscript template head nav header footer form menu aside iframe svg button select".split()
)
_SKIPPED_CLASSES = frozenset(
    "menu nav navbar navigation breadcrumb breadcrumbs footer sidebar cookie social share login search"
    " ads advert advertisement".split()
)
_SKIPPED_NAMES = frozenset({"header", "banner", "topbar"})  # whole class or id only: "doc-header" stays
_BLOCK_TAGS = frozenset(
    "p div br li ul ol tr td th table section article main h1 h2 h3 h4 h5 h6 blockquote pre hr dd dt dl"
    " center address figure figcaption caption tbody thead".split()
)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


class _HtmlText(HTMLParser):
    """The document's text: page chrome (menus, headers, forms, scripts) is skipped, block
    elements become line breaks, other whitespace collapses as a browser would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # open tags of the skipped element, innermost last
        self._pre = 0

    def _skipped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIPPED_TAGS:
            return True
        names = " ".join(value or "" for key, value in attrs if key in ("class", "id")).lower()
        return any(part in _SKIPPED_CLASSES for part in re.split(r"[\s_-]+", names)) or any(
            name in _SKIPPED_NAMES for name in names.split()
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.handle_startendtag(tag, attrs)
            return
        if self._skip or self._skipped(tag, attrs):
            self._skip.append(tag)
            return
        if tag == "pre":
            self._pre += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in self._skip:
                del self._skip[len(self._skip) - 1 - self._skip[::-1].index(tag) :]
            return
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = (line.strip() for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _html_charset(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    found = _META_CHARSET.search(data[:8192])
    if found:
        try:
            return codecs.lookup(found.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            pass
    return "utf-8"


def _read_html(path: Path) -> list[str]:
    data = path.read_bytes()
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _Failure(NOT_TEXT)
    parser = _HtmlText()
    parser.feed(data.decode(_html_charset(data), errors="replace").lstrip("\ufeff"))
    parser.close()
    return [parser.text()]


# --- dispatch ---------------------------------------------------------------------------------

_READERS: dict[str, Callable[[Path], list[str]]] = {
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
}


def _to_unicode(pages: list[str]) -> list[str]:
    """Legacy fonts are judged on the whole document, converted page by page (keeps page starts)."""
    whole = "\n".join(pages)
    encoding = legacy.detect(whole)
    if encoding:
        pages = [legacy.to_unicode(page, encoding) for page in pages]
    elif legacy.looks_legacy(whole):
        raise _Failure(LEGACY_UNSURE)
    return [unicodedata.normalize("NFC", page) for page in pages]


def read(
    path: Path,
    max_bytes: int,
    max_unzipped_bytes: int = int(DEFAULT_MAX_UNZIPPED_MB * 2**20),
    max_pages: int = DEFAULT_MAX_PDF_PAGES,
) -> PagedText:
    """The raw text of a supported file, with the offset where each page begins."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise ReadError(path, _unsupported(suffix))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(path, "không mở được tệp") from exc
    if size > max_bytes:
        raise ReadError(path, _too_large(size, max_bytes))
    if size == 0:
        raise ReadError(path, EMPTY)
    if suffix == ".pdf":
        reader = functools.partial(_read_pdf, max_pages=max_pages)
    try:
        if suffix == ".docx":
            _check_unzipped(path, max_unzipped_bytes)
        pages = _to_unicode(reader(path))
    except _Failure as failure:
        raise ReadError(path, str(failure)) from failure
    except OSError as exc:
        raise ReadError(path, "không mở được tệp") from exc
    if not any(page.strip() for page in pages):
        raise ReadError(path, EMPTY)
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    return PagedText(text=PAGE_SEPARATOR.join(pages), page_starts=starts)
