"""The one owner of persistence: a SQLite catalog with our lexical (FTS5) index, and Chroma vectors.

SQLite is the source of truth. An `add` embeds and upserts vectors first, then commits every row of
the document in one transaction; searches only return ids whose rows are committed, so the vectors
of an interrupted add are invisible until `vacuum` deletes them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from kehoach.errors import KehoachError
from kehoach.ingest import vietnamese
from kehoach.ingest.chunk import chunk_document
from kehoach.ingest.embed import Embedder, get_embedder
from kehoach.ingest.records import CatalogEntry, Chunk, DocMeta, Document, PagedText, Region, Section, Target
from kehoach.ingest.settings import Settings

DB_NAME = "index.sqlite3"
LOCK_NAME = "ingest.lock"
BUSY = "đang có một tiến trình nạp khác vào thư mục này ({home}); "
# Seconds a connection waits for another's write transaction before giving up.
BUSY_TIMEOUT = 60.0
CHROMA_DIR = "chroma"
KINDS = ("chunks", "targets")
UPSERT_BATCH = 1000
PROGRESS_STEP = 32
# A term typed with its diacritics is stronger evidence than the same letters without them.
EXACT_WEIGHT = 2.0
_TOKENIZE = "unicode61 remove_diacritics 0 tokenchars '_'"
_SOURCE_SEP = "\x1f"
_META_FIELDS = {f.name for f in dataclasses.fields(DocMeta)}

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    meta TEXT NOT NULL,
    page_starts TEXT NOT NULL,
    regions TEXT NOT NULL,
    sections TEXT NOT NULL,
    unparsed TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_doc ON sources(doc_id);
CREATE INDEX IF NOT EXISTS sources_sha ON sources(sha256);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    section TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    page INTEGER NOT NULL,
    header TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id);
CREATE INDEX IF NOT EXISTS chunks_header ON chunks(header);
CREATE TABLE IF NOT EXISTS targets (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(exact, folded, tokenize="{_TOKENIZE}");
CREATE VIRTUAL TABLE IF NOT EXISTS targets_fts USING fts5(exact, folded, tokenize="{_TOKENIZE}");
CREATE TRIGGER IF NOT EXISTS chunks_fts_delete AFTER DELETE ON chunks
    BEGIN DELETE FROM chunks_fts WHERE rowid = old.rowid; END;
CREATE TRIGGER IF NOT EXISTS targets_fts_delete AFTER DELETE ON targets
    BEGIN DELETE FROM targets_fts WHERE rowid = old.rowid; END;
"""


@register_embedding_function
class KehoachEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our Embedder seen by Chroma, so a collection never falls back to Chroma's downloaded default."""

    def __init__(self, spec: str, resolve: Callable[[], Embedder] | None = None) -> None:
        self.spec = spec
        self._resolve = resolve or (lambda: get_embedder(spec))

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._resolve().passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._resolve().query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "kehoach"

    def get_config(self) -> dict[str, Any]:
        return {"spec": self.spec}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> KehoachEmbeddingFunction:
        return KehoachEmbeddingFunction(config["spec"])

    def default_space(self) -> Literal["cosine", "l2", "ip"]:
        return "cosine"


