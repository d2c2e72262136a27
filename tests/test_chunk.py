"""Section-aware chunking: exact spans, section boundaries, clean cuts, citation anchors."""

from __future__ import annotations

import hashlib

import pytest

from kehoach.ingest.chunk import chunk_document
from kehoach.ingest.records import DocMeta, Document, PagedText, Section, Target

PLAN = """ỦY BAN NHÂN DÂN HUYỆN AN LÃO
Số: 45/KH-UBND
KẾ HOẠCH
Thực hiện công tác trẻ em năm 2024

I. MỤC TIÊU
1. Mục tiêu chung
Bảo đảm các quyền của trẻ em được thực hiện đầy đủ, tạo môi trường sống an toàn, thân thiện.
2. Mục tiêu cụ thể
- Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt trên 96%.
- Giảm tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi xuống dưới 12%.
- 100% trường học có công trình vệ sinh đạt chuẩn.
II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Tuyên truyền
Tổ chức Tháng hành động vì trẻ em từ ngày 01/6 đến 30/6 với chủ đề phòng, chống đuối nước.
2. Kinh phí
Kinh phí thực hiện từ ngân sách huyện, tổng cộng 350.000.000 đồng.
"""

PLAN_PATHS = [
    ("I. MỤC TIÊU",),
    ("I. MỤC TIÊU", "1. Mục tiêu chung"),
    ("I. MỤC TIÊU", "2. Mục tiêu cụ thể"),
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP",),
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "1. Tuyên truyền"),
    ("II. NHIỆM VỤ VÀ GIẢI PHÁP", "2. Kinh phí"),
]

PLAN_META = DocMeta(number="45/KH-UBND", kind="Kế hoạch", locality="huyện An Lão", year_from=2024)


def make_doc(
    text: str,
    paths: list[tuple[str, ...]],
    meta: DocMeta | None = None,
    source: str = "plan.txt",
    page_breaks: tuple[str, ...] = (),
    targets: list[dict] | None = None,
) -> Document:
    """A Document as the parser would build it: each section runs from its heading to the next
    heading of the same or a higher level; pages start at the given strings."""
    starts = [text.index(path[-1]) for path in paths]
    sections = []
    for i, (path, start) in enumerate(zip(paths, starts, strict=True)):
        later = [s for p, s in zip(paths[i + 1 :], starts[i + 1 :], strict=True) if len(p) <= len(path)]
        sections.append(Section(path, start, min(later, default=len(text))))
    doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    page_starts = [0, *(text.index(b) for b in page_breaks)]
    doc = Document(
        doc_id=doc_id,
        source=source,
        sha256=hashlib.sha256(f"{source}\n{text}".encode()).hexdigest(),
        body=PagedText(text, page_starts),
        meta=meta or DocMeta(),
        sections=sections,
    )
    for t in targets or []:
        start = text.index(t["statement"])
        sec = doc.section_at(start)
        doc.targets.append(
            Target(
                doc_id=doc_id,
                section=sec.label if sec else "",
                start=start,
                end=start + len(t["statement"]),
                **t,
            )
        )
    return doc


def plan_doc(**kwargs) -> Document:
    return make_doc(PLAN, PLAN_PATHS, PLAN_META, page_breaks=("II. NHIỆM VỤ",), **kwargs)


def assert_exact_and_trimmed(doc: Document, chunks) -> None:
    for c in chunks:
        assert c.text == doc.text[c.start : c.end]
        assert c.text == c.text.strip() and c.text


