"""The index against a real Chroma server (settings.chroma_url) instead of the embedded client."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kehoach.ingest.index import Index
from kehoach.ingest.settings import Settings
from tests.servers import free_port, stop
from tests.test_index import chunk_containing, full_plan, other_plan

CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    if not CHROMA.exists():
        pytest.skip(f"no chroma command at {CHROMA}")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("w")
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as resp:
                    assert "nanosecond heartbeat" in json.load(resp)
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma server did not start: {(data / 'server.log').read_text()[-2000:]}")
                time.sleep(0.3)
        yield url
    finally:
        stop(server)
        log.close()


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