def collection_slug(name: str) -> str:
    """A Chroma-safe collection suffix; long or lossy names keep a hash so two specs never collide."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if slug == name and 3 <= len(slug) <= 40:
        return slug
    digest = hashlib.sha1(name.encode()).hexdigest()[:10]
    return f"{slug[:40].strip('-')}-{digest}".strip("-")


def _fts_query(query: str) -> tuple[str, tuple[float, float]] | None:
    """An FTS5 expression of quoted index terms (so any user text is safe) and the column weights.

    A query typed with diacritics searches the exact column (weighted up) and the folded one; a
    query without them can only be trusted letter-for-letter, so it searches the folded column.
    """
    folded = list(dict.fromkeys(vietnamese.terms(query, folded=True)))
    if not folded:
        return None

    def any_of(column: str, terms: list[str]) -> str:
        quoted = " OR ".join(f'"{t}"' for t in terms)
        return f"{column} : ({quoted})"

    if vietnamese.has_diacritics(query):
        exact = list(dict.fromkeys(vietnamese.terms(query)))
        return f"{any_of('exact', exact)} OR {any_of('folded', folded)}", (EXACT_WEIGHT, 1.0)
    return any_of("folded", folded), (0.0, 1.0)


def _target_text(target: Target) -> str:
    return f"{target.indicator}\n{target.statement}"


def _has_schema(conn: sqlite3.Connection) -> bool:
    """Whether the tables exist, so a reader of a built index never asks for a write lock."""
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'targets_fts_delete'").fetchone()
    return found is not None


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({','.join('?' * len(values))})"


@contextlib.contextmanager
def ingest_lock(
    home: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the home's exclusive ingest lock: two ingests into one home would race on the schema,
    on Chroma's own tables and on each other's uncommitted vectors, so they run one after another.
    Readers never take it. Without `wait`, a busy home is an error; with it, `on_wait(message)` is
    told once before blocking."""
    busy = BUSY.format(home=home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        fh = (home / LOCK_NAME).open("a")
    except OSError as exc:
        raise KehoachError(f"Không tạo được khoá nạp tại {home}: {exc.strerror or exc}") from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise KehoachError(busy + "hãy thử lại khi tiến trình đó xong.") from None
            if on_wait:
                on_wait(busy + "đang chờ...")
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Index:
    """Catalog, chunks, targets and their lexical and dense indexes for one home directory."""

    def __init__(self, settings: Settings, conn: sqlite3.Connection, embedder: Embedder | None) -> None:
        self.settings = settings
        self._conn = conn
        self._embedder = embedder

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> Index:
        try:
            settings.home.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                settings.home / DB_NAME, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if not _has_schema(conn):
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise KehoachError(f"Không mở được chỉ mục tại {settings.home}: {exc}") from exc
        return cls(settings, conn, embedder)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- embedder and Chroma, both lazy ---------------------------------------------------------

    @property
    def embedder_name(self) -> str:
        return self._embedder.name if self._embedder is not None else self.settings.embedder

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings.embedder)
        return self._embedder

    def _chroma_client(self) -> Any:
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        url = self.settings.chroma_url
        if not url:
            return chromadb.PersistentClient(
                path=str(self.settings.home / CHROMA_DIR), settings=chroma_settings
            )
        parts = urlsplit(url)
        https = parts.scheme == "https"
        return chromadb.HttpClient(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or (443 if https else 8000),
            ssl=https,
            settings=chroma_settings,
        )

    @functools.cached_property
    def _collections(self) -> dict[str, Any]:
        where = self.settings.chroma_url or str(self.settings.home / CHROMA_DIR)
        ef = KehoachEmbeddingFunction(self.embedder_name, lambda: self.embedder)
        slug = collection_slug(self.embedder_name)
        try:
            client = self._chroma_client()
            return {
                kind: client.get_or_create_collection(
                    f"{kind}-{slug}", embedding_function=ef, configuration={"hnsw": {"space": "cosine"}}
                )
                for kind in KINDS
            }
        except Exception as exc:
            raise KehoachError(f"Không kết nối được kho vectơ Chroma ({where}): {exc}") from exc

    def _upsert(self, kind: str, ids: list[str], vectors: np.ndarray, doc_id: str) -> None:
        col = self._collections[kind]
        for i in range(0, len(ids), UPSERT_BATCH):
            batch = ids[i : i + UPSERT_BATCH]
            col.upsert(
                ids=batch,
                embeddings=vectors[i : i + UPSERT_BATCH],
                metadatas=[{"doc_id": doc_id}] * len(batch),
            )

    def _delete_uncommitted(self, ids_by_kind: dict[str, list[str]]) -> None:
        """Delete the vectors of `ids_by_kind` that no committed row holds: a failed add cleans up
        what it wrote and never a vector that a committed document (maybe another process's) needs."""
        for kind, ids in ids_by_kind.items():
            committed = self._committed(kind, ids)
            orphans = [i for i in ids if i not in committed]
            for i in range(0, len(orphans), UPSERT_BATCH):
                self._collections[kind].delete(ids=orphans[i : i + UPSERT_BATCH])

    def _delete_vectors(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            for col in self._collections.values():
                col.delete(where={"doc_id": {"$in": list(doc_ids)}})

    def vacuum(self) -> int:
        """Delete vectors whose rows were never committed (an interrupted add); returns how many."""
        removed = 0
        for kind, col in self._collections.items():
            committed = {row[0] for row in self._conn.execute(f"SELECT id FROM {kind}")}
            stored: list[str] = []
            while batch := col.get(include=[], limit=UPSERT_BATCH, offset=len(stored))["ids"]:
                stored += batch
            orphans = [i for i in stored if i not in committed]
            for i in range(0, len(orphans), UPSERT_BATCH):
                col.delete(ids=orphans[i : i + UPSERT_BATCH])
            removed += len(orphans)
        return removed

    # --- writing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise KehoachError(f"Chỉ mục đang được một tiến trình khác ghi, hãy thử lại sau: {exc}") from exc
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def has(self, doc_id: str) -> bool:
        return (
            self._conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None
        )

    def add(self, doc: Document, on_progress: Callable[[int, int], None] | None = None) -> None:
        """Store `doc` atomically: replaces the document its source held, or records an alias.

        `on_progress(done, total)` is called as chunks are embedded, the slow step."""
        if self.has(doc.doc_id):
            with self._tx():
                dropped = self._attach_source(doc.source, doc.doc_id, doc.sha256)
            self._delete_vectors(dropped)
            return
        chunks = doc.chunks or chunk_document(doc)
        target_ids = [f"{doc.doc_id}:t{n}" for n in range(len(doc.targets))]
        chunk_vectors = self._embed([c.embed_text for c in chunks], on_progress)
        target_vectors = self._embed([_target_text(t) for t in doc.targets], None)
        written = {"chunks": [c.chunk_id for c in chunks], "targets": target_ids}
        try:
            self._upsert("chunks", written["chunks"], chunk_vectors, doc.doc_id)
            self._upsert("targets", target_ids, target_vectors, doc.doc_id)
            with self._tx():
                self._insert(doc, chunks, target_ids)
                dropped = self._attach_source(doc.source, doc.doc_id, doc.sha256)
        except BaseException:
            with contextlib.suppress(Exception):
                self._delete_uncommitted(written)
            raise
        self._delete_vectors(dropped)

    def _embed(self, texts: list[str], on_progress: Callable[[int, int], None] | None) -> np.ndarray:
        """Vectors of `texts`, each distinct text embedded once: boilerplate repeated through a file
        (or a file of one repeated sentence) would otherwise cost minutes of embedding."""
        stored = self._stored_vectors(texts)
        unique = [t for t in dict.fromkeys(texts) if t not in stored]
        if on_progress is None or not unique:
            vectors = self.embedder.passages(unique)
        else:
            parts = []
            for start in range(0, len(unique), PROGRESS_STEP):
                parts.append(self.embedder.passages(unique[start : start + PROGRESS_STEP]))
                on_progress(min(start + PROGRESS_STEP, len(unique)), len(unique))
            vectors = np.concatenate(parts)
        if len(unique) == len(texts):
            return vectors
        found = {**stored, **dict(zip(unique, vectors, strict=True))}
        return np.stack([found[text] for text in texts]) if texts else vectors

    def _stored_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors committed chunks already hold for any of `texts` (a chunk's embedded text is
        its header line, then its text, as `Chunk.embed_text` makes it): plans copy each other's
        paragraphs, and one text has one vector, so only new texts are embedded."""
        wanted = list(dict.fromkeys(texts))
        ids: dict[str, str] = {}
        for i in range(0, len(wanted), UPSERT_BATCH // 2):
            batch = set(wanted[i : i + UPSERT_BATCH // 2])
            # Each text read both ways: header line + body, or a body without a header.
            heads = list({"", *(t.split("\n", 1)[0] for t in batch if "\n" in t)})
            bodies = list({*batch, *(t.split("\n", 1)[1] for t in batch if "\n" in t)})
            for cid, head, body in self._conn.execute(
                f"SELECT id, header, text FROM chunks WHERE {_in('header', heads)} AND {_in('text', bodies)}",
                heads + bodies,
            ):
                embedded = Chunk(cid, "", body, "", 0, 0, 0, head).embed_text
                if embedded in batch:
                    ids.setdefault(embedded, cid)
        if not ids:
            return {}
        got = self._collections["chunks"].get(ids=list(ids.values()), include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        return {t: np.asarray(by_id[cid], dtype=np.float32) for t, cid in ids.items() if cid in by_id}

    def _insert(self, doc: Document, chunks: list[Chunk], target_ids: list[str]) -> None:
        body = doc.body
        self._conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc.doc_id,
                doc.source,
                doc.sha256,
                json.dumps(doc.meta.as_dict(), ensure_ascii=False),
                json.dumps(body.page_starts),
                json.dumps([dataclasses.asdict(r) for r in body.regions], ensure_ascii=False),
                json.dumps([[list(s.path), s.start, s.end] for s in doc.sections], ensure_ascii=False),
                json.dumps(doc.unparsed, ensure_ascii=False),
                body.text,
            ),
        )
        for c in chunks:
            cur = self._conn.execute(
                "INSERT INTO chunks (id, doc_id, text, section, char_start, char_end, page, header)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (c.chunk_id, doc.doc_id, c.text, c.section, c.start, c.end, c.page, c.header),
            )
            self._index_terms("chunks", cur.lastrowid, c.embed_text)
        for tid, t in zip(target_ids, doc.targets, strict=True):
            data = {**t.as_dict(), "doc_id": doc.doc_id}
            cur = self._conn.execute(
                "INSERT INTO targets (id, doc_id, data) VALUES (?, ?, ?)",
                (tid, doc.doc_id, json.dumps(data, ensure_ascii=False)),
            )
            self._index_terms("targets", cur.lastrowid, " ".join(filter(None, (t.label, _target_text(t)))))

    def _index_terms(self, kind: str, rowid: int | None, text: str) -> None:
        self._conn.execute(
            f"INSERT INTO {kind}_fts (rowid, exact, folded) VALUES (?, ?, ?)",
            (rowid, " ".join(vietnamese.terms(text)), " ".join(vietnamese.terms(text, folded=True))),
        )

    def _attach_source(self, source: str, doc_id: str, sha256: str) -> list[str]:
        """Point `source` at `doc_id`; returns the documents left with no source (to drop).

        A document keeps its first source as `source` while it has it, else its first alias; its
        `sha256` is always that source's.
        """
        row = self._conn.execute("SELECT doc_id FROM sources WHERE source = ?", (source,)).fetchone()
        self._conn.execute(
            "INSERT INTO sources (source, doc_id, sha256) VALUES (?, ?, ?) ON CONFLICT(source)"
            " DO UPDATE SET doc_id = excluded.doc_id, sha256 = excluded.sha256",
            (source, doc_id, sha256),
        )
        old = row[0] if row and row[0] != doc_id else None
        dropped = []
        if old and not self._conn.execute("SELECT 1 FROM sources WHERE doc_id = ?", (old,)).fetchone():
            self._conn.execute("DELETE FROM documents WHERE doc_id = ?", (old,))
            dropped.append(old)
        self._conn.execute(
            "UPDATE documents SET source ="
            " (SELECT min(source) FROM sources s WHERE s.doc_id = documents.doc_id)"
            " WHERE doc_id = ? AND source NOT IN (SELECT source FROM sources WHERE doc_id = ?)",
            (old, old),
        )
        self._conn.execute(
            "UPDATE documents SET sha256 = (SELECT sha256 FROM sources s WHERE s.source = documents.source)"
            " WHERE doc_id IN (?, ?)",
            (doc_id, old),
        )
        return dropped

    def remove(self, doc_id: str) -> None:
        if not self.has(doc_id):
            raise KehoachError(f"Không có văn bản {doc_id} trong chỉ mục.")
        with self._tx() as conn:
            conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self._delete_vectors([doc_id])

    # --- the catalog -----------------------------------------------------------------------------

    def _entry(self, row: sqlite3.Row, sha256: str | None = None) -> CatalogEntry:
        meta = DocMeta(**{k: v for k, v in json.loads(row["meta"]).items() if k in _META_FIELDS})
        return CatalogEntry(
            doc_id=row["doc_id"],
            source=row["source"],
            sha256=sha256 or row["sha256"],
            chunks=row["n_chunks"],
            targets=row["n_targets"],
            number=meta.number,
            kind=meta.kind,
            title=meta.title,
            issuer=meta.issuer,
            locality=meta.locality,
            level=meta.level,
            issued=meta.issued,
            year_from=meta.year_from,
            year_to=meta.year_to,
            signer=meta.signer,
            bases=tuple(meta.bases),
            sources=tuple(sorted(row["all_sources"].split(_SOURCE_SEP))),
        )

    def _catalog(self, source: str | None = None) -> list[sqlite3.Row]:
        """Catalog rows with their counts and sources in one query (the catalog is read on every
        search, so no per-document round trips); with `source`, only the document it points at,
        with the hash of that source's bytes."""
        only = "WHERE s.source IS NOT NULL" if source is not None else ""
        return self._conn.execute(
            "SELECT d.doc_id, d.source, d.sha256, d.meta,"
            " (SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id) AS n_chunks,"
            " (SELECT count(*) FROM targets t WHERE t.doc_id = d.doc_id) AS n_targets,"
            f" (SELECT group_concat(a.source, '{_SOURCE_SEP}') FROM sources a WHERE a.doc_id = d.doc_id)"
            " AS all_sources, s.sha256 AS source_sha256"
            f" FROM documents d LEFT JOIN sources s ON s.doc_id = d.doc_id AND s.source = ? {only}"
            " ORDER BY d.source",
            (source,),
        ).fetchall()

    def documents(self) -> list[CatalogEntry]:
        return [self._entry(row) for row in self._catalog()]

    def entry(self, doc_id: str) -> CatalogEntry:
        found = [e for e in self.documents() if e.doc_id == doc_id]
        if not found:
            raise KehoachError(f"Không có văn bản {doc_id} trong chỉ mục.")
        return found[0]

    def find_by_sha(self, sha256: str) -> str | None:
        row = self._conn.execute("SELECT doc_id FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def find_by_source(self, source: str) -> CatalogEntry | None:
        """The catalog entry `source` points at; its `sha256` is that of the bytes stored for `source`
        (an alias may differ from the primary file), so a caller can tell whether the file changed."""
        rows = self._catalog(source)
        return self._entry(rows[0], rows[0]["source_sha256"]) if rows else None

    def _row(self, doc_id: str) -> sqlite3.Row:
        row = self._conn.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KehoachError(f"Không có văn bản {doc_id} trong chỉ mục.")
        return row

    def text(self, doc_id: str) -> str:
        return self._row(doc_id)["text"]

    def document(self, doc_id: str) -> Document:
        row = self._row(doc_id)
        meta = {k: v for k, v in json.loads(row["meta"]).items() if k in _META_FIELDS}
        ids = [
            r[0]
            for r in self._conn.execute("SELECT id FROM chunks WHERE doc_id = ? ORDER BY rowid", (doc_id,))
        ]
        return Document(
            doc_id=doc_id,
            source=row["source"],
            sha256=row["sha256"],
            body=PagedText(
                text=row["text"],
                page_starts=json.loads(row["page_starts"]),
                regions=[Region(**r) for r in json.loads(row["regions"])],
            ),
            meta=DocMeta(**meta),
            sections=[Section(tuple(path), start, end) for path, start, end in json.loads(row["sections"])],
            targets=self.targets([doc_id]),
            unparsed=json.loads(row["unparsed"]),
            chunks=self.chunks(ids),
        )

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The stored chunks of `ids`, in the order given; unknown ids are skipped."""
        if not ids:
            return []
        rows = self._conn.execute(f"SELECT * FROM chunks WHERE {_in('id', ids)}", list(ids))
        found = {
            r["id"]: Chunk(
                r["id"],
                r["doc_id"],
                r["text"],
                r["section"],
                r["char_start"],
                r["char_end"],
                r["page"],
                r["header"],
            )
            for r in rows
        }
        return [found[i] for i in ids if i in found]

    def _target_rows(self, where: str, params: Sequence[str]) -> list[tuple[str, Target]]:
        rows = self._conn.execute(f"SELECT id, data FROM targets {where} ORDER BY rowid", list(params))
        return [(r["id"], Target(**json.loads(r["data"]))) for r in rows]

    def _targets_of(self, doc_ids: Sequence[str] | None) -> list[tuple[str, Target]]:
        if doc_ids is None:
            return self._target_rows("", ())
        return self._target_rows(f"WHERE {_in('doc_id', doc_ids)}", doc_ids)

    def targets(self, doc_ids: Sequence[str] | None = None) -> list[Target]:
        return [t for _, t in self._targets_of(doc_ids)]

    def target_ids(self, doc_ids: Sequence[str] | None = None) -> list[str]:
        """Ids ("DOC_ID:tN") in the same order as `targets(doc_ids)`."""
        return [i for i, _ in self._targets_of(doc_ids)]

    def targets_by_id(self, ids: Sequence[str]) -> list[Target]:
        """The stored targets of `ids`, in the order given; unknown ids are skipped."""
        found = dict(self._target_rows(f"WHERE {_in('id', ids)}", ids)) if ids else {}
        return [found[i] for i in ids if i in found]

    # --- search ----------------------------------------------------------------------------------

    def _committed(self, kind: str, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        return {r[0] for r in self._conn.execute(f"SELECT id FROM {kind} WHERE {_in('id', ids)}", list(ids))}

    def _dense(self, kind: str, query: str, k: int, doc_ids: Sequence[str] | None) -> list[tuple[str, float]]:
        if k <= 0 or not query.strip() or (doc_ids is not None and not doc_ids):
            return []
        vector = self.embedder.query(query)
        col = self._collections[kind]
        if col.count() == 0:
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        res = col.query(
            query_embeddings=[vector],
            n_results=min(col.count(), 2 * k + 10),
            where=where,
            include=["distances"],
        )
        ids, distances = res["ids"][0], res["distances"][0]
        committed = self._committed(kind, ids)
        hits = [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True) if i in committed]
        return hits[:k]

    def _lexical(
        self, kind: str, query: str, k: int, doc_ids: Sequence[str] | None
    ) -> list[tuple[str, float]]:
        fts = _fts_query(query)
        if k <= 0 or fts is None or (doc_ids is not None and not doc_ids):
            return []
        expr, (w_exact, w_folded) = fts
        rank = f"bm25({kind}_fts, {w_exact}, {w_folded})"
        sql = (
            f"SELECT t.id, {rank} FROM {kind}_fts JOIN {kind} t ON t.rowid = {kind}_fts.rowid"
            f" WHERE {kind}_fts MATCH ?"
        )
        params: list[Any] = [expr]
        if doc_ids is not None:
            sql += f" AND {_in('t.doc_id', doc_ids)}"
            params += list(doc_ids)
        rows = self._conn.execute(f"{sql} ORDER BY {rank} LIMIT ?", [*params, k])
        return [(r[0], -float(r[1])) for r in rows]

    def dense_search(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first."""
        return self._dense("chunks", query, k, doc_ids)

    def lexical_search(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, -bm25), best first; works with and without diacritics."""
        return self._lexical("chunks", query, k, doc_ids)

    def dense_search_targets(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        return self._dense("targets", query, k, doc_ids)

    def lexical_search_targets(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        return self._lexical("targets", query, k, doc_ids)
