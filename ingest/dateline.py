"""The written forms a header's fields take: a document number ("Số: 12/KH-UBND", "1014 // KH –
UBND"), a date ("13/4/2023", "13-04-2023", "ngày 13 tháng 4 năm 2023", an ISO date in a portal's
metadata) and the place-and-date line of Decree 30/2020 ("<place>, ngày ..."), read on the folded
text (`vietnamese.fold_aligned`) so offsets stay those of the page.
"""

from __future__ import annotations

import datetime as dt
import re

from kehoach.ingest.localities import UNITS, proper_name, unit_head
from kehoach.ingest.vietnamese import fold_aligned

# A document number: "12/KH-UBND", "07/2021/NQ-HĐND", "1014 // KH – UBND", "28-CT/TW", the Youth
# Union's "12-KH/TĐTN-TTNTH" (folded).
NUM = r"\d+(?:\s?/\s?\d{4})?\s?/{1,2}\s?[a-z][a-z0-9]*(?:\s?[-–/]\s?[a-z0-9]+)*|\d+-[a-z]+/[a-z]+(?:-[a-z]+)*"
# "Số:" anywhere in the header, "Số" (no colon) at a line's start (folded, with (?m)).
NUMBER_LABEL = r"(?:\bso\s*:|^[ \t*_#]*so\b)\s*"
# Day, month, year of a written date: "13/4/2023", "13-04-2023", "13.4.2023", "13 tháng 4 năm 2023".
DMY = r"(\d{1,2})\s?(?:[/.-]|\s+thang\s+)\s?(\d{1,2})\s?(?:[/.-]|,?\s+nam\s+)\s?(\d{4})"
# "<place>, ngày 5 tháng 3 năm 2021", "..., ngày 05/3/2021", "..., 05-03-2021", and a date left blank
# to be filled in at signing ("ngày   tháng 3 năm 2021", "ngày ... tháng ... năm 2021").
_PLACE_DATE = re.compile(
    r"(?m)^[ \t*_#]*(?!thu (?:hai|ba|tu|nam|sau|bay)\b|chu nhat)"
    r"((?:quan|phuong) \d{1,2}|[a-z][a-z .'’–-]{0,40}?|[._…]*)\s*,\s*"
    r"(?:(?:ngay\s+)?(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\3\s*(\d{4})"
    r"|(?=ngay|thang)(?:ngay\s*(\d{1,2})?[\s._…]*)?(?:thang\s*(\d{1,2})?[\s._…]*)?nam\s+(\d{4}))"
)
# The number's cell of a header row the extraction ran together with the next ("Số: 12/KH-UBND
# Huế, ngày ..."): what follows the number starts a cell of its own.
_NUMBER_CELL = re.compile(rf"(?m)({NUMBER_LABEL}(?:{NUM}))[ \t]+(?=\S)")
# A place-and-date line without its comma ("Đakrông ngày 10 tháng 4 năm 2023"), the date ending it.
_UNCOMMA = re.compile(rf"(?m)^[ \t*_#]*([a-z][a-z .'’–-]{{0,30}}?) (?=ngay\s+{DMY}[ \t.*_]*$)")
# A date alone on its line, the place left out: "Ngày 09 tháng 3 năm 2021".
_DATE_LINE = re.compile(rf"(?m)^[ \t*_#]*ngay\s+{DMY}[ \t.]*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def clean_number(number: str) -> str:
    """ "1014 // KH – UBND" -> "1014/KH-UBND"."""
    number = re.sub(r"\s*([/\-–])\s*", r"\1", number.strip())
    return re.sub("/+", "/", number.replace("–", "-"))


def make_date(day: str, month: str, year: str) -> dt.date | None:
    """The date, or None for one no calendar has ("31/4/2021", a misread day)."""
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def date_of(written: str) -> dt.date | None:
    """The date a matched date's three numbers spell, in day-month-year order."""
    numbers = re.findall(r"\d+", written)
    return make_date(*numbers) if len(numbers) == 3 else None


def _comma_less(header: str, lines: str) -> str:
    """`lines` (the folded header) with the comma a place-and-date line left out put back after its
    place ("Đakrông ngày 10 tháng 4 năm 2023"), when that place is a capitalised name alone."""
    for m in _UNCOMMA.finditer(lines):
        written = header[m.start(1) : m.end(1)]
        if fold_aligned(proper_name(written, limit=6) or "") == fold_aligned(written).strip():
            lines = f"{lines[: m.end(1)]},{lines[m.end(1) + 1 :]}"
    return lines


def place_line(header: str, formal: bool) -> tuple[str | None, dt.date | None, str | None]:
    """(place, full date, or "YYYY-MM" / "YYYY" when the day or month was left blank) of the
    place-and-date line; a table cell starts a line ("Số: 5/KH-UBND | Huế, ngày ..."). A date alone
    on its line counts only in a `formal` header (number or type line): on a news page it is the
    day of posting."""
    lines = _NUMBER_CELL.sub(
        lambda m: m.group(1) + "\n" + " " * (m.end() - m.end(1) - 1), fold_aligned(header)
    )
    lines = _comma_less(header, lines.replace("|", "\n"))
    dated = _PLACE_DATE.search(lines)
    if dated is None:
        alone = _DATE_LINE.search(lines) if formal else None
        return (None, make_date(*alone.groups()), None) if alone else (None, None, None)
    written = header[dated.start(1) : dated.end(1)]
    # A name broken over two lines by a law database's copy ("Bắc" over "Kạn, ngày ..."): the
    # line before is one or two title-case words and nothing else.
    line_start = lines.rfind("\n", 0, dated.start(1))
    before = header[lines.rfind("\n", 0, max(line_start, 0)) + 1 : max(line_start, 0)].strip()
    if before and before.istitle() and len(before.split()) <= 2 and proper_name(before) == before:
        written = f"{before} {written}"
    head = unit_head(written)
    if head and (written.lower().startswith(UNITS[head[0]]) or fold_aligned(written)[:2] in ("tp", "tx")):
        written = head[1]
    place = proper_name(written, limit=6) or (written if written.isdigit() else None) if written else None
    day, _, month, year = dated.group(2, 3, 4, 5)
    if day:
        return place, make_date(day, month, year), None
    day, month, year = dated.group(6, 7, 8)
    if day and month:
        return place, make_date(day, month, year), None
    partial = f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
    return place, None, partial


def written_date(written: str) -> dt.date | None:
    """The date a portal's metadata field holds: "05/03/2021", "5-3-2021" or "2021-03-05"."""
    dmy = re.fullmatch(DMY, written)
    iso = _ISO_DATE.fullmatch(written)
    return make_date(*dmy.groups()) if dmy else make_date(*reversed(iso.groups())) if iso else None


def is_place_date_line(line: str) -> bool:
    """Whether `line` is a place-and-date line and nothing more ("Lạng Sơn, ngày 04 tháng 10 năm
    2021"; "Kạn, ngày 05 tháng 5 năm 2021", a name broken over two lines): it dates the document
    and says nothing of its content."""
    folded = " ".join(fold_aligned(line).split()).strip(" .")
    m = _PLACE_DATE.match(folded) or _DATE_LINE.match(folded)
    return m is not None and not folded[m.end() :].strip(" .")
