"""discover -> read -> clean -> parse -> targets -> chunk -> embed -> store.

Incremental (a file whose bytes did not change is skipped; a changed file replaces its old
chunks and targets) and atomic per document (Index.add commits a document whole or not at all).
One bad file never stops the batch: it gets a result with a Vietnamese reason.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kehoach.errors import KehoachError, ReadError
from kehoach.ingest.chunk import chunk_document
from kehoach.ingest.clean import clean
from kehoach.ingest.index import Index
from kehoach.ingest.parse import parse
from kehoach.ingest.readers import SUPPORTED, read
from kehoach.ingest.records import Document
from kehoach.ingest.settings import Settings
from kehoach.ingest.targets import extract_targets

INGESTED, UNCHANGED, DUPLICATE, FAILED = "ingested", "unchanged", "duplicate", "failed"


@dataclass
class FileResult:
    path: Path
    status: str
    doc_id: str | None = None
    message: str = ""
    chunks: int = 0
    targets: int = 0

    @property
    def ok(self) -> bool:
        return self.status != FAILED


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files named explicitly are kept whatever their extension (so an unsupported one fails with a
    clear reason); folders are walked for supported files, hidden ones skipped."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def printable(path: Path) -> str:
    """A file name is data: bytes that are not UTF-8 (a name from an old archive or disk) become
    "\\xe9" escapes, so the name can be printed, stored and searched instead of failing the file."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def source_of(path: Path) -> str:
    return printable(path.resolve())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_id(text: str) -> str:
    """A document's id: the hash of its cleaned, normalised text, so the same plan saved as PDF
    and as DOCX (or under two names) is one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def build_document(path: Path, settings: Settings, sha256: str) -> Document:
    body = clean(read(path, settings.max_file_bytes, settings.max_unzipped_bytes, settings.max_pdf_pages))
    meta, sections = parse(body)
    doc_id = content_id(body.text)
    scan = extract_targets(doc_id, body.text, sections, meta.year_from, meta.year_to)
    doc = Document(
        doc_id=doc_id,
        source=source_of(path),
        sha256=sha256,
        body=body,
        meta=meta,
        sections=sections,
        targets=scan.targets,
        unparsed=scan.unparsed,
    )
    doc.chunks = chunk_document(doc)
    return doc


Progress = Callable[[int, int], None]


def ingest_file(
    path: Path, index: Index, settings: Settings, on_chunks: Progress | None = None
) -> FileResult:
    """Ingest one file; `on_chunks(done, total)` follows the embedding of its chunks."""
    if not path.is_file():
        raise ReadError(path, "không tìm thấy tệp")
    if path.stat().st_size > settings.max_file_bytes:
        size_mb = path.stat().st_size / (1024 * 1024)
        raise ReadError(path, f"tệp quá lớn ({size_mb:.1f} MB, giới hạn {settings.max_file_mb:g} MB)")
    source = source_of(path)
    sha = file_sha256(path)
    known = index.find_by_source(source)
    if known and known.sha256 == sha:
        return FileResult(path, UNCHANGED, known.doc_id, "không thay đổi")
    doc = build_document(path, settings, sha)
    existed = index.has(doc.doc_id)
    index.add(doc, on_progress=on_chunks)
    if existed:
        return FileResult(path, DUPLICATE, doc.doc_id, "trùng nội dung với văn bản đã có, chỉ lưu một lần")
    return FileResult(
        path,
        INGESTED,
        doc.doc_id,
        f"{len(doc.chunks)} đoạn, {len(doc.targets)} chỉ tiêu",
        chunks=len(doc.chunks),
        targets=len(doc.targets),
    )


def ingest(
    paths: Sequence[Path],
    index: Index,
    settings: Settings,
    on_result: Callable[[int, int, FileResult], None] | None = None,
    on_chunks: Progress | None = None,
) -> list[FileResult]:
    """Ingest every file; `on_result(i, n, result)` reports after each file, `on_chunks(done,
    total)` while a file's chunks are embedded."""
    files = discover(paths)
    if files:
        index.recover()  # vectors an interrupted earlier run left behind
    results = []
    for i, path in enumerate(files, 1):
        try:
            result = ingest_file(path, index, settings, on_chunks)
        except KehoachError as err:
            cause = err.cause if isinstance(err, ReadError) else str(err)
            result = FileResult(path, FAILED, message=cause)
        except Exception as err:  # noqa: BLE001 - one broken file must not stop the batch
            result = FileResult(path, FAILED, message=f"lỗi không mong đợi khi xử lý tệp: {err}")
        results.append(result)
        if on_result:
            on_result(i, len(files), result)
    return results
