"""Sentence ranking: which sentences of the retrieved passages may answer at all."""

from __future__ import annotations

import pytest

from kehoach.assistant import retrieve
from kehoach.assistant.ask import ask
from kehoach.assistant.config import DEFAULT
from kehoach.assistant.query import analyze
from kehoach.assistant.rank import idf_weights, lead_clause, score_passages
from kehoach.ingest.dateline import is_place_date_line
from tests.conftest import index_of
from tests.test_parts import DECISION


@pytest.mark.parametrize(
    ("line", "dated"),
    [
        ("Hòa Bình, ngày 12 tháng 4 năm 2022", True),
        ("Kạn, ngày 05 tháng 5\nnăm 2021", True),
        ("Hà Nội, ngày 5/3/2021.", True),
        ("Ngày 09 tháng 3 năm 2021", True),
        ("Ngày 13/5/2024, UBND huyện Vĩnh Linh ban hành Kế hoạch triển khai Tháng hành động", False),
        ("Hòa Bình, ngày 12 tháng 4 năm 2022 của UBND tỉnh", False),
    ],
)
def test_a_place_and_date_line_is_told_from_a_sentence_holding_a_date(line, dated):
    assert is_place_date_line(line) is dated


@pytest.fixture(scope="module")
def decision_index(tmp_path_factory):
    index = index_of(tmp_path_factory.mktemp("rank"), {"hoa_binh.txt": DECISION})
    yield index
    index.close()


def _quotes(index, question: str) -> list[str]:
    """The candidate sentences, best first."""
    query = analyze(question, index.documents())
    hits = retrieve.search(index, question, k=DEFAULT.search_k, config=DEFAULT.retrieval, analysis=query)
    documents = {h.chunk.doc_id: index.document(h.chunk.doc_id) for h in hits}
    weights = idf_weights(list(query.topic), *index.sentence_frequencies(list(query.topic)))
    passages = score_passages(query, hits, documents, weights, DEFAULT.rank)
    return [p.quote for p in sorted(passages, key=lambda p: -p.score)]


def test_the_place_and_date_line_answers_only_a_question_about_a_date(decision_index):
    """It names the place and the year, so it would seem to answer any question about them; a
    question naming the date it states asks which document is of that day."""
    line = "Hòa Bình, ngày 12 tháng 4 năm 2022"
    assert line in _quotes(decision_index, "Kế hoạch của Hòa Bình năm 2022 ban hành ngày nào?")
    assert line in _quotes(decision_index, "Văn bản về trẻ em nào được ký ngày 12/4/2022?")
    assert line not in _quotes(decision_index, "Kế hoạch của Hòa Bình năm 2022 có những giải pháp gì?")


@pytest.mark.parametrize(
    ("text", "clause", "lead"),
    [
        (
            "Sở Y tế đề nghị các xã rà soát kỹ danh sách; lập sổ theo dõi trẻ suy dinh dưỡng.",
            "lập sổ",
            "Sở Y tế đề nghị các xã rà soát kỹ danh sách",
        ),
        (
            "Câu trước. Huyện giao Phòng Văn hóa kiểm tra điểm vui chơi; báo cáo kết quả trước ngày 30/6.",
            "báo cáo",
            "Huyện giao Phòng Văn hóa kiểm tra điểm vui chơi",
        ),
        (
            "Nhiệm vụ chính gồm:\n- Tập huấn cho cán bộ xã;\n- Tổ chức diễn đàn trẻ em.",
            "Tổ chức",
            "Nhiệm vụ chính gồm:",
        ),
        ("Đã xong. Các xã phải làm:\nKiểm tra các hồ ao nguy hiểm.", "Kiểm tra", "Các xã phải làm:"),
        ("Nhiệm vụ chính gồm tập huấn.\n- Tổ chức diễn đàn trẻ em.", "Tổ chức", ""),
        ("Huyện giao Phòng Văn hóa kiểm tra. Báo cáo kết quả trước ngày 30/6.", "Báo cáo", ""),
    ],
)
def test_a_clause_or_list_item_inherits_the_words_that_open_it(text, clause, lead):
    assert lead_clause(text, text.index(clause)) == lead


PROGRAMME = """KẾ HOẠCH
Tháng hành động vì trẻ em năm 2026 của huyện Sông Lam

UBND huyện Sông Lam yêu cầu Tháng hành động vì trẻ em năm 2026 phải được triển khai thiết \
thực ở mọi xã; huy động các đoàn thể cùng bảo vệ trẻ em khỏi nguy cơ đuối nước và bạo lực học \
đường; mọi vụ việc phải được xử lý kịp thời.

Các xã tổ chức Tháng hành động vì trẻ em năm 2026 với nhiều hoạt động vui chơi cho thiếu nhi trong dịp hè.
"""


