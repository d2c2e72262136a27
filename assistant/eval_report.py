"""The evaluation report as plain text (Vietnamese headers): per kind, overall, the baseline, the
refusal gate's fit, the dev/test splits and the fusion sweep."""

from __future__ import annotations

from kehoach.assistant.eval_strip import format_stripped

COLUMNS = (
    ("n", "n"),
    ("hit@1", "hit@1"),
    ("hit@5", "hit@5"),
    ("mrr", "MRR"),
    ("answer_contains", "đáp án"),
    ("citation_valid", "trích dẫn"),
    ("refusal_accuracy", "từ chối"),
    ("lookup_accuracy", "tra chỉ tiêu"),
    ("ask_p50_ms", "p50 ms"),
    ("ask_p95_ms", "p95 ms"),
)


def format_report(result: dict) -> str:
    """Plain-text tables (Vietnamese headers): per kind, overall, baseline, fusion sweep."""
    metrics = result["metrics"]

    def cell(value: object) -> str:
        if value is None:
            return "-"
        return f"{value:.3f}" if isinstance(value, float) and value <= 1 else str(value)

    header = f"{'loại':<16}" + "".join(f"{title:>13}" for _, title in COLUMNS)
    lines = [header, "-" * len(header)]
    for kind, row in [*metrics["by_kind"].items(), ("TỔNG", metrics["overall"])]:
        lines.append(f"{kind:<16}" + "".join(f"{cell(row.get(key)):>13}" for key, _ in COLUMNS))
    lines.append(f"Trích dẫn đúng nguyên văn: {metrics['overall']['quotes_exact']}")
    gate = metrics.get("refusal_gate")
    if gate:
        lines.append(format_gate(gate))
    gap = metrics.get("no_diacritics_gap")
    if gap:
        lines.append(
            f"Không dấu / có dấu ({gap['pairs']} cặp): đáp án {cell(gap['without'])} / {cell(gap['with'])}"
            f" (chênh {gap['gap_points']} điểm)"
        )
    if metrics.get("stripped_gap"):
        lines.append(format_stripped(metrics["stripped_gap"]))
    base = metrics.get("baseline")
    if base:
        lines.append(
            f"Mốc so sánh (chỉ dense, đoạn 1.000 ký tự, {base['chunks']} đoạn): hit@1 {cell(base['hit@1'])},"
            f" hit@5 {cell(base['hit@5'])}, MRR {cell(base['mrr'])}; hit@1 hơn {base['hit@1_gain_points']}"
            f" điểm (gấp {base['hit@1_ratio']} lần)"
        )
    if metrics.get("splits"):
        lines.append(format_splits(metrics["splits"]))
    if metrics.get("fusion_sweep"):
        lines.append(f"Cách kết hợp (mặc định: {metrics['fusion']}):")
        for row in metrics["fusion_sweep"]:
            mark = "*" if row["default"] else " "
            lines.append(
                f" {mark} {row['fusion']:<40} hit@1 {cell(row['hit@1'])}  hit@5 {cell(row['hit@5'])}"
                f"  MRR {cell(row['mrr'])}"
            )
    return "\n".join(lines)


SPLIT_ROWS = (
    ("n", "số câu"),
    ("answer_contains", "đáp án (câu có đáp án)"),
    ("hit@1", "hit@1 văn bản"),
    ("hit@5", "hit@5 văn bản"),
    ("baseline_hit@5", "hit@5 mốc so sánh"),
    ("refusal_unanswerable", "từ chối đúng (không có đáp án)"),
    ("false_refusal", "từ chối nhầm (có đáp án)"),
    ("quotes_exact", "trích dẫn đúng nguyên văn"),
)


def format_splits(splits: dict) -> str:
    """The splits side by side (dev is tuned on, test only reported)."""
    names = list(splits)
    rows = [f"{'theo tập':<34}" + "".join(f"{n:>10}" for n in names)]

    def row(title: str, values: list) -> str:
        return f"{title:<34}" + "".join(
            f"{'-' if v is None else (f'{v:.3f}' if isinstance(v, float) else v):>10}" for v in values
        )

    rows += [row(title, [splits[n].get(key) for n in names]) for key, title in SPLIT_ROWS]
    kinds = sorted({k for n in names for k in splits[n]["answer_by_kind"]})
    rows += [
        row(f"  đáp án: {kind}", [splits[n]["answer_by_kind"].get(kind) for n in names]) for kind in kinds
    ]
    gaps = [splits[n]["no_diacritics_gap"] or {} for n in names]
    rows.append(row("không dấu / có dấu: chênh (điểm)", [g.get("gap_points") for g in gaps]))
    return "\n".join(rows)


def format_gate(gate: dict) -> str:
    """The refusal gate fitted on dev: now, the best setting, and the trade-off per threshold."""
    now, best = gate["current"], gate["best"]
    lines = [
        f"Cổng từ chối (dev): hiện tại từ chối đúng {now['refusal_unanswerable']:.3f},"
        f" từ chối nhầm {now['false_refusal']:.3f}; tốt nhất {best['refusal_unanswerable']:.3f} /"
        f" {best['false_refusal']:.3f} với {best['gate']}",
        "  ngưỡng  từ chối đúng  từ chối nhầm",
    ]
    lines += [
        f"  {row['threshold']:<7}{row['refusal_unanswerable']:>13.3f}{row['false_refusal']:>14.3f}"
        for row in gate["curve"]
    ]
    return "\n".join(lines)
