"""Header metadata and section tree on the real seed plans (after cleaning) and on small synthetic
documents that exercise one rule each."""

from __future__ import annotations

import unicodedata

import pytest

from kehoach.ingest.clean import clean
from kehoach.ingest.parse import parse, parse_meta, parse_sections
from kehoach.ingest.records import PagedText, Region, Section
from kehoach.ingest.vietnamese import fold


@pytest.fixture(scope="module")
def parsed(seed):
    cache: dict[str, tuple] = {}

    def get(prefix: str):
        if prefix not in cache:
            body = clean(PagedText(text=seed(prefix).read_text(encoding="utf-8")))
            meta, sections = parse(body)
            cache[prefix] = (body, meta, sections)
        return cache[prefix]

    return get


def strip_marks(text: str) -> str:
    """The text as typed without diacritics, case kept."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


def by_label(sections: list[Section]) -> dict[str, Section]:
    return {s.label: s for s in sections}


def section_at(sections: list[Section], offset: int) -> Section:
    inside = [s for s in sections if s.start <= offset < s.end]
    return max(inside, key=lambda s: s.level)


# ---------------------------------------------------------------- seeds: metadata


def test_seed_000_meta(parsed):
    _, meta, _ = parsed("000")
    assert meta.number == "183/KH-UBND"
    assert meta.kind == "Kế hoạch"
    assert meta.issuer == "UBND thành phố Huế"
    assert meta.locality == "thành phố Huế"
    assert meta.level == "tỉnh"
    assert meta.issued == "2025-04-24"
    assert (meta.year_from, meta.year_to, meta.years) == (2025, 2025, "2025")
    assert meta.title == "THỰC HIỆN CÔNG TÁC BẢO VỆ, CHĂM SÓC TRẺ EM TRÊN ĐỊA BÀN THÀNH PHỐ HUẾ NĂM 2025"
    assert meta.signer == "Nguyễn Chí Tài"
    assert "Nghị quyết số 07/2021/NQ-HĐND ngày 26/4/2021" in meta.bases
    assert "Quyết định số 3300/QĐ-UBND ngày 23/12/2024" in meta.bases


def test_seed_001_meta_takes_locality_from_title_and_province_from_preamble(parsed):
    _, meta, _ = parsed("001")
    assert meta.number == "166/KH-UBND"
    assert meta.kind == "Kế hoạch"
    assert meta.issuer == "UBND huyện Văn Lãng"
    assert meta.locality == "huyện Văn Lãng, tỉnh Lạng Sơn"
    assert meta.level == "huyện"
    assert meta.issued == "2023-04-19"
    assert (meta.year_from, meta.year_to) == (2023, 2023)
    assert meta.signer == "Bé Thị Vãn"
    assert meta.bases == ["Kế hoạch số 63/KH-SLĐTBOXH ngày 03/4/2023"]


def test_seed_002_meta_has_no_plan_year_and_its_signer_comes_from_the_portal_block(parsed):
    _, meta, _ = parsed("002")
    assert meta.number == "56/KH-UBND"
    assert meta.kind == "Kế hoạch"
    assert meta.issuer == "UBND thành phố Hà Nội"
    assert meta.locality == "thành phố Hà Nội"
    assert meta.level == "tỉnh"
    assert meta.issued == "2010-04-21"
    # The title's 2009 is the date of the Chỉ thị it implements, not the plan's year.
    assert "2009" in meta.title
    assert (meta.year_from, meta.year_to, meta.years) == (None, None, None)
    # The page prints no signature; the portal's metadata block ("Người ký ...") names him.
    assert meta.signer == "Đào Văn Bình"
    assert "Chỉ thị số 1408/CT-TTg ngày 01/9/2009" in meta.bases


def test_seed_003_meta_names_the_district_from_the_place_line(parsed):
    _, meta, _ = parsed("003")
    assert meta.number == "61/KH-UBND"
    assert meta.kind == "Kế hoạch"
    assert meta.issuer == "UBND huyện Sơn Tây"
    assert meta.locality == "huyện Sơn Tây, tỉnh Quảng Ngãi"
    assert meta.level == "huyện"
    assert meta.issued == "2025-04-04"
    assert (meta.year_from, meta.year_to) == (2025, 2025)
    assert meta.title == "Triển khai thực hiện công tác trẻ em trên địa bàn huyện năm 2025"
    assert meta.signer == "Đinh Trường Giang"
    assert "Kế hoạch số 65/UBND ngày 31/3/2025" in meta.bases


def test_seed_004_decision_meta(parsed):
    _, meta, _ = parsed("004")
    assert meta.number == "3456/QĐ-UBND"
    assert meta.kind == "Quyết định"
    assert meta.issuer == "UBND tỉnh Vĩnh Long"
    assert meta.locality == "tỉnh Vĩnh Long"
    assert meta.level == "tỉnh"
    assert meta.issued is None  # the only date, "3456/12/2021", does not exist
    assert (meta.year_from, meta.year_to, meta.years) == (2021, 2030, "2021–2030")
    assert meta.signer is None
    assert "Quyết định số 23/QĐ-TTg ngày 07/01/2021" in meta.bases
    assert not any("154/TTr" in basis for basis in meta.bases), "a proposal considered is not a basis"
    assert "Nghị định số 56/2017/NĐ-CP ngày 09/5/2017" in meta.bases


# ---------------------------------------------------------------- seeds: sections


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_sections_are_ordered_nested_and_non_empty(parsed, prefix):
    body, _, sections = parsed(prefix)
    assert sections[0].path == ("Mở đầu",)
    starts = [(s.start, s.level) for s in sections]
    assert starts == sorted(starts)
    for sec in sections:
        assert 0 <= sec.start < sec.end <= len(body.text)
        if sec.level > 1:
            parent = next(s for s in sections if s.path == sec.path[:-1])
            assert parent.start < sec.start and sec.end <= parent.end
    labels = {s.path for s in sections}
    if any(r.kind == "recipients" for r in body.regions):
        assert ("Nơi nhận",) in labels
    if any(r.kind == "signature" for r in body.regions):
        assert ("Chữ ký",) in labels


def test_seed_000_sections(parsed):
    body, _, sections = parsed("000")
    named = by_label(sections)
    target = "I. MỤC TIÊU > 2. Mục tiêu cụ thể > 2.2. Mục tiêu về bảo vệ trẻ em"
    assert target in named
    assert "I. MỤC TIÊU > 1. Mục tiêu chung" in named
    assert "IV. TỔ CHỨC THỰC HIỆN > 1. Sở Y tế" in named
    assert "IV. TỔ CHỨC THỰC HIỆN > 9. Sở Xây dựng" in named
    tasks = "II. NHIỆM VỤ VÀ GIẢI PHÁP > 3. Thực hiện đồng bộ các nhiệm vụ, giải pháp"
    assert [label[len(tasks) + 3 : len(tasks) + 5] for label in named if label.startswith(tasks + " > ")] == [
        "a)",
        "b)",
        "c)",
        "d)",
        "đ)",
        "e)",
    ]
    vaccine = body.text.index("Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin")
    holder = section_at(sections, vaccine)
    assert holder.path[:2] == ("I. MỤC TIÊU", "2. Mục tiêu cụ thể")
    assert holder.path[2].startswith("2.1. ")


def test_seed_001_long_numbered_paragraph_is_cut_on_a_word(parsed):
    _, _, sections = parsed("001")
    first = next(s for s in sections if s.path[0] == "II. MỤC TIÊU CỤ THỂ" and s.level == 2)
    label = first.path[1]
    assert label.startswith("1. 100% trẻ em có hoàn cảnh đặc biệt")
    assert label.endswith("…") and len(label) <= 62
    assert label[:-1] == label[:-1].rstrip(" ,")
    # Twelve numbered targets under II, none lost to a page break or a percentage.
    assert sum(1 for s in sections if s.path[0] == "II. MỤC TIÊU CỤ THỂ" and s.level == 2) == 12


def test_seed_002_letters_nest_under_numbers(parsed):
    _, _, sections = parsed("002")
    letters = [s for s in sections if s.path[0] == "III. TỔ CHỨC THỰC HIỆN" and s.level == 3]
    assert [s.path[2][:2] for s in letters] == ["a)", "b)", "c)"]
    assert all(s.path[1].startswith("1. Sở Lao động") for s in letters)


def test_seed_003_headings_behind_markdown_markers(parsed):
    _, _, sections = parsed("003")
    named = by_label(sections)
    assert "III. KINH PHÍ" in named
    assert "IV. TỔ CHỨC THỰC HIỆN" in named
    assert "I. MỤC ĐÍCH, YÊU CẦU > 1. Mục đích" in named
    assert "V. CHẾ ĐỘ BÁO CÁO" in named


def test_seed_004_articles_attached_plan_and_numbered_targets(parsed):
    _, _, sections = parsed("004")
    named = by_label(sections)
    assert [s.path for s in sections if s.path[0].startswith("Điều")] == [
        ("Điều 1",),
        ("Điều 2",),
        ("Điều 3",),
    ]
    attached = next(s for s in sections if s.path[0].startswith("KẾ HOẠCH"))
    assert "GIAI ĐOẠN 2021 – 2030" in attached.path[0]
    assert attached.start > named["Điều 3"].start
    assert "IV. TỔ CHỨC THỰC HIỆN > 5. Sở Y tế" in named
    groups = {"a) Mục tiêu 1": range(1, 8), "b) Mục tiêu 2": range(8, 15)}
    groups |= {"c) Mục tiêu 3": range(15, 22), "d) Mục tiêu 4": range(22, 25)}
    targets = [s for s in sections if s.path[-1].startswith("Chỉ tiêu ")]
    assert [s.path[-1] for s in targets] == [f"Chỉ tiêu {n}" for n in range(1, 25)]
    for sec in targets:
        assert sec.path[:2] == ("I. MỤC TIÊU", "2. Mục tiêu cụ thể")
        goal = next(g for g in groups if sec.path[2].startswith(g))
        assert int(sec.path[3].split()[-1]) in groups[goal]
    assert named["I. MỤC TIÊU > 2. Mục tiêu cụ thể"].path[-1] == "2. Mục tiêu cụ thể"
    first_goal = targets[0].path[2]
    assert first_goal.startswith("a) Mục tiêu 1: Về phát triển toàn diện trẻ em")


# ---------------------------------------------------------------- synthetic documents

COMMUNE = """ỦY BAN NHÂN DÂN
XÃ AN PHÚ
-------
Số: 12 /KH-UBND
An Phú, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện công tác trẻ em năm 2026

