"""The shared store: catalog, chunks, targets and lexical index in PostgreSQL, so several machines
(several `kehoach serve`, an ingest anywhere) work on one corpus.

The lexical index is a postings table of the same accented and folded terms SQLite's FTS5 holds
(`store.index_terms`), ranked by the BM25 that FTS5's `bm25()` computes (k1 = 1.2, b = 0.75, the
column weights of `store.LexicalQuery`), so both backends rank alike. Ingests take a PostgreSQL
advisory lock, which holds across machines.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg.rows import dict_row

from kehoach.errors import KehoachError
from kehoach.ingest.store import (
    CATALOG_SCHEMA,
    CORPUS_SCHEMA,
    KINDS,
    NEWEST_TABLE,
    STATS_SCHEMA,
    Hits,
    OnWait,
    SqlStore,
    term_counts,
    wait_or_refuse,
)

# FTS5's bm25 constants.
K1, B = 1.2, 0.75
# Advisory lock keys (any bigint; derived from a name so they do not collide with other software).
INGEST_KEY = int.from_bytes(hashlib.sha1(b"kehoach:ingest").digest()[:8], "big", signed=True)
SCHEMA_KEY = INGEST_KEY ^ 1

_ITEM_TABLES = {
    "chunks": """
        text TEXT NOT NULL,
        section TEXT NOT NULL,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        page INTEGER NOT NULL,
        header TEXT NOT NULL""",
    "targets": """
        data TEXT NOT NULL""",
}

SCHEMA = (
    CATALOG_SCHEMA
    + "".join(
        f"""
