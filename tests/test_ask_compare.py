"""Comparisons end to end on the example corpus (real embedder, real Chroma): the sides a question
names (places, years with or without "năm", document numbers), each side answered from its own
documents, and every value standing under the name of the document it comes from."""

from __future__ import annotations

import re

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.query import analyze
from kehoach.assistant.retrieve import Where
from kehoach.assistant.sides import compared_sides, reaches
from kehoach.ingest.vietnamese import fold
from tests.catalog import entry


def _label_of(answer_text: str, n: int) -> str:
    """The line that cites [n], with the document-name line it stands under (if any)."""
    lines = answer_text.splitlines()
    at = next(i for i, line in enumerate(lines) if f"[{n}]" in line)
    heads = [line for line in lines[:at] if line.endswith(":") and not line.startswith("-")]
    return f"{heads[-1] if heads else ''} {lines[at]}"


def _assert_sides(index, question: str, values: dict[str, str]) -> None:
    """`values`: document number -> the value its side must state, cited under that document."""
    answer = ask(index, question)
    assert answer.supported, answer.answer
    for number, value in values.items():
        cites = [c for c in answer.citations if c.number == number and value in c.quote]
        assert cites, (number, value, answer.answer)
        assert all(number in _label_of(answer.answer, c.n) for c in cites), answer.answer
        quoted = index.text(cites[0].doc_id)[cites[0].start : cites[0].end]
        assert quoted == cites[0].quote


@pytest.mark.parametrize(
    "question",
    [
        # years in parentheses, with no "năm": two plans of one place
        "Kinh phí kế hoạch công tác trẻ em của huyện Đakrông (2023) và (2024) khác nhau thế nào?",
        # two document numbers
        "Kế hoạch 62/KH-UBND và Kế hoạch 71/KH-UBND bố trí tổng kinh phí khác nhau thế nào?",
    ],
)
def test_each_side_is_answered_from_its_own_plan(example_index, question):
    _assert_sides(example_index, question, {"62/KH-UBND": "350.000.000", "71/KH-UBND": "380.000.000"})


def test_two_plans_of_one_place_are_told_apart_by_subject(example_index):
    """No place, year or number sets the sides apart: the plans' titles do."""
    question = (
        "Hai kế hoạch của tỉnh Quảng Trị, về Tháng hành động vì trẻ em và về chương trình hành động"
        " vì trẻ em, có tổng kinh phí bao nhiêu?"
    )
    _assert_sides(example_index, question, {"118/KH-UBND": "150.000.000", "415/QĐ-UBND": "42.500.000.000"})
    # without a comparison cue, one plan's question about two subjects stays one question
    assert (
        compared_sides(
            analyze("Kinh phí Tháng hành động vì trẻ em của tỉnh Quảng Trị?", example_index.documents()),
            example_index.documents(),
        )
        == []
    )


def test_each_side_of_a_header_comparison_is_its_own_plan(example_index):
    question = "Kế hoạch công tác trẻ em của huyện Đakrông (2023) và (2024) có số hiệu gì?"
    _assert_sides(example_index, question, {"62/KH-UBND": "62/KH-UBND", "71/KH-UBND": "71/KH-UBND"})


def test_a_province_side_keeps_the_province_s_own_plan(example_index):
    question = "So sánh chỉ tiêu trẻ em biết bơi an toàn của xã Mường Khương và tỉnh Quảng Trị."
    answer = ask(example_index, question)
    assert "35%" in answer.answer and "60%" in answer.answer, answer.answer
    provinces = {d.doc_id for d in example_index.documents() if fold(d.locality or "").startswith("tinh")}
    towns = {c.doc_id for c in answer.citations if "Mường Khương" not in (c.locality or "")}
    assert towns and towns <= provinces, answer.answer


