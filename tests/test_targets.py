"""Target extraction: synthetic sentences for each rule, then the seeds value by value."""

from __future__ import annotations

import pytest

from kehoach.ingest.records import PagedText, Section
from kehoach.ingest.targets import RATE_1000, TargetScan, extract_targets, parse_number, read_number

PCT, P1000, P100K = "%", RATE_1000, "/100.000 trẻ em"
GOALS = ("I. MỤC TIÊU", "2. Mục tiêu cụ thể")


def _doc(*blocks: tuple[tuple[str, ...], str]) -> tuple[str, list[Section]]:
    """Text made of (heading path, body) blocks, and the sections a parser would find in it."""
    text, spans = "", {}
    for path, body in blocks:
        start = len(text)
        text += path[-1] + "\n" + (body + "\n" if body else "")
        for i in range(1, len(path) + 1):
            first, _ = spans.get(path[:i], (start, 0))
            spans[path[:i]] = (first, len(text))
    return text, [Section(p, a, b) for p, (a, b) in spans.items()]


def _scan(body: str, path=GOALS, year_from=2021, year_to=2030) -> tuple[str, TargetScan]:
    text, sections = _doc((path, body))
    return text, extract_targets("d", text, sections, year_from, year_to)


def _rows(scan: TargetScan) -> list[tuple]:
    return [(t.comparator, t.value, t.value_max, t.unit, t.deadline) for t in scan.targets]


# --- parse_number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("18.680.000.000", 18680000000.0),
        ("1,5", 1.5),
        ("0.8", 0.8),
        ("0.1", 0.1),
        ("0.125", 0.125),
        ("100.000", 100000.0),
        ("1.000", 1000.0),
        ("99,7", 99.7),
        ("0,005", 0.005),
        ("12", 12.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,000,000", 1000000.0),
    ],
)
def test_parse_number_reads_vietnamese_and_plain_decimals(raw, value):
    assert parse_number(raw) == pytest.approx(value)


@pytest.mark.parametrize("raw", ["", "abc", "1.2.3", "12%"])
def test_parse_number_refuses_what_is_not_a_number(raw):
    with pytest.raises(ValueError, match="Không đọc được số"):
        parse_number(raw)


@pytest.mark.parametrize("raw", ["1,2,3", "95,5,1", "1.2.3"])
def test_a_list_of_numbers_is_no_number_and_no_target(raw):
    assert read_number(raw) is None
    assert read_number("1.000") == 1000.0 and read_number("0.8") == 0.8
    _, scan = _scan(f"- Tỷ lệ trẻ em được tiêm chủng đạt {raw}% vào năm 2025.")
    assert not scan.targets


# --- sentence rules -----------------------------------------------------------------------------


def test_one_clause_with_two_deadlines_gives_two_records_with_one_indicator():
    _, scan = _scan("- Tỷ lệ trẻ em được tiêm chủng đạt 97% vào năm 2025 và 98% vào năm 2030.")
    assert _rows(scan) == [(">=", 97, None, PCT, 2025), (">=", 98, None, PCT, 2030)]
    assert {t.indicator for t in scan.targets} == {"tỷ lệ trẻ em được tiêm chủng"}


def test_rural_and_urban_values_get_their_own_indicators():
    _, scan = _scan(
        "- Giảm tỷ lệ trẻ dưới 5 tuổi thừa cân béo phì xuống dưới 5% đối với nông thôn "
        "và dưới 8% đối với thành thị."
    )
    assert _rows(scan) == [("<", 5, None, PCT, 2030), ("<", 8, None, PCT, 2030)]
    assert [t.indicator for t in scan.targets] == [
        "tỷ lệ trẻ dưới 5 tuổi thừa cân béo phì (nông thôn)",
        "tỷ lệ trẻ dưới 5 tuổi thừa cân béo phì (thành thị)",
    ]


def test_one_deadline_list_applies_to_every_value_before_it():
    _, scan = _scan(
        "- Giảm tỷ lệ béo phì xuống dưới 5% đối với nông thôn và dưới 10% đối với thành thị "
        "vào năm 2025 và năm 2030."
    )
    assert [(t.value, t.deadline) for t in scan.targets] == [(5, 2025), (5, 2030), (10, 2025), (10, 2030)]


def test_maintained_hundred_percent_gives_a_record_per_year():
    _, scan = _scan(
        "- Phấn đấu 100% cơ sở giáo dục có công trình vệ sinh vào năm 2025 và duy trì 100% đến năm 2030."
    )
    assert _rows(scan) == [(">=", 100, None, PCT, 2025), (">=", 100, None, PCT, 2030)]
    assert {t.indicator for t in scan.targets} == {"cơ sở giáo dục có công trình vệ sinh"}


@pytest.mark.parametrize(
    ("sentence", "comparator", "value", "unit"),
    [
        ("Tỷ lệ xã đạt tiêu chuẩn phù hợp với trẻ em đạt trên 90%.", ">", 90, PCT),
        ("Phấn đấu hơn 80% trẻ em biết bơi.", ">", 80, PCT),
        ("Giảm tỷ lệ trẻ em suy dinh dưỡng xuống dưới 9%.", "<", 9, PCT),
        ("Tỷ lệ trẻ em bỏ học dưới 0,1%.", "<", 0.1, PCT),
        ("Tỷ lệ trẻ em hoàn thành cấp tiểu học đạt 97%.", ">=", 97, PCT),
        ("Phấn đấu 70% trẻ em được nâng cao nhận thức.", ">=", 70, PCT),
        ("90% trẻ em dưới 5 tuổi được tiêm chủng.", ">=", 90, PCT),
        ("100% trẻ em dưới 5 tuổi được đăng ký khai sinh.", ">=", 100, PCT),
        ("Giảm tỷ lệ lao động trẻ em xuống 4%.", "<=", 4, PCT),
        ("Giảm tỷ suất trẻ em bị tử vong xuống còn 16/100.000 trẻ em.", "<=", 16, P100K),
        ("Giảm tỷ lệ lây truyền HIV từ mẹ sang con là 2%.", "<=", 2, PCT),
        ("Tỷ lệ trẻ em được học bơi tối thiểu 50%.", ">=", 50, PCT),
        ("Tỷ lệ trẻ em bị tai nạn không quá 3%.", "<=", 3, PCT),
    ],
)
def test_comparator_words(sentence, comparator, value, unit):
    _, scan = _scan(f"- {sentence}")
    assert [(t.comparator, t.value, t.unit) for t in scan.targets] == [(comparator, value, unit)]


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        (
            "Giảm 30% số trẻ em tử vong do đuối nước so với năm 2015.",
            (">=", 30, "mức giảm số trẻ em tử vong do đuối nước so với năm 2015"),
        ),
        ("Giảm ít nhất 10% số vụ xâm hại trẻ em.", (">=", 10, "mức giảm số vụ xâm hại trẻ em")),
        ("Giảm tỷ lệ trẻ em bỏ học còn 2%.", ("<=", 2, "tỷ lệ trẻ em bỏ học")),
        ("Giảm tỷ lệ trẻ em bỏ học xuống 2%.", ("<=", 2, "tỷ lệ trẻ em bỏ học")),
    ],
)
def test_a_share_to_cut_by_is_not_a_level_to_reach(sentence, target):
    _, scan = _scan(f"- {sentence}")
    [found] = scan.targets
    assert (found.comparator, found.value) == target[:2]
    assert found.indicator.startswith(target[2])


