"""Drafting checks of `kehoach eval`: Đakrông 2024 drafted from 2023 and compared with the real
2024 plan (both in examples/plans); every other one-year plan drafted for its next year."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.assistant.cli import main
from kehoach.assistant.draft import make_draft, resolve_document
from kehoach.assistant.draft_eval import cases, draft_checks, old_year_mentions, years_not_in_real


@pytest.fixture(scope="module")
def checks(example_index):
    return draft_checks(example_index)


def test_consecutive_plans_of_one_locality_are_paired(example_index):
    found = cases(example_index.documents())
    pairs = {(c.model.number, c.real.number) for c in found if c.real}
    assert pairs == {("62/KH-UBND", "71/KH-UBND")}
    assert {c.model.number for c in found} >= {"62/KH-UBND", "71/KH-UBND", "09/KH-UBND", "118/KH-UBND"}
    assert "415/QĐ-UBND" not in {c.model.number for c in found}  # a 2026-2030 programme


def test_the_dakrong_draft_measured_against_the_real_2024_plan(checks):
    (pair,) = [r for r in checks["drafts"] if "real" in r]
    assert pair["section_recall_top"] == 1.0
    assert 0.3 <= pair["section_recall_all"] < 1.0  # the real plan renamed some sub-sections
    assert pair["targets_carried"] >= 0.9 and pair["targets_same_value"] < pair["targets_carried"]
    assert pair["years_not_in_real"] == [] and pair["sourced"] == 1.0
    assert all("năm 2023" in m for m in pair["old_year_mentions"])  # "so với năm 2023": last year
    assert checks["summary"]["pairs"] == 1 and checks["summary"]["drafts"] >= 4


def test_a_year_left_behind_is_caught(example_index):
    draft = make_draft(example_index, ["62"], 2024)
    real = example_index.document(resolve_document(example_index, "71").doc_id)
    draft.sections[1].paragraphs[0].text += " Hoàn thành trước ngày 31/12/2023."
    assert any("31/12/2023" in m for m in old_year_mentions(draft, 2023))
    draft.sections[1].paragraphs[0].text += " Định hướng năm 2031."
    assert years_not_in_real(draft, real) == [2031]


def test_cli_eval_draft_prints_the_drafting_part(example_index, capsys):
    assert main(["--home", str(Path(example_index.settings.home)), "eval", "--draft"]) == 0
    out = capsys.readouterr().out
    assert "1 cặp có kế hoạch thật" in out and "cấp 1 100%" in out
    assert "62/KH-UBND · huyện Đakrông, tỉnh Quảng Trị · 2023 → 2024 → so với 71/KH-UBND" in out
