"""Target lookup on the seeds (and the example corpus) through the shared session index."""

from __future__ import annotations

import pytest

from kehoach.assistant.ask import ROUTES
from kehoach.assistant.config import DEFAULT
from kehoach.assistant.indicators import indicator_key, render_value
from kehoach.assistant.lookup import TargetRow, parse_query, responsible, search_targets
from kehoach.assistant.query import analyze
from tests.catalog import entry
from tests.conftest import index_of


def answer_from_targets(index, question):
    """What ask() answers from target records: the route of the question's intent, if any."""
    query = analyze(question, index.documents())
    route = ROUTES.get(query.intent)
    return route(index, query, DEFAULT) if route else None


def asks_about_target(question):
    return analyze(question).intent == "target"


def _rows(index, query):
    return search_targets(index, query)


def test_query_conditions_and_years():
    docs = [entry(doc_id="h", locality="thành phố Huế")]
    q = parse_query("Huế: tiêm chủng trên 95% đến năm 2030", docs)
    assert q.doc_ids == ["h"] and q.years == (2030,) and q.topic == ["tiem", "chung"]
    assert [(c.op, c.value) for c in q.conditions] == [(">", 95.0)]
    assert parse_query(">= 90 tiem chung", docs).conditions[0].op == ">="
    # ages and counts are topic, not conditions
    assert parse_query("trẻ em dưới 5 tuổi, 8 loại vắc xin", docs).conditions == ()
    assert parse_query("tử vong dưới 18 trên 1.000 trẻ đẻ sống", docs).conditions[0].value == 18.0


def test_render_value():
    assert render_value(">", 95, None, "%") == "trên 95%"
    assert render_value("<", 1, None, "/1.000 trẻ đẻ sống") == "dưới 1/1.000 trẻ đẻ sống"
    assert render_value("range", 2, 3, "%") == "từ 2% đến 3%"
    assert render_value("=", 18680000000, None, "đồng") == "18.680.000.000 đồng"
    assert render_value("<", 1.5, None, "%") == "dưới 1,5%"


def test_indicator_key_maps_synonyms_and_ignores_order():
    hue = indicator_key("tỷ lệ suy dinh dưỡng thể thấp còi trẻ em dưới 5 tuổi")
    vinh_long = indicator_key("tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể chiều cao theo tuổi")
    assert hue == vinh_long
    assert indicator_key("thể nhẹ cân trẻ em dưới 5 tuổi") == indicator_key(
        "thể cân nặng theo tuổi trẻ em dưới 5 tuổi"
    )
    assert hue != indicator_key("tỷ lệ suy dinh dưỡng thể nhẹ cân trẻ em dưới 5 tuổi")


def test_vaccination_finds_hue_and_vinh_long(index):
    rows = _rows(index, "tiêm chủng đầy đủ 8 loại vắc xin")
    assert "tiêm chủng" in rows[0].indicator
    full = [r for r in rows if "8 loại vắc xin" in r.indicator]
    hue = {(r.rendered, r.deadline) for r in full if r.locality == "thành phố Huế"}
    vinh_long = {(r.value, r.deadline) for r in full if r.locality and "Vĩnh Long" in r.locality}
    assert ("trên 95%", 2025) in hue
    assert {(97.0, 2025), (98.0, 2030)} <= vinh_long
    assert len({r.indicator_key for r in full}) == 1
    assert all("tiêm chủng" in r.statement for r in rows)


def test_stunting_lines_up_across_wordings(index):
    rows = _rows(index, "suy dinh dưỡng thể thấp còi")
    hue = [r for r in rows if r.locality == "thành phố Huế"]
    vinh_long = [r for r in rows if r.locality and "Vĩnh Long" in r.locality]
    assert hue and vinh_long
    assert "thấp còi" in hue[0].indicator and "chiều cao theo tuổi" in vinh_long[0].indicator
    assert hue[0].indicator_key == vinh_long[0].indicator_key
    assert all(r.indicator_key == hue[0].indicator_key for r in rows)


def test_child_marriage_finds_both_plans(index):
    localities = {r.locality for r in _rows(index, "tảo hôn")}
    assert "thành phố Huế" in localities
    assert any("Vĩnh Long" in (loc or "") for loc in localities)


@pytest.mark.parametrize(
    ("with_marks", "without"),
    [
        ("tiêm chủng đầy đủ 8 loại vắc xin", "tiem chung day du 8 loai vac xin"),
        ("suy dinh dưỡng thể thấp còi", "suy dinh duong the thap coi"),
        ("tảo hôn", "tao hon"),
    ],
)
def test_without_diacritics_same_rows(index, with_marks, without):
    assert {r.target_id for r in _rows(index, with_marks)} == {r.target_id for r in _rows(index, without)}


