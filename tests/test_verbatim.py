"""Quotes are the user's own text: a file written with the old tone-mark placement ("Uỷ", "hoà",
"thuỷ") is stored as written, found with either placement, and every quote is a span of it."""

from __future__ import annotations

import unicodedata

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.retrieve import search
from kehoach.ingest.clean import clean
from kehoach.ingest.embed import get_embedder
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import ingest
from kehoach.ingest.records import PagedText
from kehoach.ingest.settings import load_settings

# Invented plan; old-style placement throughout, and written decomposed (NFD) as some editors save.
PLAN = """UỶ BAN NHÂN DÂN
HUYỆN LONG HOÀ

Số: 41/KH-UBND

Long Hoà, ngày 12 tháng 4 năm 2024

KẾ HOẠCH
Phòng, chống đuối nước cho trẻ em năm 2024

I. MỤC TIÊU

1. Uỷ ban nhân dân các xã tổ chức dạy bơi an toàn cho trẻ em ở vùng sông nước, ven hồ thuỷ lợi.

2. Trạm Y tế xã theo dõi sức khoẻ trẻ em sau mùa mưa lũ và báo cáo Phòng Y tế trước ngày 15 hằng tháng.

II. TỔ CHỨC THỰC HIỆN

Phòng Văn hoá và Thông tin tuyên truyền về hoà nhập cộng đồng cho trẻ em khuyết tật.
"""


def test_clean_keeps_the_files_tone_placement_and_composes_nfc():
    text = clean(PagedText(unicodedata.normalize("NFD", PLAN))).text
    assert "Uỷ ban nhân dân các xã" in text
    assert "hồ thuỷ lợi" in text and "sức khoẻ" in text and "Văn hoá" in text
    assert "Ủy ban nhân dân các xã" not in text
    assert unicodedata.is_normalized("NFC", text)


@pytest.fixture(scope="module")
def plan_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verbatim")
    path = folder / "long-hoa.txt"
    path.write_text(unicodedata.normalize("NFD", PLAN), encoding="utf-8")
    settings = load_settings(home=folder / "home")
    index = Index.open(settings, get_embedder("e5-small"))
    assert all(r.ok for r in ingest([path], index, settings))
    return index, unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "query",
    [
        "dạy bơi ven hồ thuỷ lợi",
        "dạy bơi ven hồ thủy lợi",
        "Phòng Văn hoá hoà nhập",
        "Phòng Văn hóa hòa nhập",
    ],
)
def test_search_finds_the_passage_with_either_placement(plan_index, query):
    index, file_text = plan_index
    hits = search(index, query, k=3)
    assert hits
    assert any(("thuỷ" in h.chunk.text or "hoà nhập" in h.chunk.text) for h in hits)
    assert all(h.chunk.text in file_text for h in hits)


@pytest.mark.parametrize(
    "question",
    [
        "Ủy ban nhân dân các xã dạy bơi cho trẻ em ở đâu?",
        "Uỷ ban nhân dân các xã dạy bơi cho trẻ em ở đâu?",
        "Trạm Y tế theo dõi sức khỏe trẻ em khi nào?",
    ],
)
def test_every_quote_is_found_as_is_in_the_file(plan_index, question):
    index, file_text = plan_index
    answer = ask(index, question)
    assert answer.citations
    for citation in answer.citations:
        assert citation.quote in file_text
    stored = index.text(answer.citations[0].doc_id)
    assert "Uỷ ban nhân dân các xã" in stored and "Ủy ban nhân dân các xã" not in stored
