"""clean(): boilerplate and markup out, broken lines re-joined, regions marked, pages kept."""

from __future__ import annotations

import unicodedata

import pytest

from kehoach.ingest import readers
from kehoach.ingest.clean import clean
from kehoach.ingest.records import PagedText
from tests.pdfmaker import text_pdf

LIMIT = 50 * 2**20
SEED_IDS = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def cleaned(seed):
    cache: dict[str, PagedText] = {}

    def get(seed_id: str) -> PagedText:
        if seed_id not in cache:
            cache[seed_id] = clean(readers.read(seed(seed_id), LIMIT))
        return cache[seed_id]

    return get


def _region(doc: PagedText, kind: str) -> str:
    texts = [doc.text[r.start : r.end] for r in doc.regions if r.kind == kind]
    assert len(texts) == 1, f"expected one {kind} region, got {texts}"
    return texts[0]


def _lines(text: str) -> list[str]:
    return text.split("\n")


# --- the seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_is_nfc_idempotent_and_free_of_boilerplate(cleaned, seed_id):
    doc = cleaned(seed_id)
    assert unicodedata.is_normalized("NFC", doc.text)
    assert clean(doc) == doc
    for junk in (
        "Hệ thống pháp luật",
        "HIỆU LỰC VĂN BẢN",
        "Tải văn bản",
        "Số hiệu",
        "Ngày ban hành",
        "\xa0",
        "\t",
    ):
        assert junk not in doc.text
    assert "  " not in doc.text and "\n\n\n" not in doc.text
    assert doc.text == doc.text.strip()


def test_seed_000_portal_frame_is_gone_and_the_header_leads(cleaned):
    doc = cleaned("000")
    assert doc.text.startswith("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ\n")
    assert doc.text.endswith("Nguyễn Chí Tài")
    assert "Tình trạng hiệu lực" not in doc.text and "-------" not in doc.text


def test_seed_002_banner_metadata_table_and_portal_title_are_gone(cleaned):
    doc = cleaned("002")
    assert doc.text.startswith("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n")
    for junk in (
        "Thứ 6, Ngày 15/11/2024",
        "Người ký Đào Văn Bình",
        "Lĩnh vực Văn hóa",
        "Kế hoạch 56/KH-UBND triển khai",
    ):
        assert junk not in doc.text
    assert "Số: 56/KH-UBND" in _lines(doc.text)


@pytest.mark.parametrize("seed_id", ["000", "001", "003", "004"])
def test_recipients_region(cleaned, seed_id):
    recipients = _region(cleaned(seed_id), "recipients")
    assert recipients.startswith("Nơi nhận:")
    assert _lines(recipients)[-1].startswith("- Lưu: VT")


def test_seed_000_signature_holds_the_titles_and_the_signer(cleaned):
    signature = _region(cleaned("000"), "signature")
    assert signature == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Chí Tài"


def test_seed_003_signature_and_recipients_wrapped_over_lines(cleaned):
    doc = cleaned("003")
    assert _region(doc, "signature") == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐinh Trường Giang"
    assert "Văn hóa, Khoa học và Thông tin;" in _region(doc, "recipients")
    assert "thay b/c" not in doc.text and "}" not in doc.text


def test_seed_004_signature_does_not_swallow_the_attached_plan(cleaned):
    doc = cleaned("004")
    assert _region(doc, "signature") == "KT. CHỦ TỊCH"
    end = max(r.end for r in doc.regions)
    assert doc.text[end:].lstrip().startswith("KẾ HOẠCH\nTHỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG VÌ TRẺ EM")
    assert "Chỉ tiêu 5" in doc.text[end:]


def test_seed_001_sentence_cut_by_a_page_break_is_rejoined(cleaned):
    doc = cleaned("001")
    assert "được tư vấn, tham vấn, tiếp cận dịch vụ bảo vệ trẻ em;" in doc.text
    assert "bồi dưỡng kiến thức và nâng cao năng lực" in doc.text
    assert "KẾ HOẠCH" in _lines(doc.text) and "I. MỤC ĐÍCH, YÊU CẦU" in _lines(doc.text)


