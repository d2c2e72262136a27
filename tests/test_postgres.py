"""Beyond one machine: the PostgreSQL store on a real server (Debian's package, started here), the
index tests of test_index.py run again on it, lexical ranking equal to SQLite's, and two `kehoach`
processes with different homes sharing one corpus through PostgreSQL and a `chroma run` server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from kehoach.assistant.config import DEFAULT
from kehoach.errors import KehoachError
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import build_document, file_sha256
from kehoach.ingest.settings import Settings
from kehoach.ingest.store import KINDS, Store, ingest_lock
from kehoach.ingest.store_sqlite import SqliteStore
from tests.conftest import EXAMPLES, REPO
from tests.servers import chroma_server, fresh_database, postgres_server
from tests.test_index import (  # noqa: F401 - collected again here, on PostgreSQL
    full_plan,
    index,
    other_plan,
    test_changed_content_replaces_the_old_document,
    test_corpus_statistics_follow_adds_replacements_and_removals,
    test_dense_search_with_real_e5_and_doc_filter,
    test_failed_embedding_leaves_the_previous_state,
    test_fts_syntax_alone_finds_nothing,
    test_fts_syntax_around_words_is_read_as_the_words,
    test_left_out_terms_follow_the_corpus,
    test_lexical_search_leaves_out_the_terms_most_chunks_hold,
    test_lexical_search_with_and_without_diacritics,
    test_persists_across_reopen,
    test_same_content_under_another_source_is_an_alias,
)

pytestmark = pytest.mark.slow
FILES = sorted(EXAMPLES.iterdir())


@pytest.fixture(scope="module")
def postgres():
    with postgres_server() as url:
        yield url


def database(server: str) -> str:
    return fresh_database(server, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def settings(tmp_path, postgres) -> Settings:
    """test_index.py's tests take their index from here: a fresh PostgreSQL database."""
    return Settings(home=tmp_path / "home", database_url=database(postgres))


@pytest.fixture(scope="module")
def both(postgres, tmp_path_factory):
    settings = Settings(home=tmp_path_factory.mktemp("both"), database_url=database(postgres))
    with Index.open(settings) as idx:
        idx.add(full_plan())
        idx.add(other_plan())
        yield idx


def _fill(store: Store) -> None:
    """The example corpus's rows, without vectors: the lexical index is all that is compared."""
    for path in FILES:
        doc = build_document(path, Settings(home=REPO), file_sha256(path))
        with store.transaction():
            store.insert(doc, doc.chunks, [f"{doc.doc_id}:t{n}" for n in range(len(doc.targets))])
            store.attach_source(doc.source, doc.doc_id, doc.sha256)


def _ranked(hits: list[tuple[str, float]]) -> list[tuple[float, str]]:
    """Scores best first with their items; items tied with the last score (which of them the limit
    keeps is the database's choice) only by score."""
    ranked = sorted((-round(score, 6), item) for item, score in hits)
    return [(score, item if not ranked or score != ranked[-1][0] else "") for score, item in ranked]


def test_postgres_ranks_every_eval_question_as_sqlite_does(postgres, tmp_path):
    from kehoach.ingest.store_postgres import PostgresStore

    sqlite, pg = SqliteStore.open(tmp_path), PostgresStore.open(database(postgres))
    _fill(sqlite)
    _fill(pg)
    assert pg.catalog() == sqlite.catalog()
    lines = (REPO / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines]
    one_doc = [sqlite.catalog()[0].doc_id]
    found = 0
    common = DEFAULT.retrieval.lexical_common
    for question in questions:
        for kind in KINDS:
            expected = sqlite.lexical(kind, question, 10, None)
            assert _ranked(pg.lexical(kind, question, 10, None)) == _ranked(expected), question
            found += bool(expected)
            rare = sqlite.lexical(kind, question, 10, None, common)
            assert _ranked(pg.lexical(kind, question, 10, None, common)) == _ranked(rare), question
        for cut in (1.0, common):
            only = pg.lexical("chunks", question, 5, one_doc, cut)
            assert _ranked(only) == _ranked(sqlite.lexical("chunks", question, 5, one_doc, cut)), question
    assert found > len(questions)  # the comparison is not between two empty lists
    sqlite.close()
    pg.close()


# --- two app processes, one corpus ---------------------------------------------------------------


@pytest.fixture(scope="module")
def shared(postgres, tmp_path_factory):
    """One corpus: a PostgreSQL database and a Chroma server; yields the environment to run with."""
    with chroma_server(tmp_path_factory.mktemp("chroma")) as chroma:
        yield {
            **os.environ,
            "KEHOACH_DATABASE_URL": database(postgres),
            "KEHOACH_CHROMA_URL": chroma,
            "HF_HUB_OFFLINE": "1",
        }


