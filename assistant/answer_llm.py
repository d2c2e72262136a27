"""The LLM composer and the checks its answer must pass before it is shown: every [n] is a
source, every number comes from the cited sources (or the question)."""

from __future__ import annotations

import re

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from kehoach.assistant.answer import LLM, Answer, Citation
from kehoach.assistant.sentences import display, without_instructions
from kehoach.ingest.records import document_label
from kehoach.ingest.targets import read_number
from kehoach.prompts import load

_CITE = re.compile(r"\[(\d+)\]")
_PERCENT_OR_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")


def _readings(token: str) -> list[set[float]]:
    """The possible values of a written number: "1.000" -> [{1000, 1.0}] (Vietnamese thousands,
    English decimals), "1,5" -> [{1.5}], "0.8" -> [{0.8}]; a list "1,2,3" (no single number) is
    one entry per item, [{1}, {2}, {3}], each of which must be sourced."""
    first = read_number(token)
    readings: set[float] = set() if first is None else {first}
    if re.fullmatch(r"\d+\.\d+", token):
        readings.add(float(token))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", token):
        readings.add(float(token.replace(",", "")))
    return [readings] if readings else [{float(part)} for part in re.split(r"[.,]", token)]


def _number_tokens(text: str) -> list[str]:
    return [m.group(0).rstrip(".,") for m in _PERCENT_OR_NUMBER.finditer(_CITE.sub(" ", text))]


def number_values(text: str) -> set[float]:
    """Every reading of every number in `text` (citation marks "[3]" are no numbers)."""
    return {value for token in _number_tokens(text) for reading in _readings(token) for value in reading}


def cited_numbers(text: str) -> list[int]:
    return [int(n) for n in _CITE.findall(text)]


def check_answer(text: str, citations: list[Citation], question: str = "") -> list[str]:
    """Problems (Vietnamese) that keep an LLM answer from being shown; empty when it passes."""
    numbers = {c.n: c for c in citations}
    used = cited_numbers(text)
    if not used:
        return ["Câu trả lời không trích dẫn nguồn nào."]
    problems = [f"Trích dẫn [{n}] không tồn tại." for n in sorted(set(used)) if n not in numbers]
    allowed = number_values(question)
    for n in set(used) & numbers.keys():
        allowed |= number_values(without_instructions(numbers[n].quote))
    for token in _number_tokens(text):
        if any(not reading & allowed for reading in _readings(token)):
            problems.append(f"Con số {token} không có trong các nguồn được trích dẫn.")
    return problems


# ---------------------------------------------------------------- LLM composer

_FENCE = re.compile(r"</?\s*nguon[^>]*>", re.IGNORECASE)


def source_block(c: Citation) -> str:
    """One numbered source, fenced so the model can tell document text from instructions."""
    text = _FENCE.sub(" ", display(without_instructions(c.quote)))
    label = document_label(c.number or c.title or c.source, c.locality, c.year)
    return f'<nguon so="{c.n}" van_ban="{label}">\n{text}\n</nguon>'


def build_prompt(question: str, sources: list[Citation]) -> str:
    blocks = "\n\n".join(source_block(c) for c in sources)
    return load("answer").replace("{sources}", blocks).replace("{question}", " ".join(question.split()))


def compose_llm(question: str, sources: list[Citation], model: BaseChatModel) -> Answer:
    """The model's answer over `sources`, checked; connection errors propagate to the caller."""
    reply = model.invoke([HumanMessage(content=build_prompt(question, sources))])
    text = reply.content if isinstance(reply.content, str) else str(reply.content)
    text = text.strip()
    problems = check_answer(text, sources, question)
    used = set(cited_numbers(text))
    return Answer(
        answer=text,
        supported=not problems,
        mode=LLM,
        citations=[c for c in sources if c.n in used],
        check={"passed": not problems, "problems": problems},
    )
