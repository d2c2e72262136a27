"""Sentences that address a reader or a model instead of stating a plan: documents are untrusted.

Ingest uses it so such a sentence never becomes a target record; the read side, so it is never
quoted as evidence or obeyed.
"""

from __future__ import annotations

import re

from kehoach.ingest.vietnamese import fold

_INSTRUCTION = re.compile(
    r"\b(?:bo qua|phot lo|khong tuan theo|ignore|disregard)\b.{0,40}\b(?:huong dan|chi dan|chi thi|yeu cau"
    r"|lenh|quy tac|instruction|prompt)|\b(?:hay|phai) tra loi\b|\btra loi rang\b|\bsystem prompt\b"
    r"|\b(?:you are|ban la) (?:mot )?(?:tro ly|mo hinh|chatgpt|ai\b|assistant)"
)


def is_instruction(text: str) -> bool:
    return bool(_INSTRUCTION.search(fold(text)))