CREATE TABLE IF NOT EXISTS {kind} (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,{columns}
);
CREATE INDEX IF NOT EXISTS {kind}_doc ON {kind}(doc_id);
CREATE TABLE IF NOT EXISTS {kind}_lengths (
    rowid BIGINT PRIMARY KEY REFERENCES {kind}(rowid) ON DELETE CASCADE,
    length INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS {kind}_terms (
    rowid BIGINT NOT NULL REFERENCES {kind}(rowid) ON DELETE CASCADE,
    col SMALLINT NOT NULL,
    term TEXT NOT NULL,
    tf INTEGER NOT NULL,
    PRIMARY KEY (col, term, rowid)
);
CREATE INDEX IF NOT EXISTS {kind}_terms_row ON {kind}_terms(rowid);
"""
        for kind, columns in _ITEM_TABLES.items()
    )
    + "CREATE INDEX IF NOT EXISTS chunks_header ON chunks(header);\n"
    + STATS_SCHEMA
    + CORPUS_SCHEMA
)

# BM25 as FTS5 computes it: per query term (a column and a term), idf = ln((N - n + 0.5) / (n + 0.5))
# (at least 1e-6) over N items of which n hold it; f = column weight x occurrences; an item's
# length is its term count over both columns.
_BM25 = """
WITH q(col, term, weight) AS (SELECT * FROM unnest(%s::smallint[], %s::text[], %s::float8[])),
corpus AS (SELECT count(*)::float8 AS n, avg(length)::float8 AS avgdl FROM {kind}_lengths),
idf AS (
    SELECT q.col, q.term, q.weight,
           greatest(ln((corpus.n - count(p.rowid) + 0.5) / (count(p.rowid) + 0.5)), 1e-6) AS idf
    FROM q CROSS JOIN corpus JOIN {kind}_terms p ON p.col = q.col AND p.term = q.term
    GROUP BY q.col, q.term, q.weight, corpus.n
)
SELECT t.id, sum(
    idf.idf * (p.tf * idf.weight * ({k1} + 1))
    / (p.tf * idf.weight + {k1} * (1 - {b} + {b} * l.length / corpus.avgdl))
) AS score
FROM idf JOIN {kind}_terms p ON p.col = idf.col AND p.term = idf.term
JOIN {kind}_lengths l ON l.rowid = p.rowid
JOIN {kind} t ON t.rowid = p.rowid
CROSS JOIN corpus
WHERE TRUE {only}
GROUP BY t.rowid, t.id
ORDER BY score DESC, t.rowid
LIMIT %s
"""


def _connect(url: str) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(url, autocommit=True, row_factory=dict_row)
    except psycopg.Error as exc:
        raise KehoachError(f"Không kết nối được cơ sở dữ liệu PostgreSQL: {exc}") from exc


class PostgresStore(SqlStore):
    """A PostgreSQL database; each write is one transaction."""

    CONCAT = "string_agg"
    _conn: psycopg.Connection[Any]

    @classmethod
    def open(cls, url: str) -> PostgresStore:
        conn = _connect(url)
        try:
            # Made once (a role that may only read never needs to create); two processes creating
            # the tables at once would collide on PostgreSQL's catalog, hence the lock.
            made = conn.execute("SELECT to_regclass(%s) IS NOT NULL AS made", (NEWEST_TABLE,)).fetchone()
            if not (made and made["made"]):
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_KEY,))
                    conn.execute(SCHEMA)
            store = cls(conn)
            if store.corpus_id() is None:
                store.name_corpus()
        except psycopg.Error as exc:
            conn.close()
            raise KehoachError(f"Không tạo được lược đồ trong PostgreSQL: {exc}") from exc
        return store

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def _index_terms(self, kind: str, rowid: int, text: str) -> None:
        counts = term_counts(text)
        self._conn.execute(
            f"INSERT INTO {kind}_lengths (rowid, length) VALUES (%s, %s)", (rowid, sum(n for *_, n in counts))
        )
        with self._conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {kind}_terms (rowid, col, term, tf) VALUES (%s, %s, %s, %s)",
                [(rowid, col, term, n) for col, term, n in counts],
            )

    def texts_with_words(self, folded: Sequence[str], limit: int) -> list[str]:
        """Texts of at most `limit` chunks holding every word of `folded` (the postings keep no
        positions: the caller checks the order)."""
        wanted = sorted(set(folded))
        if not wanted:
            return []
        rows = self._conn.execute(
            "SELECT c.text FROM chunks c WHERE c.rowid IN (SELECT rowid FROM chunks_terms"
            " WHERE col = 1 AND term = ANY(%s) GROUP BY rowid HAVING count(*) = %s) LIMIT %s",
            (wanted, len(wanted), limit),
        ).fetchall()
        return [r["text"] for r in rows]

    def item_frequencies(
        self, kind: str, phrases: Sequence[tuple[int, str]]
    ) -> tuple[Counter[tuple[int, str]], int]:
        """From the postings, counted as `_BM25` counts them."""
        assert kind in KINDS
        found: Counter[tuple[int, str]] = Counter()
        if phrases:
            cols, terms = zip(*phrases, strict=True)
            rows = self._conn.execute(
                f"SELECT p.col, p.term, count(*) AS n FROM unnest(%s::smallint[], %s::text[]) AS q(col, term)"
                f" JOIN {kind}_terms p ON p.col = q.col AND p.term = q.term GROUP BY p.col, p.term",
                (list(cols), list(terms)),
            ).fetchall()
            found.update({(r["col"], r["term"]): r["n"] for r in rows})
        items = self._conn.execute(f"SELECT count(*) AS n FROM {kind}_lengths").fetchone()
        return found, items["n"] if items else 0

    def lexical(
        self, kind: str, query: str, k: int, doc_ids: Sequence[str] | None, common: float = 1.0
    ) -> Hits:
        """(id, bm25 score), best first."""
        assert kind in KINDS
        parsed = self._parsed(kind, query, common)
        if k <= 0 or parsed is None or (doc_ids is not None and not doc_ids):
            return []
        cols, terms, weights = zip(*parsed.phrases(), strict=True)
        params: list[Any] = [list(cols), list(terms), list(weights)]
        only = ""
        if doc_ids is not None:
            only = "AND t.doc_id = ANY(%s)"
            params.append(list(doc_ids))
        sql = _BM25.format(kind=kind, k1=K1, b=B, only=only)
        rows = self._conn.execute(sql, [*params, k]).fetchall()
        return [(r["id"], float(r["score"])) for r in rows]


@contextlib.contextmanager
def advisory_lock(url: str, wait: bool, on_wait: OnWait | None) -> Iterator[None]:
    """The corpus's ingest lock: a session advisory lock on its own connection, so it is released
    when the ingest ends or its process dies, wherever that process runs."""
    with _connect(url) as conn:
        got = conn.execute("SELECT pg_try_advisory_lock(%s) AS got", (INGEST_KEY,)).fetchone()
        if not (got and got["got"]):
            wait_or_refuse("cơ sở dữ liệu này", wait, on_wait)
            conn.execute("SELECT pg_advisory_lock(%s)", (INGEST_KEY,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (INGEST_KEY,))
