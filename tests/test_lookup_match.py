"""Target questions in the user's own words, over a plan the test writes: an indicator matched by
meaning when the words differ, and a base year ("so với năm 2015") not taken for a deadline."""

from __future__ import annotations

import dataclasses

import pytest

from kehoach.assistant.ask import ROUTES
from kehoach.assistant.config import DEFAULT
from kehoach.assistant.lookup import parse_query
from kehoach.assistant.query import analyze
from tests.conftest import _build_index, _open

PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÒA BÌNH
Số: 95/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa Bình, ngày 12 tháng 5 năm 2016

KẾ HOẠCH
Phòng, chống tai nạn, thương tích trẻ em tỉnh Hòa Bình giai đoạn 2016 - 2020

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của gia đình, nhà trường và cộng đồng về phòng, chống tai nạn, thương tích trẻ em.

II. MỤC TIÊU
1. Mục tiêu chung
Giảm số trẻ em bị tai nạn, thương tích và tử vong do tai nạn, thương tích.
2. Chỉ tiêu đến năm 2020
- Giảm tỷ suất trẻ em bị tử vong do tai nạn, thương tích xuống dưới 15/100.000 trẻ em.
- Giảm 30% số trẻ em tử vong do đuối nước so với năm 2015.
- 85% trẻ em trong độ tuổi tiểu học, trung học cơ sở nắm được các quy định về an toàn giao thông.
- 100% trường mầm non đạt tiêu chuẩn trường học an toàn.

III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Tuyên truyền, giáo dục về phòng, chống tai nạn, thương tích cho trẻ em.
2. Xây dựng ngôi nhà an toàn, trường học an toàn, cộng đồng an toàn.

IV. TỔ CHỨC THỰC HIỆN
Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với các sở, ngành liên quan triển khai Kế hoạch.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""

WORDS_ONLY = dataclasses.replace(DEFAULT, lookup=dataclasses.replace(DEFAULT.lookup, similarity_weight=0.0))


@pytest.fixture(scope="module")
def plan_index(tmp_path_factory):
    docs = tmp_path_factory.mktemp("plan")
    (docs / "hoa_binh_tntt.txt").write_text(PLAN, encoding="utf-8")
    return _open(_build_index(tmp_path_factory.mktemp("plan-home"), [docs]))


def answer(index, question, config=DEFAULT):
    query = analyze(question, index.documents())
    assert query.intent == "target"
    return ROUTES["target"](index, query, config)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (
            "Đến 2020 Hòa Bình muốn bao nhiêu phần trăm học sinh tiểu học, THCS nắm được luật lệ "
            "an toàn giao thông?",
            "85%",
        ),
        ("So với năm 2015, Hòa Bình muốn giảm bao nhiêu phần trăm số trẻ chết đuối?", "30%"),
        # Typed without diacritics: the embedder reads the question with them restored.
        (
            "den 2020 hoa binh muon bao nhieu phan tram hoc sinh tieu hoc, thcs nam duoc luat le "
            "an toan giao thong",
            "85%",
        ),
        ("so voi nam 2015, hoa binh muon giam bao nhieu phan tram so tre chet duoi", "30%"),
    ],
)
def test_paraphrased_indicator_is_matched_by_meaning(plan_index, question, value):
    found = answer(plan_index, question)
    assert found is not None and value in found.answer
    assert found.answer.count("«") == 1  # that target alone
    assert answer(plan_index, question, WORDS_ONLY) is None  # the words alone do not reach it


def test_base_year_is_not_a_deadline(plan_index):
    question = "So với năm 2015, Hòa Bình muốn giảm bao nhiêu phần trăm số trẻ em tử vong do đuối nước?"
    parsed = parse_query(question, plan_index.documents())
    assert parsed.years == () and parsed.base_years == (2015,)
    found = answer(plan_index, question)
    assert found is not None and "30%" in found.answer and "đuối nước" in found.answer
    # a base year no target of this plan is measured from
    assert answer(plan_index, question.replace("2015", "2010")) is None


def test_asking_words_are_not_the_topic():
    parsed = parse_query("Năm 2020 muốn tỷ suất trẻ em tử vong thấp hơn mức nào?", [])
    assert parsed.topic == ["ty", "suat", "tre", "tu", "vong"] and parsed.years == (2020,)


@pytest.mark.parametrize(
    "question",
    [
        # an age group the plan sets no target for: close in meaning, not the same indicator
        "Hòa Bình muốn tỷ suất tử vong của trẻ dưới 5 tuổi thấp hơn mức nào?",
        # a deadline outside the plan
        "Đến năm 2030 Hòa Bình muốn bao nhiêu phần trăm học sinh nắm được luật lệ an toàn giao thông?",
    ],
)
def test_close_but_other_targets_are_not_answered(plan_index, question):
    assert answer(plan_index, question) is None
