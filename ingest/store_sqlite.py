"""The embedded store: one SQLite file in the home, with FTS5 as the lexical index.

A home that this process cannot write (a shared read-only copy, a mounted archive) is opened
read-only, so `ask`, `search` and `docs` still work there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kehoach.errors import KehoachError
from kehoach.ingest.store import (
    CATALOG_SCHEMA,
    COLUMNS,
    CORPUS_SCHEMA,
    KINDS,
    NEWEST_TABLE,
    STATS_SCHEMA,
    Hits,
    OnWait,
    SqlStore,
    index_terms,
    wait_or_refuse,
)

DB_NAME = "index.sqlite3"
LOCK_NAME = "ingest.lock"
# Seconds a connection waits for another's write transaction before giving up.
BUSY_TIMEOUT = 60.0
_TOKENIZE = "unicode61 remove_diacritics 0 tokenchars '_'"

SCHEMA = (
    CATALOG_SCHEMA
    + f"""
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
    + STATS_SCHEMA
    + CORPUS_SCHEMA
)
# The newest table a reader needs: an older home is read without the journal and the corpus name.
READ_TABLE = "word_pairs"


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether `name` exists (a home made by an earlier version lacks the newest tables), so a
    reader of a built index never asks for a write lock."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _quoted(term: str) -> str:
    return f'"{term}"'


def _writable(home: Path) -> bool:
    db = home / DB_NAME
    return os.access(home, os.W_OK) and (not db.exists() or os.access(db, os.W_OK))


def _connect_read_only(db: Path) -> sqlite3.Connection:
    """A read-only connection. WAL mode needs a -shm file beside the database; where it cannot be
    created (a read-only folder) the file is opened as immutable: nobody can be writing it."""
    uri = f"file:{quote(str(db))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(f"{uri}&immutable=1", uri=True, check_same_thread=False)
    return conn


class SqliteStore(SqlStore):
    """The home's SQLite database; writes run in `BEGIN IMMEDIATE` transactions."""

    _conn: sqlite3.Connection

    @classmethod
    def open(cls, home: Path) -> SqliteStore:
        db = home / DB_NAME
        read_only = home.is_dir() and db.is_file() and not _writable(home)
        try:
            if read_only:
                conn = _connect_read_only(db)
                if not _has_table(conn, READ_TABLE):
                    raise KehoachError(
                        f"Chỉ mục tại {home} do phiên bản cũ tạo và chỉ đọc được: hãy mở nó một lần"
                        " với quyền ghi (ví dụ: kehoach ingest) để cập nhật."
                    )
            else:
                home.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(
                    db, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT
                )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn)
            if not read_only and not _has_table(conn, NEWEST_TABLE):
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(SCHEMA)
                store.count_missing_stats()
            if not read_only and store.corpus_id() is None:
                store.name_corpus()
        except (OSError, sqlite3.Error) as exc:
            raise KehoachError(f"Không mở được chỉ mục tại {home}: {exc}") from exc
        return store

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise KehoachError(f"Chỉ mục đang được một tiến trình khác ghi, hãy thử lại sau: {exc}") from exc
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def corpus_id(self) -> str | None:
        if not _has_table(self._conn, "corpus_info"):  # a read-only home made by an earlier version
            return ""
        return super().corpus_id()

    def _index_terms(self, kind: str, rowid: int, text: str) -> None:
        exact, folded = index_terms(text)
        self._conn.execute(
            f"INSERT INTO {kind}_fts (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?)",
            (rowid, " ".join(exact), " ".join(folded)),
        )

    def texts_with_words(self, folded: Sequence[str], limit: int) -> list[str]:
        """Texts of at most `limit` chunks whose folded words hold `folded` in a row (an FTS5 phrase
        over the folded column, whose words come first in text order)."""
        if not folded:
            return []
        phrase = f"folded : {_quoted(' '.join(folded))}"
        sql = (
            "SELECT c.text FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid"
            " WHERE chunks_fts MATCH ? LIMIT ?"
        )
        return [r[0] for r in self._conn.execute(sql, (phrase, limit))]

    def item_frequencies(
        self, kind: str, phrases: Sequence[tuple[int, str]]
    ) -> tuple[Counter[tuple[int, str]], int]:
        """From FTS5's own vocabulary (a temporary `fts5vocab` table, so a read-only home works)."""
        assert kind in KINDS
        found: Counter[tuple[int, str]] = Counter()
        terms = sorted({term for _, term in phrases})
        if terms:
            vocab = f"{kind}_vocab"
            self._conn.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{vocab} USING fts5vocab(main, {kind}_fts, 'col')"
            )
            sql = f"SELECT term, col, doc FROM temp.{vocab} WHERE term IN ({','.join('?' * len(terms))})"
            column = {name: number for number, name in enumerate(COLUMNS)}
            found.update({(column[r[1]], r[0]): r[2] for r in self._conn.execute(sql, terms)})
        items = self._conn.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]
        return found, items

    def lexical(
        self, kind: str, query: str, k: int, doc_ids: Sequence[str] | None, common: float = 1.0
    ) -> Hits:
        """(id, -bm25), best first: FTS5 over quoted terms, so any user text is safe."""
        parsed = self._parsed(kind, query, common)
        if k <= 0 or parsed is None or (doc_ids is not None and not doc_ids):
            return []
        expr = " OR ".join(
            f"{column} : ({' OR '.join(map(_quoted, terms))})"
            for column, terms in zip(COLUMNS, (parsed.exact, parsed.folded), strict=True)
            if terms
        )
        w_exact, w_folded = parsed.weights
        rank = f"bm25({kind}_fts, {w_exact}, {w_folded})"
        sql = (
            f"SELECT t.id, {rank} FROM {kind}_fts JOIN {kind} t ON t.rowid = {kind}_fts.rowid"
            f" WHERE {kind}_fts MATCH ?"
        )
        params: list[Any] = [expr]
        if doc_ids is not None:
            sql += f" AND t.doc_id IN ({','.join('?' * len(doc_ids))})"
            params += list(doc_ids)
        rows = self._conn.execute(f"{sql} ORDER BY {rank} LIMIT ?", [*params, k])
        return [(r[0], -float(r[1])) for r in rows]


@contextlib.contextmanager
def file_lock(home: Path, wait: bool, on_wait: OnWait | None) -> Iterator[None]:
    """`<home>/ingest.lock`, held with flock for the ingest."""
    try:
        home.mkdir(parents=True, exist_ok=True)
        fh = (home / LOCK_NAME).open("a")
    except OSError as exc:
        raise KehoachError(f"Không tạo được khoá nạp tại {home}: {exc.strerror or exc}") from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            wait_or_refuse(f"thư mục này ({home})", wait, on_wait)
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