def test_a_side_the_catalog_cannot_place_is_found_by_its_opening(example_index):
    docs = example_index.documents()
    dong_ha = next(d for d in docs if "Đông Hà" in (d.locality or ""))
    unplaced = [entry(doc_id=d.doc_id, year_from=d.year_from, year_to=d.year_to) for d in docs]
    openings = {d.doc_id: " ".join(fold(example_index.text(d.doc_id)[:1500]).split()) for d in docs}
    query = analyze("Tháng hành động vì trẻ em của thành phố Đông Hà và huyện Đakrông", unplaced)
    sides = compared_sides(query, unplaced, openings)
    assert [s.where.locality for s in sides] == ["dong ha", "dakrong"]
    assert sides[0].doc_ids == (dong_ha.doc_id,)
    assert dong_ha.doc_id not in sides[1].doc_ids and sides[1].doc_ids
    # without the opening, a document of unknown place is no side
    assert compared_sides(query, unplaced, {}) == []
    assert not reaches(Where(locality="dong ha"), unplaced[0], "")


def test_no_comparison_when_both_sides_find_the_same_documents(example_index):
    docs = example_index.documents()
    # 2028 and 2030 are two deadlines of the one plan of Quảng Trị 2026-2030
    query = analyze("Chỉ tiêu biết bơi của tỉnh Quảng Trị đến 2028 và 2030 là bao nhiêu?", docs)
    assert query.lone_years == (2028, 2030)
    assert compared_sides(query, docs) == []
    answer = ask(example_index, "Chỉ tiêu biết bơi của tỉnh Quảng Trị đến 2028 và 2030 là bao nhiêu?")
    assert re.search(r"50%.*60%", answer.answer, re.S), answer.answer


def test_each_side_is_judged_without_the_other_side_s_words(example_index):
    """Each side names its plan by words only its plan's opening holds ("vùng cao biên giới" of the
    commune's plan, "Tháng hành động" of the city's): the gate judged the answering side on both
    sides' words and refused, though each plan states the provincial plan it carries out."""
    question = (
        "Kế hoạch công tác trẻ em vùng cao biên giới của xã Mường Khương và kế hoạch Tháng hành động"
        " vì trẻ em của thành phố Đông Hà thực hiện kế hoạch nào của UBND tỉnh?"
    )
    _assert_sides(example_index, question, {"09/KH-UBND": "28/KH-UBND", "118/KH-UBND": "86/KH-UBND"})


def test_a_comparison_neither_plan_states_stays_refused(example_index):
    """Dropping the other side's words from a side's judgement must not answer what no plan states."""
    answer = ask(
        example_index,
        "So sánh ngân sách quốc phòng của huyện Đakrông năm 2023 và thành phố Đông Hà năm 2025.",
    )
    assert not answer.supported, answer.answer


def test_a_side_whose_plan_does_not_state_the_fact_is_said_to_be_unstated(example_index):
    """Đakrông's plan of 2024 sets no swimming target (it only runs swimming classes): its side is
    said not to state it, not answered from another target, and Mường Khương's side still answers."""
    question = "Chỉ tiêu trẻ em biết bơi của xã Mường Khương và của huyện Đakrông năm 2024 là bao nhiêu?"
    answer = ask(example_index, question)
    assert answer.supported, answer.answer
    assert "35%" in answer.answer, answer.answer
    dakrong = next(d for d in example_index.documents() if d.number == "71/KH-UBND")
    assert f"Văn bản {dakrong.label} không nêu" in answer.answer, answer.answer
    assert all(c.doc_id != dakrong.doc_id for c in answer.citations), answer.answer


def _issued_lines(answer_text: str) -> dict[str, str]:
    """Each "Văn bản: ..." block's document number -> its "Ngày ban hành" line."""
    out, current = {}, ""
    for line in answer_text.splitlines():
        if line.startswith("Văn bản: "):
            current = line.removeprefix("Văn bản: ").split(" · ")[0]
        elif line.startswith("Ngày ban hành:"):
            out[current] = line
    return out