def test_cuts_listed_in_a_bracket_each_name_what_is_cut_even_across_a_line_break():
    _, scan = _scan(
        "- Giảm tỷ suất trẻ em bị tử vong xuống dưới 15/100.000 trẻ em (trong đó giảm 25% số trẻ em tử vong"
        " do tai nạn giao thông và giảm\n6% số trẻ em bị tử vong do đuối nước so với năm 2015)."
    )
    assert [(t.comparator, t.value, t.indicator) for t in scan.targets] == [
        ("<", 15, "tỷ suất trẻ em bị tử vong"),
        (">=", 25, "mức giảm số trẻ em tử vong do tai nạn giao thông"),
        (">=", 6, "mức giảm số trẻ em bị tử vong do đuối nước so với năm 2015"),
    ]


def test_a_line_starting_with_a_number_after_a_finished_line_is_its_own_item():
    _, scan = _scan("- Trẻ em được chăm sóc sức khỏe ban đầu\n90% trẻ em được tiêm chủng đầy đủ.")
    assert [t.statement for t in scan.targets] == ["90% trẻ em được tiêm chủng đầy đủ"]


def test_from_to_is_a_range():
    _, scan = _scan("- Từng bước xóa bỏ tảo hôn, duy trì mức giảm số cuộc tảo hôn từ 2% đến 3% hằng năm.")
    [t] = scan.targets
    assert (t.comparator, t.value, t.value_max, t.unit) == ("range", 2, 3, PCT)
    assert t.indicator == "mức giảm số cuộc tảo hôn hằng năm"


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("Giảm tỷ lệ tảo hôn từ 2 đến 3% hằng năm.", "tỷ lệ tảo hôn hằng năm"),
        ("Giảm tỷ lệ tảo hôn 2–3% mỗi năm.", "tỷ lệ tảo hôn mỗi năm"),
        ("Giam ty le tao hon 2-3% moi nam.", "ty le tao hon moi nam"),
    ],
)
def test_range_forms_keep_their_yearly_wording(sentence, indicator):
    _, scan = _scan(f"- {sentence}")
    assert [(t.comparator, t.value, t.value_max, t.unit, t.indicator) for t in scan.targets] == [
        ("range", 2, 3, PCT, indicator)
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Giảm số cuộc tảo hôn từ 5% đến 7% so với năm 2022.",
        "Giảm số cuộc tảo hôn từ 5% đến 7% so với cùng kỳ năm 2022.",
        "So với năm 2022, giảm số cuộc tảo hôn từ 5% đến 7%.",
        "Giam so cuoc tao hon tu 5% den 7% so voi nam 2022.",
    ],
)
def test_a_baseline_year_is_not_a_deadline(sentence):
    _, scan = _scan(f"- {sentence}", year_from=2023, year_to=2023)
    assert _rows(scan) == [("range", 5, 7, PCT, 2023)]


def test_a_word_that_only_folds_to_a_comparator_is_not_one():
    _, scan = _scan("- Giảm tỷ lệ tảo hôn xuống còn 4%; tỷ lệ tảo hôn 2%; phan dau hon 80% tre em biet boi.")
    assert [(t.comparator, t.value, t.indicator) for t in scan.targets] == [
        ("<=", 4, "tỷ lệ tảo hôn"),
        (">=", 2, "tỷ lệ tảo hôn"),
        (">", 80, "tre em biet boi"),
    ]


def test_a_bracketed_gloss_stays_in_the_indicator_and_a_bracketed_target_is_its_own():
    text, scan = _scan(
        "- Giảm tỷ lệ suy dinh dưỡng thể nhẹ cân (cân nặng theo tuổi) xuống dưới 14%; giảm tỷ lệ "
        "suy dinh dưỡng thể thấp còi (chiều cao theo tuổi) xuống còn 24%.\n"
        "- Tỷ lệ trẻ em khuyết tật được học hòa nhập đạt 80% (riêng trẻ em dưới 5 tuổi đạt 60%)."
    )
    assert [(t.comparator, t.value, t.indicator) for t in scan.targets] == [
        ("<", 14, "tỷ lệ suy dinh dưỡng thể nhẹ cân (cân nặng theo tuổi)"),
        ("<=", 24, "tỷ lệ suy dinh dưỡng thể thấp còi (chiều cao theo tuổi)"),
        (">=", 80, "tỷ lệ trẻ em khuyết tật được học hòa nhập"),
        (">=", 60, "tỷ lệ trẻ em khuyết tật được học hòa nhập (trẻ em dưới 5 tuổi)"),
    ]
    assert scan.targets[1].statement == (
        "giảm tỷ lệ suy dinh dưỡng thể thấp còi (chiều cao theo tuổi) xuống còn 24%"
    )
    assert scan.unparsed == []
    for t in scan.targets:
        assert text[t.start : t.end] == t.statement


