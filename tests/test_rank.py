"""Sentence ranking: which sentences of the retrieved passages may answer at all."""

from __future__ import annotations

import pytest

from kehoach.assistant import retrieve
from kehoach.assistant.config import DEFAULT
from kehoach.assistant.query import analyze
from kehoach.assistant.rank import idf_weights, score_passages
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
    query = analyze(question, index.documents())
    hits = retrieve.search(index, question, k=DEFAULT.search_k, config=DEFAULT.retrieval, analysis=query)
    documents = {h.chunk.doc_id: index.document(h.chunk.doc_id) for h in hits}
    weights = idf_weights(list(query.topic), *index.sentence_frequencies(list(query.topic)))
    return [p.quote for p in score_passages(query, hits, documents, weights, DEFAULT.rank)]


def test_the_place_and_date_line_answers_only_a_question_about_a_date(decision_index):
    """It names the place and the year, so it would seem to answer any question about them."""
    line = "Hòa Bình, ngày 12 tháng 4 năm 2022"
    assert line in _quotes(decision_index, "Kế hoạch của Hòa Bình năm 2022 ban hành ngày nào?")
    assert line not in _quotes(decision_index, "Kế hoạch của Hòa Bình năm 2022 có những giải pháp gì?")
