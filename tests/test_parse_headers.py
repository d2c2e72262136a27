"""Header fields on synthetic but realistic pages: every administrative unit word and its
abbreviations, capitals and title case, names with hyphens and spaces, the place-and-date line in
its written forms, numbers with odd spacing or only in a title, plan periods, flattened `|` header
rows, escaped line breaks, signature blocks in both orders. Each page goes through the cleaner
first, as a real file does, and every field is checked: a field the page does not state is None.

The forms come from Decree 30/2020 (the header's two columns, the place-and-date line, the
signature block) and from how portals and law databases reprint it; none is copied from the
wild evaluation corpus."""

from __future__ import annotations

import pytest

from kehoach.ingest.clean import clean
from kehoach.ingest.parse import parse
from kehoach.ingest.records import DocMeta, PagedText
from kehoach.ingest.vietnamese import fold_aligned

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
BODY = "\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nBảo đảm các quyền của trẻ em.\n"
FIELDS = ("number", "locality", "issued", "years", "issuer", "signer")


def page(left: str, number: str, dated: str, title: str, preamble: str = "", tail: str = "") -> str:
    """A header laid out as the two columns are when a page is saved as text, one under the other."""
    parts = [left, "-------", NATIONAL, number, dated, "", "KẾ HOẠCH", title, "", preamble]
    return "\n".join(parts) + BODY + tail


def parsed(text: str) -> DocMeta:
    meta, _ = parse(clean(PagedText(text=text)))
    return meta


def fields(meta: DocMeta) -> dict:
    return {name: getattr(meta, name) for name in FIELDS}


def expect(number, locality, issued, years, issuer, signer=None) -> dict:
    return dict(zip(FIELDS, (number, locality, issued, years, issuer, signer), strict=True))


