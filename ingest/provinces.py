"""The provinces (before the 2025 mergers, as the plans of 2010–2025 name them) and the
centrally-run cities, for naming a province or city that a page calls only "UBND tỉnh" or "UBND
thành phố" from its source address: a provincial portal lives at
<province>.gov.vn ("kontum.gov.vn", "vinhlinh.quangtri.gov.vn")."""

from __future__ import annotations

import re

from kehoach.ingest.vietnamese import fold

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
# Centrally-run cities by their portals' host names ("UBND thành phố" on danang.gov.vn is Đà Nẵng's).
CITIES = {
    "hanoi": "Hà Nội",
    "hochiminhcity": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "haiphong": "Hải Phòng",
    "danang": "Đà Nẵng",
    "cantho": "Cần Thơ",
}
_BY_HOST = {re.sub(r"[^a-z]", "", fold(name)): name for name in PROVINCES}
_PORTAL = re.compile(r"https?://(?:[\w-]+\.)*?([a-z-]+)\.gov\.vn\b", re.IGNORECASE)


def province_of_portal(text: str) -> str | None:
    """The province whose portal (<province>.gov.vn) the first address in `text` is on."""
    m = _PORTAL.search(text)
    return _BY_HOST.get(m.group(1).lower().replace("-", "")) if m else None


def city_of_portal(text: str) -> str | None:
    """The centrally-run city whose portal (<city>.gov.vn) the first address in `text` is on."""
    m = _PORTAL.search(text)
    return CITIES.get(m.group(1).lower().replace("-", "")) if m else None
