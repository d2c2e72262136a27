"""The Hỏi đáp tab: a chat that streams each checked answer, citations as numbered chips, and the
cited passage shown highlighted within its section."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from kehoach.assistant.answer import Answer
from kehoach.assistant.web_service import Service
from kehoach.errors import KehoachError

NO_LLM = "Không dùng LLM (trích nguyên văn)"
NOT_FOUND = "Không tìm thấy."
# Words per step when the answer is streamed into the chat.
STREAM_WORDS = 4


def user_error(err: KehoachError) -> gr.Error:
    """A KehoachError shown as Gradio's error toast, without a traceback in the log."""
    return gr.Error(str(err), print_exception=False)


def answer_text(answer: Answer) -> str:
    """What the chat shows: the answer (led by "Không tìm thấy." when unsupported) and its notices."""
    text = answer.answer if answer.supported else f"{NOT_FOUND} {answer.answer}"
    return "\n\n".join([text, *[f"_({n})_" for n in answer.notices]])


def _pieces(text: str) -> Iterator[str]:
    """The answer in growing prefixes, a few words at a time (the answer is checked before it is
    shown, so streaming reveals a finished answer rather than an unchecked one)."""
    words = re.split(r"(\s+)", text)
    for end in range(STREAM_WORDS * 2, len(words), STREAM_WORDS * 2):
        yield "".join(words[:end])
    yield text


def citation_choices(answer: Answer) -> list[tuple[str, str]]:
    return [
        (f"[{c.n}] {c.number or Path(c.source).name} · {c.locality or '?'} · {c.year or '?'}", str(c.n))
        for c in answer.citations
    ]


def passage_html(service: Service, citation: dict) -> str:
    """The cited passage highlighted within its section, with the document's number, place, year, page."""
    shown = service.passage(citation["doc_id"], citation["start"], citation["end"])
    esc = html.escape
    return (
        '<div class="kh-passage">'
        f'<div class="kh-meta">[{citation["n"]}] {esc(shown.heading)} · trang {shown.page}</div>'
        f'<div class="kh-section">Mục: {esc(shown.section or "(đầu văn bản)")}</div>'
        f'<div class="kh-text">{esc(shown.before)}<mark>{esc(shown.quote)}</mark>'
        f"{esc(shown.after)}</div></div>"
    )


def ask_tab(service: Service) -> None:
    modes = [NO_LLM] + ([f"LLM đã cấu hình ({service.llm_spec})"] if service.llm_spec else [])
    history = gr.State([])
    citations = gr.State([])
    chat = gr.Chatbot(label="Hỏi đáp", elem_id="kh-chat", height=420, buttons=["copy", "copy_all"])
    with gr.Row():
        question = gr.Textbox(
            placeholder="Ví dụ: Năm 2024 huyện Đakrông đặt chỉ tiêu tiêm chủng trẻ dưới 1 tuổi là bao nhiêu?",
            show_label=False,
            scale=5,
            elem_id="kh-question",
        )
        send = gr.Button("Hỏi", variant="primary", scale=1, elem_id="kh-ask")
    with gr.Row():
        mode = gr.Radio(modes, value=NO_LLM, label="Cách trả lời", interactive=len(modes) > 1, scale=3)
        clear = gr.Button("Cuộc hỏi mới", scale=1)
    cites = gr.Radio([], label="Nguồn trích dẫn (chọn để xem đoạn gốc)", elem_id="kh-cites", visible=False)
    passage = gr.HTML(elem_id="kh-passage")

    def respond(text: str, messages: list, asked: list[str], how: str) -> Iterator[tuple]:
        try:
            answer = service.ask(text, asked, use_llm=how != NO_LLM)
        except KehoachError as err:
            raise user_error(err) from err
        messages = [*messages, {"role": "user", "content": text}, {"role": "assistant", "content": ""}]
        keep = gr.update()
        for part in _pieces(answer_text(answer)):
            messages[-1] = {"role": "assistant", "content": part}
            yield messages, keep, keep, keep, keep, keep
        found = [{"n": c.n, "doc_id": c.doc_id, "start": c.start, "end": c.end} for c in answer.citations]
        chips = gr.update(choices=citation_choices(answer), value=None, visible=bool(found))
        yield messages, "", [*asked, text], found, chips, ""

    def show(choice: str | None, found: list[dict]) -> str:
        chosen = [c for c in found if str(c["n"]) == choice]
        return passage_html(service, chosen[0]) if chosen else ""

    outputs = [chat, question, history, citations, cites, passage]
    for event in (send.click, question.submit):
        event(respond, [question, chat, history, mode], outputs)
    cites.change(show, [cites, citations], passage)
    clear.click(lambda: ([], "", [], [], gr.update(choices=[], visible=False), ""), None, outputs)