def test_numeric_conditions_filter(index):
    rows = _rows(index, "tiêm chủng 8 loại vắc xin trên 96% năm 2030")
    assert rows and all(max(r.value, r.value_max or 0) >= 96 and r.deadline == 2030 for r in rows)
    assert any(r.value == 98.0 and "Vĩnh Long" in r.locality for r in rows)
    assert not [r for r in _rows(index, "tiêm chủng 8 loại vắc xin dưới 50%") if "8 loại" in r.indicator]


def test_unrelated_query_returns_nothing(index):
    assert _rows(index, "phóng tàu vũ trụ lên sao Hỏa") == []


def test_json_keys(index):
    item = _rows(index, "tảo hôn")[0].as_json()
    for key in (
        "doc_id",
        "number",
        "locality",
        "year",
        "label",
        "indicator",
        "comparator",
        "value",
        "unit",
        "deadline",
        "statement",
        "section",
        "agencies",
        "indicator_key",
        "score",
    ):
        assert key in item


def test_statement_is_exact_span(index):
    for row in _rows(index, "tiêm chủng"):
        assert index.text(row.doc_id)[row.start : row.end] == row.statement


def test_agency_responsibility(index):
    duty = responsible(index, "Sở Y tế chịu trách nhiệm chỉ tiêu nào?")
    assert duty is not None and duty.agency == "Sở Y tế"
    labels = {r.label for r in duty.rows if r.locality and "Vĩnh Long" in r.locality}
    assert labels == {"Chỉ tiêu 3", "Chỉ tiêu 4", "Chỉ tiêu 5", "Chỉ tiêu 6"}
    assert responsible(index, "sở y tế chịu trách nhiệm chỉ tiêu nào").agency == "Sở Y tế"


def test_who_is_responsible(index):
    duty = responsible(index, "Ai chịu trách nhiệm chỉ tiêu tiêm chủng?")
    assert duty is not None and duty.agency is None
    assert "Sở Y tế" in duty.agencies()
    assert all("tiêm chủng" in r.statement for r in duty.rows)
    assert responsible(index, "tiêm chủng đầy đủ") is None


@pytest.mark.parametrize(
    "question",
    [
        "Huế đặt mục tiêu tiêm chủng bao nhiêu?",
        "văn bản nào đặt chỉ tiêu 97% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ?",
        "ai chịu trách nhiệm chỉ tiêu tiêm chủng?",
    ],
)
def test_answer_from_targets_cites_exact_statements(index, question):
    answer = answer_from_targets(index, question)
    assert answer is not None and answer.supported and answer.citations
    for cite in answer.citations:
        assert index.text(cite.doc_id)[cite.start : cite.end] == cite.quote
        assert cite.section and cite.page >= 1 and f"[{cite.n}]" in answer.answer
    assert "tiêm chủng" in answer.citations[0].quote


def test_answer_from_targets_specifics(index):
    hue = answer_from_targets(index, "Huế đặt mục tiêu tiêm chủng bao nhiêu?")
    assert {c.locality for c in hue.citations} == {"thành phố Huế"} and "trên 95%" in hue.answer
    which = answer_from_targets(
        index, "văn bản nào đặt chỉ tiêu 97% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ?"
    )
    assert "Vĩnh Long" in which.citations[0].locality and "97%" in which.answer
    assert all("97%" in c.quote for c in which.citations)


@pytest.mark.parametrize("question", ["Kế hoạch của Huế ban hành ngày nào?", "thủ đô của Pháp là gì"])
def test_answer_from_targets_declines(index, question):
    assert answer_from_targets(index, question) is None


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch công tác trẻ em năm 2023 huyện Văn Lãng thực hiện theo kế hoạch nào?",
        "Theo kế hoạch năm 2024 của Đakrông, tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ năm 2023"
        " đã đạt bao nhiêu?",
        "Kế hoạch nào giao Huyện đoàn chủ trì tổ chức hoạt động thúc đẩy quyền tham gia của trẻ em?",
    ],
)
def test_answer_from_targets_declines_non_target_questions(index, question):
    assert answer_from_targets(index, question) is None


def test_asks_about_target():
    assert asks_about_target("van ban nao dat chi tieu 97% tiem chung")
    assert asks_about_target("Huế đặt mục tiêu tiêm chủng bao nhiêu?")
    assert not asks_about_target("tiem chung nam 2023 da dat bao nhieu")
    assert not asks_about_target("Kế hoạch nào giao Huyện đoàn chủ trì?")


