"""Drafting requests in `kehoach chat` / `ask`: "soạn mục ... cho năm ... dựa trên kế hoạch ..."."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.cli import main
from kehoach.assistant.draft_request import DraftRequest, parse_request
from kehoach.errors import KehoachError

SECTION = "soạn mục Nhiệm vụ, giải pháp cho năm 2024 dựa trên kế hoạch 62/KH-UBND"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SECTION, DraftRequest(["62/KH-UBND"], 2024, "Nhiệm vụ, giải pháp")),
        (
            "soan muc nhiem vu, giai phap cho nam 2026 dua tren ke hoach 125/KH-UBND",
            DraftRequest(["125/KH-UBND"], 2026, "nhiem vu, giai phap"),
        ),
        (
            "Hãy soạn kế hoạch năm 2027 dựa trên kế hoạch 166/KH-UBND và quyết định 3456.",
            DraftRequest(["166/KH-UBND", "3456"], 2027, None),
        ),
        ("Giúp tôi soạn mục Kinh phí từ kế hoạch số 62", DraftRequest(["62"], None, "Kinh phí")),
        ("Dự thảo kế hoạch cho năm 2025 căn cứ kế hoạch 71, 415", DraftRequest(["71", "415"], 2025, None)),
    ],
)
def test_requests_are_read_with_and_without_diacritics(text, expected):
    assert parse_request(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch 62 soạn năm nào?",
        "soạn kế hoạch năm 2026 thế nào?",
        "tỷ lệ tiêm chủng năm 2024 theo kế hoạch 62",
        "Ai soạn mục kinh phí dựa trên kế hoạch 62?",
        "Viết tắt UBND theo kế hoạch 62 là gì?",
    ],
)
def test_questions_are_no_requests(text):
    assert parse_request(text) is None


def _spans_exact(index, answer) -> None:
    for c in answer.citations:
        assert index.text(c.doc_id)[c.start : c.end] == c.quote
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert used == {c.n for c in answer.citations}


def test_ask_answers_a_section_request_with_its_sources(example_index):
    answer = ask(example_index, SECTION)
    assert answer.supported and answer.mode == "extractive"
    assert answer.answer.startswith("### III. NHIỆM VỤ, GIẢI PHÁP")
    assert "Tháng hành động vì trẻ em" in answer.answer and "năm 2024" in answer.answer
    assert "[cần bổ sung: chủ đề Tháng hành động vì trẻ em năm 2024]" in answer.answer
    assert "IV. KINH PHÍ" not in answer.answer and "Nơi nhận" not in answer.answer
    assert all(c.number == "62/KH-UBND" and c.section.startswith("III. NHIỆM VỤ") for c in answer.citations)
    assert len(answer.citations) >= 8
    _spans_exact(example_index, answer)
    folded = ask(example_index, "soan muc nhiem vu, giai phap cho nam 2024 dua tren ke hoach 62/KH-UBND")
    assert folded.answer == answer.answer


def test_a_whole_plan_request_drafts_every_part(example_index):
    answer = ask(example_index, "Soạn kế hoạch dựa trên kế hoạch 62")  # no year: the model's next
    assert "# KẾ HOẠCH" in answer.answer and "Thực hiện công tác trẻ em năm 2024" in answer.answer
    assert "***Nơi nhận:***" in answer.answer and "Bảng chỉ tiêu năm 2024" in answer.answer
    assert any(c.section == "Mở đầu" for c in answer.citations)
    _spans_exact(example_index, answer)


def test_unknown_plan_or_section_is_a_clear_error(example_index):
    with pytest.raises(KehoachError, match="Không tìm thấy văn bản «999»"):
        ask(example_index, "soạn mục Kinh phí cho năm 2024 dựa trên kế hoạch 999")
    with pytest.raises(KehoachError, match="Không có mục «Thi đua»"):
        ask(example_index, "soạn mục Thi đua cho năm 2024 dựa trên kế hoạch 62")


def test_chat_drafts_a_section_then_answers_a_question(example_index, capsys, monkeypatch):
    lines = "soan muc kinh phi cho nam 2024 dua tren ke hoach 62\nsoạn mục Thi đua dựa trên kế hoạch 62\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["--home", str(Path(example_index.settings.home)), "chat"]) == 0
    captured = capsys.readouterr()
    assert "### IV. KINH PHÍ THỰC HIỆN" in captured.out and "[cần bổ sung: kinh phí năm 2024]" in captured.out
    assert "Nguồn:\n[1] 62/KH-UBND" in captured.out
    assert "Lỗi: Không có mục «Thi đua»" in captured.err


def test_a_section_named_like_a_basis_word_is_no_basis():
    request = parse_request("soạn mục Tư pháp cho năm 2024 dựa trên kế hoạch 62")
    assert request == DraftRequest(["62"], 2024, "Tư pháp")
