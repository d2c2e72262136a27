"""The index against a real Chroma server (settings.chroma_url) instead of the embedded client."""

from __future__ import annotations

import pytest

from kehoach.ingest.index import Index
from kehoach.ingest.settings import Settings
from tests.servers import chroma_server
from tests.test_index import chunk_containing, full_plan, other_plan


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


@pytest.mark.slow
def test_add_and_dense_search_through_the_server(chroma_url, tmp_path):
    settings = Settings(home=tmp_path / "home", chroma_url=chroma_url)
    doc, other = full_plan(), other_plan()
    with Index.open(settings) as idx:
        idx.add(doc)
        idx.add(other)
        hits = idx.dense_search("trẻ em học bơi an toàn", 3)
        assert hits[0][0] == chunk_containing(idx, other.doc_id, "bơi")
        only_doc = idx.dense_search("trẻ em học bơi an toàn", 3, doc_ids=[doc.doc_id])
        assert only_doc and all(cid.startswith(doc.doc_id) for cid, _ in only_doc)
        assert idx.dense_search_targets("tiêm chủng vắc xin", 1)[0][0] == f"{doc.doc_id}:t0"
        idx.remove(other.doc_id)
        assert all(cid.startswith(doc.doc_id) for cid, _ in idx.dense_search("học bơi", 10))
    assert not (settings.home / "chroma").exists()
    # The vectors live in the server, in this corpus's own collections: a fresh home on the same
    # server finds none of them.
    with Index.open(Settings(home=tmp_path / "other-home", chroma_url=chroma_url)) as fresh:
        assert fresh.dense_search("tiêm chủng", 5) == []


@pytest.mark.slow
def test_two_corpora_on_one_server_never_touch_each_others_vectors(chroma_url, tmp_path):
    """Two homes on one Chroma server, even holding the same document (the same vector ids): a
    removal or a full vacuum in one leaves the other's vectors alone."""
    a, b = (Settings(home=tmp_path / name, chroma_url=chroma_url) for name in ("a", "b"))
    doc, other = full_plan(), other_plan()
    with Index.open(a) as ia, Index.open(b) as ib:
        ia.add(doc)
        ib.add(doc)
        ib.add(other)
        assert ia._collections["chunks"].name != ib._collections["chunks"].name
        ib.remove(doc.doc_id)
        assert ia.vacuum() == 0 and ib.vacuum() == 0
        stored = set(ia._collections["chunks"].get(include=[])["ids"])
        assert stored == {c.chunk_id for c in ia.document(doc.doc_id).chunks}
        assert all(cid.startswith(other.doc_id) for cid, _ in ib.dense_search("tiêm chủng", 10))
    with Index.open(a) as again:  # the corpus keeps its name, so its collections
        bullet = chunk_containing(again, doc.doc_id, "tiêm")
        assert again.dense_search("tiêm chủng vắc xin", 1)[0][0] == bullet