def test_chunks_quote_the_text_and_respect_sections():
    doc = plan_doc()
    chunks = chunk_document(doc)
    assert_exact_and_trimmed(doc, chunks)
    assert [c.chunk_id for c in chunks] == [f"{doc.doc_id}:{n}" for n in range(len(chunks))]
    for c in chunks:
        for sec in doc.sections:
            inside = sec.start <= c.start and c.end <= sec.end
            apart = c.end <= sec.start or c.start >= sec.end
            assert inside or apart, (c.text, sec.label)
    bullets = next(c for c in chunks if "tiêm chủng" in c.text)
    assert bullets.section == "I. MỤC TIÊU > 2. Mục tiêu cụ thể"
    assert "100% trường học" in bullets.text
    assert bullets.page == 1
    assert next(c for c in chunks if "350.000.000" in c.text).page == 2


def test_every_word_is_in_some_chunk_even_outside_sections():
    doc = plan_doc()
    chunks = chunk_document(doc)
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    assert all(i in covered for i, ch in enumerate(doc.text) if not ch.isspace())
    preamble = chunks[0]
    assert preamble.section == "" and "Số: 45/KH-UBND" in preamble.text


def test_header_carries_number_locality_years_and_path():
    chunks = chunk_document(plan_doc())
    bullets = next(c for c in chunks if "tiêm chủng" in c.text)
    assert bullets.header == "45/KH-UBND · huyện An Lão · 2024 · I. MỤC TIÊU > 2. Mục tiêu cụ thể"
    assert bullets.embed_text == f"{bullets.header}\n{bullets.text}"
    bare = chunk_document(make_doc(PLAN, PLAN_PATHS))
    assert next(c for c in bare if "tiêm chủng" in c.text).header == "I. MỤC TIÊU > 2. Mục tiêu cụ thể"
    assert bare[0].header == ""


def test_long_section_splits_at_bullets():
    bullets = "\n".join(
        f"- Xã số {i} bảo đảm {i + 80}% trẻ em có hoàn cảnh đặc biệt được chăm sóc thay thế kịp thời."
        for i in range(40)
    )
    text = f"2. Mục tiêu cụ thể\n{bullets}\n"
    doc = make_doc(text, [("2. Mục tiêu cụ thể",)])
    chunks = chunk_document(doc, max_chars=500)
    assert len(chunks) > 5
    assert_exact_and_trimmed(doc, chunks)
    for c in chunks:
        assert len(c.text) <= 500
        assert c.end == len(text.rstrip()) or text[c.end] == "\n"
        assert c.text.endswith("kịp thời.")


def test_long_paragraph_splits_at_sentence_ends_then_words():
    sentence = "Ủy ban nhân dân các xã tăng cường tuyên truyền phòng, chống xâm hại trẻ em tại cộng đồng"
    text = "1. Tuyên truyền\n" + " ".join(f"{sentence} lần {i}." for i in range(30))
    doc = make_doc(text, [("1. Tuyên truyền",)])
    chunks = chunk_document(doc, max_chars=300)
    assert_exact_and_trimmed(doc, chunks)
    body = [c for c in chunks if c.text != "1. Tuyên truyền"]
    assert len(body) > 5 and all(c.text.endswith(".") and len(c.text) <= 300 for c in body)

    words = "1. Tuyên truyền\n" + " ".join(["trẻ em được bảo vệ"] * 200)
    doc = make_doc(words, [("1. Tuyên truyền",)])
    chunks = chunk_document(doc, max_chars=120)
    assert_exact_and_trimmed(doc, chunks)
    for c in chunks:
        assert len(c.text) <= 120
        assert c.start == 0 or words[c.start - 1].isspace()
        assert c.end == len(words) or words[c.end].isspace()


def test_seed_document_chunks_are_exact_and_bounded(seed):
    text = seed("000").read_text(encoding="utf-8")
    doc = make_doc(text, [], DocMeta(number="183/KH-UBND"))
    chunks = chunk_document(doc)
    assert len(chunks) > 3
    assert_exact_and_trimmed(doc, chunks)
    assert all(len(c.text) <= 900 for c in chunks)
    assert any("tiêm chủng" in c.text for c in chunks)


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_gives_no_chunks(text):
    assert chunk_document(make_doc(text, [])) == []