CASES = {
    # ------------------------------------------------------------ unit words, capitals, names
    "province in capitals": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH KON TUM",
            "Số: 12/KH-UBND",
            "Kon Tum, ngày 29 tháng 3 năm 2021",
            "Triển khai công tác trẻ em năm 2021",
        ),
        expect("12/KH-UBND", "tỉnh Kon Tum", "2021-03-29", "2021", "UBND tỉnh Kon Tum"),
    ),
    "province of four words": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ",
            "Số: 7/KH-UBND",
            "Thừa Thiên Huế, ngày 02 tháng 01 năm 2024",
            "CÔNG TÁC TRẺ EM NĂM 2024",
        ),
        expect("7/KH-UBND", "tỉnh Thừa Thiên Huế", "2024-01-02", "2024", "UBND tỉnh Thừa Thiên Huế"),
    ),
    "province with a hyphen in a flattened row": (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "TỈNH BÀ RỊA - VŨNG TÀU | Độc lập - Tự do - Hạnh phúc |\n"
        "Số: 45/KH-UBND | Bà Rịa - Vũng Tàu, ngày 05 tháng 3 năm 2022 |\n"
        "KẾ HOẠCH\nThực hiện công tác trẻ em năm 2022" + BODY,
        expect("45/KH-UBND", "tỉnh Bà Rịa - Vũng Tàu", "2022-03-05", "2022", "UBND tỉnh Bà Rịa - Vũng Tàu"),
    ),
    "city with a hyphenated name and its province in the preamble": (
        page(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ PHAN RANG - THÁP CHÀM",
            "Số: 88/KH-UBND",
            "Phan Rang - Tháp Chàm, ngày 12 tháng 4 năm 2021",
            "Thực hiện Chương trình hành động vì trẻ em giai đoạn 2021 - 2030",
            "Thực hiện Kế hoạch số 40/KH-UBND ngày 01/3/2021 của UBND tỉnh Ninh Thuận;",
        ),
        expect(
            "88/KH-UBND",
            "thành phố Phan Rang - Tháp Chàm, tỉnh Ninh Thuận",
            "2021-04-12",
            "2021–2030",
            "UBND thành phố Phan Rang - Tháp Chàm",
        ),
    ),
    "centrally-run city": (
        page(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH",
            "Số: 1201/KH-UBND",
            "Thành phố Hồ Chí Minh, ngày 20 tháng 5 năm 2019",
            "Tháng hành động vì trẻ em năm 2019",
        ),
        expect("1201/KH-UBND", "thành phố Hồ Chí Minh", "2019-05-20", "2019", "UBND thành phố Hồ Chí Minh"),
    ),
    "district in title case with Đăk spelling": (
        page(
            "Ủy ban nhân dân\nHuyện Đăk Glei",
            "Số: 30/KH-UBND",
            "Đăk Glei, ngày 3 tháng 4 năm 2023",
            "Công tác trẻ em năm 2023",
            "Căn cứ Kế hoạch số 9/KH-UBND ngày 1/2/2023 của UBND tỉnh Kon Tum;",
        ),
        expect("30/KH-UBND", "huyện Đăk Glei, tỉnh Kon Tum", "2023-04-03", "2023", "UBND huyện Đăk Glei"),
    ),
    "Central Highlands name with an apostrophe": (
        page(
            "ỦY BAN NHÂN DÂN\nHUYỆN CƯ M'GAR",
            "Số: 77/KH-UBND",
            "Cư M'gar, ngày 4 tháng 4 năm 2018",
            "Phòng, chống tai nạn thương tích trẻ em năm 2018",
        ),
        expect("77/KH-UBND", "huyện Cư M'gar", "2018-04-04", "2018", "UBND huyện Cư M'gar"),
    ),
    "apostrophe names in a flattened row, typographic apostrophe": (
        "UBND HUYỆN EA H’LEO | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 12/KH-UBND | Ea H’leo, ngày 5 tháng 6 năm 2020 |\n"
        "KẾ HOẠCH\nThực hiện công tác trẻ em năm 2020" + BODY,
        expect("12/KH-UBND", "huyện Ea H’leo", "2020-06-05", "2020", "UBND huyện Ea H’leo"),
    ),
    "Party committee under its province's Party organisation": (
        "ĐẢNG BỘ TỈNH PHÚ YÊN | ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY\n*\n"
        "Số 88-KH/TU | Tuy Hòa, ngày 20 tháng 5 năm 2020\n\n"
        "KẾ HOẠCH\nthực hiện Chỉ thị số 28-CT/TW về công tác trẻ em giai đoạn 2020 - 2025" + BODY,
        expect("88-KH/TU", "tỉnh Phú Yên", "2020-05-20", "2020–2025", "Tỉnh ủy Phú Yên"),
    ),
    "Youth Union of a province named by its unit word": (
        "TỈNH ĐOÀN TIỀN GIANG\n***\nSố: 12-KH/TĐTN-TTNTH\nĐOÀN TNCS HỒ CHÍ MINH\n"
        "Mỹ Tho, ngày 15 tháng 5 năm 2023\n\n"
        "KẾ HOẠCH\nTổ chức các hoạt động hè năm 2023 cho thiếu nhi" + BODY,
        expect("12-KH/TĐTN-TTNTH", "tỉnh Tiền Giang", "2023-05-15", "2023", "Tỉnh đoàn Tiền Giang"),
    ),
    "Women's Union over its district": (
        page(
            "HỘI LHPN VIỆT NAM\nHỘI LIÊN HIỆP PHỤ NỮ\nHUYỆN VĂN LÃNG",
            "Số: 25/KH-HPN",
            "Văn Lãng, ngày 3 tháng 6 năm 2022",
            "Tuyên truyền phòng, chống xâm hại trẻ em năm 2022",
        ),
        expect("25/KH-HPN", "huyện Văn Lãng", "2022-06-03", "2022", "Hội Liên hiệp Phụ nữ huyện Văn Lãng"),
    ),
    "urban district of a central city": (
        page(
            "ỦY BAN NHÂN DÂN\nQUẬN BÌNH THẠNH",
            "Số: 64/KH-UBND",
            "Bình Thạnh, ngày 08 tháng 5 năm 2018",
            "Tháng hành động vì trẻ em năm 2018 trên địa bàn quận",
            "Thực hiện Kế hoạch số 2077/KH-UBND ngày 20/4/2018 của Ủy ban nhân dân Thành phố Hồ Chí Minh;",
        ),
        expect(
            "64/KH-UBND",
            "quận Bình Thạnh, thành phố Hồ Chí Minh",
            "2018-05-08",
            "2018",
            "UBND quận Bình Thạnh",
        ),
    ),
    "town": (
        page(
            "ỦY BAN NHÂN DÂN\nTHỊ XÃ SƠN TÂY",
            "Số: 15/KH-UBND",
            "Sơn Tây, ngày 11 tháng 02 năm 2020",
            "Công tác trẻ em năm 2020",
        ),
        expect("15/KH-UBND", "thị xã Sơn Tây", "2020-02-11", "2020", "UBND thị xã Sơn Tây"),
    ),
    "commune with its province in the preamble": (
        page(
            "ỦY BAN NHÂN DÂN\nXÃ ĐẮK RVE",
            "Số: 5/KH-UBND",
            "Đắk Rve, ngày 14 tháng 3 năm 2022",
            "Thực hiện công tác trẻ em năm 2022",
            "Thực hiện Kế hoạch số 21/KH-UBND ngày 01/3/2022 của UBND huyện Kon Rẫy, tỉnh Kon Tum;",
        ),
        expect("5/KH-UBND", "xã Đắk Rve, tỉnh Kon Tum", "2022-03-14", "2022", "UBND xã Đắk Rve"),
    ),
    "ward": (
        page(
            "ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚ HỘI",
            "Số: 41/KH-UBND",
            "Phú Hội, ngày 25 tháng 5 năm 2025",
            "Tổ chức Tháng hành động vì trẻ em năm 2025",
        ),
        expect("41/KH-UBND", "phường Phú Hội", "2025-05-25", "2025", "UBND phường Phú Hội"),
    ),
    "township": (
        page(
            "ỦY BAN NHÂN DÂN\nTHỊ TRẤN PHONG ĐIỀN",
            "Số: 19/KH-UBND",
            "Phong Điền, ngày 09 tháng 4 năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("19/KH-UBND", "thị trấn Phong Điền", "2021-04-09", "2021", "UBND thị trấn Phong Điền"),
    ),
    "special zone of the 2025 reorganisation": (
        page(
            "ỦY BAN NHÂN DÂN\nĐẶC KHU PHÚ QUỐC",
            "Số: 3/KH-UBND",
            "Phú Quốc, ngày 15 tháng 7 năm 2025",
            "Công tác trẻ em năm 2025",
        ),
        expect("3/KH-UBND", "đặc khu Phú Quốc", "2025-07-15", "2025", "UBND đặc khu Phú Quốc"),
    ),
    "UBND TP. on one line and TP. on the place line": (
        page(
            "UBND TP. HỒ CHÍ MINH",
            "Số: 77/KH-UBND",
            "TP. Hồ Chí Minh, ngày 02 tháng 6 năm 2022",
            "Công tác trẻ em năm 2022",
        ),
        expect("77/KH-UBND", "thành phố Hồ Chí Minh", "2022-06-02", "2022", "UBND thành phố Hồ Chí Minh"),
    ),
    "Tp without a dot": (
        page(
            "ỦY BAN NHÂN DÂN\nTp Cần Thơ",
            "Số: 9/KH-UBND",
            "Cần Thơ, ngày 6 tháng 1 năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("9/KH-UBND", "thành phố Cần Thơ", "2021-01-06", "2021", "UBND thành phố Cần Thơ"),
    ),
    "district abbreviation H.": (
        page(
            "UBND H. ĐẮK HÀ", "Số: 16/KH-UBND", "Đắk Hà, ngày 16 tháng 3 năm 2020", "Công tác trẻ em năm 2020"
        ),
        expect("16/KH-UBND", "huyện Đắk Hà", "2020-03-16", "2020", "UBND huyện Đắk Hà"),
    ),
    "town abbreviation TX.": (
        page(
            "UBND TX. BUÔN HỒ",
            "Số: 17/KH-UBND",
            "Buôn Hồ, ngày 17 tháng 3 năm 2020",
            "Công tác trẻ em năm 2020",
        ),
        expect("17/KH-UBND", "thị xã Buôn Hồ", "2020-03-17", "2020", "UBND thị xã Buôn Hồ"),
    ),
    "unit word alone: the place line names it": (
        page(
            "ỦY BAN NHÂN DÂN\nHUYỆN",
            "Số: 210/KH-UBND",
            "Nhà Bè, ngày 01 tháng 4 năm 2020",
            "Công tác trẻ em năm 2020",
        ),
        expect("210/KH-UBND", "huyện Nhà Bè", "2020-04-01", "2020", "UBND huyện Nhà Bè"),
    ),
    "unit word on the UBND line, the name only on the place line": (
        page(
            "ỦY BAN NHÂN DÂN HUYỆN",
            "Số: 1458/KH-UBND",
            "Cần Giờ, ngày 01 tháng 4 năm 2020",
            "Thực hiện công tác trẻ em năm 2020",
        ),
        expect("1458/KH-UBND", "huyện Cần Giờ", "2020-04-01", "2020", "UBND huyện Cần Giờ"),
    ),
    "department under its province: the province is the locality": (
        page(
            "UBND TỈNH QUẢNG NGÃI\nSỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "Số: 65/KH-SLĐTBXH",
            "Quảng Ngãi, ngày 31 tháng 3 năm 2025",
            "Công tác trẻ em năm 2025",
        ),
        expect(
            "65/KH-SLĐTBXH",
            "tỉnh Quảng Ngãi",
            "2025-03-31",
            "2025",
            "Sở Lao động - Thương binh và Xã hội tỉnh Quảng Ngãi",
        ),
    ),
    "office under its district": (
        page(
            "ỦY BAN NHÂN DÂN HUYỆN SƠN TÂY\nPHÒNG VĂN HÓA - XÃ HỘI",
            "Số: 4/KH-VHXH",
            "Sơn Tây, ngày 2 tháng 3 năm 2026",
            "Công tác trẻ em năm 2026",
        ),
        expect("4/KH-VHXH", "huyện Sơn Tây", "2026-03-02", "2026", "Phòng Văn hóa - Xã hội huyện Sơn Tây"),
    ),
    "capitals name ends before the next line's words": (
        "ỦY BAN NHÂN DÂN TỈNH\nThực hiện Chỉ thị số 28-CT/TW của Ban Bí thư, UBND tỉnh ban hành Kế hoạch.\n"
        + BODY,
        expect(None, None, None, None, None),
    ),
    "a name in capitals ends before NĂM": (
        page(
            "ỦY BAN NHÂN DÂN",
            "Số: 8/KH-UBND",
            "",
            "CÔNG TÁC TRẺ EM TRÊN ĐỊA BÀN TỈNH LÀO CAI NĂM 2023",
            "UBND tỉnh ban hành Kế hoạch như sau:",
        ),
        expect("8/KH-UBND", "tỉnh Lào Cai", None, "2023", "UBND tỉnh Lào Cai"),
    ),
    "Đăk Lăk spelling in capitals": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐĂK LĂK",
            "Số: 90/KH-UBND",
            "Đăk Lăk, ngày 11 tháng 5 năm 2017",
            "Công tác trẻ em năm 2017",
        ),
        expect("90/KH-UBND", "tỉnh Đăk Lăk", "2017-05-11", "2017", "UBND tỉnh Đăk Lăk"),
    ),
    "province in title case": (
        page(
            "Ủy ban nhân dân\nTỉnh Kon Tum",
            "Số: 31/KH-UBND",
            "Kon Tum, ngày 9 tháng 3 năm 2023",
            "Công tác trẻ em năm 2023",
        ),
        expect("31/KH-UBND", "tỉnh Kon Tum", "2023-03-09", "2023", "UBND tỉnh Kon Tum"),
    ),
    "unit word and name on two lines": (
        page(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ\nPHAN RANG - THÁP CHÀM",
            "Số: 89/KH-UBND",
            "Phan Rang - Tháp Chàm, ngày 12 tháng 4 năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect(
            "89/KH-UBND",
            "thành phố Phan Rang - Tháp Chàm",
            "2021-04-12",
            "2021",
            "UBND thành phố Phan Rang - Tháp Chàm",
        ),
    ),
    "unit word alone, named only in the title": (
        page(
            "ỦY BAN NHÂN DÂN\nHUYỆN",
            "Số: 211/KH-UBND",
            "",
            "Công tác trẻ em trên địa bàn huyện Bình Chánh năm 2020",
        ),
        expect("211/KH-UBND", "huyện Bình Chánh", None, "2020", "UBND huyện Bình Chánh"),
    ),
    "title-case name ends before Công tác": (
        "Tin tức\n\nUBND tỉnh Gia Lai ban hành Kế hoạch số 70/KH-UBND ngày 02/4/2024"
        " về công tác trẻ em năm 2024.\n"
        "UBND tỉnh Gia Lai Công tác trẻ em được quan tâm.\n",
        expect("70/KH-UBND", "tỉnh Gia Lai", "2024-04-02", "2024", "UBND tỉnh Gia Lai"),
    ),
    "council resolution": (
        page(
            "HỘI ĐỒNG NHÂN DÂN\nTỈNH SƠN LA",
            "Số: 07/2021/NQ-HĐND",
            "Sơn La, ngày 26 tháng 4 năm 2021",
            "Về công tác trẻ em giai đoạn 2021 - 2025",
        ),
        expect("07/2021/NQ-HĐND", "tỉnh Sơn La", "2021-04-26", "2021–2025", "HĐND tỉnh Sơn La"),
    ),
    "numbered urban district": (
        page(
            "ỦY BAN NHÂN DÂN\nQUẬN 3",
            "Số: 140/KH-UBND",
            "Quận 3, ngày 15 tháng 5 năm 2019",
            "Tháng hành động vì trẻ em năm 2019",
        ),
        expect("140/KH-UBND", "quận 3", "2019-05-15", "2019", "UBND quận 3"),
    ),
    "unit word over its name, no place line": (
        page("ỦY BAN NHÂN DÂN\nTỈNH\nHÀ TĨNH", "Số: 98/KH-UBND", "", "Công tác trẻ em năm 2016"),
        expect("98/KH-UBND", "tỉnh Hà Tĩnh", None, "2016", "UBND tỉnh Hà Tĩnh"),
    ),
    "no unit in the header: the title's unit word and the place line": (
        page(
            "ỦY BAN NHÂN DÂN",
            "Số: 24/KH-UBND",
            "Hà Giang, ngày 5 tháng 3 năm 2021",
            "CÔNG TÁC TRẺ EM TỈNH NĂM 2021",
        ),
        expect("24/KH-UBND", "tỉnh Hà Giang", "2021-03-05", "2021", "UBND tỉnh Hà Giang"),
    ),
    "news page: the plan's date in words": (
        "Tin tức\n\nNgày 18 tháng 02 năm 2019, Ủy ban nhân dân (UBND) quận Hải Châu ban hành"
        " Kế hoạch số 27/KH-UBND về công tác trẻ em năm 2019.\n",
        expect("27/KH-UBND", "quận Hải Châu", "2019-02-18", "2019", "UBND quận Hải Châu"),
    ),
    "news page: number and date in words after the plan": (
        "Tin tức\n\nUBND huyện Ea Kar vừa ban hành Kế hoạch số 55/KH-UBND ngày 12 tháng 3 năm 2022"
        " về công tác trẻ em.\n",
        expect("55/KH-UBND", "huyện Ea Kar", "2022-03-12", None, "UBND huyện Ea Kar"),
    ),
    "the rule and the number on the unit's line": (
        "ỦY BAN NHÂN DÂN\nTỈNH KON TUM ------- Số: 33/KH-UBND\n" + NATIONAL + "\n"
        "Kon Tum, ngày 9 tháng 3 năm 2023\n\nKẾ HOẠCH\nCông tác trẻ em năm 2023" + BODY,
        expect("33/KH-UBND", "tỉnh Kon Tum", "2023-03-09", "2023", "UBND tỉnh Kon Tum"),
    ),
    "an unnamed city on its city's portal": (
        "URL: https://www.danang.gov.vn/web/guest/chinh-quyen/chi-tiet?id=1234\n\n"
        "UBND thành phố vừa ban hành Kế hoạch thực hiện công tác trẻ em năm 2023.\n",
        expect(None, "thành phố Đà Nẵng", None, "2023", "UBND thành phố Đà Nẵng"),
    ),
    # ------------------------------------------------------------ dates
    "date with slashes": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số: 20/KH-UBND",
            "Hà Giang, ngày 5/3/2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("20/KH-UBND", "tỉnh Hà Giang", "2021-03-05", "2021", "UBND tỉnh Hà Giang"),
    ),
    "date with dashes": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số: 21/KH-UBND",
            "Hà Giang, ngày 05-03-2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("21/KH-UBND", "tỉnh Hà Giang", "2021-03-05", "2021", "UBND tỉnh Hà Giang"),
    ),
    "blank day: year and month only": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số: 22/KH-UBND",
            "Hà Giang, ngày     tháng 3 năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("22/KH-UBND", "tỉnh Hà Giang", "2021-03", "2021", "UBND tỉnh Hà Giang"),
    ),
    "blank day and month: year only": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số:     /KH-UBND",
            "Hà Giang, ngày   tháng   năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect(None, "tỉnh Hà Giang", "2021", "2021", "UBND tỉnh Hà Giang"),
    ),
    "date line without a place": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số: 25/KH-UBND",
            "......., ngày 08 tháng 3 năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("25/KH-UBND", "tỉnh Hà Giang", "2021-03-08", "2021", "UBND tỉnh Hà Giang"),
    ),
    "date alone on its line": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số: 26/KH-UBND",
            "Ngày 09 tháng 3 năm 2021",
            "Công tác trẻ em năm 2021",
        ),
        expect("26/KH-UBND", "tỉnh Hà Giang", "2021-03-09", "2021", "UBND tỉnh Hà Giang"),
    ),
    "an event's date opening a sentence is not the issue date": (
        "Tin tức\n\nNgày 04/6/2024, tại trường học, Ủy ban nhân dân xã Tân Hòa tổ chức lễ phát động"
        " Tháng hành động vì trẻ em năm 2024.\n",
        expect(None, "xã Tân Hòa", None, "2024", "UBND xã Tân Hòa"),
    ),
    "a news page's posting date alone on its line is not the issue date": (
        "Tin tức\nNgày 25/06/2021\n\nUBND huyện Đắk Tô vừa ban hành Kế hoạch về công tác trẻ em năm 2021.\n",
        expect(None, "huyện Đắk Tô", None, "2021", "UBND huyện Đắk Tô"),
    ),
    "date only in the portal block": (
        "Kế hoạch 57/KH-UBND năm 2021 về công tác trẻ em tỉnh Tuyên Quang\n\n"
        "Số hiệu 57/KH-UBND\nNgày ban hành 22/04/2021\nLoại văn bản Kế hoạch\nNgười ký Lê Văn Bình\n\n"
        "ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\nKẾ HOẠCH\nCông tác trẻ em năm 2021" + BODY,
        expect(
            "57/KH-UBND", "tỉnh Tuyên Quang", "2021-04-22", "2021", "UBND tỉnh Tuyên Quang", "Lê Văn Bình"
        ),
    ),
    "title of a law database: year only, no date": (
        "Kế hoạch 12/KH-UBND năm 2021 thực hiện công tác trẻ em trên địa bàn tỉnh Yên Bái\n\n"
        "Nội dung kế hoạch được đăng tải dưới đây.\n" + BODY,
        expect("12/KH-UBND", "tỉnh Yên Bái", None, "2021", "UBND tỉnh Yên Bái"),
    ),
    "title of a law database: the issue year is not the period": (
        "Kế hoạch 148/KH-UBND năm 2021 thực hiện Chương trình phòng ngừa trẻ em lao động giai đoạn 2021-2025"
        " trên địa bàn tỉnh Sóc Trăng\n\nNội dung kế hoạch.\n" + BODY,
        expect("148/KH-UBND", "tỉnh Sóc Trăng", None, "2021–2025", "UBND tỉnh Sóc Trăng"),
    ),
    "date in a flattened row with no space after the comma": (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 1020/KH-UBND | Quảng Bình,ngày 10 tháng 02 năm 2025 |\n"
        "KẾ HOẠCH\nCông tác trẻ em trên địa bàn tỉnh Quảng Bình năm 2025\n"
        "UBND tỉnh ban hành Kế hoạch với các nội dung sau:" + BODY,
        expect("1020/KH-UBND", "tỉnh Quảng Bình", "2025-02-10", "2025", "UBND tỉnh Quảng Bình"),
    ),
    "month-first words are not a date": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH HÀ GIANG",
            "Số: 23/KH-UBND",
            "",
            "Công tác trẻ em năm 2021",
            "Theo đó, năm 2021 tỉnh phấn đấu giảm tỷ lệ trẻ em suy dinh dưỡng.",
        ),
        expect("23/KH-UBND", "tỉnh Hà Giang", None, "2021", "UBND tỉnh Hà Giang"),
    ),
    # ------------------------------------------------------------ numbers
    "number with odd spacing": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
            "Số:  12 /KH-UBND",
            "Cao Bằng, ngày 10 tháng 2 năm 2022",
            "Công tác trẻ em năm 2022",
        ),
        expect("12/KH-UBND", "tỉnh Cao Bằng", "2022-02-10", "2022", "UBND tỉnh Cao Bằng"),
    ),
    "number without a colon": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
            "Số 13/KH-UBND",
            "Cao Bằng, ngày 10 tháng 2 năm 2022",
            "Công tác trẻ em năm 2022",
        ),
        expect("13/KH-UBND", "tỉnh Cao Bằng", "2022-02-10", "2022", "UBND tỉnh Cao Bằng"),
    ),
    "number with its year": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
            "Số: 14/2022/KH-UBND",
            "Cao Bằng, ngày 10 tháng 2 năm 2022",
            "Công tác trẻ em năm 2022",
        ),
        expect("14/2022/KH-UBND", "tỉnh Cao Bằng", "2022-02-10", "2022", "UBND tỉnh Cao Bằng"),
    ),
    "number with a sector suffix, spaced": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
            "Số: 15 / KH - UBND - VX",
            "Cao Bằng, ngày 10 tháng 2 năm 2022",
            "Công tác trẻ em năm 2022",
        ),
        expect("15/KH-UBND-VX", "tỉnh Cao Bằng", "2022-02-10", "2022", "UBND tỉnh Cao Bằng"),
    ),
    "number only in the first sentence of a news page": (
        "URL: https://example.vn/tin-tuc/cong-tac-tre-em\n\n"
        "UBND huyện Krông Pắc ban hành Kế hoạch số 42/KH-UBND ngày 18/3/2024 về công tác trẻ em năm 2024.\n"
        "Theo đó, huyện phấn đấu 100% trẻ em được chăm sóc.\n",
        expect("42/KH-UBND", "huyện Krông Pắc", "2024-03-18", "2024", "UBND huyện Krông Pắc"),
    ),
    "number only in a law database's address": (
        "URL: https://thuvienphapluat.vn/van-ban/ke-hoach-47-kh-ubnd-2022-cong-tac-tre-em-tinh-phu-yen-512345.aspx\n\n"
        "KẾ HOẠCH\nCông tác trẻ em năm 2022\n\nUBND tỉnh Phú Yên ban hành Kế hoạch như sau:" + BODY,
        expect("47/KH-UBND", "tỉnh Phú Yên", None, "2022", "UBND tỉnh Phú Yên"),
    ),
    "a news address names no number": (
        "URL: https://phuyen.gov.vn/tin-tuc/trien-khai-ke-hoach-cong-tac-tre-em-2022-1234.html\n\n"
        "UBND tỉnh Phú Yên vừa ban hành Kế hoạch về công tác trẻ em năm 2022.\n",
        expect(None, "tỉnh Phú Yên", None, "2022", "UBND tỉnh Phú Yên"),
    ),
    "a cited act's number, date and place are not the page's": (
        "Tin tức\n\nThực hiện Kế hoạch số 134/KH-UBND ngày 10/5/2022 của UBND tỉnh Sơn La về Tháng hành động"
        " vì trẻ em, các trường học tổ chức nhiều hoạt động.\n",
        expect(None, None, None, None, None),
    ),
    "a cited act's number in the preamble is not the page's": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG",
            "Số:      /KH-UBND",
            "Cao Bằng, ngày 10 tháng 2 năm 2022",
            "Công tác trẻ em năm 2022",
            "Số liệu năm 2021 và Kế hoạch số 7/KH-UBND ngày 1/1/2021 của UBND tỉnh.",
        ),
        expect(None, "tỉnh Cao Bằng", "2022-02-10", "2022", "UBND tỉnh Cao Bằng"),
    ),
    # ------------------------------------------------------------ periods
    "period with an en dash in the title and a horizon": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN",
            "Số: 1/KH-UBND",
            "Điện Biên, ngày 4 tháng 1 năm 2021",
            "Phòng, chống đuối nước trẻ em giai đoạn 2021 – 2025, định hướng đến năm 2030",
        ),
        expect("1/KH-UBND", "tỉnh Điện Biên", "2021-01-04", "2021–2025", "UBND tỉnh Điện Biên"),
    ),
    "bare period in the title": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN",
            "Số: 2/KH-UBND",
            "Điện Biên, ngày 4 tháng 1 năm 2021",
            "Chương trình hành động vì trẻ em 2021-2030",
        ),
        expect("2/KH-UBND", "tỉnh Điện Biên", "2021-01-04", "2021–2030", "UBND tỉnh Điện Biên"),
    ),
    "a horizon alone is no period": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN",
            "Số: 3/KH-UBND",
            "Điện Biên, ngày 4 tháng 1 năm 2021",
            "Thực hiện Chiến lược phát triển gia đình Việt Nam đến năm 2030",
        ),
        expect("3/KH-UBND", "tỉnh Điện Biên", "2021-01-04", None, "UBND tỉnh Điện Biên"),
    ),
    "the title's year, not the body's": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN",
            "Số: 4/KH-UBND",
            "Điện Biên, ngày 4 tháng 1 năm 2024",
            "Công tác trẻ em năm 2024",
            "Trên cơ sở kết quả năm 2023 và Kế hoạch giai đoạn 2021 - 2025, UBND tỉnh ban hành Kế hoạch:",
        ),
        expect("4/KH-UBND", "tỉnh Điện Biên", "2024-01-04", "2024", "UBND tỉnh Điện Biên"),
    ),
    "period from ... to": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN",
            "Số: 5/KH-UBND",
            "Điện Biên, ngày 4 tháng 1 năm 2021",
            "Phòng, chống tai nạn thương tích trẻ em giai đoạn 2021 đến 2025",
        ),
        expect("5/KH-UBND", "tỉnh Điện Biên", "2021-01-04", "2021–2025", "UBND tỉnh Điện Biên"),
    ),
    "period from the issuing sentence, not from the acts it rests on": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN",
            "Số: 6/KH-UBND",
            "Điện Biên, ngày 4 tháng 1 năm 2021",
            "Phòng, chống tai nạn thương tích trẻ em",
            "Căn cứ Luật Trẻ em năm 2016;\n"
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch giai đoạn 2021 - 2025 như sau:",
        ),
        expect("6/KH-UBND", "tỉnh Điện Biên", "2021-01-04", "2021–2025", "UBND tỉnh Điện Biên"),
    ),
    # ------------------------------------------------------------ page forms
    "escaped line breaks in the page text": (
        page(
            "ỦY BAN NHÂN DÂN\nHUYỆN",
            "Số: 300/KH-UBND",
            "Nhà Bè, ngày 02 tháng 4 năm 2020",
            "Công tác trẻ em năm 2020",
        ).replace("\n", "\\r\\n"),
        expect("300/KH-UBND", "huyện Nhà Bè", "2020-04-02", "2020", "UBND huyện Nhà Bè"),
    ),
    "split ỦY / BAN NHÂN DÂN in flattened cells": (
        "ỦY\nBAN NHÂN DÂN\nTỈNH LAI CHÂU\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n"
        "Số: 61/KH-UBND\n|\nLai Châu, ngày 05 tháng 5 năm 2021\n|\nKẾ HOẠCH\nCông tác trẻ em năm 2021" + BODY,
        expect("61/KH-UBND", "tỉnh Lai Châu", "2021-05-05", "2021", "UBND tỉnh Lai Châu"),
    ),
    # ------------------------------------------------------------ signatures
    "deputy signs, (đã ký), recipients before": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH",
            "Số: 50/KH-UBND",
            "Nam Định, ngày 1 tháng 6 năm 2023",
            "Công tác trẻ em năm 2023",
            tail="\nNơi nhận:\n- Bộ Y tế;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An\n",
        ),
        expect("50/KH-UBND", "tỉnh Nam Định", "2023-06-01", "2023", "UBND tỉnh Nam Định", "Nguyễn Văn An"),
    ),
    "on behalf of the committee, recipients after the titles": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH",
            "Số: 51/KH-UBND",
            "Nam Định, ngày 1 tháng 6 năm 2023",
            "Công tác trẻ em năm 2023",
            tail="\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTrần Thị Bích Hà\n",
        ),
        expect("51/KH-UBND", "tỉnh Nam Định", "2023-06-01", "2023", "UBND tỉnh Nam Định", "Trần Thị Bích Hà"),
    ),
    "a city named by its initials in capitals": (
        page(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ PRTC",
            "Số: 54/KH-UBND",
            "PRTC, ngày 1 tháng 6 năm 2023",
            "Công tác trẻ em năm 2023",
        ),
        expect("54/KH-UBND", "thành phố PRTC", "2023-06-01", "2023", "UBND thành phố PRTC"),
    ),
    "signer's name in capitals": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH",
            "Số: 52/KH-UBND",
            "Nam Định, ngày 1 tháng 6 năm 2023",
            "Công tác trẻ em năm 2023",
            tail="\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLÊ QUỐC HÙNG\n",
        ),
        expect("52/KH-UBND", "tỉnh Nam Định", "2023-06-01", "2023", "UBND tỉnh Nam Định", "Lê Quốc Hùng"),
    ),
    "signature in a flattened ending row": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH",
            "Số: 54/KH-UBND",
            "Nam Định, ngày 1 tháng 6 năm 2023",
            "Công tác trẻ em năm 2023",
            tail="\nNơi nhận:\n- Như trên;\n- Lưu: VT. | KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nPhạm Thị Lan |\n",
        ),
        expect("54/KH-UBND", "tỉnh Nam Định", "2023-06-01", "2023", "UBND tỉnh Nam Định", "Phạm Thị Lan"),
    ),
    "a signature block cut before the name names nobody": (
        page(
            "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH",
            "Số: 53/KH-UBND",
            "Nam Định, ngày 1 tháng 6 năm 2023",
            "Công tác trẻ em năm 2023",
            tail="\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\n",
        ),
        expect("53/KH-UBND", "tỉnh Nam Định", "2023-06-01", "2023", "UBND tỉnh Nam Định"),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_header_fields(name):
    text, wanted = CASES[name]
    assert fields(parsed(text)) == wanted


UNACCENTED = [
    "province in capitals",
    "province with a hyphen in a flattened row",
    "unit word alone: the place line names it",
    "UBND TP. on one line and TP. on the place line",
    "department under its province: the province is the locality",
    "date with dashes",
    "blank day: year and month only",
    "number only in the first sentence of a news page",
    "on behalf of the committee, recipients after the titles",
]


@pytest.mark.parametrize("name", UNACCENTED)
def test_header_fields_without_diacritics(name):
    """Typed without accents, the same fields are found (written as the page writes them)."""
    from tests.test_parse import strip_marks

    text, wanted = CASES[name]
    got = fields(parsed(strip_marks(text)))
    assert {k: strip_marks(v) if isinstance(v, str) else v for k, v in wanted.items()} == {
        k: strip_marks(v) if isinstance(v, str) else v for k, v in got.items()
    }


def test_spans_quote_the_fields_as_written():
    """Each field's span quotes the page: a hyphenated name whole, a numbered district with its unit
    word (a bare "3" would be any digit), a dashed date as printed."""
    text = clean(PagedText(text=CASES["numbered urban district"][0])).text
    meta = parse(clean(PagedText(text=text)))[0]
    assert fold_aligned(text[slice(*meta.spans["locality"])]) == "quan 3"
    text = clean(PagedText(text=CASES["province with a hyphen in a flattened row"][0])).text
    meta = parse(clean(PagedText(text=text)))[0]
    assert text[slice(*meta.spans["locality"])] == "BÀ RỊA - VŨNG TÀU"
    text = clean(PagedText(text=CASES["date with dashes"][0])).text
    meta = parse(clean(PagedText(text=text)))[0]
    assert text[slice(*meta.spans["issued"])] == "ngày 05-03-2021"