def test_a_header_side_named_by_its_own_number_is_identified(example_index):
    """Each side names its plan by number and place: that identifies it, whatever the other words
    of the question ("đều liên quan đến trẻ em"), which the plans' headers need not hold."""
    question = (
        "Kế hoạch 71/KH-UBND của Đakrông và Kế hoạch 118/KH-UBND của Đông Hà đều liên quan đến trẻ em;"
        " mỗi kế hoạch ban hành ngày nào?"
    )
    answer = ask(example_index, question)
    assert answer.supported, answer.answer
    issued = _issued_lines(answer.answer)
    assert "16/04/2024" in issued["71/KH-UBND"] and "12/05/2025" in issued["118/KH-UBND"], answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # a year without "năm" for one side, a period for the other
        "Văn bản về tháng hành động vì trẻ em 2025 của Đông Hà và văn bản về chương trình hành động vì"
        " trẻ em 2026-2030 của Quảng Trị ban hành ngày nào?",
        # and a kind of document per side: a plan, a decision
        "Kế hoạch tháng hành động vì trẻ em 2025 của Đông Hà và quyết định chương trình hành động vì"
        " trẻ em giai đoạn 2026-2030 của Quảng Trị ban hành ngày nào?",
    ],
)
def test_each_header_side_s_document_fits_its_own_year_and_kind(example_index, question):
    """The plan of 2025 is not "of another period" than 2026-2030: that is the other side's."""
    answer = ask(example_index, question)
    assert answer.supported, answer.answer
    issued = _issued_lines(answer.answer)
    assert "12/05/2025" in issued["118/KH-UBND"] and "12/02/2026" in issued["415/QĐ-UBND"], answer.answer


def test_one_place_named_with_two_level_words_makes_two_sides():
    """ "thành phố Lạng Sơn" and "tỉnh Lạng Sơn" are two governments: each side keeps the plans of
    its own level; without the level words the one place is no comparison."""
    docs = [
        entry(doc_id="city", locality="thành phố Lạng Sơn", level="huyện", year_from=2019),
        entry(doc_id="province", locality="tỉnh Lạng Sơn", level="tỉnh", year_from=2021, year_to=2030),
        entry(doc_id="district", locality="huyện Cao Lộc, tỉnh Lạng Sơn", level="huyện", year_from=2022),
    ]
    query = analyze("Kế hoạch của thành phố Lạng Sơn và kế hoạch của tỉnh Lạng Sơn mang số hiệu gì?", docs)
    sides = compared_sides(query, docs)
    assert [s.doc_ids for s in sides] == [("city",), ("province",)]
    assert compared_sides(analyze("Kế hoạch của Lạng Sơn mang số hiệu gì?", docs), docs) == []


@pytest.mark.parametrize(
    "question",
    [
        # the frame of the time asked ("kết thúc vào") is in neither plan's words
        "Tháng hành động vì trẻ em của huyện Đakrông năm 2023 và của xã Mường Khương năm 2026 kết thúc"
        " vào ngày nào?",
        # "mỗi nơi" only sets the sides side by side: no side's sentence states it
        "Huyện Đakrông (2023) và xã Mường Khương (2026) tổ chức Tháng hành động vì trẻ em đến ngày nào"
        " ở mỗi nơi?",
    ],
)
def test_each_side_is_judged_on_what_is_compared_not_on_the_question_s_frame(example_index, question):
    """A side was gated on the question's every word: "kết thúc vào" and "huyện" (its place's level
    word), which no answer sentence holds, refused both sides though each plan states its dates;
    "mỗi nơi" must not do so either."""
    answer = ask(example_index, question)
    assert answer.supported, answer.answer
    assert "30/6/2023" in answer.answer and "30/6/2026" in answer.answer, answer.answer


