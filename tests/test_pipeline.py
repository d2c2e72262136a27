"""The ingestion pipeline end to end: real files, real e5-small, real embedded Chroma."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfWriter

from kehoach.ingest.embed import get_embedder
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import DUPLICATE, FAILED, INGESTED, UNCHANGED, discover, ingest
from kehoach.ingest.settings import load_settings

PLAN = """ỦY BAN NHÂN DÂN
HUYỆN {district}

Số: {number}/KH-UBND

{district_name}, ngày 10 tháng 3 năm {year}

KẾ HOẠCH
Thực hiện công tác trẻ em năm {year} trên địa bàn huyện {district_name}

Thực hiện Kế hoạch số 20/KH-UBND ngày 01/3/{year} của UBND tỉnh Quảng Trị, UBND huyện ban hành
Kế hoạch như sau:

I. MỤC TIÊU

1. Tỷ lệ xã, thị trấn đạt tiêu chuẩn phù hợp với trẻ em đạt trên {share}%.

2. {extra}

II. TỔ CHỨC THỰC HIỆN

1. Phòng Y tế chủ trì thực hiện các chỉ tiêu về chăm sóc sức khỏe trẻ em.
"""


def write_plan(path: Path, number: int, year: int, share: int, extra: str, district="Cam Lộ") -> Path:
    text = PLAN.format(
        district=district.upper(), district_name=district, number=number, year=year, share=share, extra=extra
    )
    path.write_text(text, encoding="utf-8")
    return path


def blank_pdf(path: Path, password: str | None = None) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


@pytest.fixture
def env(tmp_path):
    settings = load_settings(home=tmp_path / "home")
    return settings, Index.open(settings, get_embedder("e5-small"))


def statuses(results) -> dict[str, str]:
    return {r.path.name: r.status for r in results}


def test_incremental_changed_and_duplicate(tmp_path, env):
    settings, index = env
    docs = tmp_path / "docs"
    docs.mkdir()
    a = write_plan(docs / "a.txt", 11, 2024, 80, "Tổ chức lớp học bơi mùa hè cho trẻ em vùng sông nước.")
    write_plan(docs / "b.txt", 12, 2024, 85, "Khám sàng lọc tim bẩm sinh cho trẻ em dưới 6 tuổi.")

    assert set(statuses(ingest([docs], index, settings)).values()) == {INGESTED}
    assert statuses(ingest([docs], index, settings)) == {"a.txt": UNCHANGED, "b.txt": UNCHANGED}

    write_plan(a, 11, 2024, 90, "Xây dựng sân chơi cộng đồng an toàn cho thiếu nhi.")
    assert statuses(ingest([a], index, settings)) == {"a.txt": INGESTED}
    assert len(index.documents()) == 2
    texts = [c.text for c in index.chunks([cid for cid, _ in index.lexical_search("học bơi", 10)])]
    assert not any("học bơi" in t for t in texts), "the old version's chunks must be gone"
    found = index.chunks([cid for cid, _ in index.lexical_search("san choi", 5)])
    assert any("sân chơi" in c.text for c in found)
    doc_a = next(d for d in index.documents() if Path(d.source).name == "a.txt")
    assert [t.value for t in index.targets([doc_a.doc_id]) if "phù hợp" in t.indicator] == [90]

    copy = docs / "a-copy.txt"
    copy.write_bytes(a.read_bytes())
    assert statuses(ingest([copy], index, settings)) == {"a-copy.txt": DUPLICATE}
    assert len(index.documents()) == 2


def test_bad_inputs_fail_alone_and_leave_the_index_unchanged(tmp_path, env):
    settings, index = env
    good = write_plan(tmp_path / "good.txt", 5, 2025, 70, "Tổ chức Tết Trung thu cho trẻ em.")
    ingest([good], index, settings)
    before = index.documents()

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    blank_pdf(bad / "encrypted.pdf", password="matkhau")
    blank_pdf(bad / "scanned.pdf")
    (bad / "notes.xyz").write_text("không hỗ trợ", encoding="utf-8")
    big = bad / "big.txt"
    big.write_text("trẻ em " * 300_000, encoding="utf-8")
    second = write_plan(bad / "second.txt", 6, 2025, 75, "Hỗ trợ trẻ em mồ côi do dịch bệnh.")

    small = replace(settings, max_file_mb=1.0)
    files = [*sorted(p for p in bad.iterdir() if p != second), second]
    results = {r.path.name: r for r in ingest(files, index, small)}

    expected_causes = {
        "empty.txt": "rỗng",
        "junk.txt": "không phải tệp văn bản",
        "corrupt.pdf": "hỏng",
        "encrypted.pdf": "mật khẩu",
        "scanned.pdf": "OCR",
        "notes.xyz": "không được hỗ trợ",
        "big.txt": "quá lớn",
    }
    for name, cause in expected_causes.items():
        assert results[name].status == FAILED, name
        assert cause in results[name].message, (name, results[name].message)
    assert results["second.txt"].status == INGESTED
    after = {d.doc_id for d in index.documents()}
    assert after == {d.doc_id for d in before} | {results["second.txt"].doc_id}


def test_discover_walks_folders_for_supported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.md").write_text("a", encoding="utf-8")
    (tmp_path / "y.docx").write_bytes(b"")
    (tmp_path / "z.png").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text("a", encoding="utf-8")
    named = tmp_path / "z.png"
    assert [p.name for p in discover([tmp_path])] == ["x.md", "y.docx"]
    assert discover([named]) == [named]
