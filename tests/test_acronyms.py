"""What an abbreviation stands for is read from where a loaded text defines it, and quoted."""

from __future__ import annotations

import pytest

from kehoach.assistant.ask import ask
from tests.conftest import index_of

PLAN = """ỦY BAN NHÂN DÂN
QUẬN SƠN TRÀ
Số: 27/KH-UBND
Sơn Trà, ngày 18 tháng 02 năm 2019

KẾ HOẠCH
Bảo vệ, chăm sóc và giáo dục trẻ em năm 2019

I. MỤC ĐÍCH
Thực hiện đầy đủ các chính sách đối với trẻ em, nhất là trẻ em có hoàn cảnh đặc biệt (TECHCĐB).
Phòng Lao động - Thương binh và Xã hội (LĐTBXH) chủ trì theo dõi TECHCĐB trên địa bàn quận.
Nâng cao trách nhiệm của gia đình đối với công tác bảo vệ chăm sóc và giáo dục trẻ em (BVCS&GDTE).
"""


@pytest.fixture(scope="module")
def plan_index(tmp_path_factory):
    index = index_of(tmp_path_factory.mktemp("acronyms"), {"son_tra.txt": PLAN})
    yield index
    index.close()


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Chữ TECHCĐB là viết tắt của gì?", "trẻ em có hoàn cảnh đặc biệt"),
        ("chu techcdb la viet tat cua gi", "trẻ em có hoàn cảnh đặc biệt"),
        ("LĐTBXH viết tắt của gì?", "Lao động - Thương binh và Xã hội"),
        # "&" stands for the "và" its initials leave out.
        ("Chữ BVCS&GDTE trong kế hoạch là viết tắt của gì vậy?", "bảo vệ chăm sóc và giáo dục trẻ em"),
    ],
)
def test_an_abbreviation_is_read_from_its_definition(plan_index, question, words):
    answer = ask(plan_index, question)
    assert answer.supported and f"«{words}»" in answer.answer
    quote = answer.citations[0].quote
    assert plan_index.document(answer.citations[0].doc_id).text[answer.citations[0].start :].startswith(quote)
    assert f"({answer.answer.split()[0]})" in quote


def test_an_abbreviation_no_text_defines_is_not_made_up(plan_index):
    answer = ask(plan_index, "Chữ BVCSTE là viết tắt của gì?")
    assert "là viết tắt của «" not in answer.answer