Thực hiện Kế hoạch số 45/KH-UBND ngày 10/01/2026 của UBND tỉnh Đắk Lắk; UBND xã ban hành Kế hoạch:

I. MỤC TIÊU
1. Mục tiêu chung: Bảo đảm các quyền của trẻ em được thực hiện đầy đủ trên địa bàn xã.
2. Mục tiêu cụ thể
- Chỉ tiêu 1: 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.
- Chỉ tiêu 2: Giảm tỷ lệ trẻ em suy dinh dưỡng xuống dưới 10%.
II. TỔ CHỨC THỰC HIỆN
1. Công chức Văn hóa - Xã hội
Tổ chức Tháng hành động vì trẻ em từ ngày
1. ngày 01/6 đến ngày 30/6 như mọi năm, theo Điều 3 của Luật Trẻ em.
2. Trạm Y tế xã
Theo dõi tiêm chủng, thực hiện trong năm
2026 của xã.
7. Đây là một đoạn văn bị đánh số sai thứ tự.
w) Chữ w không có trong bảng chữ cái tiếng Việt.
"""


def test_commune_plan_meta():
    meta, sections = parse(PagedText(text=COMMUNE))
    assert meta.number == "12/KH-UBND"
    assert meta.kind == "Kế hoạch"
    assert meta.issuer == "UBND xã An Phú"
    assert meta.locality == "xã An Phú, tỉnh Đắk Lắk"
    assert meta.level == "xã"
    assert meta.issued == "2026-03-05"
    assert (meta.year_from, meta.year_to) == (2026, 2026)
    assert meta.title == "Thực hiện công tác trẻ em năm 2026"
    assert meta.bases == ["Kế hoạch số 45/KH-UBND ngày 10/01/2026"]
    assert meta.signer is None


def test_commune_plan_sections_reject_false_headings():
    sections = parse_sections(COMMUNE)
    assert [s.label for s in sections] == [
        "Mở đầu",
        "I. MỤC TIÊU",
        "I. MỤC TIÊU > 1. Mục tiêu chung",
        "I. MỤC TIÊU > 2. Mục tiêu cụ thể",
        "I. MỤC TIÊU > 2. Mục tiêu cụ thể > Chỉ tiêu 1",
        "I. MỤC TIÊU > 2. Mục tiêu cụ thể > Chỉ tiêu 2",
        "II. TỔ CHỨC THỰC HIỆN",
        "II. TỔ CHỨC THỰC HIỆN > 1. Công chức Văn hóa - Xã hội",
        "II. TỔ CHỨC THỰC HIỆN > 2. Trạm Y tế xã",
    ]
    last = sections[-1]
    assert COMMUNE[last.start :].startswith("2. Trạm Y tế xã")
    assert last.end == len(COMMUNE.rstrip())  # "7." out of sequence and "w)" stay inside it
    date_line = COMMUNE.index("1. ngày 01/6")
    assert section_at(sections, date_line).label.endswith("1. Công chức Văn hóa - Xã hội")


def test_matching_works_without_diacritics():
    plain = strip_marks(COMMUNE)
    assert fold(plain) == fold(COMMUNE) and "Đ" not in plain
    meta, sections = parse(PagedText(text=plain))
    assert meta.number == "12/KH-UBND"
    assert meta.kind == "Kế hoạch"
    assert meta.issued == "2026-03-05"
    assert (meta.year_from, meta.year_to) == (2026, 2026)
    assert meta.level == "xã"
    assert meta.locality == "xã An Phu, tỉnh Dak Lak"
    assert meta.bases == ["Kế hoạch số 45/KH-UBND ngày 10/01/2026"]
    assert [s.label for s in sections][-2:] == [
        "II. TO CHUC THUC HIEN > 1. Cong chuc Van hoa - Xa hoi",
        "II. TO CHUC THUC HIEN > 2. Tram Y te xa",
    ]
    assert "Chi tieu 2" in [s.path[-1] for s in sections]


PROGRAMME = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 30/CTr-UBND
Lạng Sơn, ngày 31 tháng 2 năm 2026

CHƯƠNG TRÌNH
Hành động vì trẻ em tỉnh Lạng Sơn giai đoạn 2026-2030,
tầm nhìn đến năm 2035

Căn cứ Quyết định số 23/QĐ-TTg ngày 07/01/2021 của Thủ tướng Chính phủ;
Căn cứ Nghị quyết số 07/2021/NQ-HĐND ngày 26 tháng 4 năm 2021 của Hội đồng nhân dân tỉnh;

I. MỤC TIÊU
Tổng kinh phí là 18.680.000.000 đồng.
"""


