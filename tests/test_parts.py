"""Questions about the parts Decree 30/2020/NĐ-CP regulates (when a document takes effect, whom it
is sent to, a "Căn cứ" line, an item by its position) are answered from that part of the document
they name, found by its form, and quoted exactly; a document that is not the one named, or lacks
the part, is not answered from it."""

from __future__ import annotations

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.query import analyze
from kehoach.assistant.query_part import part_asked
from tests.conftest import index_of

DECISION = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 318/QĐ-UBND

Hòa Bình, ngày 12 tháng 4 năm 2022

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch phòng, chống đuối nước trẻ em tỉnh Hòa Bình năm 2022

ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
Căn cứ Luật Trẻ em ngày 05/4/2016;
Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09/5/2017 của Chính phủ quy định chi tiết một số điều của Luật Trẻ em;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống đuối nước trẻ em năm 2022.
Điều 2. Quyết định này có hiệu lực kể từ ngày 01/5/2022.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở, ban, ngành chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Hội Liên hiệp Phụ nữ tỉnh;
- Tỉnh đoàn;
- Lưu: VT, KGVX.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Lê Văn Hòa

KẾ HOẠCH
Phòng, chống đuối nước trẻ em tỉnh Hòa Bình năm 2022

I. MỤC TIÊU
Giảm số trẻ em bị đuối nước so với năm 2021.

II. NHIỆM VỤ
Các sở, ngành triển khai 3 nhóm giải pháp chống đuối nước gồm: (1) Tuyên truyền kỹ năng an toàn
khi đi bơi; (2) Dạy bơi an toàn cho trẻ em lớp 3 đến lớp 5; (3) Rào chắn, cắm biển cảnh báo ao, hồ.
"""


@pytest.fixture(scope="module")
def parts_index(tmp_path_factory):
    index = index_of(tmp_path_factory.mktemp("parts"), {"hoa_binh.txt": DECISION})
    yield index
    index.close()


def _quoted(index, answer) -> str:
    assert answer.supported, answer.answer
    for c in answer.citations:
        assert index.document(c.doc_id).text[c.start : c.end] == c.quote
    return " ".join(c.quote for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "part", "position"),
    [
        ("Quyết định 318 có hiệu lực từ khi nào?", "effective", None),
        ("quyet dinh 318 co hieu luc tu ngay nao", "effective", None),
        ("Quyết định có gửi cho hội nào không?", "recipients", None),
        ("Nơi nhận của quyết định gồm những ai?", "recipients", None),
        ("Quyết định 318 gửi lên bộ nào?", "recipients", None),
        ("Giải pháp thứ hai là gì?", "item", 2),
        ("giai phap thu 3 la gi", "item", 3),
        ("Mục đích đầu tiên của kế hoạch là gì?", "item", 1),
        ("giai phap dau tien la gi", "item", 1),
        ("Quyết định căn cứ Luật Trẻ em ban hành ngày nào?", "basis", None),
        # Not parts: a report a duty sends, the autumn festival, an edition, an order of priority.
        ("Bài trên cổng tỉnh về tháng hành động đăng hôm nào?", "posted", None),
        ("tin nay dang ngay nao", "posted", None),
        ("Kế hoạch đang thực hiện đến ngày nào?", None, None),
        ("Báo cáo kết quả gửi cho Sở nào?", None, None),
        ("Tết Trung thu năm 2025 tổ chức ở đâu?", None, None),
        ("Diễn đàn trẻ em lần thứ hai tổ chức khi nào?", None, None),
        ("Diễn đàn trẻ em lần đầu tiên tổ chức khi nào?", None, None),
        ("Thứ tự ưu tiên các giải pháp là gì?", None, None),
        ("Quyết định căn cứ Luật Trẻ em, có mấy điều?", None, None),
    ],
)
def test_the_part_asked_is_read_from_the_question(question, part, position):
    asked = part_asked(question)
    assert (asked and asked.name, asked and asked.position) == (part, position)


def test_a_part_question_is_not_a_header_question():
    query = analyze("Quyết định 318 ban hành kế hoạch đuối nước có hiệu lực từ ngày nào?")
    assert query.part is not None and query.header == () and query.intent == "text"


@pytest.mark.parametrize(
    ("question", "expected", "absent"),
    [
        ("Quyết định 318/QĐ-UBND của Hòa Bình có hiệu lực từ khi nào?", "kể từ ngày 01/5/2022", "12 tháng 4"),
        ("Quyết định 318/QĐ-UBND của Hòa Bình có gửi cho hội nào không?", "Hội Liên hiệp Phụ nữ", None),
        (
            "Kế hoạch chống đuối nước 2022 của Hòa Bình, giải pháp thứ hai là gì?",
            "Dạy bơi an toàn",
            "Tuyên truyền",
        ),
        (
            "Kế hoạch chống đuối nước 2022 của Hòa Bình, giải pháp đầu tiên là gì?",
            "Tuyên truyền",
            "Dạy bơi",
        ),
        (
            "Quyết định 318/QĐ-UBND của Hòa Bình căn cứ Luật Trẻ em ban hành ngày nào?",
            "Luật Trẻ em ngày 05/4/2016",
            "19/6/2015",
        ),
    ],
)
def test_the_part_is_quoted_from_the_document_named(parts_index, question, expected, absent):
    answer = ask(parts_index, question)
    quoted = _quoted(parts_index, answer)
    assert expected in quoted
    assert absent is None or absent not in quoted
    assert answer.check.get("identified") is True


def test_a_document_of_another_topic_is_not_answered_from_its_parts(parts_index):
    """The loaded decision is on drowning; one on child labour of the same place is not loaded."""
    answer = ask(parts_index, "Kế hoạch phòng ngừa lao động trẻ em của Hòa Bình có hiệu lực từ khi nào?")
    assert answer.check.get("identified") is not True


YEN_BAI = """ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 95/QĐ-UBND

