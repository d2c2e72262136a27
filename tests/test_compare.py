"""The comparison table on the example corpus (a district over two years and its province) and its
CSV / XLSX export, read back with csv and openpyxl."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from kehoach.assistant import cli
from kehoach.assistant.compare import MOVED, WEAKER, compare_targets, write_csv, write_xlsx
from kehoach.errors import KehoachError


@pytest.fixture(scope="module")
def vaccination(index):
    return compare_targets(index, "tiêm chủng đầy đủ 8 loại vắc xin")


def _doc(index, text):
    return next(d for d in index.documents() if text in (d.locality or "") and d.kind)


def test_columns_and_one_line_per_indicator(vaccination):
    labels = [c["label"] for c in vaccination.columns]
    assert "183/KH-UBND · thành phố Huế · 2025" in labels
    full = [line for line in vaccination.lines if "8 loại vắc xin" in line.indicator]
    assert len(full) == 1
    assert len(full[0].cells) >= 4


def test_weaker_district_target(index, vaccination):
    district = [d for d in index.documents() if "Đakrông" in (d.locality or "")]
    assert len(district) == 2
    weaker = [f for f in vaccination.flags if f.kind == WEAKER]
    assert weaker
    province = next(d for d in index.documents() if d.locality == "tỉnh Quảng Trị")
    flag = next(f for f in weaker if f.doc_id in {d.doc_id for d in district})
    assert flag.other_doc_id == province.doc_id and flag.value < flag.other_value
    # Vĩnh Long and Huế are provinces: nothing above them in the corpus
    assert not [f for f in weaker if f.doc_id not in {d.doc_id for d in district}]


def test_lower_is_better_direction(index):
    table = compare_targets(index, "tỷ suất trẻ em bị tai nạn thương tích")
    weaker = [f for f in table.flags if f.kind == WEAKER]
    assert weaker and all(f.value > f.other_value for f in weaker)


def test_year_to_year_moves(index, vaccination):
    moved = [f for f in vaccination.flags if f.kind == MOVED]
    assert len(moved) == 1
    assert (moved[0].other_value, moved[0].value) == (90.0, 92.0) and moved[0].text.startswith("↑ +2")
    stunting = compare_targets(index, "suy dinh dưỡng thể thấp còi")
    down = [f for f in stunting.flags if f.kind == MOVED]
    assert down and down[0].text.startswith("↓ −1")


def test_csv_and_xlsx_read_back(tmp_path, vaccination):
    table = vaccination.table()
    csv_path, xlsx_path = tmp_path / "so_sanh.csv", tmp_path / "so_sanh.xlsx"
    write_csv(vaccination, csv_path)
    write_xlsx(vaccination, xlsx_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == table
    sheet = openpyxl.load_workbook(xlsx_path).active
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == table
    assert sheet["A1"].font.bold and sheet["A1"].value == "Chỉ tiêu"
    assert sheet.column_dimensions["B"].width >= 14
    hue = table[0].index("183/KH-UBND · thành phố Huế · 2025")
    line = next(r for r in table[1:] if "8 loại vắc xin" in r[0])
    assert line[hue] == "trên 95% (2025)"


def test_cli_targets_compare_and_report(indexed_home, tmp_path, capsys):
    out = tmp_path / "bang.xlsx"
    home = ["--home", str(indexed_home)]
    assert cli.main([*home, "targets", "tiêm chủng", "--compare", "--xlsx", str(out)]) == 0
    assert out.exists() and "kém hơn" in capsys.readouterr().out
    assert cli.main([*home, "targets", "tao hon", "--json"]) == 0
    assert '"indicator_key"' in capsys.readouterr().out
    assert cli.main([*home, "targets", "--report"]) == 0
    assert "chỉ tiêu" in capsys.readouterr().out


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_an_unwritable_path_is_a_vietnamese_error(tmp_path, vaccination, writer):
    path = tmp_path / "khong_co" / "so_sanh.xlsx"
    with pytest.raises(KehoachError, match=r"Không ghi được tệp .*so_sanh\.xlsx: No such file or directory"):
        writer(vaccination, path)
    assert not path.parent.exists()
