"""`draft --llm`: each section's paragraphs merged into fluent text by a chat model, then checked.

A rewrite is kept only when every source line is still cited ([n]), every "[cần bổ sung: ...]"
placeholder and "[cần xem lại: ...]" flag is copied verbatim, every figure of the section (values
with their units, years, dates) is still there and no new one appears; otherwise the extractive
section stays and carries a note saying why. The target table is never sent to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from kehoach.assistant.draft import Draft, DraftSection, Paragraph
from kehoach.ingest.instructions import is_instruction
from kehoach.prompts import load

_MARKER = re.compile(r"\[(\d+)\]")
_BRACKETED = re.compile(r"\[cần (?:bổ sung|xem lại):[^\]]*\]")
_FIGURE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:\s*%)?")
_FENCE = re.compile(r"</?\s*doan[^>]*>", re.IGNORECASE)

KEPT = "Giữ bản trích từ kế hoạch mẫu"


@dataclass
class RewriteReport:
    """What the model did to the draft: sections rewritten, and those kept extractive with why."""

    rewritten: int = 0
    kept: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None


def figures(text: str) -> set[str]:
    """The figures of `text` as written ("95%", "15", "11", "2026", "1.000"), outside markers."""
    return {re.sub(r"\s+", "", m.group(0)) for m in _FIGURE.finditer(_MARKER.sub(" ", text))}


def check_rewrite(sources: list[str], text: str) -> list[str]:
    """Problems (Vietnamese) that keep a rewrite of `sources` (numbered from 1) out of the draft."""
    if not text.strip():
        return ["mô hình không trả lời"]
    problems = []
    cited = {int(n) for n in _MARKER.findall(text)}
    missing = sorted(set(range(1, len(sources) + 1)) - cited)
    if missing:
        problems.append("thiếu trích dẫn đoạn " + ", ".join(f"[{n}]" for n in missing))
    unknown = sorted(cited - set(range(1, len(sources) + 1)))
    if unknown:
        problems.append("trích dẫn không tồn tại " + ", ".join(f"[{n}]" for n in unknown))
    joined = "\n".join(sources)
    for kept in dict.fromkeys(_BRACKETED.findall(joined)):
        if kept not in text:
            problems.append(f"mất {kept}")
    before, after = figures(_BRACKETED.sub(" ", joined)), figures(_BRACKETED.sub(" ", text))
    if before - after:
        problems.append("mất con số " + ", ".join(sorted(before - after)))
    if after - before:
        problems.append("thêm con số không có trong nguồn " + ", ".join(sorted(after - before)))
    return problems


def build_prompt(section: DraftSection) -> str:
    """The section's paragraphs numbered and fenced, so the model can tell data from instructions."""
    blocks = "\n".join(
        f'<doan so="{n}">{_FENCE.sub(" ", p.text)}</doan>' for n, p in enumerate(section.paragraphs, 1)
    )
    heading = _FENCE.sub(" ", section.heading)
    return load("draft_section").replace("{heading}", heading).replace("{paragraphs}", blocks)


def _merged(section: DraftSection, text: str) -> list[Paragraph]:
    """The rewrite as paragraphs with the section's source; the [n] marks were for the check (all
    lines of one section share one document and section, which the source note names)."""
    first = section.paragraphs[0]
    parts = [" ".join(_MARKER.sub("", part).split()) for part in re.split(r"\n\s*\n|\n", text)]
    return [
        Paragraph(part, first.doc_id, first.number, first.section, first.source, rewritten=True)
        for part in parts
        if part
    ]


def rewritable(section: DraftSection) -> bool:
    """Two or more paragraphs from one source, none of them reading like an instruction."""
    paras = section.paragraphs
    return (
        len(paras) >= 2
        and len({(p.doc_id, p.section) for p in paras}) == 1
        and not any(is_instruction(p.text) for p in paras)
    )


def rewrite_section(section: DraftSection, model: BaseChatModel) -> list[str]:
    """Rewrite one section in place when the rewrite passes; returns the problems otherwise
    (and notes them on the section). Backend errors propagate to the caller."""
    reply = model.invoke([HumanMessage(content=build_prompt(section))])
    text = (reply.content if isinstance(reply.content, str) else str(reply.content)).strip()
    problems = check_rewrite([p.text for p in section.paragraphs], text)
    if problems:
        why = "; ".join(problems)
        section.note = f"{KEPT}: bản viết lại của mô hình ngôn ngữ không qua kiểm tra ({why})."
        return problems
    section.paragraphs = _merged(section, text)
    return []


def rewrite_draft(draft: Draft, model: BaseChatModel) -> RewriteReport:
    """Offer each section with paragraphs to merge to the model; stop asking at the first backend
    failure (a server that is down would fail every section the same way)."""
    report = RewriteReport()
    for section in (s for s in draft.sections if rewritable(s)):
        if report.error:
            section.note = f"{KEPT}: không gọi được mô hình ngôn ngữ."
            continue
        try:
            problems = rewrite_section(section, model)
        except Exception as err:  # refused, timeout, HTTP error: the same remedy, the extractive text
            report.error = type(err).__name__
            section.note = f"{KEPT}: không gọi được mô hình ngôn ngữ ({report.error})."
            continue
        if problems:
            report.kept[section.heading] = problems
        else:
            report.rewritten += 1
    return report