def test_a_count_after_and_continues_the_same_count():
    _, scan = _scan(
        "- Giảm số vụ tai nạn xuống còn 10 vụ vào năm 2025 và 8 vụ vào năm 2030.\n"
        "- Giảm số ca tử vong xuống dưới 20 vào năm 2025 và 15 vào năm 2030.\n"
        "- Có ít nhất 50 xã và 30 phường đạt chuẩn."
    )
    assert [(t.comparator, t.value, t.unit, t.deadline, t.indicator) for t in scan.targets[:4]] == [
        ("<=", 10, None, 2025, "số vụ tai nạn"),
        ("<=", 8, None, 2030, "số vụ tai nạn"),
        ("<", 20, None, 2025, "số ca tử vong"),
        ("<", 15, None, 2030, "số ca tử vong"),
    ]
    assert [t.value for t in scan.targets[4:]] == [50]


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("Tiếp tục phấn đấu duy trì không có tình trạng tảo hôn.", "tình trạng tảo hôn"),
        ("Không để xảy ra tình trạng trẻ em bị bạo lực.", "tình trạng trẻ em bị bạo lực"),
        ("Duy tri khong co tinh trang tao hon.", "tinh trang tao hon"),
    ],
)
def test_zero_targets_have_value_zero_and_no_unit(sentence, indicator):
    _, scan = _scan(f"- {sentence}")
    assert [(t.comparator, t.value, t.unit, t.indicator, t.deadline) for t in scan.targets] == [
        ("=", 0, None, indicator, 2030)
    ]


def test_live_birth_rate_is_a_unit_not_a_comparator():
    _, scan = _scan(
        "- Giảm tỷ suất tử vong trẻ sơ sinh trên 1.000 trẻ đẻ sống (p/1000) dưới 1; giảm tỷ suất tử vong "
        "của trẻ em dưới 1 tuổi trên 1.000 trẻ đẻ sống (p/1000) xuống 0.8 vào năm 2025 và 0,7 vào năm 2030."
    )
    assert _rows(scan) == [
        ("<", 1, None, P1000, 2030),
        ("<=", 0.8, None, P1000, 2025),
        ("<=", 0.7, None, P1000, 2030),
    ]
    assert [t.indicator for t in scan.targets] == [
        "tỷ suất tử vong trẻ sơ sinh",
        "tỷ suất tử vong của trẻ em dưới 1 tuổi",
        "tỷ suất tử vong của trẻ em dưới 1 tuổi",
    ]


def test_per_hundred_thousand_unit_carries_to_a_later_bare_denominator():
    _, scan = _scan(
        "- Giảm tỷ suất trẻ em bị tai nạn thương tích xuống 450/100.000 trẻ em vào năm 2025 "
        "và 400/100.000 vào năm 2030."
    )
    assert _rows(scan) == [("<=", 450, None, P100K, 2025), ("<=", 400, None, P100K, 2030)]


def test_budget_total_and_breakdown_in_dong():
    text, sections = _doc(
        (("I. MỤC TIÊU",), "Bảo đảm quyền trẻ em."),
        (
            ("III. KINH PHÍ THỰC HIỆN",),
            "Tổng kinh phí thực hiện Kế hoạch là 18.680.000.000 đồng, trong đó:\n"
            "- Nguồn kinh phí địa phương: 14.680.000.000 đồng\n- Nguồn kinh phí trung ương: 4 tỷ đồng\n"
            "1. Ngân sách nhà nước bố trí 100% kinh phí thường xuyên.",
        ),
    )
    scan = extract_targets("d", text, sections, 2021, 2030)
    assert [(t.comparator, t.value, t.unit, t.deadline, t.indicator) for t in scan.targets] == [
        ("=", 18680000000, "đồng", 2030, "tổng kinh phí thực hiện Kế hoạch"),
        ("=", 14680000000, "đồng", 2030, "nguồn kinh phí địa phương"),
        ("=", 4000000000, "đồng", 2030, "nguồn kinh phí trung ương"),
    ]


@pytest.mark.parametrize(
    ("body", "year_from", "year_to", "deadlines"),
    [
        ("- Phấn đấu đến năm 2025, 100% trường THCS có bộ phận tư vấn tâm lý.", 2021, 2030, [2025]),
        ("- Tỷ lệ trẻ em biết bơi đạt 60%.", 2021, 2030, [2030]),
        ("- Tỷ lệ trẻ em biết bơi đạt 60%.", 2025, None, [2025]),
        ("- Tỷ lệ trẻ em biết bơi đạt 60%.", None, None, [None]),
        ("- Tỷ lệ trẻ em biết bơi đạt 60% vào năm 2027.", 2025, 2025, [2027]),
    ],
)
def test_deadline_is_the_stated_year_else_the_plan_year(body, year_from, year_to, deadlines):
    _, scan = _scan(body, year_from=year_from, year_to=year_to)
    assert [t.deadline for t in scan.targets] == deadlines


def test_labels_come_from_the_item_or_the_enclosing_heading():
    text, sections = _doc(
        (GOALS, "- Chỉ tiêu 5: Tỷ lệ trẻ em được tiêm chủng đạt 97%.\nMục tiêu 2: 90% trẻ em biết bơi."),
        ((*GOALS, "Chỉ tiêu 7"), "Phấn đấu 100% trường học có nhà vệ sinh."),
        (("II. MỤC TIÊU CỤ THỂ",), "1. 100% trẻ em có hoàn cảnh đặc biệt được trợ giúp."),
    )
    scan = extract_targets("d", text, sections, 2021, 2030)
    assert [(t.label, t.value) for t in scan.targets] == [
        ("Chỉ tiêu 5", 97),
        ("Mục tiêu 2", 90),
        ("Chỉ tiêu 7", 100),
        (None, 100),
    ]


def test_indicators_drop_leading_verbs_and_sub_clauses_keep_their_own_subject():
    _, scan = _scan(
        "- Phấn đấu giảm tỷ lệ trẻ em bỏ học xuống dưới 9%; 70% trẻ em dưới 5 tuổi được tiêm chủng đầy đủ "
        "8 loại vắc xin; tăng tỷ lệ trẻ em biết bơi lên trên 40%."
    )
    assert [t.indicator for t in scan.targets] == [
        "tỷ lệ trẻ em bỏ học",
        "trẻ em dưới 5 tuổi được tiêm chủng đầy đủ 8 loại vắc xin",
        "tỷ lệ trẻ em biết bơi",
    ]