@pytest.mark.parametrize(
    ("question", "expected", "wrong"),
    [
        ("Nguồn kinh phí trung ương cho Chương trình hành động vì trẻ em tỉnh Vĩnh Long là bao nhiêu?",
         "4.000.000.000 đồng", "18.680.000.000"),
        ("Nguồn kinh phí địa phương cho Chương trình hành động vì trẻ em tỉnh Vĩnh Long là bao nhiêu?",
         "14.680.000.000 đồng", "18.680.000.000"),
        ("Mường Khương đặt mục tiêu giảm số cặp tảo hôn xuống còn bao nhiêu?", "4 cặp", "cặp không quá"),
    ],
)  # fmt: skip
def test_answer_leads_with_the_asked_value_and_quotes_it(index, question, expected, wrong):
    answer = answer_from_targets(index, question)
    assert answer is not None
    first = answer.answer.splitlines()[1]
    assert expected in first.split("«")[0] and wrong not in answer.answer
    assert f"«{answer.citations[0].quote}»" in first


def test_label_reference_picks_that_target_and_its_agency(index):
    duty = responsible(index, "Ở tỉnh Quảng Trị, sở nào chủ trì thực hiện chỉ tiêu 11 về lao động trẻ em?")
    assert duty is not None and duty.rows and duty.agencies() == ["Sở Nội vụ"]
    assert {r.label for r in duty.rows} == {"Chỉ tiêu 11"} and {r.locality for r in duty.rows} == {
        "tỉnh Quảng Trị"
    }


def test_number_in_question_picks_the_document(index):
    rows = _rows(
        index, "Văn bản nào đặt mục tiêu giảm tỷ suất trẻ em bị tai nạn thương tích xuống 550/100.000 trẻ em?"
    )
    assert rows[0].locality == "thành phố Huế" and rows[0].value == 550
    rows = _rows(index, "Văn bản nào đặt chỉ tiêu tổ chức lớp dạy bơi an toàn cho ít nhất 400 trẻ em?")
    assert "Đông Hà" in rows[0].locality and rows[0].rendered.endswith("400 trẻ em")


def test_place_and_year_pick_the_document(index):
    rows = _rows(
        index,
        "Năm 2024 huyện Đakrông đặt mục tiêu giảm tỷ suất trẻ em bị tai nạn thương tích xuống bao nhiêu?",
    )
    assert rows and {(r.year, r.deadline) for r in rows} == {("2024", 2024)}
    rows = _rows(index, "tiem chung day du cua tinh Quang Tri")
    assert rows and {r.locality for r in rows} == {"tỉnh Quảng Trị"}


@pytest.mark.parametrize(
    ("question", "locality"),
    [
        ("Văn bản nào triển khai Chỉ thị 1408/CT-TTg của Thủ tướng Chính phủ?", "thành phố Hà Nội"),
        (
            "Kế hoạch nào giao Huyện đoàn chủ trì tổ chức hoạt động thúc đẩy quyền tham gia của trẻ em?",
            "Sơn Tây",
        ),
    ],
)
def test_which_document_without_a_target_finds_the_passage(index, question, locality):
    row = _rows(index, question)[0]
    assert row.kind == "passage" and locality in row.locality and row.rendered == ""
    assert index.text(row.doc_id)[row.start : row.end] == row.statement


def test_a_list_of_numbers_in_the_query_is_skipped_not_a_crash(index):
    docs = [entry(doc_id="h", locality="thành phố Huế")]
    q = parse_query("tỷ lệ tiêm chủng 1,2,3% và trên 95,5,1%", docs)
    assert q.conditions == () and q.numbers == ()
    assert q.topic == ["tiem", "chung"]
    rows = search_targets(index, "tỷ lệ tiêm chủng 1,2,3%")
    assert rows and all("chủng" in r.statement or "chung" in r.indicator_key for r in rows)


def test_places_are_read_from_every_level_of_the_locality():
    docs = [
        entry(doc_id="p", locality="tỉnh Quảng Trị"),
        entry(doc_id="d", locality="huyện Đakrông, tỉnh Quảng Trị"),
    ]
    assert parse_query("tiêm chủng tỉnh Quảng Trị", docs).doc_ids == ["p"]
    assert parse_query("tiêm chủng Quảng Trị", docs).doc_ids == ["d", "p"]
    assert parse_query("tiem chung huyen dakrong", docs).home_ids == ["d"]


