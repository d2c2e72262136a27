"""The operations the web UI and its HTTP API share, over one home.

Each is a thin call into the read side (ask, lookup, compare, draft) or the write side (the ingest
pipeline, Index.remove): nothing here re-implements them. Reads borrow an Index from a small pool,
because one SQLite connection must not serve two threads at once; writes take the home's ingest
lock with an Index of their own, so readers are never blocked by an ingest.
"""

from __future__ import annotations

import contextlib
import queue
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from kehoach.assistant import compare, lookup
from kehoach.assistant.answer import Answer
from kehoach.assistant.ask import ask
from kehoach.assistant.draft import Draft, make_draft, to_markdown
from kehoach.assistant.draft_docx import write_docx
from kehoach.assistant.llm import chat_model
from kehoach.assistant.retrieve import checked_question
from kehoach.errors import KehoachError
from kehoach.ingest.embed import get_embedder
from kehoach.ingest.index import Index, ingest_lock
from kehoach.ingest.pipeline import FileResult, Progress, ingest
from kehoach.ingest.readers import SUPPORTED
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.settings import Settings

READERS = 4
UPLOADS = "uploads"
# How much of the cited section is shown on each side of the quote.
CONTEXT_CHARS = 1200
# A section shorter than this is shown within its parent, so the quote has some context.
MIN_CONTEXT_CHARS = 400
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass
class CitedPassage:
    """A citation shown in place: the section's text around the exact quote, and where it is."""

    heading: str
    section: str
    page: int
    before: str
    quote: str
    after: str


def safe_name(name: str) -> str:
    """An uploaded file's name as stored under the home: no folders, no odd characters."""
    base = _UNSAFE_NAME.sub("_", Path(name).name).strip(" .")
    return base or "tep"