def test_statement_is_the_exact_clause_and_section_the_innermost():
    text, sections = _doc(
        (GOALS, ""),
        (
            (*GOALS, "2.1. Về bảo vệ trẻ em"),
            "- Giảm tỷ lệ trẻ em bị xâm hại xuống dưới 0,01%; 100% trẻ em "
            "được tư vấn,\n\ntiếp cận dịch vụ bảo vệ trẻ em.",
        ),
    )
    scan = extract_targets("d", text, sections, 2021, 2030)
    assert [t.statement for t in scan.targets] == [
        "Giảm tỷ lệ trẻ em bị xâm hại xuống dưới 0,01%",
        "100% trẻ em được tư vấn,\n\ntiếp cận dịch vụ bảo vệ trẻ em",
    ]
    assert scan.targets[1].indicator == "trẻ em được tư vấn, tiếp cận dịch vụ bảo vệ trẻ em"
    for t in scan.targets:
        assert text[t.start : t.end] == t.statement
        assert t.section == "I. MỤC TIÊU > 2. Mục tiêu cụ thể > 2.1. Về bảo vệ trẻ em"


def test_numbers_that_are_ages_dates_counts_of_kinds_or_outside_target_sections_are_not_values():
    text, sections = _doc(
        (
            GOALS,
            "- Tỷ lệ trẻ em dưới 5 tuổi được tiêm đầy đủ 8 loại vắc xin theo Quyết định số 23/QĐ-TTg "
            "ngày 07/01/2021.\n- Trẻ em từ 5 đến 17 tuổi, trẻ em từ 07 tuổi trở lên được tham gia.",
        ),
        (("II. NHIỆM VỤ VÀ GIẢI PHÁP",), "- Đảm bảo 100% trẻ em vi phạm pháp luật được trợ giúp pháp lý."),
    )
    assert extract_targets("d", text, sections, 2021, 2030).targets == []


def test_matching_works_without_diacritics():
    _, scan = _scan(
        "- Ty le tre em duoi 1 tuoi duoc tiem chung day du dat tren 95% vao nam 2025.",
        path=("I. MUC TIEU", "2. Muc tieu cu the"),
    )
    assert [(t.comparator, t.value, t.deadline, t.indicator) for t in scan.targets] == [
        (">", 95, 2025, "ty le tre em duoi 1 tuoi duoc tiem chung day du")
    ]


def test_general_goal_without_numbers_yields_nothing_and_unmatched_targets_are_reported():
    text, sections = _doc(
        (("I. MỤC TIÊU", "1. Mục tiêu chung"), "Bảo đảm quyền trẻ em, phấn đấu đến năm 2030 vì trẻ em."),
        (
            GOALS,
            "- Nâng cao hiệu quả quản lý nhà nước về trẻ em.\n- Tỷ lệ trẻ em biết bơi đạt mức cao. "
            "Tỷ lệ trẻ em bị đuối nước giảm mạnh.",
        ),
    )
    scan = extract_targets("d", text, sections, 2021, 2030)
    assert scan.targets == []
    assert scan.unparsed == [
        "Bảo đảm quyền trẻ em, phấn đấu đến năm 2030 vì trẻ em",
        "Tỷ lệ trẻ em biết bơi đạt mức cao",
        "Tỷ lệ trẻ em bị đuối nước giảm mạnh",
    ]


def test_agencies_come_from_the_implementation_subsections():
    text, sections = _doc(
        (
            GOALS,
            "- Chỉ tiêu 3: Tỷ lệ trẻ em được tiêm chủng đạt 97%.\n- Chỉ tiêu 4: Tỷ lệ trẻ em bỏ học dưới 1%."
            "\n- Chỉ tiêu 9: Giảm tỷ lệ trẻ em bị xâm hại xuống dưới 2%.",
        ),
        (
            ("IV. TỔ CHỨC THỰC HIỆN", "1. Sở Y tế"),
            "- Hướng dẫn triển khai, thực hiện các chỉ tiêu 3, 4 của Chương trình.",
        ),
        (
            ("IV. TỔ CHỨC THỰC HIỆN", "2. Công an tỉnh"),
            "Đấu tranh phòng, chống tội phạm để thực hiện chỉ tiêu 9 và chỉ tiêu 4 của Chương trình.",
        ),
    )
    scan = extract_targets("d", text, sections, 2021, 2030)
    assert [(t.label, t.agencies) for t in scan.targets] == [
        ("Chỉ tiêu 3", ["Sở Y tế"]),
        ("Chỉ tiêu 4", ["Sở Y tế", "Công an tỉnh"]),
        ("Chỉ tiêu 9", ["Công an tỉnh"]),
    ]


def test_an_agency_heading_that_runs_into_its_duties_names_only_the_agency():
    text, sections = _doc(
        (GOALS, "- Chỉ tiêu 1: Tỷ lệ trẻ em được tiêm chủng đạt 97%."),
        (
            ("V. TỔ CHỨC THỰC HIỆN", "2. Phòng Y tế chủ trì, phối hợp với Trung tâm Y tế huyện thực hiện…"),
            "các chỉ tiêu 1 của Kế hoạch.",
        ),
        (("V. TỔ CHỨC THỰC HIỆN", "3. Sở Văn hóa, Thể thao và Du lịch"), "Thực hiện chỉ tiêu 1."),
    )
    scan = extract_targets("d", text, sections, 2024, 2024)
    assert scan.targets[0].agencies == ["Phòng Y tế", "Sở Văn hóa, Thể thao và Du lịch"]


# --- the seeds ----------------------------------------------------------------------------------


def _seed_scan(path, year_from, year_to) -> tuple[str, TargetScan]:
    clean = pytest.importorskip("kehoach.ingest.clean").clean
    from kehoach.ingest.parse import parse_sections

    text = clean(PagedText(text=path.read_text(encoding="utf-8"))).text
    return text, extract_targets(path.name, text, parse_sections(text), year_from, year_to)


def _assert_records(scan: TargetScan, expected: list[tuple]) -> None:
    got = [
        (t.label, t.comparator, t.value, t.value_max, t.unit, t.deadline, t.indicator) for t in scan.targets
    ]
    assert len(got) == len(expected), [g[:6] for g in got]
    for g, e in zip(got, expected, strict=True):
        assert g[:6] == pytest.approx(e[:6]), (g, e)
        assert e[6] in g[6], (g, e)


