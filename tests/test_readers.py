"""Readers on real files written by the tests: every format, every encoding, every bad input."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import docx
import pytest

from kehoach.errors import ReadError
from kehoach.ingest import legacy, readers
from tests.pdfmaker import blank_pdf, encrypt_pdf, image_pdf, text_pdf

LIMIT = 50 * 2**20
SENTENCE = "Đảm bảo quyền trẻ em được thực hiện đầy đủ, kịp thời; giảm tỷ lệ suy dinh dưỡng thể thấp còi."
SEED_IDS = ("000", "001", "002", "003", "004")


def _cp1258(text: str) -> bytes:
    """Windows-1258 has ê, ơ, ă... but writes tones as combining marks after the letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _tcvn3(text: str) -> str:
    inverse = {v: k for k, v in legacy.TCVN3.items()}
    return "".join(inverse.get(c, c) for c in text)


def _vni(text: str) -> str:
    inverse: dict[str, str] = {}
    for code, letter in legacy.VNI.items():
        if letter not in inverse or code.isupper() or code.islower():
            inverse[letter] = code
    return "".join(inverse.get(c, c) for c in text)


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _fails(path: Path, cause: str, max_bytes: int = LIMIT) -> None:
    with pytest.raises(ReadError) as caught:
        readers.read(path, max_bytes)
    assert caught.value.cause == cause
    assert path.name in str(caught.value)


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_gives_one_page_start_per_page(tmp_path):
    pages = ["Trang một: mục tiêu chung.", "Trang hai: chỉ tiêu tiêm chủng.", "Trang ba: Nơi nhận:"]
    result = readers.read(text_pdf(tmp_path / "ke-hoach.pdf", pages), LIMIT)
    assert len(result.page_starts) == 3
    for number, (start, page) in enumerate(zip(result.page_starts, pages, strict=True), 1):
        assert result.text[start:].startswith(page)
        assert result.page_at(result.text.index(page)) == number
    assert result.regions == []


def test_pdf_with_only_an_owner_password_opens_with_the_empty_password(tmp_path):
    plain = text_pdf(tmp_path / "plain.pdf", ["Kế hoạch công tác trẻ em năm 2025."])
    locked = encrypt_pdf(plain, tmp_path / "owner-only.pdf", user_password="")
    assert "Kế hoạch công tác trẻ em năm 2025." in readers.read(locked, LIMIT).text


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_keeps_paragraphs_and_tables_in_body_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("Chỉ tiêu", "2025", "2030"), ("Tiêm chủng", "97%", "98%")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Nơi nhận:")
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "- Như trên;\n- Lưu: VT."
    layout.cell(0, 1).text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    document.save(tmp_path / "plan.docx")

    text = readers.read(tmp_path / "plan.docx", LIMIT).text
    lines = [line for line in text.split("\n") if line]
    assert lines[:4] == ["KẾ HOẠCH", "Chỉ tiêu | 2025 | 2030", "Tiêm chủng | 97% | 98%", "Nơi nhận:"]
    assert lines[4:] == ["- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_docx_typed_in_tcvn3_is_converted(tmp_path):
    document = docx.Document()
    document.add_paragraph(_tcvn3(SENTENCE))
    document.add_paragraph(_tcvn3("Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt trên 95%."))
    document.save(tmp_path / "cu.docx")
    text = readers.read(tmp_path / "cu.docx", LIMIT).text
    assert SENTENCE in text
    assert "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt trên 95%." in text


# --- plain text and Markdown -----------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: s.encode("utf-8-sig"),
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-16-be").join([b"\xfe\xff", b""]),
        _cp1258,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1258"],
)
def test_txt_encodings_read_back_as_nfc_unicode(tmp_path, encode):
    result = readers.read(_write(tmp_path / "plan.txt", encode(SENTENCE)), LIMIT)
    assert result.text == SENTENCE
    assert result.page_starts == [0]


@pytest.mark.parametrize("encoding, encode", [("tcvn3", _tcvn3), ("vni", _vni)])
def test_txt_in_legacy_font_bytes_reads_as_unicode(tmp_path, encoding, encode):
    legacy_text = encode(SENTENCE)
    assert legacy.detect(legacy_text) == encoding
    path = _write(tmp_path / "cu.txt", legacy_text.encode("cp1252"))
    assert readers.read(path, LIMIT).text == SENTENCE


def test_vni_capitals_convert():
    assert legacy.to_unicode(_vni("KẾ HOẠCH CÔNG TÁC TRẺ EM"), "vni") == "KẾ HOẠCH CÔNG TÁC TRẺ EM"


def test_mixed_legacy_encodings_are_refused_rather_than_guessed(tmp_path):
    mixed = _tcvn3(SENTENCE) + "\n" + _vni(SENTENCE)
    assert legacy.detect(mixed) is None and legacy.looks_legacy(mixed)
    _fails(_write(tmp_path / "tron.txt", mixed.encode("cp1252")), readers.LEGACY_UNSURE)


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_unicode_seeds_are_never_taken_for_legacy(seed, seed_id):
    text = seed(seed_id).read_text(encoding="utf-8")
    assert legacy.detect(text) is None
    assert not legacy.looks_legacy(text)
    assert readers.read(seed(seed_id), LIMIT).text == unicodedata.normalize("NFC", text)