Yên Bái, ngày 20 tháng 3 năm 2023

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch tổ chức Tháng hành động vì trẻ em tỉnh Yên Bái năm 2023

ỦY BAN NHÂN DÂN TỈNH YÊN BÁI

Căn cứ Luật Trẻ em ngày 05/4/2016;

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch tổ chức Tháng hành động vì trẻ em năm 2023.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Vũ Thị Hiền Hạnh

KẾ HOẠCH
Tổ chức Tháng hành động vì trẻ em tỉnh Yên Bái năm 2023
(Kèm theo Quyết định số 95/QĐ-UBND ngày 20/3/2023 của UBND tỉnh Yên Bái)

I. NỘI DUNG
Ủy ban nhân dân tỉnh phát động Tháng hành động vì trẻ em năm 2023 tại Nhà Văn hóa tỉnh với chủ đề
bảo vệ trẻ em khỏi tai nạn thương tích. Thời gian thực hiện từ ngày 01/6/2023 đến ngày 30/6/2023.
"""


@pytest.fixture(scope="module")
def two_decisions(tmp_path_factory):
    index = index_of(tmp_path_factory.mktemp("two"), {"hoa_binh.txt": DECISION, "yen_bai.txt": YEN_BAI})
    yield index
    index.close()


def test_a_comparison_quotes_the_part_of_each_document(two_decisions):
    answer = ask(
        two_decisions,
        "Quyết định 318/QĐ-UBND của Hòa Bình và Quyết định 95/QĐ-UBND của Yên Bái có hiệu lực từ khi nào?",
    )
    quoted = _quoted(two_decisions, answer)
    assert "kể từ ngày 01/5/2022" in quoted and "kể từ ngày ký" in quoted
    assert "Căn cứ" not in quoted
    assert answer.check.get("identified") is True


def test_the_issue_date_is_shown_in_each_form_the_document_writes_it(two_decisions):
    """The attached plan writes its decision's date in figures: a reader searching the file for
    "20/3/2023" finds it as the answer shows it."""
    answer = ask(two_decisions, "Quyết định 95/QĐ-UBND của Yên Bái ban hành ngày nào?")
    assert "ngày 20 tháng 3 năm 2023" in answer.answer and "ngày 20/3/2023" in answer.answer
    assert "ngày 05/4/2016" not in answer.answer


def test_a_span_asked_is_read_from_the_sentence_continuing_the_one_that_names_it(two_decisions):
    """ "Thời gian thực hiện ..." has no subject of its own: the sentence before names the event."""
    answer = ask(two_decisions, "Tháng hành động vì trẻ em năm 2023 của Yên Bái kết thúc vào ngày nào?")
    assert "30/6/2023" in _quoted(two_decisions, answer)


@pytest.mark.parametrize(
    "question",
    [
        "Yên Bái có kế hoạch phòng chống tai nạn thương tích trẻ em không, số mấy?",
        "yen bai co ke hoach phong chong tai nan thuong tich tre em khong",
    ],
)
def test_a_province_named_without_its_level_word_that_no_document_mentions_is_said_so(parts_index, question):
    """The loaded decision is Hòa Bình's; a province is a place with or without "tỉnh" before it."""
    answer = ask(parts_index, question)
    assert not answer.supported and "«Yên Bái»" in answer.answer


def test_a_year_named_without_nam_asks_of_that_years_plan(two_decisions):
    """Yên Bái's loaded plan is of 2023: its number is no answer about 2022's."""
    assert "95/QĐ-UBND" in ask(two_decisions, "Yên Bái tháng hành động vì trẻ em 2023 số mấy?").answer
    answer = ask(two_decisions, "Yên Bái tháng hành động vì trẻ em 2022 số mấy?")
    assert not answer.supported and "Số hiệu: 95/QĐ-UBND" not in answer.answer


NEWS = {
    "labelled.txt": """URL: https://example.gov.vn/tin/1

Thứ sáu, Ngày 25/06/2021 -

Tỉnh Lai Châu triển khai kế hoạch công tác trẻ em năm 2021
Ngày đăng: 30/03/2021 10:42
Ngày 29/3/2021, UBND tỉnh Lai Châu ban hành Kế hoạch số 88/KH-UBND về công tác trẻ em năm 2021.
""",
    "alone.txt": """URL: https://example.gov.vn/tin/2

Huyện Mường Tè phát động Tháng hành động vì trẻ em năm 2023 trên địa bàn huyện

9:44, Thứ Bảy, 15-4-2023

UBND huyện Mường Tè vừa ban hành Kế hoạch số 45/KH-UBND ngày 13/4/2023 triển khai Tháng hành động.
""",
}


@pytest.fixture(scope="module")
def news_index(tmp_path_factory):
    index = index_of(tmp_path_factory.mktemp("news"), NEWS)
    yield index
    index.close()


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("Tin về kế hoạch công tác trẻ em 2021 của Lai Châu đăng ngày nào?", "Ngày đăng: 30/03/2021 10:42"),
        ("Bài về tháng hành động vì trẻ em 2023 của Mường Tè đăng hôm nào?", "9:44, Thứ Bảy, 15-4-2023"),
    ],
)  # fmt: skip
def test_a_pages_posting_line_is_quoted_not_the_portals_banner(news_index, question, line):
    answer = ask(news_index, question)
    assert _quoted(news_index, answer) == line
    assert "25/06/2021" not in answer.answer