SEED_004 = [
    ("Chỉ tiêu 1", ">=", 65, None, PCT, 2025, "tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em"),
    ("Chỉ tiêu 1", ">=", 75, None, PCT, 2030, "tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em"),
    ("Chỉ tiêu 2", ">=", 90, None, PCT, 2025, "tỷ lệ trẻ em đến 8 tuổi được tiếp cận các dịch vụ hỗ trợ"),
    ("Chỉ tiêu 2", ">=", 95, None, PCT, 2030, "tỷ lệ trẻ em đến 8 tuổi được tiếp cận các dịch vụ hỗ trợ"),
    ("Chỉ tiêu 3", "<", 9.5, None, P1000, 2025, "tỷ suất tử vong trẻ sơ sinh"),
    ("Chỉ tiêu 3", "<", 9, None, P1000, 2030, "tỷ suất tử vong trẻ sơ sinh"),
    ("Chỉ tiêu 3", "<=", 9.3, None, P1000, 2025, "tỷ suất tử vong của trẻ em dưới 1 tuổi"),
    ("Chỉ tiêu 3", "<=", 8.8, None, P1000, 2030, "tỷ suất tử vong của trẻ em dưới 1 tuổi"),
    ("Chỉ tiêu 3", "<", 12.5, None, P1000, 2025, "tỷ suất tử vong trẻ em dưới 5 tuổi"),
    ("Chỉ tiêu 3", "<", 11.8, None, P1000, 2030, "tỷ suất tử vong trẻ em dưới 5 tuổi"),
    ("Chỉ tiêu 4", "<", 9, None, PCT, 2025, "suy dinh dưỡng thể cân nặng theo tuổi"),
    ("Chỉ tiêu 4", "<", 6, None, PCT, 2030, "suy dinh dưỡng thể cân nặng theo tuổi"),
    ("Chỉ tiêu 4", "<=", 17, None, PCT, 2025, "suy dinh dưỡng thể chiều cao theo tuổi"),
    ("Chỉ tiêu 4", "<", 15, None, PCT, 2030, "suy dinh dưỡng thể chiều cao theo tuổi"),
    ("Chỉ tiêu 4", "<", 5, None, PCT, 2025, "suy dinh dưỡng thể béo phì (nông thôn)"),
    ("Chỉ tiêu 4", "<", 5, None, PCT, 2030, "suy dinh dưỡng thể béo phì (nông thôn)"),
    ("Chỉ tiêu 4", "<", 10, None, PCT, 2025, "suy dinh dưỡng thể béo phì (thành thị)"),
    ("Chỉ tiêu 4", "<", 10, None, PCT, 2030, "suy dinh dưỡng thể béo phì (thành thị)"),
    (
        "Chỉ tiêu 5",
        ">=",
        97,
        None,
        PCT,
        2025,
        "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin",
    ),
    (
        "Chỉ tiêu 5",
        ">=",
        98,
        None,
        PCT,
        2030,
        "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin",
    ),
    ("Chỉ tiêu 5", ">=", 70, None, PCT, 2030, "trẻ em dưới 5 tuổi được tiêm chủng đầy đủ các loại vắc xin"),
    ("Chỉ tiêu 6", "<=", 2, None, PCT, 2030, "tỷ lệ lây truyền HIV từ mẹ sang con"),
    ("Chỉ tiêu 7", ">=", 100, None, PCT, 2025, "cơ sở giáo dục cho trẻ em có công trình vệ sinh"),
    ("Chỉ tiêu 7", ">=", 100, None, PCT, 2030, "cơ sở giáo dục cho trẻ em có công trình vệ sinh"),
    ("Chỉ tiêu 8", "<", 2, None, PCT, 2025, "tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em"),
    ("Chỉ tiêu 8", "<", 1.5, None, PCT, 2030, "tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em"),
    ("Chỉ tiêu 8", ">=", 90, None, PCT, 2025, "trẻ em có hoàn cảnh đặc biệt được chăm sóc, nuôi dưỡng"),
    ("Chỉ tiêu 8", ">=", 98, None, PCT, 2030, "trẻ em có hoàn cảnh đặc biệt được chăm sóc, nuôi dưỡng"),
    ("Chỉ tiêu 9", "<", 2, None, PCT, 2025, "tỷ lệ trẻ em bị xâm hại dưới các hình thức bạo lực"),
    ("Chỉ tiêu 9", "<", 1.5, None, PCT, 2030, "tỷ lệ trẻ em bị xâm hại dưới các hình thức bạo lực"),
    (
        "Chỉ tiêu 10",
        "<=",
        4,
        None,
        PCT,
        2025,
        "tỷ lệ lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi",
    ),
    (
        "Chỉ tiêu 10",
        "<=",
        3,
        None,
        PCT,
        2030,
        "tỷ lệ lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi",
    ),
    ("Chỉ tiêu 11", "<=", 450, None, P100K, 2025, "tỷ suất trẻ em bị tai nạn thương tích"),
    ("Chỉ tiêu 11", "<=", 400, None, P100K, 2030, "tỷ suất trẻ em bị tai nạn thương tích"),
    ("Chỉ tiêu 11", "<=", 16, None, P100K, 2025, "tỷ suất trẻ em bị tử vong do tai nạn thương tích"),
    ("Chỉ tiêu 11", "<=", 15, None, P100K, 2030, "tỷ suất trẻ em bị tử vong do tai nạn thương tích"),
    ("Chỉ tiêu 12", ">=", 100, None, PCT, 2030, "trẻ em gặp thiên tai, thảm họa được cứu trợ"),
    ("Chỉ tiêu 13", "=", 0, None, None, 2030, "tình trạng tảo hôn"),
    ("Chỉ tiêu 14", ">=", 99, None, PCT, 2025, "tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh"),
    ("Chỉ tiêu 14", ">=", 99.7, None, PCT, 2030, "tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh"),
    ("Chỉ tiêu 15", ">=", 99.1, None, PCT, 2025, "tỷ lệ trẻ em dưới 5 tuổi được phát triển phù hợp"),
    ("Chỉ tiêu 15", ">=", 99.3, None, PCT, 2030, "tỷ lệ trẻ em dưới 5 tuổi được phát triển phù hợp"),
    ("Chỉ tiêu 16", ">=", 100, None, PCT, 2025, "tỷ lệ huy động trẻ em 5 tuổi đi học mẫu giáo"),
    ("Chỉ tiêu 16", ">=", 95, None, PCT, 2030, "trẻ em trong độ tuổi mẫu giáo đi học mẫu giáo"),
    ("Chỉ tiêu 17", ">=", 97, None, PCT, 2025, "tỷ lệ trẻ em hoàn thành cấp tiểu học"),
    ("Chỉ tiêu 17", ">=", 99, None, PCT, 2030, "tỷ lệ trẻ em hoàn thành cấp tiểu học"),
    ("Chỉ tiêu 17", "<", 0.12, None, PCT, 2025, "tỷ lệ trẻ em bỏ học bậc tiểu học"),
    ("Chỉ tiêu 17", "<", 0.1, None, PCT, 2030, "tỷ lệ trẻ em bỏ học bậc tiểu học"),
    ("Chỉ tiêu 18", ">=", 96, None, PCT, 2025, "tỷ lệ trẻ em hoàn thành cấp trung học cơ sở"),
    ("Chỉ tiêu 18", ">=", 98, None, PCT, 2030, "tỷ lệ trẻ em hoàn thành cấp trung học cơ sở"),
    ("Chỉ tiêu 18", "<", 0.14, None, PCT, 2025, "tỷ lệ trẻ em bỏ học cấp trung học cơ sở"),
    ("Chỉ tiêu 18", "<", 0.05, None, PCT, 2030, "tỷ lệ trẻ em bỏ học cấp trung học cơ sở"),
    ("Chỉ tiêu 19", ">=", 100, None, PCT, 2025, "trường THCS, THPT có bộ phận tư vấn, hỗ trợ tâm lý trẻ em"),
    ("Chỉ tiêu 20", ">=", 55, None, PCT, 2025, "tỷ lệ trường học có cơ sở hạ tầng và tài liệu phù hợp"),
    ("Chỉ tiêu 20", ">=", 60, None, PCT, 2030, "tỷ lệ trường học có cơ sở hạ tầng và tài liệu phù hợp"),
    ("Chỉ tiêu 20", ">=", 80, None, PCT, 2025, "tỷ lệ trẻ em khuyết tật có nhu cầu học tập"),
    ("Chỉ tiêu 20", ">=", 90, None, PCT, 2030, "tỷ lệ trẻ em khuyết tật có nhu cầu học tập"),
    ("Chỉ tiêu 21", ">=", 85, None, PCT, 2025, "tỷ lệ các xã, phường, thị trấn có điểm văn hóa, vui chơi"),
    ("Chỉ tiêu 21", ">=", 95, None, PCT, 2030, "tỷ lệ các xã, phường, thị trấn có điểm văn hóa, vui chơi"),
    ("Chỉ tiêu 22", ">=", 30, None, PCT, 2025, "trẻ em từ 07 tuổi trở lên được hỏi ý kiến"),
    ("Chỉ tiêu 22", ">=", 35, None, PCT, 2030, "trẻ em từ 07 tuổi trở lên được hỏi ý kiến"),
    ("Chỉ tiêu 23", ">=", 70, None, PCT, 2025, "trẻ em được nâng cao nhận thức, năng lực về quyền tham gia"),
    ("Chỉ tiêu 23", ">=", 75, None, PCT, 2030, "trẻ em được nâng cao nhận thức, năng lực về quyền tham gia"),
    (
        "Chỉ tiêu 24",
        ">=",
        15,
        None,
        PCT,
        2025,
        "tỷ lệ trẻ em từ 11 tuổi trở lên được tham gia vào các mô hình",
    ),
    (
        "Chỉ tiêu 24",
        ">=",
        20,
        None,
        PCT,
        2030,
        "tỷ lệ trẻ em từ 11 tuổi trở lên được tham gia vào các mô hình",
    ),
    (None, "=", 18680000000, None, "đồng", 2030, "tổng kinh phí thực hiện các chỉ tiêu về trẻ em"),
    (None, "=", 14680000000, None, "đồng", 2030, "nguồn kinh phí địa phương"),
    (None, "=", 4000000000, None, "đồng", 2030, "nguồn kinh phí trung ương"),
]