def test_programme_period_and_impossible_date():
    meta, _ = parse(PagedText(text=PROGRAMME))
    assert meta.kind == "Chương trình"
    assert meta.number == "30/CTr-UBND"
    assert (meta.year_from, meta.year_to, meta.years) == (2026, 2030, "2026–2030")
    assert meta.issued is None  # 31 February
    assert meta.locality == "tỉnh Lạng Sơn" and meta.level == "tỉnh"
    assert meta.title == "Hành động vì trẻ em tỉnh Lạng Sơn giai đoạn 2026-2030, tầm nhìn đến năm 2035"
    assert meta.bases == [
        "Quyết định số 23/QĐ-TTg ngày 07/01/2021",
        "Nghị quyết số 07/2021/NQ-HĐND ngày 26 tháng 4 năm 2021",
    ]


def test_text_without_header_gives_no_metadata():
    text = "Một đoạn ghi chú về trẻ em, không có số, không có ngày tháng.\n\nĐoạn thứ hai."
    meta, sections = parse(PagedText(text=text))
    assert meta.bases == [] and meta.spans == {} and meta.portal == {}
    assert all(v is None for k, v in meta.as_dict().items() if k not in ("bases", "spans", "portal"))
    assert [(s.path, s.start, s.end) for s in sections] == [(("Mở đầu",), 0, len(text))]
    empty_meta, empty_sections = parse(PagedText(text=""))
    assert empty_sections == [] and empty_meta.number is None


