"""The `kehoach` command: the only place (with web.py) that knows about terminals.

Each sub-command is a `cmd_*` function taking the parsed arguments and the settings; it prints
Vietnamese text (or JSON with --json) and returns the exit status.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from kehoach.assistant.cli_parser import build_parser
from kehoach.errors import KehoachError
from kehoach.ingest.settings import Settings, load_settings


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _open_index(settings: Settings):
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index

    return Index.open(settings, get_embedder(settings.embedder))


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.ingest.index import PROGRESS_STEP, ingest_lock
    from kehoach.ingest.pipeline import FAILED, FileResult, ingest, printable

    labels = {"ingested": "đã nạp", "unchanged": "không đổi", "duplicate": "trùng", "failed": "lỗi"}

    def report(i: int, n: int, result: FileResult) -> None:
        label = labels[result.status]
        print(f"[{i}/{n}] {result.status}: {printable(result.path)} ({label}: {result.message})", flush=True)

    shown = [0]  # the last tenth reported as a line (a log or a pipe cannot take "\r")

    def embedding(done: int, total: int) -> None:
        if sys.stderr.isatty():
            end = "\n" if done == total else ""
            print(f"\r    đang nhúng {done}/{total} đoạn", end=end, file=sys.stderr, flush=True)
            return
        tenth = done * 10 // total
        if done <= PROGRESS_STEP or tenth > shown[0]:  # a file's first batch, then each tenth
            print(f"    đang nhúng {done}/{total} đoạn", file=sys.stderr, flush=True)
        shown[0] = tenth

    def waiting(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    paths = [Path(p) for p in args.paths]
    with ingest_lock(settings, wait=not args.no_wait, on_wait=waiting), _open_index(settings) as index:
        results = ingest(paths, index, settings, on_result=report, on_chunks=embedding)
    if not results:
        raise KehoachError("Không tìm thấy tệp nào để nạp (hỗ trợ: .pdf, .docx, .txt, .md, .html).")
    failed = sum(r.status == FAILED for r in results)
    chunks = sum(r.chunks for r in results)
    print(f"Xong: {len(results) - failed}/{len(results)} tệp thành công, {chunks} đoạn mới, {failed} lỗi.")
    return 1 if failed else 0


def cmd_vacuum(args: argparse.Namespace, settings: Settings) -> int:
    """Delete vectors no committed document holds: those an interrupted ingest journalled (what
    every ingest does first), or with --full every stored vector compared with the store."""
    from kehoach.ingest.index import Index, ingest_lock

    def waiting(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with ingest_lock(settings, wait=not args.no_wait, on_wait=waiting), Index.open(settings) as index:
        removed = index.vacuum() if args.full else index.recover()
    scope = "quét toàn bộ kho vectơ" if args.full else "theo nhật ký các lần nạp dở dang"
    print(f"Đã xoá {removed} vectơ không thuộc văn bản nào đã lưu ({scope}).")
    return 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.ingest.index import Index

    docs = Index.open(settings).documents()
    if args.json:
        _print_json([d.as_json() for d in docs])
        return 0
    if not docs:
        print("Chưa có văn bản nào. Hãy chạy: kehoach ingest THƯ_MỤC")
        return 0
    for d in docs:
        print(
            f"- {d.number or '(không số)'} | {d.kind or '?'} | {d.locality or '?'} | "
            f"năm {d.years or '?'} | ban hành {d.issued or '?'} | "
            f"{d.chunks} đoạn, {d.targets} chỉ tiêu | {Path(d.source).name}"
        )
    print(f"Tổng: {len(docs)} văn bản.")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.assistant.retrieve import checked_question, parse_where, search

    query, cut = checked_question(args.query, settings.max_question_chars)
    where = parse_where(args.where) if args.where else None
    hits = search(_open_index(settings), query, k=args.k, where=where)
    if cut:
        print(f"({cut})", file=sys.stderr)
    if args.json:
        _print_json([h.as_json() for h in hits])
        return 0
    if not hits:
        print("Không tìm thấy đoạn nào phù hợp.")
    for n, hit in enumerate(hits, 1):
        item = hit.as_json()
        name = item["number"] or Path(item["source"]).name
        print(f"[{n}] {name} · {item['locality'] or '?'} · {item['year'] or '?'}")
        section = item["section"] or "(đầu văn bản)"
        print(f"    Mục: {section} · trang {item['page']} · điểm {item['score']:.4f}")
        print("    " + " ".join(item["text"].split())[:400])
    return 0


def cmd_targets(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.assistant import compare, lookup, lookup_format, target_check
    from kehoach.assistant.retrieve import checked_question

    index = _open_index(settings)
    if args.report:
        report = lookup_format.coverage_report(index)
        _print_json(report) if args.json else print(lookup_format.format_report(report))
        marked = Path(args.marked) if args.marked else target_check.WILD_TARGETS
        recall = target_check.index_recall(index, marked) if args.marked or marked.is_file() else {}
        if recall and not args.json:
            print(target_check.format_recall(recall))
        return 0
    if args.query is None:
        raise KehoachError('Hãy nhập câu tìm chỉ tiêu, ví dụ: kehoach targets "tiêm chủng" (hoặc --report).')
    args.query, cut = checked_question(args.query, settings.max_question_chars)
    if cut:
        print(f"({cut})", file=sys.stderr)
    duty = None if args.compare else lookup.responsible(index, args.query, k=args.k)
    if duty is not None:
        rows = [r.as_json() for r in duty.rows]
        data = {"agency": duty.agency, "agencies": duty.agencies(), "targets": rows}
        _print_json(data) if args.json else print(lookup_format.format_responsibility(duty))
        return 0
    if args.compare or args.csv or args.xlsx:
        table = compare.compare_targets(index, args.query, k=max(args.k, 100))
        if args.csv:
            compare.write_csv(table, Path(args.csv))
        if args.xlsx:
            compare.write_xlsx(table, Path(args.xlsx))
        _print_json(table.as_json()) if args.json else print(compare.format_comparison(table))
        return 0
    found = lookup.search_targets(index, args.query, k=args.k)
    _print_json([r.as_json() for r in found]) if args.json else print(lookup_format.format_rows(found))
    return 0


def _print_answer(answer) -> None:
    from kehoach.assistant.sentences import display

    print(answer.answer)
    for notice in answer.notices:
        print(f"({notice})")
    if answer.citations:
        print("\nNguồn:")
    for c in answer.citations:
        name = c.number or Path(c.source).name
        section = c.section or "(đầu văn bản)"
        print(f"[{c.n}] {name} · {c.locality or '?'} · {c.year or '?'} · {section} · trang {c.page}")
        print(f'    "{display(c.quote)}"')


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.assistant.ask import ask
    from kehoach.assistant.llm import chat_model
    from kehoach.assistant.retrieve import parse_where

    where = parse_where(args.where) if args.where else None
    model = chat_model(args.ask_llm or settings.llm)
    answer = ask(_open_index(settings), args.question, llm=model, where=where)
    _print_json(answer.as_json()) if args.json else _print_answer(answer)
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.assistant.ask import ask
    from kehoach.assistant.llm import chat_model
    from kehoach.ingest.vietnamese import fold

    index, model = _open_index(settings), chat_model(args.ask_llm or settings.llm)
    history: list[str] = []
    prompt = "Hỏi: " if sys.stdin.isatty() else ""
    print('Hỏi về các văn bản đã nạp; gõ "thoát" để kết thúc.')
    while True:
        try:
            line = input(prompt).strip()
        except EOFError:
            break
        if fold(line) in ("thoat", "exit", "quit"):
            break
        try:
            _print_answer(ask(index, line, llm=model, history=history))
        except KehoachError as err:
            print(f"Lỗi: {err}", file=sys.stderr)
            continue
        history.append(line)
        print()
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    import tempfile

    from kehoach.assistant import draft_eval, eval_report, evaluate, header_check, target_check

    if args.wild:
        args.qa, args.corpus = args.qa or evaluate.WILD_QA, args.corpus or evaluate.WILD_CORPUS
        args.headers = args.headers or evaluate.WILD_HEADERS
    skip_qa = args.headers_only or args.draft
    items = [] if skip_qa else evaluate.load_qa(Path(args.qa) if args.qa else evaluate.DEFAULT_QA)
    headers = header_check.load_headers(Path(args.headers)) if args.headers else []

    def progress(i: int, n: int) -> None:
        print(f"\r[{i}/{n}] câu hỏi", end="", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="kehoach-eval-") as tmp:
        index = (
            evaluate.open_corpus_index(Path(args.corpus), Path(tmp), settings.embedder)
            if args.corpus
            else _open_index(settings)
        )
        with index:
            result = (
                evaluate.evaluate(index, items, progress=progress, strip=args.strip_diacritics)
                if items
                else {"metrics": {}, "items": []}
            )
            if headers:
                result["metrics"]["headers"] = header_check.header_accuracy(index.documents(), headers)
            if args.wild:
                result["metrics"]["targets"] = target_check.index_recall(index, target_check.WILD_TARGETS)
            if not args.headers_only:  # cheap: a draft takes well under a second
                result["metrics"]["draft"] = draft_eval.draft_checks(index)
    print(file=sys.stderr)
    if args.json:
        _print_json(result)
        return 0
    if items:
        print(eval_report.format_report(result))
    if headers:
        print(header_check.format_headers(result["metrics"]["headers"]))
    if result["metrics"].get("targets"):
        print(target_check.format_recall(result["metrics"]["targets"]))
    if "draft" in result["metrics"]:
        print(draft_eval.format_draft_checks(result["metrics"]["draft"]))
    return 0


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.assistant.draft import make_draft, section_markdown, source_link, to_markdown
    from kehoach.assistant.draft_llm import rewrite_draft
    from kehoach.assistant.llm import chat_model

    out = Path(args.out) if args.out else None
    if out is None and not args.section:
        raise KehoachError(
            "Cần --out TỆP.docx hoặc TỆP.md (chỉ được bỏ --out khi soạn một mục với --section)."
        )
    if out is not None and out.suffix.lower() not in (".docx", ".md"):
        raise KehoachError(f"Tệp ra phải là .docx hoặc .md, không phải «{out.name}».")
    model = chat_model(args.ask_llm or settings.llm)
    with _open_index(settings) as index:
        draft = make_draft(index, args.sources, args.year, args.locality, args.section)
    rewrite = rewrite_draft(draft, model) if model is not None else None
    sources = not args.no_sources
    if rewrite is not None:
        print(format_rewrite(rewrite), file=sys.stderr)
    if out is None:  # one section to the terminal: the section alone, without header and ending
        print(section_markdown(draft, source_link if sources else None))
        return 0
    if out.suffix.lower() == ".docx":
        from kehoach.assistant.draft_docx import write_docx

        write_docx(draft, out, sources, footnotes=args.footnotes)
    else:
        out.write_text(to_markdown(draft, sources), encoding="utf-8")
    print(f"Đã soạn {out}: {len(draft.sections)} mục, {len(draft.targets)} chỉ tiêu.")
    for item in draft.placeholders:
        print(item)
    for flag in draft.flags:
        print(f"Cần xem lại: {flag}")
    return 0


def format_rewrite(report) -> str:
    """One line per section the model could not rewrite, after the count of those it did."""
    lines = [f"Mô hình ngôn ngữ viết lại {report.rewritten} mục."]
    if report.error:
        lines.append(f"Không gọi được mô hình ngôn ngữ ({report.error}); các mục còn lại giữ bản trích.")
    lines += [f"Giữ bản trích: {head}: {'; '.join(why)}" for head, why in report.kept.items()]
    return "\n".join(lines)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from kehoach.assistant.web import serve

    serve(settings, args.host, args.port, args.auth)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "eval": cmd_eval,
    "ask": cmd_ask,
    "chat": cmd_chat,
    "ingest": cmd_ingest,
    "vacuum": cmd_vacuum,
    "docs": cmd_docs,
    "search": cmd_search,
    "targets": cmd_targets,
    "draft": cmd_draft,
    "serve": cmd_serve,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(home=args.home, embedder=args.embedder, llm=args.llm)
        return COMMANDS[args.command](args, settings)
    except KehoachError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