SEED_000 = [
    (None, ">=", 100, None, PCT, 2025, "xã/phường/thị trấn đăng ký xây dựng"),
    (
        None,
        ">",
        65,
        None,
        PCT,
        2025,
        "xã/phường/thị trấn đạt tiêu chuẩn xã/phường/thị trấn phù hợp với trẻ em",
    ),
    (None, "<", 1, None, P1000, 2025, "tỷ suất tử vong trẻ sơ sinh"),
    (None, "<=", 0.8, None, P1000, 2025, "tỷ suất tử vong của trẻ em dưới 1 tuổi"),
    (None, "<", 1, None, P1000, 2025, "tỷ suất tử vong trẻ em dưới 5 tuổi"),
    (None, "<", 9, None, PCT, 2025, "tỷ lệ suy dinh dưỡng thể thấp còi trẻ em dưới 5 tuổi"),
    (None, "<", 7, None, PCT, 2025, "tỷ lệ suy dinh dưỡng thể nhẹ cân trẻ em dưới 5 tuổi"),
    (None, "<", 5, None, PCT, 2025, "tỷ lệ trẻ dưới 5 tuổi thừa cân béo phì (nông thôn)"),
    (None, "<", 8, None, PCT, 2025, "tỷ lệ trẻ dưới 5 tuổi thừa cân béo phì (thành thị)"),
    (None, ">", 95, None, PCT, 2025, "trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin"),
    (None, ">=", 90, None, PCT, 2025, "trẻ em dưới 5 tuổi được tiêm chủng đầy đủ các loại vắc xin"),
    (None, ">=", 100, None, PCT, 2025, "cơ sở giáo dục cho trẻ em có công trình vệ sinh đạt chuẩn"),
    (None, "<", 1.5, None, PCT, 2025, "tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em"),
    (None, ">", 90, None, PCT, 2025, "trẻ em có hoàn cảnh đặc biệt được chăm sóc, nuôi dưỡng, trợ giúp"),
    (None, "<", 0.01, None, PCT, 2025, "tỷ lệ trẻ em bị xâm hại trên tổng số trẻ em"),
    (None, "<", 0.005, None, PCT, 2025, "lao động trẻ em và người chưa thành niên từ 5 đến 17 tuổi"),
    (None, "<=", 550, None, P100K, 2025, "tỷ suất trẻ em bị tai nạn thương tích"),
    (None, "<", 15, None, P100K, 2025, "tỷ suất trẻ em bị tử vong do tai nạn thương tích"),
    (None, ">=", 100, None, PCT, 2025, "trẻ em gặp thiên tai, thảm họa được cứu trợ, hỗ trợ kịp thời"),
    (None, "range", 2, 3, PCT, 2025, "mức giảm số cuộc tảo hôn"),
    (None, ">=", 100, None, PCT, 2025, "trẻ em dưới 5 tuổi được đăng ký khai sinh"),
    (None, ">=", 90, None, PCT, 2025, "trẻ em được làm giấy khai sinh đúng hạn"),
    (None, ">", 99, None, PCT, 2025, "trẻ em 5 tuổi đi học mẫu giáo"),
    (None, ">", 90, None, PCT, 2025, "hoàn thành chương trình phổ cập"),
    (None, ">=", 100, None, PCT, 2025, "tỷ lệ trẻ em 6 tuổi vào lớp 1"),
    (None, ">=", 100, None, PCT, 2025, "trẻ em hoàn thành cấp tiểu học"),
    (None, ">=", 90, None, PCT, 2025, "tỷ lệ trẻ em hoàn thành cấp trung học cơ sở"),
    (None, "<", 0.1, None, PCT, 2025, "tỷ lệ trẻ em bỏ học cấp trung học cơ sở"),
    (None, ">=", 80, None, PCT, 2025, "tỷ lệ trẻ em khuyết tật có nhu cầu học tập được tiếp cận"),
    (None, ">=", 60, None, PCT, 2025, "phục hồi chức năng phù hợp (trẻ em dưới 5 tuổi)"),
    (
        None,
        ">=",
        60,
        None,
        PCT,
        2025,
        "tỷ lệ các xã, phường, thị trấn có điểm văn hóa, vui chơi dành cho trẻ em",
    ),
    (None, ">", 85, None, PCT, 2025, "trẻ em được nâng cao nhận thức, năng lực về quyền tham gia của trẻ em"),
]