def test_kind_comes_from_the_number_when_no_type_line():
    meta = parse_meta("Số: 77/QĐ-UBND\nVề việc phê duyệt danh sách.", [])
    assert (meta.number, meta.kind) == ("77/QĐ-UBND", "Quyết định")


def test_cited_document_year_is_not_the_plan_year():
    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ\nSố: 9/KH-UBND\nHuế, ngày 02 tháng 01 năm 2020\n\n"
        "KẾ HOẠCH\nTriển khai Chỉ thị số 5/CT-UBND ngày 12 tháng 9 năm 2019 của UBND tỉnh\n\nNội dung.\n"
    )
    meta, _ = parse(PagedText(text=text))
    assert (meta.year_from, meta.year_to) == (None, None)
    assert meta.level == "huyện"  # Huế became a centrally-run city only in 2025


def test_regions_become_sections_and_give_the_signer():
    text = (
        "KẾ HOẠCH\nCông tác trẻ em năm 2025\n\nI. MỤC TIÊU\n1. Mục tiêu chung\nNội dung.\n"
        "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n"
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn Nam\n"
    )
    recipients = text.index("Nơi nhận:")
    signature = text.index("KT. CHỦ TỊCH")
    regions = [
        Region("recipients", recipients, signature),
        Region("signature", signature, len(text) - 1),
    ]
    meta, sections = parse(PagedText(text=text, regions=regions))
    assert [(s.label, s.start, s.end) for s in sections[-2:]] == [
        ("Nơi nhận", recipients, signature),
        ("Chữ ký", signature, len(text) - 1),
    ]
    assert by_label(sections)["I. MỤC TIÊU"].end == recipients
    assert meta.signer == "Trần Văn Nam"
    assert (meta.year_from, meta.kind, meta.number) == (2025, "Kế hoạch", None)