def test_intent_of_target_questions_that_name_the_indicator():
    """ "Chỉ tiêu ..." names a target whatever the question asks of it; "giao" inside "giao thông"
    does not make it a question about who answers for it."""
    assert analyze("chỉ tiêu suy dinh dưỡng thể thấp còi của Đakrông năm 2023").intent == "target"
    assert analyze("Chỉ tiêu giảm trẻ tử vong do tai nạn giao thông là bao nhiêu?").intent == "target"
    assert analyze("Chỉ tiêu tiêm chủng được giao cho cơ quan nào?").intent == "responsibility"
    assert analyze("Sở Y tế chịu trách nhiệm chỉ tiêu nào?").intent == "responsibility"
    assert analyze("Kế hoạch thực hiện mục tiêu gì?").intent != "responsibility"


def test_a_question_asking_two_targets_gets_both(example_index):
    from dataclasses import replace

    from kehoach.assistant.ask import ask

    question = (
        "Kế hoạch năm 2023 của Đakrông đặt chỉ tiêu tiêm chủng đầy đủ cho trẻ dưới 1 tuổi"
        " và suy dinh dưỡng thể thấp còi thế nào?"
    )
    answer = ask(example_index, question)
    assert answer.supported, answer.answer
    assert "90%" in answer.answer and "26%" in answer.answer
    single = replace(DEFAULT, lookup=replace(DEFAULT.lookup, pair_candidates=0))
    alone = ask(example_index, question, config=single).answer
    assert not ("90%" in alone and "26%" in alone)


@pytest.mark.parametrize(
    ("folded", "asked"),
    [
        ("ty suat tre em bi tai nan va ty suat tu vong do tai nan la bao nhieu", 2),
        ("bao nhieu ngoi nha an toan va bao nhieu truong hoc", 2),
        ("ty le tiem chung la bao nhieu", 1),
        ("ke hoach cua so lao dong - thuong binh va xa hoi dat ty le tiem chung muc nao", 2),
    ],
)
def test_two_things_joined_before_one_value_cue_ask_two_values(folded, asked):
    """Two values may be asked with one cue; pairing targets then still needs the pair to cover
    more than either alone (paired_cover), so a "và" inside a name costs nothing."""
    from kehoach.assistant.query import values_asked

    assert values_asked(folded) == asked


def test_a_target_of_a_document_without_number_or_title_is_labelled_by_its_file_name():
    """A saved page with no number or title is shown by its file's name, as everywhere else,
    never by the path it was read from."""
    row = TargetRow(
        doc_id="d",
        number=None,
        locality="thành phố Hòa An",
        level=None,
        year="2021–2030",
        label=None,
        indicator="tỷ lệ",
        comparator="<",
        value=0.5,
        value_max=None,
        unit="/1.000",
        deadline=2030,
        statement="",
        section="",
        agencies=[],
        source="/data/pages/b_20.txt",
        score=1.0,
        indicator_key="",
        start=0,
        end=0,
    )
    assert row.doc_label == "b_20.txt · thành phố Hòa An · 2021–2030"


HOA_AN_2023 = """ỦY BAN NHÂN DÂN
TỈNH HÒA AN

Số: 88/KH-UBND

Hòa An, ngày 10 tháng 02 năm 2023

KẾ HOẠCH
Thực hiện công tác bảo vệ, chăm sóc trẻ em tỉnh năm 2023

I. MỤC TIÊU
- Giảm tỷ suất tử vong trẻ sơ sinh trên 1.000 trẻ đẻ sống dưới 8,5‰; giảm tỷ suất tử vong của trẻ em
dưới 1 tuổi trên 1.000 trẻ đẻ sống xuống 11‰; giảm tỷ suất tử vong trẻ em dưới 5 tuổi trên 1.000 trẻ
đẻ sống dưới 17‰;
- 95% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.
"""


def test_two_targets_of_one_indicator_told_apart_by_age_are_both_answered(tmp_path):
    """ "trẻ sơ sinh và trẻ dưới 1 tuổi": the second target adds little coverage to the first (its
    words are the first's but "tuổi"), yet the question asks both values (pair_gain)."""
    from dataclasses import replace

    from kehoach.assistant.ask import ask

    index = index_of(tmp_path, {"hoa_an.txt": HOA_AN_2023})
    question = "Năm 2023, Hòa An đặt chỉ tiêu tử vong trẻ sơ sinh và trẻ dưới 1 tuổi ở mức nào?"
    answer = ask(index, question)
    assert answer.supported and "8,5‰" in answer.answer and "11‰" in answer.answer, answer.answer
    strict = replace(DEFAULT, lookup=replace(DEFAULT.lookup, pair_gain=0.15))
    assert "11‰" not in ask(index, question, config=strict).answer
