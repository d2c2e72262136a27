"""The answer-type model (query_type.py): the type a question asks, read from its cues with and
without diacritics, and the span recognisers that tell whether a sentence holds one."""

from __future__ import annotations

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.query import analyze
from kehoach.assistant.query_type import TYPES, holds_type
from kehoach.ingest.vietnamese import fold


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tháng hành động vì trẻ em năm 2024 diễn ra từ ngày nào đến ngày nào?", "dates"),
        ("Tháng hành động năm 2023 ở Quảng Trị kéo dài bao lâu?", "dates"),
        ("Thời gian thực hiện kế hoạch là khi nào?", "dates"),
        # When a span ends (or starts) is stated by the span.
        ("Tháng hành động năm 2022 ở Mai Sơn kết thúc vào ngày nào?", "dates"),
        ("dien dan tre em bat dau tu ngay nao", "dates"),
        # "kéo dài đến ngày nào" as synonyms.py reads it.
        ("Tháng hành động năm 2024 diễn ra đến ngày nào?", "dates"),
        ("Lễ phát động diễn ra vào ngày nào?", "date"),
        ("Lễ phát động diễn ra vào thời gian nào?", "date"),
        ("Báo cáo kết quả gửi trước ngày nào?", "date"),
        # "ngày mấy", "tháng mấy" ask which day or month; "mấy ngày" how many.
        ("Lễ phát động tổ chức ngày mấy?", "date"),
        # "hôm nào" asks which day too.
        ("Diễn đàn trẻ em tổ chức hôm nào?", "date"),
        ("Tháng hành động có mấy hoạt động chính?", "figure"),
        # "mấy loại ... nào" asks which ones.
        ("Kế hoạch chú trọng mấy loại tai nạn nào?", None),
        ("Đến năm nào đạt 100% xã phù hợp với trẻ em?", "year"),
        # "năm mấy", "giai đoạn mấy" ask which year or period; "mấy năm" how many.
        ("Chương trình quốc gia mà tỉnh dựa theo là giai đoạn mấy?", "year"),
        ("Kế hoạch đạt mục tiêu vào năm mấy?", "year"),
        ("Tổng kinh phí thực hiện kế hoạch năm 2023 là bao nhiêu?", "money"),
        ("Mỗi suất quà trị giá bao nhiêu tiền?", "money"),
        # However long what the money is for.
        (
            "Kinh phí xây hoặc nâng cấp công trình cho trẻ em ở mỗi xã của huyện năm 2024 là bao nhiêu?",
            "money",
        ),
        ("Kinh phí thực hiện Chương trình lấy từ nguồn nào?", "budget"),
        ("Có bao nhiêu trẻ em được tặng quà?", "figure"),
        ("Những lãnh đạo nào dự lễ phát động?", "person"),
        ("Cơ quan nào chủ trì triển khai kế hoạch?", "agency"),
        ("Ai chịu trách nhiệm tổng hợp báo cáo?", "agency"),
        ("Tháng hành động vì trẻ em năm 2023 có chủ đề gì?", "theme"),
        ("Lễ phát động cấp tỉnh tổ chức ở đâu?", "place"),
        ("Kế hoạch nói gì về phòng, chống đuối nước?", None),
    ],
)
def test_the_type_asked_reads_the_same_without_diacritics(question, kind):
    assert analyze(question).wants == kind
    assert analyze(fold(question)).wants == kind


def test_which_day_is_no_count():
    assert not analyze("Lễ phát động tổ chức ngày mấy?").counts
    assert analyze("Lễ phát động kéo dài mấy ngày?").counts
    assert not analyze("Kế hoạch chú trọng mấy loại tai nạn nào?").counts
    assert not analyze("Kế hoạch dựa theo chương trình giai đoạn mấy?").counts
    assert analyze("Kế hoạch thực hiện trong mấy năm?").counts


def test_the_first_cue_decides_and_a_header_question_has_no_type():
    assert analyze("Xã Bình Phú tổ chức lễ phát động vào ngày nào, ở đâu?").wants == "date"
    assert analyze("Lễ phát động tổ chức ở đâu, vào ngày nào?").wants == "place"
    assert analyze("Kế hoạch 113/KH-UBND do ai ký?").wants is None  # the header answers it