def test_a_clause_answers_with_the_subject_and_verb_of_its_sentence(tmp_path):
    """ "yêu cầu ... bảo vệ trẻ em khỏi những gì" asks the second clause: its verb is the first's."""
    index = index_of(tmp_path, {"song_lam.txt": PROGRAMME})
    try:
        question = "Huyện Sông Lam yêu cầu bảo vệ trẻ em khỏi những gì trong Tháng hành động 2026?"
        quotes = _quotes(index, question)
    finally:
        index.close()
    assert quotes and quotes[0].startswith("huy động các đoàn thể")


SUMMER = """KẾ HOẠCH hoạt động hè năm 2026 của xã Tân Lập

Kế hoạch của xã vận động nguồn lực để mọi trẻ em có một mùa hè an toàn và vui vẻ.

Đoàn xã phát động phong trào “Mùa hè an toàn cho trẻ em” tại các thôn trong tháng 6.
"""


def _best_in(tmp_path, text: str, question: str) -> str:
    """The best candidate sentence of one plan for the question."""
    index = index_of(tmp_path, {"tan_lap.txt": text})
    try:
        return _quotes(index, question)[0]
    finally:
        index.close()


def test_a_sentence_holding_a_quoted_phrase_as_written_comes_first(tmp_path):
    """Both sentences hold the quoted words; only the second holds them together, as quoted."""
    question = 'Kế hoạch của xã Tân Lập có nhắc tới "Mùa hè an toàn cho trẻ em" không?'
    assert _best_in(tmp_path, SUMMER, question).startswith("Đoàn xã phát động")


def test_a_sentence_stating_the_date_asked_in_another_form_comes_first(tmp_path):
    """ "ngày 13 tháng 5 năm 2026" is the "13/5/2026" of the second sentence, not the first's
    "ngày 13 tháng 6 năm 2026", whose words are the question's own."""
    text = (
        SUMMER
        + "\nNgày 13 tháng 6 năm 2026, xã Tân Lập tổ chức hoạt động hè cho trẻ em tại nhà văn hóa."
        + "\nNgày 13/5/2026, xã tổ chức lễ phát động tháng hành động vì trẻ em.\n"
    )
    question = "Xã Tân Lập tổ chức gì cho trẻ em ngày 13 tháng 5 năm 2026?"
    assert _best_in(tmp_path, text, question).startswith("Ngày 13/5/2026")


def _plan(province: str, sentence: str) -> str:
    return f"""ỦY BAN NHÂN DÂN
TỈNH {province.upper()}

Số: 12/KH-UBND

{province}, ngày 05 tháng 3 năm 2025

KẾ HOẠCH
Phòng, chống đuối nước cho trẻ em năm 2025

I. NHIỆM VỤ
{sentence}
"""


def test_a_sentence_of_another_place_than_the_one_named_is_no_answer(tmp_path):
    """Both provinces write "Quang": the one named is Quang Hòa, however well Bình Quang's sentence
    matches the question's other words."""
    index = index_of(
        tmp_path,
        {
            "quang_hoa.txt": _plan(
                "Quang Hòa", "Tổ chức lớp dạy bơi an toàn cho trẻ em tại các xã ven sông."
            ),
            "binh_quang.txt": _plan(
                "Bình Quang",
                "Tổ chức lớp dạy bơi an toàn cho trẻ em tại bể bơi di động trong dịp hè năm 2025.",
            ),
        },
    )
    try:
        answer = ask(index, "Tỉnh Quang Hòa tổ chức lớp dạy bơi an toàn cho trẻ em ở đâu?")
        localities = {c.locality for c in answer.citations}
    finally:
        index.close()
    assert answer.supported, answer.answer
    assert localities == {"tỉnh Quang Hòa"}, answer.answer


OBJECTIVES = """KẾ HOẠCH
Công tác trẻ em năm 2026 của tỉnh Sông Mã

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
a) Tăng cường sự phối hợp của các ban, ngành, đoàn thể trong công tác trẻ em.
b) Xây dựng môi trường sống thân thiện, an toàn cho trẻ em; từng bước nâng cao chất lượng cuộc \
sống của trẻ em; chủ động phòng ngừa nguy cơ trẻ em bị xâm hại, đuối nước trong dịp hè.
2. Yêu cầu
Các sở, ngành chủ động xây dựng kế hoạch chi tiết.
"""


def test_the_clauses_of_a_list_items_line_are_told_apart(tmp_path):
    """The item's line is its own heading: every clause would hold every word of it, and the first
    would win every question."""
    index = index_of(tmp_path, {"song_ma.txt": OBJECTIVES})
    try:
        quotes = _quotes(
            index, "Kế hoạch của Sông Mã đề ra việc chủ động phòng ngừa những nguy cơ nào cho trẻ em?"
        )
    finally:
        index.close()
    assert quotes[0].startswith("chủ động phòng ngừa"), quotes[:3]
