"""Hybrid retrieval: the acceptance searches, filters (explicit and named in the question), fusion."""

from __future__ import annotations

from pathlib import Path

import pytest

from kehoach.assistant.config import Boost
from kehoach.assistant.gate import year_mismatch
from kehoach.assistant.places import place_names, place_parts
from kehoach.assistant.query import analyze
from kehoach.assistant.restore import restore
from kehoach.assistant.retrieve import (
    Fusion,
    Where,
    fuse,
    lift,
    parse_where,
    rank,
    search,
    where_from_question,
)
from kehoach.assistant.sides import compared_sides
from kehoach.errors import KehoachError
from tests.catalog import entry


def _where(question):
    return where_from_question(analyze(question, CATALOG), CATALOG)


def _compared(question):
    return [s.where for s in compared_sides(analyze(question, CATALOG), CATALOG)]


VACCINATION = "tỷ lệ tiêm chủng đầy đủ trẻ dưới 1 tuổi"

CATALOG = [
    entry(doc_id="a", locality="thành phố Huế", number="183/KH-UBND", kind="Kế hoạch",
     year_from=2025, year_to=2025),
    entry(doc_id="b", locality="tỉnh Vĩnh Long", number="3456/QĐ-UBND", kind="Quyết định",
     year_from=2021, year_to=2030),
    entry(doc_id="c", locality="huyện Sơn Tây, tỉnh Quảng Ngãi", number="61/KH-UBND", kind="Kế hoạch",
     year_from=2025, year_to=2025),
]  # fmt: skip


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory, seeds_dir):
    """The five seeds alone: the acceptance searches are about them, and the example corpus holds
    three more vaccination bullets that would rightly compete for the top 3."""
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.pipeline import ingest
    from kehoach.ingest.settings import load_settings

    settings = load_settings(home=tmp_path_factory.mktemp("seeds-only"))
    index = Index.open(settings, get_embedder("e5-small"))
    assert all(r.ok for r in ingest([seeds_dir], index, settings))
    return index


def _seed_prefixes(hits) -> list[str]:
    return [Path(h.doc.source).name[:3] for h in hits]


@pytest.mark.parametrize("query", [VACCINATION, "ty le tiem chung day du tre duoi 1 tuoi"])
def test_vaccination_bullets_of_hue_and_vinh_long_rank_top_3(seeds_index, query):
    hits = search(seeds_index, query, k=3)
    prefixes = _seed_prefixes(hits)
    assert "000" in prefixes and "004" in prefixes, prefixes
    texts = [(prefix, hit.chunk.text) for prefix, hit in zip(prefixes, hits, strict=True)]
    assert any(p == "000" and "95%" in t for p, t in texts) and any(
        p == "004" and "97%" in t for p, t in texts
    )


def test_query_without_diacritics_gets_them_back_from_the_corpus(index):
    vocab = index.vocabulary("ty le tiem chung day du")
    assert restore("ty le tiem chung day du", *vocab).text == "tỷ lệ tiêm chủng đầy đủ"
    with_marks = [h.chunk.chunk_id for h in search(index, VACCINATION)]
    without = [h.chunk.chunk_id for h in search(index, "ty le tiem chung day du tre duoi 1 tuoi")]
    assert with_marks[:3] == without[:3]


def test_where_from_question_recognises_place_year_and_number_with_or_without_diacritics():
    assert _where("Chỉ tiêu tiêm chủng của Huế năm 2025?") == Where("hue", 2025)
    assert _where("chi tieu tiem chung cua Hue nam 2025") == Where("hue", 2025)
    assert _where("Kinh phí ở Vĩnh Long?").locality == "vinh long"
    assert _where("kế hoạch 183 giao việc gì?").number == "183/kh"
    assert _where("quyet dinh 3456 ban hanh khi nao").number == "3456/qd"
    assert _where("huyện Sơn Tây, tỉnh Quảng Ngãi").locality == "quang ngai"


def test_where_from_question_ignores_what_the_catalog_does_not_hold():
    assert not _where("chỉ tiêu năm 2019")
    assert not _where("kế hoạch của Đà Nẵng")
    assert not _where("kế hoạch 999")
    # A comparison names two places or two years: no such filter, or one side would vanish.
    assert _where("So sánh Huế và Vĩnh Long").locality is None
    assert _where("Vĩnh Long năm 2025 và năm 2030").year is None
    # A period or a date is not the year a plan is for.
    assert _where("giai đoạn 2021 – 2030").year is None
    assert _where("ngày 24/4/2025").year is None