@pytest.mark.parametrize(
    ("kind", "holding", "lacking"),
    [
        (
            "dates",
            "Tháng hành động diễn ra từ ngày 01/6 đến ngày 30/6/2024.",
            "Dạy bơi cho trẻ em từ 6 đến 15 tuổi.",
        ),
        ("dates", "Thời gian: từ ngày **01/6/2025** đến ngày **30/6/2025**.", "Ban hành ngày 12/5/2025."),
        (
            "money",
            "Tổng kinh phí: 350.000.000 đồng (Ba trăm năm mươi triệu đồng).",
            "Tổng kinh phí do huyện bố trí.",
        ),
        (
            "budget",
            "Kinh phí từ nguồn ngân sách huyện và nguồn xã hội hóa.",
            "Kinh phí thực hiện đúng quy định.",
        ),
        ("person", "Dự lễ có ông Nguyễn Văn Út, Phó Bí thư Đảng ủy xã.", "Hà Nội tổ chức diễn đàn trẻ em."),
        ("person", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Vàng Văn Chiến", "Các lãnh đạo dự lễ phát động."),
        (
            "agency",
            "Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp.",
            "Tăng cường phòng, chống đuối nước.",
        ),
        ("agency", "Giao Ủy ban nhân dân các xã tổ chức thực hiện.", "Phòng ngừa tai nạn thương tích."),
        (
            "theme",
            "Với chủ đề “Chung tay bảo vệ trẻ em”, tháng hành động sẽ triển khai.",
            "Nhân rộng mô hình “Câu lạc bộ Trẻ em” theo chủ đề do Bộ Y tế hướng dẫn.",
        ),
        (
            "theme",
            "Chủ đề Tháng hành động năm 2023 là “Chung tay giảm thiểu tổn hại trẻ em”.",
            "Thông điệp về an toàn.",
        ),
        (
            "place",
            "Lễ phát động tổ chức tại Trung tâm Văn hóa - Thể thao thành phố.",
            "Trẻ em ở nông thôn được chăm sóc.",
        ),
    ],
)
def test_spans_are_recognised_with_and_without_diacritics(kind, holding, lacking):
    assert holds_type(kind, holding)
    assert holds_type(kind, fold(holding) if kind not in ("person", "agency", "place") else _bare(holding))
    assert not holds_type(kind, lacking)


def _bare(text: str) -> str:
    """`text` typed without diacritics, its capitals kept (names stay names)."""
    return "".join(f.upper() if c.isupper() else f for c, f in zip(text, fold(text), strict=True))


def test_every_type_is_named_once_and_no_type_holds_nothing():
    names = [t.name for t in TYPES]
    assert len(names) == len(set(names))
    assert not holds_type(None, "Tổng kinh phí: 350.000.000 đồng.")
    assert holds_type("date", "Thời gian thực hiện: Quý II, IV năm 2025.")  # a line's capital kept


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Thời gian tổ chức Tháng hành động vì trẻ em năm 2025 của Đông Hà từ ngày nào đến ngày nào?",
            "30/6/2025",
        ),
        (
            "Tháng hành động vì trẻ em năm 2023 của huyện Đakrông có chủ đề gì?",
            "Chung tay giảm thiểu tổn hại trẻ em",
        ),
        (
            "thang hanh dong vi tre em nam 2023 cua huyen dakrong co chu de gi",
            "Chung tay giảm thiểu tổn hại trẻ em",
        ),
        (
            "Lễ phát động Tháng hành động vì trẻ em cấp thành phố của Đông Hà năm 2025 tổ chức ở đâu?",
            "Trung tâm Văn hóa",
        ),
        (
            "Cơ quan nào tham mưu bố trí kinh phí cho kế hoạch công tác trẻ em năm 2024 của Đakrông?",
            "Phòng Tài chính - Kế hoạch",
        ),
        (
            "Chương trình hành động vì trẻ em tỉnh Quảng Trị giai đoạn 2026-2030"
            " sử dụng những nguồn kinh phí nào?",
            "ngân sách",
        ),
        (
            "Tổng kinh phí thực hiện kế hoạch công tác trẻ em năm 2024 của huyện Đakrông là bao nhiêu?",
            "380.000.000",
        ),
    ],
)
def test_a_typed_question_is_answered_by_a_sentence_of_its_type(example_index, question, expected):
    answer = ask(example_index, question)
    first = answer.citations[0].quote
    assert answer.supported
    assert expected.lower() in first.lower()
    assert holds_type(analyze(question).wants, first)


@pytest.mark.parametrize(
    "question",
    [
        "Những lãnh đạo nào dự lễ phát động Tháng hành động vì trẻ em năm 2025 của Đông Hà?",
        "Chương trình hành động vì trẻ em tỉnh Quảng Trị giai đoạn 2026-2030 có khẩu hiệu gì?",
    ],
)
def test_a_typed_question_no_sentence_answers_is_refused(example_index, question):
    """The plan is found and its sentences are on the topic, but none names a person or a slogan."""
    answer = ask(example_index, question)
    assert not answer.supported
    assert answer.check["evidence"]["typed"] == 0.0