def test_seed_003_markdown_markers_are_gone_and_headings_keep_their_lines(cleaned):
    doc = cleaned("003")
    for marker in ("#", "**", "*", "__"):
        assert marker not in doc.text
    lines = _lines(doc.text)
    for heading in ("KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "IV. TỔ CHỨC THỰC HIỆN", "Nơi nhận:"):
        assert heading in lines
    assert "định kỳ trước ngày 15/5/2025 và trước ngày 15/11/2025 báo cáo" in doc.text
    assert "(qua phòng HĐND & UBND huyện)" in doc.text


# --- small synthetic inputs -------------------------------------------------------------------


def _clean(text: str) -> str:
    return clean(PagedText(text)).text


def test_nfc_own_tone_placement_line_endings_and_spaces():
    raw = unicodedata.normalize("NFD", "CỘNG HOÀ\r\nSức khoẻ\ttrẻ\u00a0em\rThuý   ")
    assert _clean(raw) == "CỘNG HOÀ\nSức khoẻ trẻ em\nThuý"


def test_blank_line_runs_collapse_to_one():
    assert _clean("\n\nMục tiêu.\n\n\n\n\nNhiệm vụ.\n\n") == "Mục tiêu.\n\nNhiệm vụ."


def test_markdown_markup_is_removed():
    raw = (
        "# KẾ HOẠCH\n\n### *Nơi nhận:*\n\n**III. KINH PHÍ:** Nguồn ngân sách\\.\n\n---\n\n"
        "* Một _điểm_ và [liên kết](http://x.vn) và `mã`  \nDòng sau\n\n***\n"
    )
    assert _lines(_clean(raw)) == [
        "KẾ HOẠCH",
        "",
        "Nơi nhận:",
        "",
        "III. KINH PHÍ: Nguồn ngân sách.",
        "",
        "- Một điểm và liên kết và mã",
        "Dòng sau",
    ]


def test_underscores_inside_words_and_fill_in_blanks_are_kept():
    assert _clean("Mã số ma_so_1 và chữ ký: ____") == "Mã số ma_so_1 và chữ ký: ____"


def test_rejoin_across_blank_lines_but_never_a_heading_or_a_list_item():
    raw = (
        "1. Trẻ em được tư vấn, tham vấn,\n\ntiếp cận dịch vụ bảo vệ\n\n\ntrẻ em.\n"
        "2. Mục tiêu cụ thể\nhằng năm\n"
        "KẾ HOẠCH\ntriển khai\n"
        "Các nhiệm vụ sau\na) tuyên truyền;\n- rà soát hồ sơ:\nđến hết năm."
    )
    assert _lines(_clean(raw)) == [
        "1. Trẻ em được tư vấn, tham vấn, tiếp cận dịch vụ bảo vệ trẻ em.",
        "2. Mục tiêu cụ thể",
        "hằng năm",
        "KẾ HOẠCH",
        "triển khai",
        "Các nhiệm vụ sau",
        "a) tuyên truyền;",
        "- rà soát hồ sơ:",
        "đến hết năm.",
    ]


def test_validity_block_is_dropped_to_the_end_but_only_with_its_metadata():
    kept = "Mục tiêu.\n\nHIỆU LỰC VĂN BẢN\n\nCác văn bản liên quan."
    assert _clean(kept) == kept
    dropped = (
        "Mục tiêu.\n\nHIỆU LỰC VĂN BẢN\n\nKế hoạch 1/KH-UBND\n\n"
        "• Số hiệu: 1/KH-UBND\n• Người ký: A\nTải văn bản"
    )
    assert _clean(dropped) == "Mục tiêu."


def test_portal_title_stays_without_portal_evidence():
    raw = "Kế hoạch 12/KH-UBND về trẻ em\n\nNội dung."
    assert _clean(raw) == raw


def test_signature_without_recipients_is_the_last_title_block():
    doc = clean(PagedText("Nội dung kế hoạch./.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n\nTrần Văn Bình"))
    assert _region(doc, "signature") == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n\nTrần Văn Bình"
    assert [r.kind for r in doc.regions] == ["signature"]


def test_page_starts_follow_edits_on_synthetic_pages():
    pages = [
        "Hệ thống pháp luật\n\n**Mục tiêu** chung,",
        "tăng cường\u00a0phối hợp.\n\n## II. NHIỆM VỤ",
        "Nơi nhận:\n- Lưu: VT.",
    ]
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 2
    doc = clean(PagedText("\n\n".join(pages), page_starts=starts))
    assert doc.text == "Mục tiêu chung, tăng cường phối hợp.\n\nII. NHIỆM VỤ\n\nNơi nhận:\n- Lưu: VT."
    assert doc.page_at(doc.text.index("Mục tiêu")) == 1
    assert doc.page_at(doc.text.index("tăng cường")) == 2
    assert doc.page_at(doc.text.index("II. NHIỆM VỤ")) == 2
    assert doc.page_at(doc.text.index("Nơi nhận")) == 3
    assert clean(doc) == doc


# --- a real PDF -------------------------------------------------------------------------------


def test_page_mapping_survives_cleaning_of_a_real_pdf(tmp_path):
    """Page numbers printed in headers and footers go, so the sentence they cut is re-joined."""
    pages = [
        "KẾ HOẠCH\nThực hiện công tác trẻ em năm 2025\n\n1. Trẻ em được tư vấn, tham vấn,\n- 1 -",
        "2\ntiếp cận dịch vụ bảo vệ trẻ em.\n\n2. Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt 95%.",
        "Nơi nhận:\n- Sở Y tế;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Văn An",
    ]
    raw = readers.read(text_pdf(tmp_path / "ba-trang.pdf", pages), LIMIT)
    doc = clean(raw)
    phrase = "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng"
    assert doc.page_at(doc.text.index(phrase)) == 2
    assert "tham vấn, tiếp cận dịch vụ" in doc.text
    assert doc.page_at(doc.text.index("tham vấn,")) == 1
    assert doc.page_at(doc.text.index("tiếp cận dịch vụ")) == 2
    assert doc.page_at(doc.text.index("Nơi nhận")) == 3
    assert _region(doc, "signature").endswith("Nguyễn Văn An")
    assert "- 1 -" not in doc.text and "\n2\n" not in doc.text
    assert clean(doc) == doc
