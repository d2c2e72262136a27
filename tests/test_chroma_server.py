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
    # The vectors live in the server: a fresh home with the same server sees them, but they are not
    # committed in its catalog, so they stay invisible.
    with Index.open(Settings(home=tmp_path / "other-home", chroma_url=chroma_url)) as fresh:
        assert fresh.dense_search("tiêm chủng", 5) == []
