"""A chunk text already in the index is never embedded again: its stored vector is reused."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kehoach.ingest.embed import E5Small
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import build_document, file_sha256, ingest
from kehoach.ingest.settings import load_settings
from tests.conftest import EXAMPLES

PLAN = EXAMPLES / "01_dakrong_2023_cong_tac_tre_em.txt"
QUERIES = ["tiêm chủng đầy đủ cho trẻ dưới 1 tuổi", "phòng chống đuối nước", "kinh phí thực hiện"]


class CountingE5(E5Small):
    """The real e5-small, counting the passages it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += texts
        return super().passages(texts)


def with_appendix(folder: Path) -> Path:
    """The plan again with one new closing paragraph: another document that repeats every other
    paragraph of the first."""
    folder.mkdir()
    copy = folder / "dakrong_ban_sua.txt"
    copy.write_text(
        PLAN.read_text(encoding="utf-8") + "\nPhụ lục: danh sách các xã đạt chuẩn phù hợp với trẻ em.\n",
        encoding="utf-8",
    )
    return copy


def _canonical(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Hits in an order that ties cannot change: chunks repeating one text score alike, and the
    approximate index returns them in any order, or either one at the cut-off."""
    last = hits[-1][1] if hits else 0.0
    kept = [h for h in hits if h[1] > last + 1e-4]
    return sorted(kept, key=lambda h: (-round(h[1], 4), h[0]))


def test_a_second_file_repeating_the_first_embeds_only_its_new_texts(tmp_path):
    copy = with_appendix(tmp_path / "b")
    settings = load_settings(home=tmp_path / "reused")
    first_texts = {c.embed_text for c in build_document(PLAN, settings, file_sha256(PLAN)).chunks}
    second = build_document(copy, settings, file_sha256(copy))
    new_texts = {c.embed_text for c in second.chunks} - first_texts
    assert 0 < len(new_texts) < len(second.chunks) / 4

    embedder = CountingE5()
    index = Index.open(settings, embedder)
    assert all(r.ok for r in ingest([PLAN], index, settings))
    embedder.embedded.clear()
    totals: list[int] = []
    [result] = ingest([copy], index, settings, on_chunks=lambda done, total: totals.append(total))
    assert result.status == "ingested" and result.chunks == len(second.chunks)
    chunk_texts = [t for t in embedder.embedded if t in new_texts]
    assert sorted(chunk_texts) == sorted(new_texts)  # each new text once, no old one
    assert len(embedder.embedded) == len(new_texts) + len(second.targets)
    assert set(totals) == {len(new_texts)}

    # The same file ingested alone embeds every text itself: dense search over it answers the same.
    alone_settings = load_settings(home=tmp_path / "alone")
    alone = Index.open(alone_settings, E5Small())
    assert all(r.ok for r in ingest([copy], alone, alone_settings))
    for query in QUERIES:
        reused = _canonical(index.dense_search(query, 8, doc_ids=[second.doc_id]))
        fresh = _canonical(alone.dense_search(query, 8, doc_ids=[second.doc_id]))
        assert reused and [cid for cid, _ in reused] == [cid for cid, _ in fresh]
        assert np.allclose([s for _, s in reused], [s for _, s in fresh], atol=1e-4)
    index.close()
    alone.close()
