"""The refusal gate: several signals, weighed by a GateConfig passed down (no module globals), and
fitted by a sweep that can move the threshold both ways."""

from __future__ import annotations

from dataclasses import replace

from kehoach.assistant import gate_sweep
from kehoach.assistant.ask import ask
from kehoach.assistant.config import DEFAULT, GateConfig
from kehoach.assistant.gate import Evidence

QUESTION = "Tổng đài quốc gia bảo vệ trẻ em có số điện thoại nào?"


def test_evidence_against_lowers_the_score():
    gate = GateConfig(threshold=0.7, absent_topic=0.5, absent_share=0.2, place_missing=0.1, year_mismatch=0.1)
    clean = Evidence(relevance=0.8)
    assert not clean.refuses(gate)
    assert Evidence(relevance=0.8, absent=0.4).refuses(gate)  # 0.8 - 0.5 * 0.4 < 0.7
    assert not Evidence(relevance=0.8, absent=0.1).refuses(gate)  # under absent_share: not counted
    assert Evidence(relevance=0.75, place_missing=True).refuses(gate)
    assert Evidence(relevance=0.75, year_mismatch=True).refuses(gate)


def test_the_sweep_moves_the_threshold_both_ways():
    def stat(answerable, relevance):
        return {"answerable": answerable, "supported": True, "evidence": {"relevance": relevance}}

    low = [stat(True, 0.5), stat(True, 0.55), stat(False, 0.3)]
    high = [stat(True, 0.95), stat(False, 0.9), stat(False, 0.85)]
    base = replace(DEFAULT.gate, threshold=0.75)
    assert gate_sweep.sweep(low, base)["best"]["gate"]["threshold"] < 0.75
    assert gate_sweep.sweep(high, base)["best"]["gate"]["threshold"] > 0.75
    fitted = gate_sweep.sweep(high, base)["best"]
    assert fitted["refusal_unanswerable"] == 1.0 and fitted["false_refusal"] == 0.0


def test_config_is_passed_down_to_the_gate(example_index):
    shut = replace(DEFAULT, gate=replace(DEFAULT.gate, threshold=10.0))
    opened = replace(DEFAULT, gate=replace(DEFAULT.gate, threshold=-10.0))
    assert not ask(example_index, QUESTION, config=shut).supported
    answer = ask(example_index, QUESTION, config=opened)
    assert answer.supported and "111" in answer.answer
    assert set(answer.check["evidence"]) >= {"relevance", "absent", "place_missing", "year_mismatch"}


def test_a_place_no_document_mentions_is_answered_as_such(example_index):
    answer = ask(example_index, "Tỷ lệ tiêm chủng của tỉnh Điện Biên năm 2025 là bao nhiêu?")
    assert not answer.supported and "Điện Biên" in answer.answer
