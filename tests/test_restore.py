"""Diacritics restored to a question typed without them, from the example corpus's own words:
the question is then understood as its accented twin is, and answered the same."""

from __future__ import annotations

import math

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.config import DEFAULT
from kehoach.assistant.eval_strip import strip_diacritics
from kehoach.assistant.query import analyze
from kehoach.assistant.restore import restore, restored_question, spellings_with_margin
from kehoach.ingest.vietnamese import fold

MARGIN = DEFAULT.retrieval.restore_margin
QUESTIONS = [
    "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ ở Quảng Trị năm 2030 là bao nhiêu?",
    "Xã Mường Khương giao cơ quan nào chủ trì công tác trẻ em năm 2026?",
    "Giảm tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi xuống mức nào vào năm 2028?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_an_unaccented_question_is_understood_as_its_twin(example_index, question):
    docs = example_index.documents()
    plain = strip_diacritics(question)
    restored = restored_question(example_index, plain, MARGIN)
    assert restored is not None and restored_question(example_index, question, MARGIN) is None
    twin, read = analyze(question, docs), analyze(plain, docs, restored)
    for field in ("intent", "asks", "places", "years", "topic", "target", "wants"):
        assert getattr(read, field) == getattr(twin, field), field
    # Each topic word is spelled as in the twin, or, where the corpus could not tell, matched folded.
    assert len(read.words) == len(twin.words) and not twin.loose
    pairs = zip(read.words, twin.words, strict=True)
    assert all(r == t or (r in read.loose and fold(r) == fold(t)) for r, t in pairs)
    assert len(read.loose) < len(read.words) / 2
    # Unrestored, every topic word is matched folded, as before restoration existed.
    assert analyze(plain, docs).loose == set(analyze(plain, docs).words)


def test_the_typed_case_and_punctuation_are_kept(example_index):
    restored = restored_question(example_index, "Quang Tri: ty le tiem chung?", MARGIN)
    assert restored is not None and restored.text == "Quảng Trị: tỷ lệ tiêm chủng?"


def test_a_word_is_sure_where_its_neighbours_decide_and_loose_where_they_do_not(example_index):
    spellings, pairs = example_index.vocabulary("co quan co")
    (first, sure), (second, _), (third, alone) = spellings_with_margin(["co", "quan", "co"], spellings, pairs)
    assert (first, second) == ("cơ", "quan") and sure > MARGIN
    # A last "co" after "quan" has no pair to read: it is spelled as the corpus most often does,
    # but less surely than the one "quan" follows.
    assert fold(third) == "co" and alone < sure
    assert restore("co quan co", spellings, pairs, margin=math.inf).loose == {"cơ", "quan", third}


# One per route: the text, a document's header, a target.
ANSWERED = [
    "Kế hoạch năm 2023 của huyện Đakrông nhằm tạo chuyển biến trong phòng ngừa những trường hợp nào?",
    "Kế hoạch số 09/KH-UBND của xã Mường Khương được ban hành ngày nào?",
    QUESTIONS[0],
]


@pytest.mark.parametrize("question", ANSWERED)
def test_an_unaccented_question_gets_its_twins_answer(example_index, question):
    twin = ask(example_index, question)
    plain = ask(example_index, strip_diacritics(question))
    assert twin.supported and plain.supported and plain.answer == twin.answer
    assert [c.quote for c in plain.citations] == [c.quote for c in twin.citations]
    print(plain.check.get("evidence"), twin.check.get("evidence"))


def test_strip_diacritics_keeps_case_digits_and_punctuation():
    assert strip_diacritics("Đảm bảo 100% trẻ em (Sở Y tế)?") == "Dam bao 100% tre em (So Y te)?"