def test_where_matches_catalog_entries():
    hue, vinh_long, son_tay = CATALOG
    assert Where(locality="Hue").matches(hue) and not Where(locality="Hue").matches(vinh_long)
    assert Where(year=2027).matches(vinh_long) and not Where(year=2027).matches(hue)
    assert Where(kind="quyet dinh").matches(vinh_long) and not Where(kind="quyết định").matches(son_tay)
    assert Where(number="61").matches(son_tay) and not Where(number="61/QĐ").matches(son_tay)


def test_parse_where():
    assert parse_where("locality=Huế, year=2025") == Where(locality="Huế", year=2025)
    assert parse_where("kind=Quyết định,number=3456") == Where(kind="Quyết định", number="3456")
    for bad in ("city=Huế", "year=abc", "locality"):
        with pytest.raises(KehoachError):
            parse_where(bad)


def test_explicit_where_filters_and_overrides_the_question(index):
    hits = search(index, VACCINATION, k=5, where=parse_where("locality=Vĩnh Long"))
    assert hits and all(h.doc.locality == "tỉnh Vĩnh Long" for h in hits)
    assert "97%" in hits[0].chunk.text
    named = search(index, "tỷ lệ tiêm chủng đầy đủ của Huế", k=10)
    assert "Huế" in named[0].doc.locality
    # What a question names re-ranks and never removes: other documents stay candidates.
    assert any("Huế" not in (h.doc.locality or "") for h in named)
    everything = search(index, "tỷ lệ tiêm chủng đầy đủ của Huế", k=10, where=Where())
    assert len({h.doc.doc_id for h in everything}) > 1
    assert search(index, VACCINATION, where=Where(locality="Đà Nẵng")) == []


def test_recognised_year_without_a_matching_plan_does_not_empty_results(index):
    hits = search(index, "tỷ lệ tiêm chủng đầy đủ năm 2019", k=5)
    assert len(hits) == 5


def test_search_json_has_the_design_keys(index):
    item = search(index, VACCINATION, k=1)[0].as_json()
    for key in ("doc_id", "source", "number", "locality", "year", "section", "text", "page", "score"):
        assert key in item


def test_rrf_rewards_agreement_and_weights_shift_the_order():
    ranked = {"dense": [("x", 0.9), ("y", 0.8)], "lexical": [("y", 12.0), ("z", 3.0)]}
    assert [i for i, _ in fuse(ranked, {"dense": 1, "lexical": 1})][0] == "y"
    dense_heavy = [i for i, _ in fuse(ranked, {"dense": 3, "lexical": 1})]
    assert dense_heavy.index("x") < dense_heavy.index("z")
    lexical_heavy = [i for i, _ in fuse(ranked, {"dense": 1, "lexical": 3})]
    assert lexical_heavy.index("z") < lexical_heavy.index("x")


def test_linear_fusion_normalises_scores_and_depth_cuts_candidates():
    ranked = {"dense": [("x", 0.90), ("y", 0.80)], "lexical": [("y", 30.0), ("x", 10.0)]}
    scores = dict(fuse(ranked, {"dense": 1, "lexical": 1}, "linear"))
    assert scores == {"x": 1.0, "y": 1.0}
    assert dict(fuse(ranked, {"dense": 0.7, "lexical": 0.3}, "linear"))["x"] == pytest.approx(0.7)
    assert [i for i, _ in rank(ranked, Fusion("rrf", 1, 1, depth=1))] == ["x", "y"]


def test_compared_sides_give_one_filter_per_place_year_or_number():
    places = _compared("So sánh chỉ tiêu tiêm chủng của Huế và Vinh Long")
    assert [w.locality for w in places] == ["hue", "vinh long"]
    # a year named once narrows every side; bare or parenthesised years set sides apart
    years = _compared("Huế (2025) và Vĩnh Long (2021) khác nhau thế nào?")
    assert [(w.locality, w.year) for w in years] == [("hue", 2025), ("vinh long", 2021)]
    numbers = _compared("Kế hoạch 183 và Quyết định 3456 khác nhau thế nào?")
    assert [w.number for w in numbers] == ["183/kh", "3456/qd"]
    # one side, a side no document matches, or sides finding the same plan are no comparison
    assert _compared("Tỷ lệ tiêm chủng của Huế năm 2025?") == []
    assert _compared("Huế năm 2025 và năm 2019") == []
    assert _compared("Vĩnh Long năm 2021 và năm 2025 khác nhau thế nào?") == []


