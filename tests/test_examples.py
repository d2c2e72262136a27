"""The example corpus (examples/plans/) and what ingestion must read from it.

One table per document: its header metadata, the documents its preamble cites, every target
(label, comparator, value, value_max, unit, deadline, and the clause of the text that states it)
and, for numbered targets, an agency that section "Tổ chức thực hiện" assigns. The corpus checks
run on the files alone; the others go through read -> clean -> parse -> extract_targets.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from kehoach.ingest.vietnamese import fold
from tests.conftest import EXAMPLES

MAX_BYTES = 10 * 1024 * 1024
PCT = "%"
PER_1000 = "/1.000 trẻ đẻ sống"
PER_100K = "/100.000 trẻ em"
DONG = "đồng"


@dataclass(frozen=True)
class T:
    """An expected target; `clause` is the exact text that states it."""

    label: str | None
    comparator: str
    value: float
    value_max: float | None
    unit: str | None
    deadline: int
    clause: str


@dataclass(frozen=True)
class Doc:
    file: str
    number: str
    kind: str
    issuer: str
    locality: str
    level: str
    issued: str
    year_from: int
    year_to: int
    signer: str
    bases: tuple[str, ...]
    targets: tuple[T, ...]
    agencies: dict[str, tuple[str, ...]] = field(default_factory=dict)


DAKRONG_2023 = Doc(
    file="01_dakrong_2023_cong_tac_tre_em.txt",
    number="62/KH-UBND",
    kind="Kế hoạch",
    issuer="UBND huyện Đakrông",
    locality="huyện Đakrông, tỉnh Quảng Trị",
    level="huyện",
    issued="2023-04-10",
    year_from=2023,
    year_to=2023,
    signer="Hồ Thị Mỹ Linh",
    bases=(
        "Nghị định số 56/2017/NĐ-CP ngày 09/5/2017",
        "Quyết định số 23/QĐ-TTg ngày 07/01/2021",
        "Quyết định số 2157/QĐ-UBND ngày 27/8/2021",
        "Kế hoạch số 45/KH-UBND ngày 20/3/2023",
    ),
    targets=(
        T("Chỉ tiêu 1", ">", 90, None, PCT, 2023, "đạt trên 90%"),
        T("Chỉ tiêu 2", "<", 26, None, PCT, 2023, "xuống dưới 26%"),
        T("Chỉ tiêu 3", "<", 18, None, PER_1000, 2023, "xuống dưới 18 trên 1.000 trẻ đẻ sống"),
        T("Chỉ tiêu 4", ">=", 100, None, PCT, 2023, "Chỉ tiêu 4: 100% trẻ em có hoàn cảnh đặc biệt"),
        T("Chỉ tiêu 5", "<=", 600, None, PER_100K, 2023, "xuống 600/100.000 trẻ em"),
        T("Chỉ tiêu 6", "=", 0, None, None, 2023, "Duy trì không có trẻ em lao động trái quy định"),
        T("Chỉ tiêu 7", "range", 5, 7, PCT, 2023, "từ 5% đến 7% so với năm 2022"),
        T("Chỉ tiêu 8", ">=", 98, None, PCT, 2023, "được đăng ký khai sinh đạt 98%"),
        T("Chỉ tiêu 9", ">=", 60, None, PCT, 2023, "phù hợp với trẻ em đạt 60%"),
        T("Chỉ tiêu 10", ">", 70, None, PCT, 2023, "Phấn đấu trên 70% trẻ em"),
        T(None, "=", 350_000_000, None, DONG, 2023, "Tổng kinh phí: 350.000.000 đồng"),
    ),
    agencies={
        "Chỉ tiêu 1": ("Phòng Y tế",),
        "Chỉ tiêu 4": ("Phòng Lao động - Thương binh và Xã hội",),
        "Chỉ tiêu 7": ("Phòng Dân tộc",),
        "Chỉ tiêu 8": ("Phòng Tư pháp",),
    },
)

DAKRONG_2024 = Doc(
    file="02_dakrong_2024_cong_tac_tre_em.md",
    number="71/KH-UBND",
    kind="Kế hoạch",
    issuer="UBND huyện Đakrông",
    locality="huyện Đakrông, tỉnh Quảng Trị",
    level="huyện",
    issued="2024-04-16",
    year_from=2024,
    year_to=2024,
    signer="Hồ Thị Mỹ Linh",
    bases=(
        "Quyết định số 23/QĐ-TTg ngày 07/01/2021",
        "Chỉ thị số 28-CT/TW ngày 25/12/2023",
        "Quyết định số 2157/QĐ-UBND ngày 27/8/2021",
        "Kế hoạch số 52/KH-UBND ngày 18/3/2024",
    ),
    targets=(
        T("Chỉ tiêu 1", ">", 92, None, PCT, 2024, "đạt trên 92%"),
        T("Chỉ tiêu 2", "<", 25, None, PCT, 2024, "xuống dưới 25%"),
        T("Chỉ tiêu 3", "<", 18, None, PER_1000, 2024, "xuống dưới 18 trên 1.000 trẻ đẻ sống"),
        T("Chỉ tiêu 4", ">=", 100, None, PCT, 2024, "Chỉ tiêu 4: 100% trẻ em có hoàn cảnh đặc biệt"),
        T("Chỉ tiêu 5", "<=", 580, None, PER_100K, 2024, "xuống 580/100.000 trẻ em"),
        T("Chỉ tiêu 6", "=", 0, None, None, 2024, "Duy trì không có trẻ em lao động trái quy định"),
        T("Chỉ tiêu 7", "range", 5, 7, PCT, 2024, "từ 5% đến 7% so với năm 2023"),
        T("Chỉ tiêu 8", ">=", 98.5, None, PCT, 2024, "được đăng ký khai sinh đạt 98,5%"),
        T("Chỉ tiêu 9", ">=", 50, None, PCT, 2024, "phù hợp với trẻ em đạt 50%"),
        T("Chỉ tiêu 10", ">", 75, None, PCT, 2024, "Phấn đấu trên 75% trẻ em"),
        T(None, "=", 380_000_000, None, DONG, 2024, "Tổng kinh phí: 380.000.000 đồng"),
    ),
    agencies={
        "Chỉ tiêu 1": ("Phòng Y tế",),
        "Chỉ tiêu 4": ("Phòng Lao động - Thương binh và Xã hội",),
        "Chỉ tiêu 7": ("Phòng Dân tộc",),
        "Chỉ tiêu 8": ("Phòng Tư pháp",),
    },
)

MUONG_KHUONG_2026 = Doc(
    file="03_muong_khuong_2026_cong_tac_tre_em.txt",
    number="09/KH-UBND",
    kind="Kế hoạch",
    issuer="UBND xã Mường Khương",
    locality="xã Mường Khương, tỉnh Lào Cai",
    level="xã",
    issued="2026-02-24",
    year_from=2026,
    year_to=2026,
    signer="Vàng Văn Chiến",
    bases=(
        "Quyết định số 23/QĐ-TTg ngày 07/01/2021",
        "Chỉ thị số 28-CT/TW ngày 25/12/2023",
        "Kế hoạch số 28/KH-UBND ngày 30/01/2026",
    ),
    targets=(
        T("Chỉ tiêu 1", ">", 95, None, PCT, 2026, "tiêm chủng mở rộng đạt trên 95%"),
        T("Chỉ tiêu 2", "<", 14, None, PCT, 2026, "xuống dưới 14%"),
        T("Chỉ tiêu 2", "<=", 24, None, PCT, 2026, "xuống còn 24%"),
        T("Chỉ tiêu 3", ">=", 100, None, PCT, 2026, "100% trẻ em dưới 6 tuổi"),
        T("Chỉ tiêu 4", ">=", 100, None, PCT, 2026, "100% trẻ em dưới 5 tuổi được đăng ký khai sinh"),
        T("Chỉ tiêu 4", ">", 95, None, PCT, 2026, "trong đó trên 95% trẻ em"),
        T("Chỉ tiêu 5", "<", 3, None, PCT, 2026, "trên tổng số trẻ em xuống dưới 3%"),
        T("Chỉ tiêu 6", "<=", 700, None, PER_100K, 2026, "xuống còn 700/100.000 trẻ em"),
        T("Chỉ tiêu 7", "<=", 4, None, None, 2026, "xuống còn 4 cặp"),
        T("Chỉ tiêu 8", ">=", 35, None, PCT, 2026, "từ 6 đến 15 tuổi biết bơi an toàn đạt 35%"),
        T(None, "=", 85_000_000, None, DONG, 2026, "Tổng kinh phí: 85.000.000 đồng"),
    ),
    agencies={
        "Chỉ tiêu 1": ("Trạm Y tế xã",),
        "Chỉ tiêu 4": ("Văn phòng HĐND và UBND xã",),
        "Chỉ tiêu 7": ("Phòng Văn hóa - Xã hội",),
    },
)

QUANG_TRI_2026_2030 = Doc(
    file="04_quang_tri_2026_2030_chuong_trinh_hanh_dong.txt",
    number="415/QĐ-UBND",
    kind="Quyết định",
    issuer="UBND tỉnh Quảng Trị",
    locality="tỉnh Quảng Trị",
    level="tỉnh",
    issued="2026-02-12",
    year_from=2026,
    year_to=2030,
    signer="Trương Minh Khôi",
    bases=(
        "Nghị định số 56/2017/NĐ-CP ngày 09/5/2017",
        "Nghị quyết số 202/2025/QH15 ngày 12/6/2025",
        "Quyết định số 23/QĐ-TTg ngày 07/01/2021",
        "Chỉ thị số 28-CT/TW ngày 25/12/2023",
    ),
    targets=(
        T("Chỉ tiêu 1", ">=", 80, None, PCT, 2028, "phù hợp với trẻ em đạt 80% vào năm 2028"),
        T("Chỉ tiêu 1", ">=", 85, None, PCT, 2030, "và 85% vào năm 2030"),
        T("Chỉ tiêu 2", ">=", 92, None, PCT, 2028, "đạt 92% vào năm 2028"),
        T("Chỉ tiêu 2", ">=", 95, None, PCT, 2030, "và 95% vào năm 2030"),
        T("Chỉ tiêu 3", "<", 10, None, PER_1000, 2028, "xuống dưới 10 trên 1.000 trẻ đẻ sống vào năm 2028"),
        T("Chỉ tiêu 3", "<", 9, None, PER_1000, 2030, "dưới 9 trên 1.000 trẻ đẻ sống vào năm 2030"),
        T("Chỉ tiêu 3", "<=", 16, None, PER_1000, 2030, "xuống 16 trên 1.000 trẻ đẻ sống vào năm 2030"),
        T("Chỉ tiêu 4", "<", 19, None, PCT, 2028, "xuống dưới 19% vào năm 2028"),
        T("Chỉ tiêu 4", "<", 17, None, PCT, 2030, "dưới 17% vào năm 2030"),
        T("Chỉ tiêu 5", ">", 95, None, PCT, 2028, "đạt trên 95% vào năm 2028"),
        T("Chỉ tiêu 5", ">", 97, None, PCT, 2030, "trên 97% vào năm 2030"),
        T("Chỉ tiêu 6", "<", 2, None, PCT, 2030, "xuống dưới 2% vào năm 2030"),
        T("Chỉ tiêu 7", ">=", 100, None, PCT, 2030, "Phấn đấu 100% cơ sở giáo dục mầm non"),
        T("Chỉ tiêu 8", "<", 1.8, None, PCT, 2028, "xuống dưới 1,8% vào năm 2028"),
        T("Chỉ tiêu 8", "<", 1.5, None, PCT, 2030, "dưới 1,5% vào năm 2030"),
        T("Chỉ tiêu 8", ">=", 98, None, PCT, 2030, "98% trẻ em có hoàn cảnh đặc biệt"),
        T("Chỉ tiêu 9", "<=", 500, None, PER_100K, 2028, "xuống 500/100.000 trẻ em vào năm 2028"),
        T("Chỉ tiêu 9", "<=", 450, None, PER_100K, 2030, "xuống còn 450/100.000 trẻ em vào năm 2030"),
        T("Chỉ tiêu 9", "<", 5, None, PER_100K, 2030, "xuống dưới 5/100.000 trẻ em vào năm 2030"),
        T("Chỉ tiêu 10", ">=", 99.5, None, PCT, 2028, "đạt 99,5% vào năm 2028"),
        T("Chỉ tiêu 10", ">=", 100, None, PCT, 2030, "và 100% vào năm 2030"),
        T("Chỉ tiêu 11", "<", 3, None, PCT, 2028, "xuống dưới 3% vào năm 2028"),
        T("Chỉ tiêu 11", "<", 2.5, None, PCT, 2030, "dưới 2,5% vào năm 2030"),
        T("Chỉ tiêu 12", "range", 2, 3, PCT, 2030, "từ 2% đến 3% mỗi năm"),
        T("Chỉ tiêu 13", "=", 0, None, None, 2030, "Duy trì không có trẻ em lang thang"),
        T("Chỉ tiêu 14", ">=", 95, None, PCT, 2028, "trung học cơ sở đạt 95% vào năm 2028"),
        T("Chỉ tiêu 14", ">=", 97, None, PCT, 2030, "và 97% vào năm 2030"),
        T("Chỉ tiêu 14", "<", 0.3, None, PCT, 2030, "xuống dưới 0,3% vào năm 2030"),
        T("Chỉ tiêu 15", ">=", 50, None, PCT, 2028, "biết bơi an toàn đạt 50% vào năm 2028"),
        T("Chỉ tiêu 15", ">=", 60, None, PCT, 2030, "và 60% vào năm 2030"),
        T("Chỉ tiêu 16", ">=", 25, None, PCT, 2028, "đạt 25% vào năm 2028"),
        T("Chỉ tiêu 16", ">=", 30, None, PCT, 2030, "và 30% vào năm 2030"),
        T(None, "=", 42_500_000_000, None, DONG, 2030, "dự kiến là 42.500.000.000 đồng"),
    ),
    agencies={
        "Chỉ tiêu 3": ("Sở Y tế",),
        "Chỉ tiêu 10": ("Sở Tư pháp",),
        "Chỉ tiêu 11": ("Sở Nội vụ",),
        "Chỉ tiêu 12": ("Sở Dân tộc và Tôn giáo",),
        "Chỉ tiêu 13": ("Sở Y tế", "Công an tỉnh"),
        "Chỉ tiêu 14": ("Sở Giáo dục và Đào tạo",),
        "Chỉ tiêu 15": ("Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch"),
    },
)

DONG_HA_2025 = Doc(
    file="05_dong_ha_2025_thang_hanh_dong.md",
    number="118/KH-UBND",
    kind="Kế hoạch",
    issuer="UBND thành phố Đông Hà",
    locality="thành phố Đông Hà, tỉnh Quảng Trị",
    level="huyện",
    issued="2025-05-12",
    year_from=2025,
    year_to=2025,
    signer="Lê Quang Vinh",
    bases=(
        "Quyết định số 23/QĐ-TTg ngày 07/01/2021",
        "Chỉ thị số 28-CT/TW ngày 25/12/2023",
        "Kế hoạch số 86/KH-UBND ngày 28/4/2025",
        "Công văn số 1290/SYT-NV ngày 06/5/2025",
    ),
    targets=(
        T(None, ">=", 100, None, PCT, 2025, "100% phường trên địa bàn thành phố"),
        T(None, ">", 300, None, None, 2025, "trên 300 suất quà"),
        T(None, ">=", 400, None, None, 2025, "ít nhất 400 trẻ em"),
        T(None, "=", 150_000_000, None, DONG, 2025, "Tổng kinh phí: 150.000.000 đồng"),
    ),
)

DOCS = (DAKRONG_2023, DAKRONG_2024, MUONG_KHUONG_2026, QUANG_TRI_2026_2030, DONG_HA_2025)
ROWS = [(doc, row) for doc in DOCS for row in doc.targets]


def same(a: str | None, b: str | None) -> bool:
    """Equal up to case, spacing, diacritics and "Ủy ban nhân dân" written out."""
    if a is None or b is None:
        return a is b

    def key(s: str) -> str:
        s = " ".join(fold(s).lower().split())
        return s.replace("uy ban nhan dan", "ubnd")

    return key(a) == key(b)


def text_of(doc: Doc) -> str:
    return (EXAMPLES / doc.file).read_text(encoding="utf-8")


def row_id(item: tuple[Doc, T]) -> str:
    doc, row = item
    return f"{doc.file[:2]}:{row.label or 'không nhãn'}:{row.deadline}:{row.value:g}"


@cache
def ingested(file: str):
    """(meta, targets) of one example, through the ingestion modules (skipped while absent)."""
    readers = pytest.importorskip("kehoach.ingest.readers")
    cleaner = pytest.importorskip("kehoach.ingest.clean")
    parser = pytest.importorskip("kehoach.ingest.parse")
    extractor = pytest.importorskip("kehoach.ingest.targets")
    body = cleaner.clean(readers.read(Path(EXAMPLES / file), MAX_BYTES))
    meta, sections = parser.parse(body)
    scan = extractor.extract_targets(file, body.text, sections, meta.year_from, meta.year_to)
    return meta, scan.targets


def matches(target, row: T) -> bool:
    return (
        target.label == row.label
        and target.deadline == row.deadline
        and target.value is not None
        and math.isclose(target.value, row.value)
    )


# --- the files themselves -------------------------------------------------------------------------


def test_every_example_file_is_in_a_table():
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.is_file() and p.name != "README.md"}
    assert on_disk == {doc.file for doc in DOCS}
    assert {p.suffix for p in map(Path, on_disk)} == {".txt", ".md"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.file)
def test_example_is_nfc_utf8_of_plan_size(doc):
    data = (EXAMPLES / doc.file).read_bytes()
    text = data.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert 8 * 1024 <= len(data) <= 20 * 1024


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.file)
def test_header_and_signature_state_the_table_facts(doc):
    text = text_of(doc)
    year, month, day = doc.issued.split("-")
    assert f"Số: {doc.number}" in text
    assert re.search(rf"ngày 0?{int(day)} tháng 0?{int(month)} năm {year}", text)
    assert doc.signer in text
    assert "Nơi nhận:" in text
    for basis in doc.bases:
        number = basis.split(" số ")[1].split(" ngày ")[0]
        assert number in text, basis


@pytest.mark.parametrize("item", ROWS, ids=row_id)
def test_target_clause_is_in_the_text(item):
    doc, row = item
    assert row.clause in text_of(doc)


def test_district_is_less_ambitious_than_its_province():
    district = next(r for r in DAKRONG_2024.targets if r.label == "Chỉ tiêu 1")
    province = [r for r in QUANG_TRI_2026_2030.targets if r.label == "Chỉ tiêu 5"]
    assert district.comparator == ">" and all(r.comparator == ">" for r in province)
    assert district.value < min(r.value for r in province)


def test_consecutive_years_raise_carry_and_lower_targets():
    before = {r.label: r for r in DAKRONG_2023.targets if r.label}
    after = {r.label: r for r in DAKRONG_2024.targets if r.label}
    assert before.keys() == after.keys()
    changed = {label for label in before if before[label].value != after[label].value}
    assert changed == {f"Chỉ tiêu {n}" for n in (1, 2, 5, 8, 9, 10)}
    assert after["Chỉ tiêu 9"].value < before["Chỉ tiêu 9"].value


# --- what ingestion reads -------------------------------------------------------------------------


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.file)
def test_metadata(doc):
    meta, _ = ingested(doc.file)
    got = {
        "number": meta.number,
        "kind": meta.kind,
        "issuer": meta.issuer,
        "locality": meta.locality,
        "level": meta.level,
        "issued": meta.issued,
        "years": (meta.year_from, meta.year_to),
        "signer": meta.signer,
    }
    want = {
        "number": doc.number,
        "kind": doc.kind,
        "issuer": doc.issuer,
        "locality": doc.locality,
        "level": doc.level,
        "issued": doc.issued,
        "years": (doc.year_from, doc.year_to),
        "signer": doc.signer,
    }
    wrong = {
        k: (got[k], want[k])
        for k in want
        if not (same(got[k], want[k]) if isinstance(want[k], str) else got[k] == want[k])
    }
    assert not wrong, f"(read, expected): {wrong}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.file)
def test_bases(doc):
    meta, _ = ingested(doc.file)
    missing = [b for b in doc.bases if not any(same(b, got) for got in meta.bases)]
    assert not missing, f"missing {missing} in {meta.bases}"


@pytest.mark.parametrize("item", ROWS, ids=row_id)
def test_target(item):
    doc, row = item
    _, targets = ingested(doc.file)
    found = [t for t in targets if matches(t, row)]
    assert found, f"no target {row} among {[(t.label, t.value, t.deadline) for t in targets]}"
    t = found[0]
    assert (t.comparator, t.unit, t.value_max) == (row.comparator, row.unit, row.value_max)


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.file)
def test_no_unexpected_numbered_target(doc):
    _, targets = ingested(doc.file)
    extra = [
        (t.label, t.comparator, t.value, t.deadline, t.statement)
        for t in targets
        if t.label and not any(matches(t, row) for row in doc.targets)
    ]
    assert not extra


@pytest.mark.parametrize("doc", [d for d in DOCS if d.agencies], ids=lambda d: d.file)
def test_agencies_of_numbered_targets(doc):
    _, targets = ingested(doc.file)
    wrong = {}
    for label, names in doc.agencies.items():
        for t in (t for t in targets if t.label == label):
            got = [fold(a).lower() for a in t.agencies]
            lacking = [n for n in names if not any(fold(n).lower() in a for a in got)]
            if lacking:
                wrong[(label, t.value, t.deadline)] = (lacking, t.agencies)
    assert not wrong


def test_a_past_result_is_not_a_target():
    _, targets = ingested(DAKRONG_2024.file)
    assert not [t for t in targets if t.value is not None and math.isclose(t.value, 91.2)]
