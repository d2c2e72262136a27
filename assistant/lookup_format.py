"""Target tables and the coverage report as text (`kehoach targets`, `targets --report`)."""

from __future__ import annotations

from kehoach.assistant.lookup import Responsibility, TargetRow
from kehoach.assistant.sentences import sentence_spans
from kehoach.ingest.index import Index
from kehoach.ingest.instructions import is_instruction


def format_rows(rows: list[TargetRow]) -> str:
    """Rows grouped by indicator, one line per document and deadline."""
    if not rows:
        return "Không tìm thấy chỉ tiêu nào phù hợp."
    lines: list[str] = []
    current = None
    for row in rows:
        if row.indicator_key != current:
            current = row.indicator_key
            lines.append(f"\n■ {row.indicator}")
        deadline = f" (năm {row.deadline})" if row.deadline else ""
        label = f" · {row.label}" if row.label else ""
        agencies = f" · giao: {', '.join(row.agencies)}" if row.agencies else ""
        lines.append(f"  - {row.doc_label}{label}: {row.rendered}{deadline}{agencies}")
        lines.append(f"    «{' '.join(row.statement.split())}»")
    return "\n".join(lines).strip()


def format_responsibility(duty: Responsibility) -> str:
    if not duty.rows:
        return "Không tìm thấy chỉ tiêu nào được giao cho cơ quan phù hợp."
    if duty.agency:
        return f"{duty.agency} được giao:\n" + format_rows(duty.rows)
    return "Cơ quan chịu trách nhiệm: " + ", ".join(duty.agencies()) + "\n" + format_rows(duty.rows)


def flagged_sentences(text: str) -> list[str]:
    """Instruction-like sentences of a document: never target records, shown so a person checks them."""
    spans = (text[s:e] for s, e in sentence_spans(text))
    return [" ".join(sentence.split()) for sentence in spans if is_instruction(sentence)]


def coverage_report(index: Index) -> list[dict]:
    """Per document: targets found, the sentences that looked like targets but were not parsed, and
    the instruction-like sentences (flagged)."""
    report = []
    for doc in index.documents():
        document = index.document(doc.doc_id)
        report.append(
            {
                "doc_id": doc.doc_id,
                "label": doc.label,
                "source": doc.source,
                "targets": doc.targets,
                "unparsed": document.unparsed,
                "flagged": flagged_sentences(document.body.text),
            }
        )
    return report


def format_report(report: list[dict]) -> str:
    lines = []
    for entry in report:
        lines.append(
            f"- {entry['label']}: {entry['targets']} chỉ tiêu, {len(entry['unparsed'])} câu chưa đọc được"
        )
        lines.extend(f"    ? {' '.join(s.split())[:300]}" for s in entry["unparsed"])
        lines.extend(
            f"    ! câu giống mệnh lệnh, không dùng làm chỉ tiêu: {s[:300]}" for s in entry["flagged"]
        )
    total = sum(e["targets"] for e in report)
    missed = sum(len(e["unparsed"]) for e in report)
    flagged = sum(len(e["flagged"]) for e in report)
    lines.append(
        f"Tổng: {len(report)} văn bản, {total} chỉ tiêu, {missed} câu chưa đọc được, {flagged} câu bị gắn cờ."
    )
    return "\n".join(lines)