def test_hits_carry_each_retrievers_own_score(index):
    hits = search(index, VACCINATION, k=3)
    dense = dict(index.dense_search(VACCINATION, 50))
    for hit in hits:
        assert set(hit.scores) <= {"dense", "lexical"} and hit.scores
        if "dense" in hit.scores:
            assert hit.scores["dense"] == pytest.approx(dense[hit.chunk.chunk_id], abs=1e-5)


def test_year_mismatch_only_for_one_named_year_outside_known_years():
    vinh_long = CATALOG[1]
    assert year_mismatch(analyze("Năm 2020 tỉnh Vĩnh Long có bao nhiêu trẻ em bị xâm hại?"), vinh_long, "")
    assert not year_mismatch(analyze("Chỉ tiêu của Vĩnh Long vào năm 2030?"), vinh_long, "")
    assert not year_mismatch(analyze("Chỉ tiêu giai đoạn 2016 - 2020 của Vĩnh Long?"), vinh_long, "")
    # A year typed without "năm" after the place is the plan's year all the same.
    assert year_mismatch(analyze("vĩnh long 2020 muốn giảm trẻ bị xâm hại còn bao nhiêu?"), vinh_long, "")
    assert not year_mismatch(analyze("vĩnh long 2030 muốn giảm trẻ bị xâm hại còn bao nhiêu?"), vinh_long, "")
    # Years unknown to the catalog: the document's own text decides.
    unknown = entry(locality="thành phố Hà Nội", year_from=None)
    assert not year_mismatch(analyze("Kế hoạch năm 2010?"), unknown, "ke hoach nam 2010 cua ha noi")
    assert year_mismatch(analyze("Kế hoạch năm 2010?"), unknown, "ke hoach nam 2012 cua ha noi")


def test_place_names_drop_the_level_and_keep_the_order():
    assert place_parts("huyện Sơn Tây,  tỉnh Quảng Ngãi") == [("huyen", "son tay"), ("tinh", "quang ngai")]
    assert place_names("thị xã Quảng Trị, tỉnh Quảng Trị") == ["quang tri", "quang tri"]
    assert place_names("xã Ea, thành phố Huế") == ["hue"]
    assert place_names(None) == []


def test_named_place_year_and_number_lift_matching_documents_and_unknown_ones_keep_their_score():
    boost = Boost(locality=0.2, year=0.1, number=0.4)
    asked = Where(locality="hue", year=2025, number="183/kh")
    hue, vinh_long = CATALOG[0], CATALOG[1]
    assert lift(asked, hue, "", boost) == pytest.approx(0.7)
    assert lift(asked, vinh_long, "", boost) == pytest.approx(0.1)  # only its 2021-2030 covers 2025
    unknown = entry(doc_id="u")
    assert lift(asked, unknown, "ke hoach cua thanh pho hue nam 2025", boost) == pytest.approx(0.2)
    assert lift(asked, unknown, "ke hoach cua tinh vinh long", boost) == 0.0
    # A known locality elsewhere is not overruled by a mention in the text.
    assert lift(Where(locality="hue"), vinh_long, "hoc tap kinh nghiem cua hue", boost) == 0.0


def test_a_date_named_lifts_the_document_issued_that_day_in_any_written_form():
    """ "ký ngày 4 tháng 10 năm 2021" names the plan issued 2021-10-04 as "04/10/2021" would; a
    date no document was issued on lifts nothing."""
    issued, other = entry("i", issued="2021-10-04"), entry("o", issued="2021-10-05")
    for question in ("Kế hoạch nào được ký ngày 04/10/2021?", "ke hoach nao ky ngay 4 thang 10 nam 2021"):
        prefer = where_from_question(analyze(question), [issued, other])
        assert prefer.issued == "2021-10-04"
        assert lift(prefer, issued, "", Boost()) == Boost().issued > lift(prefer, other, "", Boost()) == 0.0
    assert not where_from_question(analyze("Kế hoạch nào ký ngày 06/10/2021?"), [issued, other])