def kehoach(env: dict[str, str], home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kehoach.assistant.cli", "--home", str(home), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    return out + err


def test_an_ingest_in_one_process_is_seen_by_another(shared, tmp_path):
    finish(kehoach(shared, tmp_path / "a", "ingest", str(FILES[0])))
    elsewhere = tmp_path / "b"
    docs = json.loads(finish(kehoach(shared, elsewhere, "docs", "--json")))
    assert "62/KH-UBND" in [d["number"] for d in docs]
    hits = json.loads(finish(kehoach(shared, elsewhere, "search", "tiêm chủng đầy đủ", "-k", "3", "--json")))
    assert hits[0]["number"] == "62/KH-UBND" and "tiêm chủng" in hits[0]["text"]
    question = "Năm 2023 huyện Đakrông đặt chỉ tiêu tiêm chủng đầy đủ cho trẻ dưới 1 tuổi là bao nhiêu?"
    answer = json.loads(finish(kehoach(shared, elsewhere, "ask", question, "--json")))
    assert answer["supported"] and "90%" in answer["answer"]
    assert {c["number"] for c in answer["citations"]} == {"62/KH-UBND"}
    assert not (elsewhere / "index.sqlite3").exists() and not (elsewhere / "chroma").exists()


def test_ingest_no_wait_refuses_a_database_that_another_home_is_ingesting(postgres, tmp_path):
    url = database(postgres)
    with ingest_lock(Settings(home=tmp_path / "a", database_url=url)):
        env = {**os.environ, "KEHOACH_DATABASE_URL": url}
        proc = kehoach(env, tmp_path / "b", "ingest", "--no-wait", str(FILES[0]))
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert "đang có một tiến trình nạp khác vào cơ sở dữ liệu này" in err and "Traceback" not in err


def test_web_removal_waits_for_an_ingest_from_another_home(postgres, tmp_path):
    """The web app locks the shared database, not its own home: an ingest from another machine
    (another home) makes a removal without waiting refuse, and the document stays."""
    from kehoach.assistant.web_service import Service

    url = database(postgres)
    service = Service(Settings(home=tmp_path / "web", database_url=url))
    (result,) = service.ingest_uploads([(FILES[0].name, FILES[0])])
    assert result.ok
    doc_id = service.documents()[0].doc_id
    other = Settings(home=tmp_path / "other", database_url=url)
    with ingest_lock(other), pytest.raises(KehoachError, match="đang có một tiến trình nạp khác"):
        service.remove(doc_id)
    assert [d.doc_id for d in service.documents()] == [doc_id]
    service.close()


def test_an_evaluation_corpus_never_enters_the_shared_database(postgres, tmp_path, monkeypatch):
    from kehoach.assistant.evaluate import open_corpus_index

    url = database(postgres)
    monkeypatch.setenv("KEHOACH_DATABASE_URL", url)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(full_plan().text, encoding="utf-8")
    with open_corpus_index(corpus, tmp_path / "eval-home", "e5-small") as local:
        assert len(local.documents()) == 1
    with Index.open(Settings(home=tmp_path / "shared", database_url=url)) as shared_index:
        assert shared_index.documents() == []


def _new_chunks(output: str) -> int:
    return int(re.search(r"(\d+) đoạn mới", output).group(1))  # type: ignore[union-attr]


def test_concurrent_ingests_of_overlapping_folders_lose_nothing(shared, tmp_path):
    settings = Settings(
        home=tmp_path / "check",
        database_url=shared["KEHOACH_DATABASE_URL"],
        chroma_url=shared["KEHOACH_CHROMA_URL"],
    )
    with Index.open(settings) as idx:
        before = len(idx.store.committed("chunks"))
    first, second = FILES[:3], FILES[2:]  # both hold the third file
    runs = [
        kehoach(shared, tmp_path / name, "ingest", *map(str, files))
        for name, files in [("a", first), ("b", second)]
    ]
    outputs = [finish(proc) for proc in runs]
    # The homes differ, so only the database's advisory lock can have made one wait for the other.
    assert any("đang có một tiến trình nạp khác vào cơ sở dữ liệu này" in out for out in outputs)
    with Index.open(settings) as idx:
        assert {d.number for d in idx.documents()} >= {
            "62/KH-UBND",
            "71/KH-UBND",
            "09/KH-UBND",
            "415/QĐ-UBND",
        }
        assert len(idx.documents()) == len(FILES)
        for kind in KINDS:
            committed = idx.store.committed(kind)
            vectors = idx._collections[kind]
            assert sorted(vectors.get(ids=sorted(committed), include=[])["ids"]) == sorted(committed), kind
            assert vectors.count() == len(committed), kind  # no orphan, no duplicate
        assert len(idx.store.committed("chunks")) == before + sum(map(_new_chunks, outputs))
    again = finish(kehoach(shared, tmp_path / "c", "ingest", *map(str, FILES)))
    assert again.count("unchanged") == len(FILES) and _new_chunks(again) == 0
