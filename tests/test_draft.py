"""`kehoach draft`: next year's plan from a model plan (and the plan of the level above).

Seed tests draft Sơn Tây 2026 from 2025 (seed 003, with Vĩnh Long's 2021-2030 programme, seed 004,
as the upper plan) and Văn Lãng 2024 from 2023 (seed 001); example tests draft Đakrông 2024 from
2023 and compare it with the real 2024 plan. DOCX tests open the file and render it to PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach.assistant.cli import main
from kehoach.assistant.draft import Draft, make_draft, resolve_document, to_markdown
from kehoach.assistant.draft_targets import interpolate
from kehoach.assistant.draft_text import mark_stale, shift_years
from kehoach.errors import KehoachError
from kehoach.ingest.records import CatalogEntry, Target
from kehoach.ingest.vietnamese import fold
from tests.conftest import _build_index, _open

# ---- text rules, no index -----------------------------------------------------------------


def test_plan_years_move_and_document_references_keep_their_dates():
    text = (
        "Căn cứ Luật Trẻ em năm 2016; Quyết định số 23/QĐ-TTg ngày 07/01/2021; Kế hoạch số "
        "65/KH-UBND ngày 31/3/2025 của tỉnh; Nghị định 56/2017/NĐ-CP; giai đoạn 2021 - 2025. "
        "Tổ chức Tháng hành động vì trẻ em năm 2025; báo cáo trước ngày 15/11/2025; so với năm 2024."
    )
    moved = shift_years(text, 2025, 2026)
    assert "Tháng hành động vì trẻ em năm 2026" in moved
    assert "trước ngày 15/11/2026" in moved
    assert "so với năm 2025" in moved
    for kept in (
        "Luật Trẻ em năm 2016",
        "23/QĐ-TTg ngày 07/01/2021",
        "65/KH-UBND ngày 31/3/2025",
        "2021 - 2025",
    ):
        assert kept in moved


def test_stale_bodies_are_marked_with_and_without_diacritics():
    text = (
        "Sở Lao động – Thương binh và Xã hội; So Lao dong - Thuong binh va Xa hoi; Phòng LĐTBXH; Sở Nội vụ."
    )
    marked, names = mark_stale(text)
    assert len(names) == 3
    assert "Sở Nội vụ" in names[0] and "không có cơ quan kế thừa" in names[2]
    assert marked.count("[cần xem lại:") == 3
    assert "Sở Nội vụ." in marked


def _target(value: float, year: int) -> Target:
    return Target("d", "tỷ lệ tiêm chủng", ">=", value, "%", year, "", "", 0, 0)


def test_interpolation_between_the_upper_plans_two_years():
    found = interpolate([_target(97, 2025), _target(98, 2030)], 2026)
    assert found is not None
    value, how = found
    assert value == pytest.approx(97.2)
    assert "nội suy tuyến tính" in how and "2025" in how and "2030" in how
    assert interpolate([_target(97, 2025), _target(98, 2030)], 2031) is None


# ---- the seeds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory, seed):
    paths = [seed("001"), seed("003"), seed("004")]
    return _open(_build_index(tmp_path_factory.mktemp("draft-seeds"), paths))


@pytest.fixture(scope="module")
def son_tay(seed_index) -> Draft:
    return make_draft(seed_index, ["61/KH-UBND", "3456"], 2026)


def _all_text(draft: Draft) -> list[str]:
    paras = [*draft.preamble, *(p for s in draft.sections for p in s.paragraphs)]
    return [draft.title, *(s.heading for s in draft.sections), *(p.text for p in paras)]


def test_every_model_section_is_in_the_draft(seed_index, son_tay):
    model = seed_index.document(resolve_document(seed_index, "61").doc_id)
    headings = {s.path for s in model.sections if s.path[0] not in ("Mở đầu", "Nơi nhận", "Chữ ký")}
    drafted = " ".join(fold(s.heading) for s in son_tay.sections)
    for path in headings:
        assert fold(path[-1].rstrip("…"))[:30] in drafted, path


def test_no_old_year_outside_document_references(son_tay):
    text = "\n".join(_all_text(son_tay))
    assert son_tay.title == "Triển khai thực hiện công tác trẻ em trên địa bàn huyện năm 2026"
    assert "trước ngày 15/11/2026" in text and "trước ngày 15/5/2026" in text
    assert "Chỉ thị số 28-CT/TW ngày 25/12/2023" in text
    assert not re.search(r"năm 2025|/2025\b", text), re.findall(r".{40}2025", text)
    assert "ngày ... tháng ... năm 2026" in son_tay.place_date


def test_theme_and_upper_plan_number_become_placeholders(son_tay):
    text = "\n".join(_all_text(son_tay))
    assert "[cần bổ sung: chủ đề Tháng hành động vì trẻ em năm 2026]" in text
    assert "Ưu tiên nguồn lực" not in text
    assert any("cấp trên" in p for p in son_tay.placeholders)
    assert "65/UBND" not in son_tay.preamble[0].text


def test_a_district_issuer_after_2025_is_flagged(son_tay):
    assert any("cấp huyện không còn từ ngày 01/7/2025" in f for f in son_tay.flags)
    assert any("cơ quan ban hành" in p for p in son_tay.placeholders)


def test_van_lang_targets_carried_with_sources_and_stale_bodies_flagged(seed_index):
    draft = make_draft(seed_index, ["166"], 2024)
    model = seed_index.document(resolve_document(seed_index, "166/KH-UBND").doc_id)
    assert len(draft.targets) == len(model.targets) > 5
    assert all("(đề xuất, cần xác nhận)" in t.proposal or "cần bổ sung" in t.proposal for t in draft.targets)
    assert all(t.source.startswith("166/KH-UBND") for t in draft.targets)
    assert any("Lao động" in f or "LĐTBXH" in f for f in draft.flags)
    assert not any("cấp huyện không còn" in f for f in draft.flags)


def test_upper_plan_values_are_interpolated(seed_index):
    draft = make_draft(seed_index, ["166", "3456"], 2027)
    notes = [t.note for t in draft.targets if "nội suy tuyến tính" in t.note]
    assert notes, [t.note for t in draft.targets]
    assert any("giữ" in n or "nâng lên" in n for n in notes)


# ---- the examples -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dakrong(example_index) -> Draft:
    return make_draft(example_index, ["62/KH-UBND"], 2024)


def _number_free(heading: str) -> str:
    return re.sub(r"^[\divxlc]+[.)]\s*", "", fold(heading)).strip()


def test_dakrong_2024_draft_has_the_real_2024_plans_headings(example_index, dakrong):
    real = example_index.document(resolve_document(example_index, "71/KH-UBND").doc_id)
    real_tops = {_number_free(s.path[0]) for s in real.sections if s.level == 1} - {
        "mo dau",
        "noi nhan",
        "chu ky",
    }
    drafted = {_number_free(s.heading) for s in dakrong.sections if s.level == 1}
    missing = [r for r in real_tops if not any(d.startswith(r) or r.startswith(d) for d in drafted)]
    assert len(real_tops) >= 5 and not missing, (missing, drafted)
    assert "năm 2024" in dakrong.title


def test_dakrong_targets_carried_like_the_real_2024_plan(example_index, dakrong):
    real = example_index.document(resolve_document(example_index, "71").doc_id)
    labels = {t.label for t in real.targets if t.label}
    assert labels <= {t.label for t in dakrong.targets}
    budget = [t for t in dakrong.targets if "kinh phí" in t.indicator]
    assert budget and all("cần bổ sung: kinh phí năm 2024" in t.proposal for t in budget)


def test_markdown_has_sources_unless_switched_off(dakrong):
    md = to_markdown(dakrong)
    assert "([Nguồn: 62/KH-UBND, II. MỤC TIÊU, CHỈ TIÊU > 1. Mục tiêu chung](01_dakrong_2023" in md
    assert "Nơi nhận" in md and "[cần bổ sung: người ký]" in md
    target = re.search(r"Chỉ tiêu 1: Tỷ lệ trẻ em dưới 1 tuổi[^\n]*", md)
    assert target and "([Nguồn: 62/KH-UBND, II. MỤC TIÊU, CHỈ TIÊU > 2. Chỉ tiêu cụ thể" in target.group(0)
    assert "Nguồn:" not in to_markdown(dakrong, sources=False)


def test_a_bare_number_shared_by_two_documents_is_ambiguous(example_index):
    class TwoSeventyOnes:
        def documents(self) -> list[CatalogEntry]:
            return [
                CatalogEntry(f"id{i}", f"{i}.txt", "", 0, 0, number=n)
                for i, n in enumerate(("71/KH-UBND", "71/QĐ-UBND"))
            ]

    with pytest.raises(KehoachError, match="khớp nhiều văn bản: id0.*id1"):
        resolve_document(TwoSeventyOnes(), "71")  # type: ignore[arg-type]
    with pytest.raises(KehoachError, match="Không tìm thấy"):
        resolve_document(example_index, "99999")
    assert resolve_document(example_index, "71").number == "71/KH-UBND"
    assert resolve_document(example_index, "71 / kh-ubnd").number == "71/KH-UBND"


def test_cli_drafts_one_section_to_the_terminal(example_index, capsys):
    home = str(Path(example_index.settings.home))
    assert main(["--home", home, "draft", "--from", "62", "--year", "2024", "--section", "kinh phi"]) == 0
    out = capsys.readouterr().out
    assert "KINH PHÍ THỰC HIỆN" in out and "TỔ CHỨC THỰC HIỆN" not in out and "Căn cứ" not in out
    body = out.split("Bảng chỉ tiêu")[0]
    assert "[cần bổ sung: kinh phí năm 2024] đồng;" in body and "350.000.000" not in body
    assert "Ba trăm năm mươi triệu" not in out and "Chỉ tiêu 1:" not in out
    assert main(["--home", home, "draft", "--from", "62", "--year", "2024", "--out", "x.pdf"]) == 1
    assert "phải là .docx hoặc .md" in capsys.readouterr().err


# ---- DOCX ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_file(dakrong, tmp_path_factory) -> Path:
    from kehoach.assistant.draft_docx import write_docx

    path = tmp_path_factory.mktemp("docx") / "ke_hoach_2024.docx"
    write_docx(dakrong, path)
    return path


def test_docx_page_fonts_and_header_table(docx_file):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(docx_file))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    margins = (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    header = doc.tables[0]
    left, right = header.rows[0].cells
    assert left.text.startswith("ỦY BAN NHÂN DÂN\nHUYỆN ĐAKRÔNG") and "Số:" in left.text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text and "năm 2024" in right.text
    run = right.paragraphs[0].runs[0]
    assert run.font.name == "Times New Roman" and run.font.bold
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    body = [p for p in doc.paragraphs if p.text.startswith("Căn cứ Luật Trẻ em")][0]
    assert body.paragraph_format.first_line_indent is not None
    assert any(p.text.startswith("Nguồn: 62/KH-UBND") for p in doc.paragraphs)


def _pdf_text(docx_path: Path, tmp_path: Path) -> str:
    """The DOCX converted by LibreOffice (headless) and read back by pdftotext."""
    if shutil.which("libreoffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("libreoffice or pdftotext is not installed (apt: libreoffice-writer-nogui poppler-utils)")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    cmd = ["libreoffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*cmd, str(docx_path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / docx_path.with_suffix(".pdf").name
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_docx_renders_to_pdf_with_title_and_recipients(docx_file, tmp_path):
    text = _pdf_text(docx_file, tmp_path)
    assert "KẾ HOẠCH" in text and "Thực hiện công tác trẻ em năm 2024" in text
    assert "Nơi nhận" in text


def test_docx_sources_as_footnotes(dakrong, tmp_path):
    from docx import Document
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from kehoach.assistant.draft_docx import write_docx

    path = tmp_path / "chu_thich.docx"
    write_docx(dakrong, path, footnotes=True)
    doc = Document(str(path))
    (part,) = [r.target_part for r in doc.part.rels.values() if r.reltype == RT.FOOTNOTES]
    notes = re.findall(r'<w:footnote w:id="(\d+)">', part.blob.decode("utf-8"))
    refs = doc.element.body.xml.count("<w:footnoteReference")
    assert len(notes) == refs > 10 and not any(p.text.startswith("Nguồn:") for p in doc.paragraphs)
    text = _pdf_text(path, tmp_path)
    assert "1 Nguồn: 62/KH-UBND, Mở đầu" in text
    assert "Nguồn: 62/KH-UBND, II. MỤC TIÊU, CHỈ TIÊU > 1. Mục tiêu chung" in text