def test_a_side_is_not_judged_on_the_other_side_s_clause():
    """Each side names its own plan in its own clause; a side named alone shares the other's
    words, and the header cue ("mang số hiệu gì") is no side's subject."""
    from kehoach.assistant.sides import Side, clause_terms

    asked = analyze(
        "Hà Giang ra kế hoạch nâng chỉ số quyền trẻ em, Bắc Ninh ra kế hoạch xã phường phù hợp trẻ em, "
        "mỗi cái ngày nào?"
    )
    sides = [Side(Where(locality="ha giang"), ("a",)), Side(Where(locality="bac ninh"), ("b",))]
    ha_giang, bac_ninh = clause_terms(asked, sides)
    assert {"phu_hop", "xa_phuong"} <= ha_giang and not {"quyen", "ke_hoach"} & ha_giang
    assert {"quyen", "chi_so"} <= bac_ninh and not {"phu_hop", "ke_hoach"} & bac_ninh
    alone = analyze("Kế hoạch tháng hành động của Sơn La năm 2022 và của Quảng Trị năm 2023 mang số hiệu gì?")
    sides = [
        Side(Where(locality="son la", year=2022), ("a",)),
        Side(Where(locality="quang tri", year=2023), ("b",)),
    ]
    son_la, quang_tri = clause_terms(alone, sides)
    assert quang_tri == set() and "thang_hanh" not in son_la


def test_two_plans_of_a_place_the_question_tells_apart_by_no_subject_word_are_no_sides():
    """ "mỗi cái ... bao nhiêu tiền" names neither plan's subject: no sides, and no failure."""
    from kehoach.assistant.sides import _subject_sides

    catalog = [entry("a", locality="tỉnh Hòa An"), entry("b", locality="tỉnh Hòa An")]
    query = analyze("hai kh của Hòa An (148 và 93) mỗi cái được bố trí bao nhiêu tiền ngân sách?", catalog)
    subjects = {"a": {"lao", "dong", "lao_dong"}, "b": {"suc", "khoe", "suc_khoe"}}
    assert _subject_sides(query, subjects, 0.1) == []


@pytest.mark.parametrize(
    ("question", "values"),
    [
        (
            "Thành phố Đông Hà tặng quà trẻ em từ ngày nào, còn xã Mường Khương cắm biển cảnh báo"
            " trước ngày nào?",
            {"118/KH-UBND": "01/6/2025", "09/KH-UBND": "15/5/2026"},
        ),
        (
            "Xã Mường Khương cắm biển cảnh báo ở đâu, còn huyện Đakrông năm 2023 có tổng kinh phí bao nhiêu?",
            {"09/KH-UBND": "khe suối", "62/KH-UBND": "350.000.000"},
        ),
    ],
)
def test_each_side_asking_its_own_question_is_answered_by_its_own_clause(example_index, question, values):
    """Each clause asks its own side its own thing: a side is judged, and its sentences chosen, on
    its own clause's words and answer type, not on the other's ("tổng kinh phí bao nhiêu" asks
    Mường Khương nothing: its budget is not an answer)."""
    _assert_sides(example_index, question, values)
    assert "85.000.000" not in ask(example_index, question).answer


def test_a_side_asks_its_own_clause_only_when_every_side_asks():
    from kehoach.assistant.sides import Side, side_queries

    sides = [Side(Where(locality="an lac"), ("a",)), Side(Where(locality="binh hoa"), ("b",))]
    own = analyze("An Lạc giao phòng nào tổng hợp báo cáo, còn Bình Hòa dạy bơi cho trẻ em bao nhiêu tuổi?")
    an_lac, binh_hoa = side_queries(own, sides)
    assert not an_lac.counts and binh_hoa.counts and an_lac.wants != binh_hoa.wants
    shared = analyze("Kế hoạch của An Lạc và của Bình Hòa giao đơn vị nào tổng hợp báo cáo?")
    assert side_queries(shared, sides) == [shared, shared]
