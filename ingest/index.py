"""The one owner of persistence: a Store (catalog, chunks, targets, lexical index; SQLite or
PostgreSQL, see store.py) and Chroma vectors.

The store is the source of truth. An `add` journals the vector ids it will write (committed in the
store first), upserts the vectors, then commits every row of the document and clears its journal in
one transaction; searches only return ids whose rows are committed, so the vectors of an
interrupted add are invisible until `recover` deletes the journalled ones (`vacuum` compares every
stored vector, on demand).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from kehoach.errors import KehoachError
from kehoach.ingest.chunk import chunk_document
from kehoach.ingest.embed import Embedder, get_embedder
from kehoach.ingest.records import CatalogEntry, Chunk, Document, Target
from kehoach.ingest.settings import Settings
from kehoach.ingest.store import KINDS, Store, ingest_lock, open_store, target_text
from kehoach.ingest.vietnamese import fold, words

__all__ = ["Index", "ingest_lock", "PROGRESS_STEP"]

CHROMA_DIR = "chroma"
UPSERT_BATCH = 1000
PROGRESS_STEP = 32


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


def _readable_chroma(home: Path) -> Path:
    """The home's Chroma folder, or a private copy of it when this process may not write it:
    Chroma's client writes its database on opening ("attempt to write a readonly database"), so a
    read-only home (a shared copy, a mounted archive) is searched through a copy in the temporary
    folder, deleted when the process exits."""
    path = home / CHROMA_DIR
    if not path.is_dir() or all(os.access(p, os.W_OK) for p in (path, path / "chroma.sqlite3") if p.exists()):
        return path
    copy = Path(tempfile.mkdtemp(prefix="kehoach-chroma-"))
    atexit.register(shutil.rmtree, copy, True)
    shutil.copytree(path, copy / CHROMA_DIR, copy_function=shutil.copyfile)
    for folder, _, _ in os.walk(copy):  # copytree keeps the folders' read-only modes
        os.chmod(folder, 0o700)
    return copy / CHROMA_DIR


class Index:
    """Catalog, chunks, targets and their lexical and dense indexes of one corpus."""

    def __init__(self, settings: Settings, store: Store, embedder: Embedder | None) -> None:
        self.settings = settings
        self.store = store
        self._embedder = embedder
        self._catalog: tuple[int, list[CatalogEntry]] | None = None

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None) -> Index:
        return cls(settings, open_store(settings), embedder)

    def close(self) -> None:
        self.store.close()

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
                path=str(_readable_chroma(self.settings.home)), settings=chroma_settings
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
        # The corpus's name keeps two corpora on one Chroma server apart ("" for an older corpus).
        suffix = "-".join(filter(None, (collection_slug(self.embedder_name), self.store.corpus_id())))
        try:
            client = self._chroma_client()
            return {
                kind: client.get_or_create_collection(
                    f"{kind}-{suffix}", embedding_function=ef, configuration={"hnsw": {"space": "cosine"}}
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

    def _delete_ids(self, kind: str, ids: Sequence[str]) -> None:
        for i in range(0, len(ids), UPSERT_BATCH):
            self._collections[kind].delete(ids=list(ids[i : i + UPSERT_BATCH]))

    def _delete_uncommitted(self, ids_by_kind: dict[str, list[str]]) -> int:
        """Delete the vectors of `ids_by_kind` that no committed row holds: a failed add cleans up
        what it wrote and never a vector that a committed document (maybe another process's) needs."""
        removed = 0
        for kind, ids in ids_by_kind.items():
            committed = self.store.committed(kind, ids)
            orphans = [i for i in ids if i not in committed]
            self._delete_ids(kind, orphans)
            removed += len(orphans)
        return removed

    def _delete_vectors(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            for col in self._collections.values():
                col.delete(where={"doc_id": {"$in": list(doc_ids)}})

    def recover(self) -> int:
        """Delete the vectors of journalled adds that never committed (a killed or failed ingest);
        returns how many were deleted. Only a writer holding the ingest lock may call it: another
        writer's add in progress is journalled too."""
        pending = self.store.pending()
        if not pending:
            return 0
        ids_by_kind: dict[str, list[str]] = {kind: [] for kind in KINDS}
        for kind, vector_id, _ in pending:
            ids_by_kind[kind].append(vector_id)
        removed = self._delete_uncommitted(ids_by_kind)
        with self.store.transaction():
            self.store.settle(sorted({doc_id for *_, doc_id in pending}))
        return removed

    def vacuum(self) -> int:
        """`recover`, then delete every stored vector whose rows were never committed, whoever left
        it (a full scan of the collections: on demand, not on every ingest); returns how many."""
        removed = self.recover()
        for kind, col in self._collections.items():
            committed = self.store.committed(kind)
            stored: list[str] = []
            while batch := col.get(include=[], limit=UPSERT_BATCH, offset=len(stored))["ids"]:
                stored += batch
            orphans = [i for i in stored if i not in committed]
            self._delete_ids(kind, orphans)
            removed += len(orphans)
        return removed

    # --- writing ---------------------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        return self.store.has(doc_id)

    def add(self, doc: Document, on_progress: Callable[[int, int], None] | None = None) -> None:
        """Store `doc` atomically: replaces the document its source held, or records an alias.

        `on_progress(done, total)` is called as chunks are embedded, the slow step."""
        if self.has(doc.doc_id):
            with self.store.transaction():
                dropped = self.store.attach_source(doc.source, doc.doc_id, doc.sha256)
            self._delete_vectors(dropped)
            return
        chunks = doc.chunks or chunk_document(doc)
        target_ids = [f"{doc.doc_id}:t{n}" for n in range(len(doc.targets))]
        chunk_vectors = self._embed([c.embed_text for c in chunks], on_progress)
        target_vectors = self._embed([target_text(t) for t in doc.targets], None)
        written = {"chunks": [c.chunk_id for c in chunks], "targets": target_ids}
        with self.store.transaction():
            self.store.journal(doc.doc_id, written)
        try:
            self._upsert("chunks", written["chunks"], chunk_vectors, doc.doc_id)
            self._upsert("targets", target_ids, target_vectors, doc.doc_id)
            with self.store.transaction():
                self.store.insert(doc, chunks, target_ids)
                dropped = self.store.attach_source(doc.source, doc.doc_id, doc.sha256)
                self.store.settle([doc.doc_id])
        except BaseException:
            with contextlib.suppress(Exception):
                self._delete_uncommitted(written)
                with self.store.transaction():
                    self.store.settle([doc.doc_id])
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
            for cid, head, body in self.store.chunks_with(heads, bodies):
                embedded = Chunk(cid, "", body, "", 0, 0, 0, head).embed_text
                if embedded in batch:
                    ids.setdefault(embedded, cid)
        if not ids:
            return {}
        got = self._collections["chunks"].get(ids=list(ids.values()), include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
        return {t: np.asarray(by_id[cid], dtype=np.float32) for t, cid in ids.items() if cid in by_id}

    def remove(self, doc_id: str) -> None:
        if not self.has(doc_id):
            raise KehoachError(f"Không có văn bản {doc_id} trong chỉ mục.")
        with self.store.transaction():
            self.store.delete(doc_id)
        self._delete_vectors([doc_id])

    # --- the catalog -----------------------------------------------------------------------------

    def documents(self) -> list[CatalogEntry]:
        """The catalog, read again only when the store says it changed (any process's commit or
        removal counts a new generation): every search filters on it."""
        generation = self.store.generation()
        if self._catalog is None or self._catalog[0] != generation:
            self._catalog = (generation, self.store.catalog())
        return list(self._catalog[1])

    def entry(self, doc_id: str) -> CatalogEntry:
        found = [e for e in self.documents() if e.doc_id == doc_id]
        if not found:
            raise KehoachError(f"Không có văn bản {doc_id} trong chỉ mục.")
        return found[0]

    def find_by_sha(self, sha256: str) -> str | None:
        return self.store.find_by_sha(sha256)

    def find_by_source(self, source: str) -> CatalogEntry | None:
        """The catalog entry `source` points at; its `sha256` is that of the bytes stored for `source`
        (an alias may differ from the primary file), so a caller can tell whether the file changed."""
        found = self.store.catalog(source)
        return found[0] if found else None

    def text(self, doc_id: str) -> str:
        return self.store.text(doc_id)

    def document(self, doc_id: str) -> Document:
        return self.store.document(doc_id)

    def chunks(self, ids: Sequence[str]) -> list[Chunk]:
        """The stored chunks of `ids`, in the order given; unknown ids are skipped."""
        return self.store.chunks(ids)

    def targets(self, doc_ids: Sequence[str] | None = None) -> list[Target]:
        return [t for _, t in self.store.targets(doc_ids)]

    def target_ids(self, doc_ids: Sequence[str] | None = None) -> list[str]:
        """Ids ("DOC_ID:tN") in the same order as `targets(doc_ids)`."""
        return [i for i, _ in self.store.targets(doc_ids)]

    def targets_by_doc(self, doc_ids: Sequence[str] | None = None) -> dict[str, Target]:
        """The stored targets of `doc_ids` (all when None) by id, in stored order: one read."""
        return dict(self.store.targets(doc_ids))

    def generation(self) -> int:
        """A number that changes with every commit or removal, by any process: what a cache of
        anything read from the corpus is keyed by."""
        return self.store.generation()

    def targets_by_id(self, ids: Sequence[str]) -> list[Target]:
        """The stored targets of `ids`, in the order given; unknown ids are skipped."""
        return [t for _, t in self.store.targets(ids=ids)]

    # --- corpus statistics, counted at ingest ------------------------------------------------------

    def sentence_frequencies(self, terms: Sequence[str]) -> tuple[Counter[str], int]:
        """In how many sentences each folded term occurs, and how many sentences the corpus has."""
        return self.store.sentence_frequencies(sorted(set(terms)))

    def document_frequencies(self, words: Sequence[str], folded: bool) -> tuple[Counter[str], int]:
        """In how many documents each word occurs (as written, or folded), and how many there are."""
        return self.store.document_frequencies(sorted(set(words)), folded)

    def texts_with_phrase(self, phrase: str, limit: int) -> list[str]:
        """Texts of at most `limit` chunks that may hold `phrase` (its folded words, all present;
        in a row where the store can tell): the few a caller checks instead of every document."""
        return self.store.texts_with_words([fold(w) for w in words(phrase)], limit)

    def vocabulary(self, text: str) -> tuple[dict[str, Counter[str]], Counter[tuple[str, str]]]:
        """The corpus's spellings of the words of `text` and the counts of the word pairs among them."""
        return self.store.vocabulary(sorted({fold(w) for w in words(text)}))

    # --- search ----------------------------------------------------------------------------------

    def _dense(self, kind: str, query: str, k: int, doc_ids: Sequence[str] | None) -> list[tuple[str, float]]:
        if k <= 0 or not query.strip() or (doc_ids is not None and not doc_ids):
            return []
        vector = self.embedder.query(query)
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        # No count() first: it costs as much as the query on a large collection, and a query asking
        # for more than a collection holds gets what there is.
        res = self._collections[kind].query(
            query_embeddings=[vector],
            n_results=2 * k + 10,
            where=where,
            include=["distances"],
        )
        ids, distances = res["ids"][0], res["distances"][0]
        committed = self.store.committed(kind, ids)
        hits = [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True) if i in committed]
        return hits[:k]

    def dense_search(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity), best first."""
        return self._dense("chunks", query, k, doc_ids)

    def lexical_search(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None, common: float = 1.0
    ) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score), best first; works with and without diacritics. Query terms that
        more than a `common` share of the chunks hold are left out (store.LexicalQuery)."""
        return self.store.lexical("chunks", query, k, doc_ids, common)

    def dense_search_targets(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        return self._dense("targets", query, k, doc_ids)

    def lexical_search_targets(
        self, query: str, k: int, doc_ids: Sequence[str] | None = None, common: float = 1.0
    ) -> list[tuple[str, float]]:
        return self.store.lexical("targets", query, k, doc_ids, common)