SEED_001 = [
    (None, ">=", 100, None, PCT, 2023, "trẻ em có hoàn cảnh đặc biệt được bảo vệ, chăm sóc"),
    (None, ">=", 100, None, PCT, 2023, "công chức, viên chức, cán bộ cấp huyện"),
    (None, ">=", 80, None, PCT, 2023, "cán bộ cấp xã, công chức, viên chức, giáo viên"),
    (None, ">=", 100, None, PCT, 2023, "kiện toàn ban chỉ đạo, điều hành bảo vệ, chăm sóc trẻ em"),
    (None, ">=", 95, None, PCT, 2023, "cơ sở y tế cấp huyện, xã được tăng cường nâng cao năng lực"),
    (None, ">=", 75, None, PCT, 2023, "nhân viên y tế thôn, xóm, bản, tổ dân phố"),
    (None, ">=", 90, None, PCT, 2023, "trẻ em trong và ngoài trường học được hướng dẫn"),
    (None, ">=", 90, None, PCT, 2023, "hộ gia đình, nhà trường, cộng đồng và trẻ em được tuyên truyền"),
    (None, ">=", 100, None, PCT, 2023, "học sinh được hướng dẫn, giáo dục kiến thức, kỹ năng sống"),
    (None, ">=", 90, None, PCT, 2023, "các trường mầm non, tiểu học, trung học cơ sở đạt tiêu chuẩn"),
    (None, ">=", 90, None, PCT, 2023, "trẻ em có nguy cơ, lao động trẻ em được tiếp cận giáo dục"),
    (None, "=", 0, None, None, 2023, "trẻ em và người chưa thành niên lao động trái quy định của pháp luật"),
    (None, ">=", 100, None, PCT, 2023, "không sử dụng lao động trẻ em"),
    (None, ">=", 100, None, PCT, 2023, "trẻ em tham gia lao động trái quy định của pháp luật được phát hiện"),
    (None, ">", 90, None, PCT, 2023, "tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em"),
    (None, ">=", 70, None, PCT, 2023, "trẻ em được nâng cao nhận thức, năng lực về quyền tham gia"),
    (None, ">=", 30, None, PCT, 2023, "tỷ lệ trẻ em từ 11 tuổi trở lên được tham gia"),
    (None, ">=", 100, None, PCT, 2023, "cán bộ làm công tác bảo vệ chăm sóc trẻ em cấp xã, thị trấn"),
]


def test_seed_004_every_numbered_target_and_the_budget(seed):
    _, scan = _seed_scan(seed("004"), 2021, 2030)
    _assert_records(scan, SEED_004)
    assert scan.unparsed == []


def test_seed_004_agencies_follow_the_implementation_section(seed):
    _, scan = _seed_scan(seed("004"), 2021, 2030)

    def carried_by(agency: str) -> set[int]:
        return {int(t.label.split()[-1]) for t in scan.targets if agency in t.agencies}

    assert carried_by("Sở Y tế") == {3, 4, 5, 6}
    assert carried_by("Sở Tư pháp") == {14}
    assert carried_by("Công an tỉnh") == {9}
    assert carried_by("Sở Giáo dục và Đào tạo") == {7, 15, 16, 17, 18, 19, 20}
    assert carried_by("Sở Văn hóa, Thể thao và Du lịch") == {13, 21}
    assert carried_by("Sở Lao động - Thương binh và Xã hội") == {1, 2, 8, 9, 10, 11, 12, 22, 23, 24}


def test_seed_000_every_bullet_of_the_specific_goals(seed):
    _, scan = _seed_scan(seed("000"), 2025, 2025)
    _assert_records(scan, SEED_000)
    assert all(t.section.startswith("I. MỤC TIÊU > 2. Mục tiêu cụ thể > 2.") for t in scan.targets)


def test_seed_001_numbered_targets(seed):
    _, scan = _seed_scan(seed("001"), 2023, 2023)
    _assert_records(scan, SEED_001)
    assert all(t.section.startswith("II. MỤC TIÊU CỤ THỂ") for t in scan.targets)


@pytest.mark.parametrize(
    ("prefix", "years"),
    [
        ("000", (2025, 2025)),
        ("001", (2023, 2023)),
        ("002", (2010, 2010)),
        ("003", (2025, 2025)),
        ("004", (2021, 2030)),
    ],
)
def test_seed_records_quote_the_text_and_never_take_dates_numbers_or_ages(seed, prefix, years):
    text, scan = _seed_scan(seed(prefix), *years)
    for t in scan.targets:
        assert text[t.start : t.end] == t.statement
        assert t.statement and t.indicator and t.section
        assert t.unit is not None or t.value == 0, t
        assert t.value is not None and not 1900 <= t.value <= 2100, t
        assert t.deadline in (years[1], 2025, 2030), t
    if prefix in ("002", "003"):
        assert scan.targets == []


