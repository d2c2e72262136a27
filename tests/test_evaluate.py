"""The evaluation runner on a few items over the session index; the shipped question set itself."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kehoach.assistant.baseline import BaselineIndex, fixed_chunks
from kehoach.assistant.eval_report import format_report
from kehoach.assistant.evaluate import DEFAULT_QA, contains, evaluate, load_qa
from kehoach.errors import KehoachError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "plans"
HUE, VINH_LONG = "000_7a4706752fe27ca1.txt", "004_b1b5d6cf7d199bfb.txt"

ITEMS = [
    {"id": "vl", "kind": "target_lookup", "doc": [VINH_LONG], "answer_must_contain": ["97%"], "split": "dev",
     "question": "Vĩnh Long đặt tỷ lệ trẻ dưới 1 tuổi được tiêm chủng đầy đủ năm 2025 là bao nhiêu?"},
    {"id": "hue", "kind": "fact", "doc": [HUE], "answer_must_contain": ["Nguyễn Chí Tài"], "split": "dev",
     "question": "Ai ký Kế hoạch 183/KH-UBND của thành phố Huế?"},
    {"id": "nd-hue", "kind": "no_diacritics", "doc": [HUE], "answer_must_contain": ["Nguyễn Chí Tài"],
     "question": "ai ky ke hoach 183/kh-ubnd cua thanh pho hue?", "twin": "hue", "split": "dev"},
    {"id": "wrong", "kind": "fact", "doc": ["khong-co-tep-nay.txt"], "answer_must_contain": ["không có đâu"],
     "split": "test", "question": "Tổng kinh phí thực hiện chương trình của tỉnh Vĩnh Long là bao nhiêu?"},
    {"id": "na", "kind": "unanswerable", "doc": [], "answer_must_contain": [], "split": "test",
     "question": "Giá vé tham quan Đại Nội Huế là bao nhiêu?"},
]  # fmt: skip


@pytest.fixture(scope="module")
def result(index, tmp_path_factory):
    path = tmp_path_factory.mktemp("qa") / "qa.jsonl"
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS), encoding="utf-8")
    return evaluate(index, load_qa(path), baseline=False, strip=True)


def test_json_shape(result):
    assert set(result) == {"metrics", "items"}
    assert [row["id"] for row in result["items"]] == [i["id"] for i in ITEMS]
    for row in result["items"]:
        for key in ("id", "kind", "question", "answer", "supported", "citations", "hits", "latency_ms", "ok"):
            assert key in row
        assert len(row["hits"]) == 5 and "source" in row["hits"][0]
    json.dumps(result, ensure_ascii=False)


def test_metrics_agree_with_the_items(result):
    rows = {row["id"]: row for row in result["items"]}
    overall = result["metrics"]["overall"]
    answerable = [r for r in result["items"] if r["kind"] != "unanswerable"]
    assert overall["n"] == 5 and overall["answerable"] == 4
    assert rows["wrong"]["doc_rank"] is None and not rows["wrong"]["ok"]
    assert rows["vl"]["doc_rank"] == 1 and rows["vl"]["answer_contains"]
    assert overall["hit@1"] == pytest.approx(sum(r["doc_rank"] == 1 for r in answerable) / 4)
    assert overall["hit@5"] == pytest.approx(sum(r["doc_rank"] is not None for r in answerable) / 4)
    assert overall["hit@5"] <= 0.75
    mrr = sum(1 / r["doc_rank"] for r in answerable if r["doc_rank"]) / 4
    assert overall["mrr"] == pytest.approx(mrr, abs=1e-4)
    refusals = [r["supported"] == (r["kind"] != "unanswerable") for r in result["items"]]
    assert overall["refusal_accuracy"] == pytest.approx(sum(refusals) / 5)
    assert overall["answer_contains"] == pytest.approx(sum(r["answer_contains"] for r in answerable) / 4)
    gap = result["metrics"]["no_diacritics_gap"]
    assert gap["pairs"] == 1 and gap["with"] == float(rows["hue"]["answer_contains"])


def test_splits_are_reported_side_by_side(result):
    rows = {row["id"]: row for row in result["items"]}
    splits = result["metrics"]["splits"]
    assert list(splits) == ["dev", "test"]
    assert splits["dev"]["n"] == 3 and splits["test"]["n"] == 2
    assert splits["test"]["hit@5"] == 0.0 and splits["test"]["false_refusal"] == float(
        not rows["wrong"]["supported"]
    )
    assert splits["test"]["refusal_unanswerable"] == float(not rows["na"]["supported"])
    assert splits["dev"]["no_diacritics_gap"]["pairs"] == 1
    assert splits["dev"]["answer_by_kind"]["target_lookup"] == float(rows["vl"]["answer_contains"])
    assert "hit@5 mốc so sánh" in format_report(result)


def test_stripped_copies_are_asked_and_their_gap_reported(result):
    rows = {row["id"]: row for row in result["items"]}
    gap = result["metrics"]["stripped_gap"]
    # The questions typed with diacritics (the unaccented twin not); the gap over the answerable.
    measured = {"vl", "hue", "wrong"}
    assert {k for k, r in rows.items() if "stripped_answer" in r} == measured | {"na"}
    assert gap["n"] == 3 and set(gap["by_kind"]) == {"fact", "target_lookup"}
    assert gap["with"] == pytest.approx(sum(rows[k]["answer_contains"] for k in measured) / 3, abs=1e-4)
    assert gap["without"] == pytest.approx(sum(rows[k]["stripped_contains"] for k in measured) / 3, abs=1e-4)
    assert gap["gap_points"] == round(100 * (gap["with"] - gap["without"]), 1)
    assert gap["same_answer"] == pytest.approx(
        sum(rows[k]["stripped_answer"] == rows[k]["answer"] for k in measured) / 3, abs=1e-4
    )
    assert not rows["wrong"]["stripped_contains"] and list(gap["by_split"]) == ["dev", "test"]
    refused = gap["unanswerable"]
    assert refused["n"] == 1 and refused["refused_without"] == float(not rows["na"]["stripped_supported"])
    assert "Bỏ dấu câu hỏi" in format_report(result) and "cùng tín hiệu" in format_report(result)


def test_fusion_sweep_marks_the_default(result):
    sweep = result["metrics"]["fusion_sweep"]
    assert sum(row["default"] for row in sweep) == 1
    assert {row["fusion"].split()[0] for row in sweep} == {"rrf", "linear"}


def test_report_has_a_row_per_kind(result):
    report = format_report(result)
    for kind in ("fact", "target_lookup", "no_diacritics", "unanswerable", "TỔNG"):
        assert kind in report


def test_contains_keeps_diacritics_but_not_case_spacing_or_tone_placement():
    assert contains("giao SỞ Y TẾ chủ trì", "Sở Y tế")
    assert not contains("so y te chu tri", "Sở Y tế")
    assert contains("Nhà Văn hoá\n  Đa năng", "nhà văn hóa đa năng")
    assert contains("xuống 0,8/1.000 trẻ đẻ sống", "0.8") and contains("dưới 1.5%", "1,5%")
    assert not contains("đạt 9,5%", "95%") and not contains("mua sắm", "mùa")
    # One document number however its slash is written.
    assert contains("Kế hoạch 1014/KH-UBND", "1014//KH-UBND") and contains("số 12 / KH-UBND", "12/KH")
    assert not contains("Kế hoạch 1014/KH-UBND", "101/KH")


def test_load_qa_rejects_bad_lines(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text('{"id": "a", "kind": "fact", "question": "q"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(KehoachError, match="Dòng 2"):
        load_qa(path)
    with pytest.raises(KehoachError):
        load_qa(tmp_path / "missing.jsonl")


def test_baseline_chunks_are_fixed_and_dense_only(index):
    assert fixed_chunks("a" * 2500) == [(0, 1000), (1000, 2000), (2000, 2500)]
    texts = {
        "vac": "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt 95%.",
        "tien": "Tổng kinh phí 350.000.000 đồng.",
    }
    base = BaselineIndex.build(index.embedder, texts)
    assert base.search("tiêm chủng cho trẻ", k=1)[0][0] == "vac"
    assert base.search("kinh phí bao nhiêu tiền", k=1)[0][0] == "tien"


def _source_text(name: str, seeds_dir: Path) -> str:
    path = seeds_dir / name if (seeds_dir / name).exists() else EXAMPLES / name
    return path.read_text(encoding="utf-8")


def test_question_set_is_complete_and_its_evidence_is_verbatim(seeds_dir):
    items = load_qa(DEFAULT_QA)
    kinds = Counter(i.kind for i in items)
    assert len(items) >= 110 and len({i.id for i in items}) == len(items)
    assert kinds["unanswerable"] >= 12 and kinds["which_doc"] + kinds["target_lookup"] >= 25
    assert {"fact", "compare", "followup", "no_diacritics"} <= set(kinds)
    by_id = {i.id: i for i in items}
    for item in items:
        if item.kind == "unanswerable":
            assert not item.doc and not item.answer_must_contain
            continue
        evidence = item.evidence if isinstance(item.evidence, list) else [item.evidence] * len(item.doc)
        for name, sentence in zip(item.doc, evidence, strict=True):
            assert sentence in _source_text(name, seeds_dir), (item.id, name)
        if item.kind == "followup":
            assert item.history
        if item.kind == "no_diacritics":
            twin = by_id[item.same_as]
            assert twin.doc == item.doc and twin.question != item.question


def test_a_refusal_naming_the_expected_document_contains_no_answer(index, tmp_path):
    """A refusal names the closest documents; that is no answer to "which document ...?"."""
    question = "Văn bản nào của thành phố Huế đặt chỉ tiêu đào tạo phi công?"
    item = {"id": "pc", "kind": "which_doc", "doc": [HUE], "answer_must_contain": ["183/KH-UBND"]}
    item |= {"split": "dev", "question": question}
    path = tmp_path / "qa.jsonl"
    path.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
    row = evaluate(index, load_qa(path), baseline=False)["items"][0]
    assert not row["supported"] and "183/KH-UBND" in row["answer"]
    assert not row["answer_contains"]