def test_txt_form_feeds_are_page_breaks(tmp_path):
    result = readers.read(_write(tmp_path / "pdftotext.txt", "Trang một.\fTrang hai.\fTrang ba."), LIMIT)
    assert len(result.page_starts) == 3
    assert result.page_at(result.text.index("Trang hai")) == 2


def test_markdown_is_read_like_text(tmp_path):
    path = _write(tmp_path / "plan.MD", "## KẾ HOẠCH\n\n**Mục tiêu** chung")
    assert readers.read(path, LIMIT).text == "## KẾ HOẠCH\n\n**Mục tiêu** chung"


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>Portal title</title>
<style>.x {{ color: red }}</style><script>var menu = "Trang chủ";</script></head>
<body><header>Đăng nhập</header><nav><ul><li>Trang chủ<li>Văn bản mới</ul></nav>
<div class="main-menu">Tin tức</div><div id="header">Tra cứu</div>
<div id="content"><p>ỦY BAN NHÂN DÂN<br>THÀNH PHỐ HUẾ</p>
<h1>KẾ   HOẠCH</h1><p>Giảm tỷ lệ
 trẻ em bị xâm hại &amp; bạo lực.</p>
<table><tr><td>Nơi nhận:</td><td>TM. ỦY BAN NHÂN DÂN</td></tr></table></div>
<form><input name="q"><button>Tìm</button></form><footer>Bản quyền</footer></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
def test_html_keeps_the_document_and_drops_the_page_chrome(tmp_path, charset):
    page = PAGE.format(charset=charset)
    data = page.encode("utf-8") if charset == "utf-8" else _cp1258(page)
    text = readers.read(_write(tmp_path / "van-ban.HTM", data), LIMIT).text
    lines = [line for line in text.split("\n") if line]
    assert lines == [
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HUẾ",
        "KẾ HOẠCH",
        "Giảm tỷ lệ trẻ em bị xâm hại & bạo lực.",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
    ]


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rong.txt", "rong.pdf", "rong.docx", "rong.html"])
def test_empty_file(tmp_path, name):
    _fails(_write(tmp_path / name, b""), "tệp rỗng (không có nội dung văn bản)")


def test_text_file_with_only_whitespace_is_empty(tmp_path):
    _fails(_write(tmp_path / "trang.txt", " \n\t\n  "), "tệp rỗng (không có nội dung văn bản)")


def test_truncated_pdf(tmp_path):
    whole = text_pdf(tmp_path / "whole.pdf", ["Kế hoạch năm 2025."] * 3).read_bytes()
    _fails(_write(tmp_path / "hong.pdf", whole[: len(whole) // 2]), "tệp PDF bị hỏng hoặc không đầy đủ")


def test_garbage_pdf(tmp_path):
    _fails(
        _write(tmp_path / "rac.pdf", b"%PDF-1.7\nnot really a pdf\n%%EOF\n"),
        "tệp PDF bị hỏng hoặc không đầy đủ",
    )


def test_pdf_locked_with_a_user_password(tmp_path):
    plain = text_pdf(tmp_path / "plain.pdf", ["Kế hoạch công tác trẻ em năm 2025."])
    locked = encrypt_pdf(plain, tmp_path / "khoa.pdf", user_password="mat-khau")
    _fails(locked, "tệp PDF được bảo vệ bằng mật khẩu")


@pytest.mark.parametrize("make", [image_pdf, blank_pdf], ids=["image-only", "blank-pages"])
def test_pdf_without_a_text_layer_needs_ocr(tmp_path, make):
    _fails(make(tmp_path / "scan.pdf"), "tệp PDF không có lớp văn bản (bản quét hoặc ảnh), cần OCR")


@pytest.mark.parametrize(
    "junk",
    [random.Random(7).randbytes(4096), bytes(range(1, 32)) * 64 + "chữ".encode()],
    ids=["random-bytes", "control-characters"],
)
def test_binary_junk_renamed_txt(tmp_path, junk):
    _fails(
        _write(tmp_path / "anh.txt", junk),
        "không phải tệp văn bản (dữ liệu nhị phân hoặc bảng mã không nhận ra)",
    )


def test_corrupt_docx(tmp_path):
    _fails(
        _write(tmp_path / "hong.docx", b"PK\x03\x04 not a zip archive"), "tệp DOCX bị hỏng, không đọc được"
    )


@pytest.mark.parametrize(
    "name, shown", [("bang.xyz", ".xyz"), ("cu.DOC", ".doc"), ("README", "(không có phần mở rộng)")]
)
def test_unsupported_extension(tmp_path, name, shown):
    expected = f"định dạng {shown} không được hỗ trợ (hỗ trợ: .pdf, .docx, .txt, .md, .html)"
    _fails(_write(tmp_path / name, "Kế hoạch"), expected)


def test_file_over_the_size_limit(tmp_path):
    path = _write(tmp_path / "lon.txt", b"a" * (3 * 2**19))
    _fails(path, "tệp quá lớn (1,5 MB, giới hạn 1 MB)", max_bytes=2**20)


def test_supported_lists_every_readable_extension():
    assert set(readers.SUPPORTED) == {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"}
