"""`kehoach ingest` killed with SIGKILL at random points: the index keeps only whole documents,
every committed chunk keeps its vector, and a re-run completes the rest without duplicates.

The kill points are random (set KEHOACH_CRASH_SEED to replay a failure): one at a random time from
the start (opening, reading, the first embeddings), one just after an embedding batch, one just after
a document was committed (reading or embedding the next).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from chromadb.api.client import SharedSystemClient

from kehoach.ingest.embed import get_embedder
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import build_document, file_sha256
from kehoach.ingest.settings import load_settings
from tests.conftest import EXAMPLES
from tests.test_pipeline import write_plan

QUERIES = ["tiêm chủng đầy đủ cho trẻ em", "xã phù hợp với trẻ em"]


class Ingest:
    """`kehoach ingest FOLDER` in a child process, its output lines collected as they come."""

    def __init__(self, home: Path, folder: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kehoach.assistant.cli", "--home", str(home), "ingest", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.started = time.monotonic()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line)

    def kill_after(self, marker: str | None, delay: float) -> bool:
        """SIGKILL `delay` s after the first line holding `marker` (or after the start); False when
        the run ended first."""
        while marker is not None and not any(marker in line for line in self.lines):
            if self.proc.poll() is not None:
                return False
            time.sleep(0.02)
        time.sleep(delay)
        if self.proc.poll() is not None:
            return False
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        return True


def corpus(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(EXAMPLES / "05_dong_ha_2025_thang_hanh_dong.md", folder)
    write_plan(folder / "a_cam_lo.txt", 11, 2025, 90, "Tỷ lệ trẻ em được tiêm chủng đầy đủ đạt trên 95%.")
    write_plan(folder / "b_gio_linh.txt", 12, 2026, 85, "Giảm tỷ lệ trẻ em đuối nước.", "Gio Linh")
    write_plan(folder / "c_vinh_linh.txt", 13, 2027, 80, "Không có trẻ em tảo hôn.", "Vĩnh Linh")
    return folder


def snapshot(home: Path) -> dict:
    """What the index shows now: each document's chunks and targets, the dense answers per
    document, and the vectors Chroma holds."""
    SharedSystemClient.clear_system_cache()  # another process wrote: no cached collection state
    with Index.open(load_settings(home=home), get_embedder("e5-small")) as index:
        docs = {d.doc_id: d for d in index.documents()}
        chunk_ids = {c.chunk_id for doc_id in docs for c in index.document(doc_id).chunks}
        vectors = set(index._collections["chunks"].get(include=[])["ids"])
        target_ids = set(index.target_ids())
        target_vectors = set(index._collections["targets"].get(include=[])["ids"])
        hits = [cid for q in QUERIES for cid, _ in index.dense_search(q, 10)]
        hits += [cid for q in QUERIES for cid, _ in index.lexical_search(q, 10)]
        answers = {d: [[cid for cid, _ in index.dense_search(q, 3, [d])] for q in QUERIES] for d in docs}
        return {
            "docs": {doc_id: (d.chunks, d.targets) for doc_id, d in docs.items()},
            "sources": sorted(s for d in docs.values() for s in d.sources),
            "chunks": chunk_ids,
            "vectors": vectors,
            "targets": target_ids,
            "target_vectors": target_vectors,
            "hits": hits,
            "answers": answers,
        }


@pytest.mark.slow
def test_ingest_killed_at_random_points_keeps_whole_documents_and_resumes(tmp_path):
    seed = int(os.environ.get("KEHOACH_CRASH_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    folder, home = corpus(tmp_path / "plans"), tmp_path / "home"
    settings = load_settings(home=home)
    whole = {}
    for path in sorted(folder.iterdir()):
        doc = build_document(path, settings, file_sha256(path))
        whole[doc.doc_id] = (len(doc.chunks), len(doc.targets))

    kills = [(None, rng.uniform(1.0, 6.0)), ("đang nhúng", rng.uniform(0.0, 0.4))]
    kills += [("ingested:", rng.uniform(0.0, 0.3))]
    seen: list[dict] = []
    for marker, delay in kills:
        if not Ingest(home, folder).kill_after(marker, delay):
            break  # this run finished before the kill point: nothing left to interrupt
        if not (home / "index.sqlite3").exists():
            continue
        now = snapshot(home)
        why = f"seed {seed}, killed {delay:.2f} s after {marker or 'the start'}"
        for doc_id, counts in now["docs"].items():
            assert counts == whole[doc_id], why  # no half document is visible
        assert now["chunks"] <= now["vectors"] and now["targets"] <= now["target_vectors"], why
        assert set(now["hits"]) <= now["chunks"], why  # uncommitted vectors never answer
        seen.append(now)

    final = Ingest(home, folder)
    assert final.proc.wait(timeout=300) == 0, "".join(final.lines)
    end = snapshot(home)
    assert end["docs"] == whole, f"seed {seed}"
    assert len(end["sources"]) == len(whole)
    # The re-run's vacuum removed what killed runs left uncommitted: one vector per chunk, no more.
    assert end["vectors"] == end["chunks"] and end["target_vectors"] == end["targets"], f"seed {seed}"
    assert sum(n for n, _ in whole.values()) == len(end["chunks"])
    for before in seen:  # documents complete before a kill answer as they did
        for doc_id, answers in before["answers"].items():
            assert end["answers"][doc_id] == answers, f"seed {seed}"