# --- targets in running text --------------------------------------------------------------------

NEWS = ("Mở đầu",)


def _indicators(scan: TargetScan) -> list[tuple]:
    return [(t.comparator, t.value, t.unit, t.deadline, t.indicator) for t in scan.targets]


def test_a_news_paragraph_that_sets_targets_gives_them_with_the_same_fields():
    _, scan = _scan(
        "Theo Kế hoạch, trong năm 2024, phấn đấu 95% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế; "
        "80% trường tiểu học có điểm vui chơi an toàn; tổ chức các lớp kỹ năng cho trẻ em; ít nhất 70% "
        "thôn có tổ bảo vệ trẻ em.",
        path=NEWS,
        year_from=2024,
        year_to=2024,
    )
    assert _indicators(scan) == [
        (">=", 95, PCT, 2024, "trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế"),
        (">=", 80, PCT, 2024, "trường tiểu học có điểm vui chơi an toàn"),
        (">=", 70, PCT, 2024, "thôn có tổ bảo vệ trẻ em"),
    ]
    assert scan.unparsed == []


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        ("Phấn đấu 100% trẻ em dưới 6 tuổi được cấp thẻ BHYT.", (">=", 100, PCT, 2025)),
        ("Đến năm 2025, giảm tỷ lệ trẻ em bỏ học xuống dưới 10%.", ("<", 10, PCT, 2025)),
        ("Mục tiêu là tỷ lệ trẻ em biết bơi đạt trên 45% vào năm 2025.", (">", 45, PCT, 2025)),
        ("Bảo đảm 100% xã, phường cập nhật số liệu trẻ em bị xâm hại.", (">=", 100, PCT, 2025)),
        ("Phấn đấu ít nhất 80% trẻ em khuyết tật được học hòa nhập.", (">=", 80, PCT, 2025)),
    ],
)
def test_a_sentence_of_aims_or_requirements_that_sets_a_target(sentence, row):
    _, scan = _scan(sentence, path=("I. MỤC ĐÍCH, YÊU CẦU", "2. Yêu cầu"), year_from=2021, year_to=2025)
    assert [r[:4] for r in _indicators(scan)] == [row]


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        (NEWS, "Năm 2023, tỷ lệ trẻ em được tiêm chủng đầy đủ đạt 97%."),  # a result, no target word
        (NEWS, "Năm 2020 đạt 85% trẻ em có thẻ BHYT, phấn đấu duy trì kết quả."),  # a past year
        (NEWS, "Căn cứ Quyết định số 23/QĐ-TTg với mục tiêu 95% trẻ em được tiêm chủng đầy đủ."),
        (NEWS, "Phấn đấu thu hút hơn 200 em học sinh tham gia Diễn đàn."),  # a count described
        (("II. KẾT QUẢ THỰC HIỆN NĂM 2024",), "Phấn đấu đạt 90% kế hoạch đề ra."),
        (("III. NHIỆM VỤ VÀ GIẢI PHÁP",), "Phấn đấu 100% trường học có nhà vệ sinh."),
        (NEWS, "Trẻ em dưới 6 tuổi chiếm 35% dân số của huyện."),
    ],
)
def test_results_bases_descriptions_and_task_sections_give_no_target(path, sentence):
    _, scan = _scan(sentence, path=path, year_from=2025, year_to=2025)
    assert scan.targets == []


@pytest.mark.parametrize(
    ("body", "rows"),
    [
        (  # a value tied to a year before the plan is a baseline
            "- Giảm tỷ suất trẻ em bị đuối nước từ 12/100.000 trẻ em năm 2020 xuống dưới 8/100.000 trẻ em.\n"
            "- Giảm tỷ lệ trẻ em thấp còi xuống 15% (giai đoạn 2016 - 2020 bình quân là 21%).",
            [
                ("<", 8, P100K, 2025, "tỷ suất trẻ em bị đuối nước"),
                ("<=", 15, PCT, 2025, "tỷ lệ trẻ em thấp còi"),
            ],
        ),
        (  # a number opening a target clause is a count
            "- 2.500 gia đình có trẻ em đạt tiêu chí Gia đình an toàn; 120 trường học đạt chuẩn"
            " Trường học an toàn.\n- Trẻ em 5 tuổi được đến trường.",
            [
                (">=", 2500, None, 2025, "gia đình có trẻ em đạt tiêu chí Gia đình an toàn"),
                (">=", 120, None, 2025, "trường học đạt chuẩn Trường học an toàn"),
            ],
        ),
    ],
)
def test_baselines_are_not_targets_and_opening_numbers_are_counts(body, rows):
    _, scan = _scan(body, year_from=2021, year_to=2025)
    assert _indicators(scan) == rows


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("- Tỷ lệ suy dinh dưỡng thể nhẹ cân ở trẻ em dưới 5 tuổi là 8%.", "<="),
        ("- Tỷ suất tử vong trẻ em dưới 1 tuổi là 12‰ trên 1.000 trẻ đẻ sống.", "<="),
        ("- Tỷ lệ trẻ em biết kỹ năng phòng tránh tai nạn là 80%.", ">="),
        ("- Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc là 95%.", ">="),
    ],
)
def test_a_rate_of_harm_stated_with_la_is_a_ceiling(sentence, comparator):
    _, scan = _scan(sentence)
    assert [t.comparator for t in scan.targets] == [comparator]


def test_a_prose_target_lines_up_with_a_labelled_one_through_the_synonyms():
    from kehoach.assistant.lookup import indicator_key

    _, labelled = _scan("- Chỉ tiêu 3: Giảm tỷ lệ suy dinh dưỡng thể nhẹ cân ở trẻ em dưới 5 tuổi xuống 8%.")
    _, prose = _scan(
        "Phấn đấu tỷ lệ suy dinh dưỡng thể cân nặng theo tuổi ở trẻ em dưới 5 tuổi là 7%.", path=NEWS
    )
    (a,), (b,) = labelled.targets, prose.targets
    assert (b.comparator, b.value, b.label) == ("<=", 7, None)
    assert indicator_key(a.indicator) == indicator_key(b.indicator)
