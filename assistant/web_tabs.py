"""The four tabs of the web app (Hỏi đáp, Chỉ tiêu, Soạn kế hoạch, Văn bản), in Vietnamese.

Each handler calls web_service.Service and only turns its records into what a component shows:
chat messages, table rows, chart data, highlighted HTML. Document text is always escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from kehoach.assistant.draft import to_markdown
from kehoach.assistant.lookup import TargetRow
from kehoach.assistant.web_chat import NOT_FOUND, ask_tab, user_error
from kehoach.assistant.web_service import Service
from kehoach.errors import KehoachError
from kehoach.ingest.pipeline import FAILED, FileResult
from kehoach.ingest.records import CatalogEntry

STATUS = {"ingested": "đã nạp", "unchanged": "không đổi", "duplicate": "trùng", "failed": "lỗi"}
DOC_HEADERS = ["Mã", "Số", "Loại", "Địa bàn", "Cấp", "Năm", "Ban hành", "Đoạn", "Chỉ tiêu", "Tệp"]
TARGET_HEADERS = ["Chỉ tiêu", "Văn bản", "Nhãn", "Giá trị", "Năm", "Cơ quan được giao", "Câu gốc"]
_MARKS = re.compile(r"\[cần (bổ sung|xem lại):[^\]]*\]")
# "([Nguồn: 62/KH-UBND, ...](file.txt))": the file is not served, so the preview keeps the words only.
_SOURCE_LINK = re.compile(r"\[(Nguồn: [^\]]*)\]\([^)]*\)")

CSS = """
#kh-cites .wrap label { border-radius: 999px; padding: 2px 12px; }
.kh-passage mark, .kh-draft mark.kh-bo-sung { background: #fff3a3; padding: 0 2px; }
.kh-draft mark.kh-xem-lai { background: #ffd3c4; padding: 0 2px; }
.kh-passage .kh-meta { font-weight: 600; margin-bottom: 4px; }
.kh-passage .kh-section { color: #555; margin-bottom: 8px; }
.kh-passage .kh-text { white-space: pre-wrap; line-height: 1.5; }
.kh-table, .kh-table * { font-family: var(--font) !important; }
"""
# Gradio ships no Vietnamese: the built-in words this app shows, for Vietnamese and English browsers.
UI_WORDS = {
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "upload_text.drop_file": "Thả tệp vào đây",
    "common.or": "hoặc",
    "common.clear": "Xoá",
    "common.download": "Tải về",
    "common.error": "Lỗi",
    "common.loading": "Đang tải",
    "common.remove": "Bỏ",
    "file.uploading": "Đang tải lên...",
}


# ---- Chỉ tiêu ------------------------------------------------------------------------------------


def target_table(rows: Sequence[TargetRow]) -> list[list[Any]]:
    """One row per target, grouped by indicator: the indicator is written on its group's first row."""
    ordered = sorted(rows, key=lambda r: (r.indicator_key, r.deadline or 0, r.doc_label))
    table, last = [], None
    for r in ordered:
        head = r.indicator if r.indicator_key != last else ""
        last = r.indicator_key
        agencies = ", ".join(r.agencies)
        table.append([head, r.doc_label, r.label or "", r.rendered, r.deadline or "", agencies, r.statement])
    return table


def chart_data(rows: Sequence[TargetRow], indicator_key: str | None) -> pd.DataFrame:
    """One bar per document and year for the chosen indicator (values without a number are left out)."""
    picked = [r for r in rows if r.indicator_key == indicator_key and r.value is not None]
    return pd.DataFrame(
        {
            "Văn bản": [f"{r.number or r.doc_label} ({r.deadline or r.year or '?'})" for r in picked],
            "Giá trị": [r.value for r in picked],
            "Năm": [str(r.deadline or r.year or "?") for r in picked],
        }
    )


def _indicators(rows: Sequence[TargetRow]) -> list[tuple[str, str]]:
    """Indicators with a numeric value in two or more rows first: those are worth comparing."""
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for r in rows:
        if r.value is not None:
            counts[r.indicator_key] = counts.get(r.indicator_key, 0) + 1
            names.setdefault(r.indicator_key, r.indicator)
    keys = sorted(counts, key=lambda k: -counts[k])
    return [(f"{names[k]} ({counts[k]})", k) for k in keys]


def _targets_tab(service: Service) -> None:
    found = gr.State([])
    with gr.Row():
        query = gr.Textbox(
            placeholder="Ví dụ: tiêm chủng đầy đủ; trẻ em suy dinh dưỡng thể thấp còi; năm 2030",
            show_label=False,
            scale=5,
            elem_id="kh-targets-query",
        )
        search = gr.Button("Tìm chỉ tiêu", variant="primary", scale=1, elem_id="kh-targets-search")
    table = gr.Dataframe(
        headers=TARGET_HEADERS,
        interactive=False,
        wrap=True,
        elem_id="kh-targets-table",
        column_widths=["24%", "20%", "9%", "9%", "6%", "10%", "22%"],
        elem_classes=["kh-table"],
    )
    indicator = gr.Dropdown([], label="So sánh chỉ tiêu giữa các văn bản và các năm", elem_id="kh-indicator")
    plot = gr.BarPlot(
        x="Văn bản", y="Giá trị", color="Năm", label="Biểu đồ so sánh", elem_id="kh-plot", height=320
    )
    with gr.Row():
        csv_button = gr.Button("Xuất CSV", elem_id="kh-export-csv")
        xlsx_button = gr.Button("Xuất Excel (XLSX)", elem_id="kh-export-xlsx")
    export = gr.File(label="Tệp xuất (bảng so sánh)", elem_id="kh-export-file")

    def run(text: str) -> tuple:
        try:
            rows = service.targets(text)
        except KehoachError as err:
            raise user_error(err) from err
        if not rows:
            gr.Info(f"{NOT_FOUND} Không có chỉ tiêu nào khớp «{text}».")
        choices = _indicators(rows)
        first = choices[0][1] if choices else None
        return target_table(rows), gr.update(choices=choices, value=first), chart_data(rows, first), rows

    def export_as(fmt: str):
        def write(text: str) -> str:
            try:
                return str(service.export(text, fmt))
            except KehoachError as err:
                raise user_error(err) from err

        return write

    for event in (search.click, query.submit):
        event(run, query, [table, indicator, plot, found])
    indicator.change(chart_data, [found, indicator], plot)
    csv_button.click(export_as("csv"), query, export)
    xlsx_button.click(export_as("xlsx"), query, export)


# ---- Soạn kế hoạch -------------------------------------------------------------------------------


def highlight_draft(markdown: str) -> str:
    """Placeholders "[cần bổ sung: ...]" and flags "[cần xem lại: ...]" marked for the eye; source
    notes kept as text."""

    def mark(m: re.Match) -> str:
        kind = "kh-bo-sung" if m.group(1) == "bổ sung" else "kh-xem-lai"
        return f'<mark class="{kind}">{html.escape(m.group(0))}</mark>'

    return _MARKS.sub(mark, _SOURCE_LINK.sub(r"\1", markdown))


def doc_choices(docs: Sequence[CatalogEntry]) -> list[tuple[str, str]]:
    return [(d.label, d.doc_id) for d in docs]


def _draft_tab(service: Service) -> tuple[gr.Dropdown, gr.Dropdown]:
    with gr.Row():
        model = gr.Dropdown([], label="Kế hoạch mẫu (thường là kế hoạch năm trước)", elem_id="kh-draft-model")
        upper = gr.Dropdown([], multiselect=True, label="Kế hoạch cấp trên (lấy giá trị chỉ tiêu)")
    with gr.Row():
        year = gr.Number(label="Năm của kế hoạch mới", precision=0, minimum=1, elem_id="kh-draft-year")
        locality = gr.Textbox(label="Địa bàn ban hành (không bắt buộc)", placeholder="ví dụ: xã Hướng Hiệp")
        make = gr.Button("Soạn thảo", variant="primary", elem_id="kh-draft-make")
    summary = gr.Markdown(elem_id="kh-draft-summary")
    files = gr.File(label="Tải về (DOCX, Markdown)", file_count="multiple", elem_id="kh-draft-files")
    preview = gr.Markdown(elem_id="kh-draft-preview", elem_classes=["kh-draft"], height=600)

    def next_year(doc_id: str | None) -> Any:
        chosen = [d for d in service.documents() if d.doc_id == doc_id]
        year_to = chosen[0].year_to or chosen[0].year_from if chosen else None
        return year_to + 1 if year_to else gr.update()

    def run(doc_id: str | None, uppers: list[str] | None, new_year: float | None, place: str) -> tuple:
        if not doc_id or not new_year:
            raise gr.Error("Hãy chọn kế hoạch mẫu và năm của kế hoạch mới.", print_exception=False)
        try:
            draft = service.draft([doc_id, *(u for u in uppers or [] if u != doc_id)], int(new_year), place)
            docx, md = service.draft_files(draft)
        except KehoachError as err:
            raise user_error(err) from err
        text = (
            f"Đã soạn: {len(draft.sections)} mục, {len(draft.targets)} chỉ tiêu; "
            f"{len(draft.placeholders)} chỗ **cần bổ sung**, {len(draft.flags)} chỗ **cần xem lại** "
            "(được tô màu trong bản xem trước)."
        )
        return text, [str(docx), str(md)], highlight_draft(to_markdown(draft))

    model.change(next_year, model, year)
    make.click(run, [model, upper, year, locality], [summary, files, preview])
    return model, upper


# ---- Văn bản -------------------------------------------------------------------------------------


def doc_rows(docs: Sequence[CatalogEntry]) -> list[list[Any]]:
    return [
        [
            d.doc_id[:12],
            d.number or "",
            d.kind or "",
            d.locality or "",
            d.level or "",
            d.years or "",
            d.issued or "",
            d.chunks,
            d.targets,
            Path(d.source).name,
        ]
        for d in docs
    ]


def result_rows(names: Sequence[str], results: Sequence[FileResult]) -> list[list[str]]:
    return [[name, STATUS[r.status], r.message] for name, r in zip(names, results, strict=True)]


def _docs_tab(service: Service) -> tuple[gr.Dataframe, gr.Dropdown, Any, Any]:
    limit = f"{service.settings.max_file_mb:g} MB"
    upload = gr.File(
        label=f"Chọn tệp để nạp (PDF, DOCX, TXT, MD, HTML; tối đa {limit} mỗi tệp)",
        file_count="multiple",
        elem_id="kh-upload",
    )
    ingest = gr.Button("Nạp vào chỉ mục", variant="primary", elem_id="kh-ingest")
    results = gr.Dataframe(
        headers=["Tệp", "Kết quả", "Chi tiết"],
        interactive=False,
        wrap=True,
        label="Kết quả từng tệp",
        elem_id="kh-ingest-results",
        elem_classes=["kh-table"],
    )
    docs = gr.Dataframe(
        headers=DOC_HEADERS,
        interactive=False,
        wrap=True,
        label="Văn bản đã nạp",
        elem_id="kh-docs",
        elem_classes=["kh-table"],
    )
    with gr.Row():
        target = gr.Dropdown([], label="Văn bản cần xoá", scale=4, elem_id="kh-remove-doc")
        remove = gr.Button("Xoá khỏi chỉ mục", variant="stop", scale=1, elem_id="kh-remove")
    status = gr.Markdown(elem_id="kh-docs-status")

    def run(paths: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple:  # noqa: B008
        if not paths:
            raise gr.Error("Hãy chọn ít nhất một tệp.", print_exception=False)
        uploads = [(Path(p).name, Path(p)) for p in paths]
        progress((0, len(uploads)), desc="Đang nạp", unit="tệp")

        def done(i: int, n: int, result: FileResult) -> None:
            progress((i, n), desc=f"Đã xử lý {Path(result.path).name}", unit="tệp")

        def chunks(i: int, n: int) -> None:
            progress((i, n), desc="Đang nhúng các đoạn", unit="đoạn")

        try:
            found = service.ingest_uploads(uploads, done, chunks, lambda busy: progress(0, desc=busy))
        except KehoachError as err:
            raise user_error(err) from err
        failed = sum(r.status == FAILED for r in found)
        text = f"Xong: {len(found) - failed}/{len(found)} tệp thành công, {failed} lỗi."
        return result_rows([u[0] for u in uploads], found), text, None

    def drop(doc_id: str | None) -> str:
        if not doc_id:
            raise gr.Error("Hãy chọn văn bản cần xoá.", print_exception=False)
        try:
            entry = service.remove(doc_id)
        except KehoachError as err:
            raise user_error(err) from err
        return f"Đã xoá {entry.label} (cùng các đoạn, chỉ tiêu và vectơ của nó)."

    ingested = ingest.click(run, upload, [results, status, upload])
    removed = remove.click(drop, target, status)
    return docs, target, ingested, removed


def build_blocks(service: Service) -> gr.Blocks:
    """The app's UI; every list of documents is refreshed on load, after an ingest and a removal."""
    with gr.Blocks(title="kehoach: trợ lý kế hoạch công tác trẻ em", analytics_enabled=False) as blocks:
        gr.Markdown("## kehoach · Trợ lý kế hoạch công tác trẻ em")
        with gr.Tab("Hỏi đáp", elem_id="kh-tab-ask"):
            ask_tab(service)
        with gr.Tab("Chỉ tiêu", elem_id="kh-tab-targets"):
            _targets_tab(service)
        with gr.Tab("Soạn kế hoạch", elem_id="kh-tab-draft"):
            model, upper = _draft_tab(service)
        with gr.Tab("Văn bản", elem_id="kh-tab-docs"):
            docs, target, ingested, removed = _docs_tab(service)

        def refresh(chosen: str | None) -> tuple:
            catalog = service.documents()
            choices = doc_choices(catalog)
            ids = [c[1] for c in choices]
            keep = chosen if chosen in ids else (ids[0] if ids else None)
            return (
                doc_rows(catalog),
                gr.update(choices=choices, value=None),
                gr.update(choices=choices, value=keep),
                gr.update(choices=choices),
            )

        lists = [docs, target, model, upper]
        blocks.load(refresh, model, lists)
        ingested.then(refresh, model, lists)
        removed.then(refresh, model, lists)
    return blocks