class Service:
    """One home's operations, safe to call from many request threads at once."""

    def __init__(self, settings: Settings, readers: int = READERS) -> None:
        self.settings = settings
        self.embedder = get_embedder(settings.embedder)
        self.embedder.query("khởi động")  # load the model now, not during the first question
        self._pool: queue.Queue[Index] = queue.Queue()
        for _ in range(readers):
            self._pool.put(Index.open(settings, self.embedder))
        self._llm: BaseChatModel | None = None
        self._llm_lock = threading.Lock()
        self.files = Path(tempfile.mkdtemp(prefix="kehoach-web-"))

    def close(self) -> None:
        while not self._pool.empty():
            self._pool.get_nowait().close()
        shutil.rmtree(self.files, ignore_errors=True)

    @contextlib.contextmanager
    def reader(self) -> Iterator[Index]:
        index = self._pool.get()
        try:
            yield index
        finally:
            self._pool.put(index)

    # --- reading -------------------------------------------------------------------------------

    @property
    def llm_spec(self) -> str | None:
        """The configured model (--llm / KEHOACH_LLM), or None when answers are extractive only."""
        spec = (self.settings.llm or "none").strip()
        return None if spec.lower() == "none" else spec

    def _model(self) -> BaseChatModel | None:
        with self._llm_lock:
            if self._llm is None and self.llm_spec:
                self._llm = chat_model(self.llm_spec)
            return self._llm

    def ask(self, question: str, history: Sequence[str] = (), use_llm: bool = False) -> Answer:
        model = self._model() if use_llm else None
        with self.reader() as index:
            return ask(index, question, llm=model, history=history)

    def passage(self, doc_id: str, start: int, end: int) -> CitedPassage:
        """The cited span within its section, for showing a citation where it stands; a short
        section ("Chỉ tiêu 1: ...") is shown within the section that holds it. "…" marks a cut."""
        with self.reader() as index:
            doc = index.document(doc_id)
            entry = index.entry(doc_id)
        holding = sorted((s for s in doc.sections if s.start <= start < s.end), key=lambda s: -s.level)
        shown = next((s for s in holding if s.end - s.start >= MIN_CONTEXT_CHARS), None)
        first, last = (shown.start, shown.end) if shown else (0, len(doc.text))
        lo, hi = max(first, start - CONTEXT_CHARS), min(last, end + CONTEXT_CHARS)
        return CitedPassage(
            heading=entry.label,
            section=holding[0].label if holding else "",
            page=doc.body.page_at(start),
            before=("…" if lo > first else "") + doc.text[lo:start],
            quote=doc.text[start:end],
            after=doc.text[end:hi].rstrip() + ("…" if hi < last else ""),
        )

    def documents(self) -> list[CatalogEntry]:
        with self.reader() as index:
            return index.documents()

    def targets(self, query: str, k: int = 50) -> list[lookup.TargetRow]:
        query, _ = checked_question(query, self.settings.max_question_chars)
        with self.reader() as index:
            return lookup.search_targets(index, query, k=k)

    def comparison(self, query: str, k: int = 100) -> compare.Comparison:
        query, _ = checked_question(query, self.settings.max_question_chars)
        with self.reader() as index:
            return compare.compare_targets(index, query, k=k)

    def export(self, query: str, fmt: str) -> Path:
        """The comparison of `query` as a CSV or XLSX file, written by compare.py's safe writers."""
        writers = {"csv": compare.write_csv, "xlsx": compare.write_xlsx}
        if fmt not in writers:
            raise KehoachError(f"Định dạng xuất không hỗ trợ: {fmt} (dùng csv hoặc xlsx).")
        path = Path(tempfile.mkdtemp(dir=self.files)) / f"so-sanh-chi-tieu.{fmt}"
        writers[fmt](self.comparison(query), path)
        return path

    def draft(
        self, refs: Sequence[str], year: int, locality: str | None = None, section: str | None = None
    ) -> Draft:
        if not refs:
            raise KehoachError("Hãy chọn kế hoạch mẫu.")
        with self.reader() as index:
            return make_draft(index, list(refs), int(year), locality or None, section or None)

    def draft_files(self, draft: Draft, sources: bool = True) -> tuple[Path, Path]:
        """The draft written as DOCX (draft_docx.py) and as Markdown (draft.py), in a fresh folder."""
        folder = Path(tempfile.mkdtemp(dir=self.files))
        docx, md = folder / f"ke-hoach-{draft.year}.docx", folder / f"ke-hoach-{draft.year}.md"
        write_docx(draft, docx, sources)
        md.write_text(to_markdown(draft, sources), encoding="utf-8")
        return docx, md

    # --- writing -------------------------------------------------------------------------------

    def _stored(self, name: str, path: Path) -> Path:
        """Where an upload is ingested from: a copy under `<home>/uploads/`, so its source stays
        readable; a file the pipeline will refuse (its type or its size) is read where it is, so no
        copy of it is kept, and the refusal's reason is the pipeline's own."""
        if Path(name).suffix.lower() not in SUPPORTED or path.stat().st_size > self.settings.max_file_bytes:
            return path
        folder = self.settings.home / UPLOADS
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copyfile(path, folder / safe_name(name)))

    def ingest_uploads(
        self,
        uploads: Sequence[tuple[str, Path]],
        on_result: Callable[[int, int, FileResult], None] | None = None,
        on_chunks: Progress | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> list[FileResult]:
        """Ingest uploaded files (original name, temporary path), one result per upload, in order;
        `on_wait(message)` is told when another ingest into this home runs first."""
        stored = [self._stored(name, path) for name, path in uploads]
        with ingest_lock(self.settings, on_wait=on_wait), Index.open(self.settings, self.embedder) as index:
            found = ingest(stored, index, self.settings, on_result, on_chunks)
        results = {r.path: r for r in found}
        return [results[path] for path in stored]

    def remove(self, doc_id: str) -> CatalogEntry:
        """Remove a document (catalog, chunks, targets, vectors: Index.remove) and its uploaded copy."""
        with ingest_lock(self.settings, wait=False), Index.open(self.settings, self.embedder) as index:
            entry = index.entry(doc_id)
            index.remove(doc_id)
        uploads = (self.settings.home / UPLOADS).resolve()
        for source in entry.sources:
            path = Path(source)
            if path.parent == uploads:
                path.unlink(missing_ok=True)
        return entry
