"""Figures typed in words are read as the plans write them, with their value."""

from __future__ import annotations

import pytest

from kehoach.assistant.figures import in_figures


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("còn dưới bao nhiêu trên 100 nghìn trẻ?", "còn dưới bao nhiêu trên 100.000 trẻ?"),
        ("tren 100 nghin tre", "tren 100.000 tre"),
        ("Kinh phí 4 tỷ đồng", "Kinh phí 4.000.000.000 đồng"),
        ("1,5 triệu đồng", "1.500.000 đồng"),
        ("12 ngàn trẻ em", "12.000 trẻ em"),
        ("2.500 nghìn", "2.500.000"),
        # No figure, or no scale: left as typed.
        ("Tỷ lệ 5 tỷ lệ", "Tỷ lệ 5 tỷ lệ"),
        ("giảm 5 tỷ suất", "giảm 5 tỷ suất"),
        ("mười nghìn trẻ", "mười nghìn trẻ"),
        ("Kế hoạch 100/KH-UBND", "Kế hoạch 100/KH-UBND"),
    ],
)
def test_a_figure_in_words_is_written_in_figures(typed, read):
    assert in_figures(typed) == read
