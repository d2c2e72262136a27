"""The storage interface: what the catalog, chunks, targets and lexical index promise whichever
database holds them (SQLite embedded in the home, PostgreSQL shared by several machines), the SQL
both run alike, and the one computation of lexical terms both index and search with.

`Index` (index.py) drives a `Store` beside Chroma; `open_store` and `ingest_lock` pick the backend
from the settings, so nothing else knows which database it is.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from kehoach.errors import KehoachError
from kehoach.ingest import vietnamese
from kehoach.ingest.corpus_stats import TextStats, document_words, text_stats
from kehoach.ingest.records import CatalogEntry, Chunk, DocMeta, Document, PagedText, Region, Section, Target
from kehoach.ingest.settings import Settings

KINDS = ("chunks", "targets")
BUSY = "đang có một tiến trình nạp khác vào {where}; "
# A term typed with its diacritics is stronger evidence than the same letters without them.
EXACT_WEIGHT = 2.0
# The lexical columns: every item is indexed twice, as typed ("exact") and without diacritics.
COLUMNS = ("exact", "folded")
_SOURCE_SEP = "\x1f"
_META_FIELDS = {f.name for f in dataclasses.fields(DocMeta)}

# The catalog: documents and the sources (file paths) that hold them; one SQL for both.
CATALOG_SCHEMA = """
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
"""
# The corpus statistics (corpus_stats.py), kept up to date by every add and delete; one SQL for both.
STATS_SCHEMA = """
CREATE TABLE IF NOT EXISTS corpus_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sentence_terms (term TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS spellings (
    folded TEXT NOT NULL, word TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (folded, word)
);
CREATE TABLE IF NOT EXISTS word_pairs (
    word TEXT NOT NULL, follower TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (word, follower)
);
CREATE TABLE IF NOT EXISTS document_words (
    word TEXT NOT NULL, folded INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (word, folded)
);
"""
# The corpus's own records, one SQL for both: its name (`corpus_info`: the Chroma collections carry
# it), and the journal of vectors written before their document's commit (`pending_vectors`).
CORPUS_SCHEMA = """
CREATE TABLE IF NOT EXISTS corpus_info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_vectors (
    kind TEXT NOT NULL, id TEXT NOT NULL, doc_id TEXT NOT NULL, PRIMARY KEY (kind, id)
);
"""
# The newest table: a database without it was made by an earlier version.
NEWEST_TABLE = "document_words"
_STATS_KEYS = {
    "corpus_counts": ("name",),
    "sentence_terms": ("term",),
    "spellings": ("folded", "word"),
    "word_pairs": ("word", "follower"),
    "document_words": ("word", "folded"),
}

Row = Mapping[str, Any]
Hits = list[tuple[str, float]]
OnWait = Callable[[str], None]


# --- lexical terms: one computation for every backend ---------------------------------------------


def index_terms(text: str) -> tuple[list[str], list[str]]:
    """The terms an item is indexed under, per column: as typed, and folded (no diacritics)."""
    return vietnamese.terms(text), vietnamese.terms(text, folded=True)


@dataclasses.dataclass(frozen=True)
class LexicalQuery:
    """The distinct terms a query searches, per column, and each column's weight.

    A query typed with diacritics searches the exact column (weighted up) and the folded one; a
    query without them can only be trusted letter-for-letter, so it searches the folded column."""

    exact: list[str]
    folded: list[str]

    @property
    def weights(self) -> tuple[float, float]:
        return (EXACT_WEIGHT if self.exact else 0.0, 1.0)

    def phrases(self) -> list[tuple[int, str, float]]:
        """(column number, term, column weight) for every term searched."""
        w_exact, w_folded = self.weights
        return [(0, t, w_exact) for t in self.exact] + [(1, t, w_folded) for t in self.folded]

    def without_common(
        self, counts: Mapping[tuple[int, str], int], items: int, common: float
    ) -> LexicalQuery:
        """The query less the terms that more than a `common` share of the `items` hold (`counts`:
        items per (column number, term)) and those none holds; if every term held is that common,
        its rarest one.

        Ranking by BM25 walks every item holding any query term, so one common word ("trẻ em" is
        in most chunks of a corpus of child-protection plans) makes a search read the whole
        index; such a term weighs little in BM25 (its IDF falls with its share, and FTS5 floors
        it from half the items up), and it still counts downstream through IDF coverage."""
        held = [(col, term) for col, term, _ in self.phrases() if counts.get((col, term), 0)]
        if common >= 1.0 or not held:
            return self
        kept = {p for p in held if counts[p] <= common * items} or {min(held, key=lambda p: counts[p])}
        return LexicalQuery(
            [t for t in self.exact if (0, t) in kept], [t for t in self.folded if (1, t) in kept]
        )


def lexical_query(query: str) -> LexicalQuery | None:
    exact, folded = (list(dict.fromkeys(terms)) for terms in index_terms(query))
    if not folded:
        return None
    return LexicalQuery(exact if vietnamese.has_diacritics(query) else [], folded)


def term_counts(text: str) -> list[tuple[int, str, int]]:
    """(column number, term, occurrences) of an item's text, for a backend that keeps postings."""
    return [
        (col, term, n) for col, terms in enumerate(index_terms(text)) for term, n in Counter(terms).items()
    ]


def target_text(target: Target) -> str:
    """What a target is embedded from."""
    return f"{target.indicator}\n{target.statement}"


def target_terms_text(target: Target) -> str:
    """What a target is lexically indexed under: its label too ("Chỉ tiêu 5")."""
    return " ".join(filter(None, (target.label, target_text(target))))


# --- the interface ---------------------------------------------------------------------------------


class Store(Protocol):
    """Catalog, chunks, targets and the lexical index of one corpus; the commit point of a document."""

    def close(self) -> None: ...

    def transaction(self) -> contextlib.AbstractContextManager[None]: ...

    def has(self, doc_id: str) -> bool: ...

    def insert(self, doc: Document, chunks: Sequence[Chunk], target_ids: Sequence[str]) -> None: ...

    def attach_source(self, source: str, doc_id: str, sha256: str) -> list[str]: ...

    def delete(self, doc_id: str) -> None: ...

    def catalog(self, source: str | None = None) -> list[CatalogEntry]: ...

    def find_by_sha(self, sha256: str) -> str | None: ...

    def text(self, doc_id: str) -> str: ...

    def document(self, doc_id: str) -> Document: ...

    def chunks(self, ids: Sequence[str]) -> list[Chunk]: ...

    def targets(
        self, doc_ids: Sequence[str] | None = None, ids: Sequence[str] | None = None
    ) -> list[tuple[str, Target]]: ...

    def committed(self, kind: str, ids: Sequence[str] | None = None) -> set[str]: ...

    def journal(self, doc_id: str, ids_by_kind: Mapping[str, Sequence[str]]) -> None: ...

    def pending(self) -> list[tuple[str, str, str]]: ...

    def settle(self, doc_ids: Sequence[str]) -> None: ...

    def generation(self) -> int: ...

    def corpus_id(self) -> str | None: ...

    def name_corpus(self) -> None: ...

    def chunks_with(self, headers: Sequence[str], texts: Sequence[str]) -> list[tuple[str, str, str]]: ...

    def lexical(
        self, kind: str, query: str, k: int, doc_ids: Sequence[str] | None, common: float = 1.0
    ) -> Hits: ...

    def item_frequencies(
        self, kind: str, phrases: Sequence[tuple[int, str]]
    ) -> tuple[Counter[tuple[int, str]], int]: ...

    def sentence_frequencies(self, terms: Sequence[str]) -> tuple[Counter[str], int]: ...

    def document_frequencies(self, words: Sequence[str], folded: bool) -> tuple[Counter[str], int]: ...

    def texts_with_words(self, folded: Sequence[str], limit: int) -> list[str]: ...

    def vocabulary(
        self, folded: Sequence[str]
    ) -> tuple[dict[str, Counter[str]], Counter[tuple[str, str]]]: ...


def _postgres() -> ModuleType:
    """The PostgreSQL backend, imported only when asked for (psycopg is the `postgres` extra)."""
    try:
        from kehoach.ingest import store_postgres
    except ImportError as exc:
        raise KehoachError(
            f"Cần cài psycopg để dùng PostgreSQL: pip install 'kehoach[postgres]' ({exc})."
        ) from exc
    return store_postgres


def open_store(settings: Settings) -> Store:
    """PostgreSQL when `settings.database_url` names one, else SQLite in the home."""
    if settings.database_url:
        return _postgres().PostgresStore.open(settings.database_url)
    from kehoach.ingest.store_sqlite import SqliteStore

    return SqliteStore.open(settings.home)


def ingest_lock(
    target: Settings | Path, wait: bool = True, on_wait: OnWait | None = None
) -> contextlib.AbstractContextManager[None]:
    """The exclusive ingest lock of a corpus: two ingests would race on the schema, on Chroma's own
    tables and on each other's uncommitted vectors, so they run one after another. Readers never
    take it. A home (a `Path`, or settings without a database) is locked by a file in it; a
    PostgreSQL corpus by an advisory lock, which holds across machines. Without `wait`, a busy
    corpus is an error; with it, `on_wait(message)` is told once before blocking."""
    if isinstance(target, Settings) and target.database_url:
        return _postgres().advisory_lock(target.database_url, wait, on_wait)
    from kehoach.ingest.store_sqlite import file_lock

    return file_lock(target.home if isinstance(target, Settings) else target, wait, on_wait)


def wait_or_refuse(where: str, wait: bool, on_wait: OnWait | None) -> None:
    """What a busy lock means: an error without `wait`, else one message before blocking."""
    busy = BUSY.format(where=where)
    if not wait:
        raise KehoachError(busy + "hãy thử lại khi tiến trình đó xong.")
    if on_wait:
        on_wait(busy + "đang chờ...")


# --- the SQL both databases run alike -------------------------------------------------------------


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({','.join('?' * len(values))})"


class SqlStore:
    """Everything but the connection, the dialect and the lexical index, written once.

    Queries use "?" placeholders; a backend whose driver wants another style overrides `_sql`.
    `CONCAT` is the dialect's string aggregate."""

    CONCAT = "group_concat"

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        # Items per (kind, column, term) held by some item, and per kind, as of the generation
        # `_known_at`: the common terms, the dearest to count, recur in most questions.
        self._known: dict[tuple[str, int, str] | str, int] = {}
        self._known_at = -1

    def close(self) -> None:
        self._conn.close()

    def _sql(self, sql: str) -> str:
        return sql

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(self._sql(sql), list(params)).fetchall()

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return self._conn.execute(self._sql(sql), list(params)).fetchone()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(self._sql(sql), list(params))

    def _many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._conn.cursor().executemany(self._sql(sql), rows)

    def _index_terms(self, kind: str, rowid: int, text: str) -> None:
        raise NotImplementedError

    # --- writing ---------------------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        return self._one("SELECT 1 AS one FROM documents WHERE doc_id = ?", (doc_id,)) is not None

    def insert(self, doc: Document, chunks: Sequence[Chunk], target_ids: Sequence[str]) -> None:
        """Every row of `doc`; the caller holds the transaction."""
        body = doc.body
        self._exec(
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
            row = self._one(
                "INSERT INTO chunks (id, doc_id, text, section, char_start, char_end, page, header)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid",
                (c.chunk_id, doc.doc_id, c.text, c.section, c.start, c.end, c.page, c.header),
            )
            assert row is not None
            self._index_terms("chunks", row["rowid"], c.embed_text)
        for tid, t in zip(target_ids, doc.targets, strict=True):
            data = {**t.as_dict(), "doc_id": doc.doc_id}
            row = self._one(
                "INSERT INTO targets (id, doc_id, data) VALUES (?, ?, ?) RETURNING rowid",
                (tid, doc.doc_id, json.dumps(data, ensure_ascii=False)),
            )
            assert row is not None
            self._index_terms("targets", row["rowid"], target_terms_text(t))
        self._count(text_stats(body.text), 1)
        self._new_generation()

    def _new_generation(self) -> None:
        """Count a change of the catalog (the caller holds the transaction): a reader compares the
        count with the one its cached catalog was read at, whichever process wrote."""
        self._exec(
            "INSERT INTO corpus_counts (name, n) VALUES ('writes', 1)"
            " ON CONFLICT(name) DO UPDATE SET n = corpus_counts.n + 1"
        )

    def generation(self) -> int:
        """How many times the catalog changed; cheap to read before each use of a cached catalog."""
        row = self._one("SELECT n FROM corpus_counts WHERE name = 'writes'")
        return row["n"] if row else 0

    def _count(self, stats: TextStats, sign: int) -> None:
        """Add (`sign` 1) or subtract (-1) a document's statistics; the caller holds the transaction."""
        counted: dict[str, list[tuple[Any, ...]]] = {
            "corpus_counts": [("sentences", stats.sentences), ("documents", 1)],
            "sentence_terms": list(stats.sentence_terms.items()),
            "spellings": [(*key, n) for key, n in stats.spellings.items()],
            "word_pairs": [(*key, n) for key, n in stats.pairs.items()],
            "document_words": [(*key, n) for key, n in stats.document_words.items()],
        }
        for table, rows in counted.items():
            keys = _STATS_KEYS[table]
            self._many(
                f"INSERT INTO {table} ({', '.join(keys)}, n) VALUES ({', '.join('?' * (len(keys) + 1))})"
                f" ON CONFLICT({', '.join(keys)}) DO UPDATE SET n = {table}.n + excluded.n",
                [(*row[:-1], sign * row[-1]) for row in rows],
            )
            if sign < 0:
                self._exec(f"DELETE FROM {table} WHERE n <= 0")

    def count_missing_stats(self) -> None:
        """Count the statistics of a corpus stored before they were kept (once, in a transaction);
        a corpus that has all but the document words counts only those."""
        with self.transaction():
            if self._one("SELECT 1 AS one FROM corpus_counts WHERE name = 'documents'") or not self._one(
                "SELECT 1 AS one FROM documents"
            ):
                return
            only_words = self._one("SELECT 1 AS one FROM corpus_counts WHERE name = 'sentences'")
            for row in self._rows("SELECT text FROM documents"):
                text = row["text"]
                words = TextStats(document_words=document_words(vietnamese.words(text)))
                self._count(words if only_words else text_stats(text), 1)

    def attach_source(self, source: str, doc_id: str, sha256: str) -> list[str]:
        """Point `source` at `doc_id`; returns the documents left with no source (dropped here, their
        vectors for the caller to drop). The caller holds the transaction.

        A document keeps its first source as `source` while it has it, else its first alias; its
        `sha256` is always that source's.
        """
        row = self._one("SELECT doc_id FROM sources WHERE source = ?", (source,))
        self._exec(
            "INSERT INTO sources (source, doc_id, sha256) VALUES (?, ?, ?) ON CONFLICT(source)"
            " DO UPDATE SET doc_id = excluded.doc_id, sha256 = excluded.sha256",
            (source, doc_id, sha256),
        )
        old = row["doc_id"] if row and row["doc_id"] != doc_id else None
        dropped = []
        if old and not self._one("SELECT 1 AS one FROM sources WHERE doc_id = ?", (old,)):
            self.delete(old)
            dropped.append(old)
        self._exec(
            "UPDATE documents SET source ="
            " (SELECT min(source) FROM sources s WHERE s.doc_id = documents.doc_id)"
            " WHERE doc_id = ? AND source NOT IN (SELECT source FROM sources WHERE doc_id = ?)",
            (old, old),
        )
        self._exec(
            "UPDATE documents SET sha256 = (SELECT sha256 FROM sources s WHERE s.source = documents.source)"
            " WHERE doc_id IN (?, ?)",
            (doc_id, old),
        )
        self._new_generation()
        return dropped

    def delete(self, doc_id: str) -> None:
        """Delete a document's rows (chunks, targets, terms and sources cascade) and its share of the
        statistics; the caller holds the transaction."""
        self._count(text_stats(self.text(doc_id)), -1)
        self._exec("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        self._new_generation()

    # --- the corpus's name and the journal of uncommitted vectors --------------------------------

    def corpus_id(self) -> str | None:
        """The corpus's name ("" for a corpus stored before names were kept), None if not named yet."""
        row = self._one("SELECT value FROM corpus_info WHERE name = 'corpus_id'")
        return row["value"] if row else None

    def name_corpus(self) -> None:
        """Name the corpus once, when it is made: its Chroma collections carry the name, so two
        corpora on one Chroma server never share (or clean up) each other's vectors, while every
        process on one database finds the same collections. A corpus that already holds documents
        keeps the unnamed collections its vectors are in."""
        with self.transaction():
            if self.corpus_id() is not None:
                return
            stored = self._one("SELECT 1 AS one FROM documents") is not None
            self._exec(
                "INSERT INTO corpus_info (name, value) VALUES ('corpus_id', ?) ON CONFLICT(name) DO NOTHING",
                ("" if stored else uuid.uuid4().hex[:12],),
            )

    def journal(self, doc_id: str, ids_by_kind: Mapping[str, Sequence[str]]) -> None:
        """Record, before they are written, the vector ids a document's add will write (the caller
        holds the transaction); `settle` forgets them in the commit that stores the document."""
        self._many(
            "INSERT INTO pending_vectors (kind, id, doc_id) VALUES (?, ?, ?)"
            " ON CONFLICT(kind, id) DO NOTHING",
            [(kind, i, doc_id) for kind, ids in ids_by_kind.items() for i in ids],
        )

    def pending(self) -> list[tuple[str, str, str]]:
        """(kind, id, doc_id) of every journalled vector: an add not yet committed or never finished."""
        return [(r["kind"], r["id"], r["doc_id"]) for r in self._rows("SELECT * FROM pending_vectors")]

    def settle(self, doc_ids: Sequence[str]) -> None:
        """Forget the journal of `doc_ids`: committed, or their vectors deleted."""
        if doc_ids:
            self._exec(f"DELETE FROM pending_vectors WHERE {_in('doc_id', doc_ids)}", doc_ids)

    # --- reading ---------------------------------------------------------------------------------

    def catalog(self, source: str | None = None) -> list[CatalogEntry]:
        """Catalog entries with their counts and sources in one query (the catalog is read on every
        search, so no per-document round trips); with `source`, only the document it points at,
        with the hash of that source's bytes."""
        only = "WHERE s.source IS NOT NULL" if source is not None else ""
        rows = self._rows(
            "SELECT d.doc_id, d.source, d.sha256, d.meta,"
            " (SELECT count(*) FROM chunks c WHERE c.doc_id = d.doc_id) AS n_chunks,"
            " (SELECT count(*) FROM targets t WHERE t.doc_id = d.doc_id) AS n_targets,"
            f" (SELECT {self.CONCAT}(a.source, '{_SOURCE_SEP}') FROM sources a WHERE a.doc_id = d.doc_id)"
            " AS all_sources, s.sha256 AS source_sha256"
            f" FROM documents d LEFT JOIN sources s ON s.doc_id = d.doc_id AND s.source = ? {only}"
            " ORDER BY d.source",
            (source,),
        )
        return [_entry(row, row["source_sha256"] if source is not None else None) for row in rows]

    def find_by_sha(self, sha256: str) -> str | None:
        row = self._one("SELECT doc_id FROM sources WHERE sha256 = ?", (sha256,))
        return row["doc_id"] if row else None

    def _document_row(self, doc_id: str) -> Row:
        row = self._one("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
        if row is None:
            raise KehoachError(f"Không có văn bản {doc_id} trong chỉ mục.")
        return row

    def text(self, doc_id: str) -> str:
        return self._document_row(doc_id)["text"]

    def document(self, doc_id: str) -> Document:
        row = self._document_row(doc_id)
        meta = {k: v for k, v in json.loads(row["meta"]).items() if k in _META_FIELDS}
        ids = [
            r["id"] for r in self._rows("SELECT id FROM chunks WHERE doc_id = ? ORDER BY rowid", (doc_id,))
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
            targets=[t for _, t in self.targets([doc_id])],
            unparsed=json.loads(row["unparsed"]),
            chunks=self.chunks(ids),
        )

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The stored chunks of `ids`, in the order given; unknown ids are skipped."""
        if not ids:
            return []
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
            for r in self._rows(f"SELECT * FROM chunks WHERE {_in('id', ids)}", ids)
        }
        return [found[i] for i in ids if i in found]

    def targets(
        self, doc_ids: Sequence[str] | None = None, ids: Sequence[str] | None = None
    ) -> list[tuple[str, Target]]:
        """(id, target) in stored order, of `doc_ids` (all when None), or of `ids` in the order given."""
        if ids is not None:
            rows = self._rows(f"SELECT id, data FROM targets WHERE {_in('id', ids)}", ids) if ids else []
            found = {r["id"]: Target(**json.loads(r["data"])) for r in rows}
            return [(i, found[i]) for i in ids if i in found]
        where, params = ("", []) if doc_ids is None else (f"WHERE {_in('doc_id', doc_ids)}", list(doc_ids))
        if doc_ids is not None and not doc_ids:
            return []
        rows = self._rows(f"SELECT id, data FROM targets {where} ORDER BY rowid", params)
        return [(r["id"], Target(**json.loads(r["data"]))) for r in rows]

    def committed(self, kind: str, ids: Sequence[str] | None = None) -> set[str]:
        """Which of `ids` (all when None) have committed rows of `kind`."""
        if ids is None:
            return {r["id"] for r in self._rows(f"SELECT id FROM {kind}")}
        if not ids:
            return set()
        return {r["id"] for r in self._rows(f"SELECT id FROM {kind} WHERE {_in('id', ids)}", ids)}

    def chunks_with(self, headers: Sequence[str], texts: Sequence[str]) -> list[tuple[str, str, str]]:
        """(id, header, text) of the committed chunks whose header and text are among these: the
        chunks whose vectors a new chunk of the same embedded text can reuse."""
        rows = self._rows(
            f"SELECT id, header, text FROM chunks WHERE {_in('header', headers)} AND {_in('text', texts)}",
            [*headers, *texts],
        )
        return [(r["id"], r["header"], r["text"]) for r in rows]

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    def item_frequencies(
        self, kind: str, phrases: Sequence[tuple[int, str]]
    ) -> tuple[Counter[tuple[int, str]], int]:
        raise NotImplementedError

    def _parsed(self, kind: str, query: str, common: float) -> LexicalQuery | None:
        """The query's lexical terms, less those more than a `common` share of the items hold."""
        parsed = lexical_query(query)
        if parsed is None or common >= 1.0:
            return parsed
        return parsed.without_common(*self._frequencies(kind, parsed), common)

    def _frequencies(self, kind: str, parsed: LexicalQuery) -> tuple[Counter[tuple[int, str]], int]:
        """`item_frequencies` of the query's terms, counted once per generation of the corpus."""
        generation = self.generation()
        if generation != self._known_at:
            self._known, self._known_at = {}, generation
        phrases = [(col, term) for col, term, _ in parsed.phrases()]
        missing = [p for p in phrases if (kind, *p) not in self._known]
        if missing or kind not in self._known:
            counts, self._known[kind] = self.item_frequencies(kind, missing)
            wanted = set(missing)
            self._known.update({(kind, *p): n for p, n in counts.items() if p in wanted and n})
        return Counter({p: self._known.get((kind, *p), 0) for p in phrases}), self._known[kind]

    # --- corpus statistics -------------------------------------------------------------------------

    def sentence_frequencies(self, terms: Sequence[str]) -> tuple[Counter[str], int]:
        """In how many sentences of the corpus each of `terms` (folded) occurs, and how many
        sentences it has."""
        found: Counter[str] = Counter()
        if terms:
            rows = self._rows(f"SELECT term, n FROM sentence_terms WHERE {_in('term', terms)}", terms)
            found.update({r["term"]: r["n"] for r in rows})
        total = self._one("SELECT n FROM corpus_counts WHERE name = 'sentences'")
        return found, total["n"] if total else 0

    def document_frequencies(self, words: Sequence[str], folded: bool) -> tuple[Counter[str], int]:
        """In how many documents each of `words` occurs (as written, or folded with `folded`), and
        how many documents the corpus has."""
        found: Counter[str] = Counter()
        if words:
            rows = self._rows(
                f"SELECT word, n FROM document_words WHERE folded = ? AND {_in('word', words)}",
                [int(folded), *words],
            )
            found.update({r["word"]: r["n"] for r in rows})
        total = self._one("SELECT n FROM corpus_counts WHERE name = 'documents'")
        return found, total["n"] if total else 0

    def vocabulary(self, folded: Sequence[str]) -> tuple[dict[str, Counter[str]], Counter[tuple[str, str]]]:
        """The spellings of the `folded` words with their counts, and the counts of the word pairs
        among those spellings: all that restoring diacritics to those words needs."""
        spellings: dict[str, Counter[str]] = {}
        if folded:
            for r in self._rows(
                f"SELECT folded, word, n FROM spellings WHERE {_in('folded', folded)}", folded
            ):
                spellings.setdefault(r["folded"], Counter())[r["word"]] = r["n"]
        forms = sorted({w for c in spellings.values() for w in c} | set(folded))
        pairs: Counter[tuple[str, str]] = Counter()
        if forms:
            among = f"{_in('word', forms)} AND {_in('follower', forms)}"
            sql = f"SELECT word, follower, n FROM word_pairs WHERE {among}"
            pairs.update({(r["word"], r["follower"]): r["n"] for r in self._rows(sql, [*forms, *forms])})
        return spellings, pairs


def _entry(row: Row, sha256: str | None = None) -> CatalogEntry:
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
        portal=tuple(meta.portal.items()),
    )
