"""Header forms real pages take, applied to real headers: each header of the example plans, the
seed plans and the dev-split wild documents (skipped where absent; the test split is never read)
is re-rendered as a flattened two-column table in either order, on one line or run together, as a
Markdown table, with "ỦY" over "BAN NHÂN DÂN", in title case, with the place-and-date line in a
cell, after the number, without its comma, in capitals, split, or left out; "Số:" spaced oddly or
missing, the number only in a page title (after a breadcrumb too), an address, a news sentence or
a portal block (its labels and date forms varying); the date in each written form, a blank day;
the issuer's unit abbreviated, alone, renamed (district and the 2025 commune levels) or under its
province; and typed without diacritics. Every variant must parse to the original's fields (or the
change the variant makes), with spans that quote the page.

`python -m tests.test_header_forms` prints the failures and a count per form."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable

import pytest

from kehoach.ingest.clean import clean
from kehoach.ingest.parse import parse
from kehoach.ingest.records import DocMeta, PagedText
from kehoach.ingest.vietnamese import fold_aligned
from tests.conftest import EXAMPLES, REPO, SEEDS
from tests.test_parse import strip_marks

WILD = REPO.parent / "shared" / "wild" / "docs"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FIELDS = ("number", "locality", "issued", "years", "issuer")


@dataclasses.dataclass(frozen=True)
class Header:
    """The parts of one real header, and the fields its original page parses to."""

    source: str
    unit: str  # as written in lower case: "huyện", "thành phố"
    name: str
    place: str  # the place-and-date line's place
    number: str
    issued: dt.date
    kind: str
    title: str
    body: str
    expected: dict

    def left(self) -> list[str]:
        return ["ỦY BAN NHÂN DÂN", f"{self.unit} {self.name}".upper()]

    def place_line(self, date: str | None = None) -> str:
        return f"{self.place}, {date or self.date()}"

    def date(self) -> str:
        d = self.issued
        return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    def title_lines(self) -> list[str]:
        return ["", self.kind.upper(), self.title, ""]


def page(h: Header, left=None, number=None, dated=None, title=None, before="", after="") -> str:
    """The header laid out as its two columns are when a page is saved as text."""
    number = f"Số: {h.number}" if number is None else number
    dated = h.place_line() if dated is None else dated
    head = [*(h.left() if left is None else left), "-------", NATIONAL, MOTTO, "---------------"]
    head += [line for line in (number, dated) if line]
    return "\n".join([before, *head, *(h.title_lines() if title is None else title), h.body, after])


def _line(pattern: str, text: str) -> re.Match | None:
    return re.search(pattern, fold_aligned(text), re.M)


def header_of(source: str, text: str) -> Header | None:
    """The parts of a page with a formal header by a committee (number, full date, type line and
    title, a "<place>, ngày ..." line); None for a news page or another body's document."""
    body = clean(PagedText(text=text))
    meta, _ = parse(body)
    text = body.text
    if not (meta.number and meta.issued and len(meta.issued) == 10 and meta.title and meta.kind):
        return None
    if not (meta.issuer or "").startswith("UBND ") or "issued" not in meta.spans:
        return None
    start = meta.spans["issued"][0]
    line_start = max(text.rfind("\n", 0, start), text.rfind("|", 0, start)) + 1
    place = text[line_start:start].strip(" ,*_")
    kind = _line(rf"^[ \t*_#]*{fold_aligned(meta.kind)}[ \t*_]*$", text)
    if not place or "\n" in place or kind is None:
        return None
    rest = text[kind.end() :].lstrip("\n")
    title = " ".join(meta.title.split())
    while rest and rest.split("\n", 1)[0].strip() and rest.split("\n", 1)[0].strip() in title:
        rest = rest.split("\n", 1)[1] if "\n" in rest else ""
    unit, name = meta.issuer[len("UBND ") :].split(" ", 1)
    unit = unit if unit != "thành" else "thành phố"
    name = name.removeprefix("phố ") if unit == "thành phố" else name
    if fold_aligned(name).endswith(f" {fold_aligned(place)}"):
        place = name  # a name a law database broke over two lines ("Bắc" over "Kạn, ngày ...")
    expected = fields(meta)
    return Header(source, unit, name, place, meta.number, dt.date.fromisoformat(meta.issued), meta.kind,
                  title, rest, expected)  # fmt: skip


def fields(meta: DocMeta) -> dict:
    return {
        "number": meta.number,
        "locality": meta.locality,
        "issued": meta.issued,
        "years": (meta.year_from, meta.year_to),
        "issuer": meta.issuer,
    }


def _sources() -> list[tuple[str, str]]:
    found = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.*"))]
    if SEEDS.is_dir():
        found += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    split = REPO / "eval" / "wild" / "split.json"
    if WILD.is_dir() and split.is_file():
        dev = [name for name, part in json.loads(split.read_text()).items() if part == "dev"]
        found += [
            (name, (WILD / name).read_text(encoding="utf-8"))
            for name in sorted(dev)
            if (WILD / name).is_file()
        ]
    return found


HEADERS = [h for name, text in _sources() if (h := header_of(name, text)) is not None]

# A variant: the page text and the fields that change from the original's.
Variant = Callable[[Header], tuple[str, dict]]


def _cells(rows: list[tuple[str, str]], reverse: bool = False) -> str:
    return "\n".join(" | ".join(reversed(row) if reverse else row) + " |" for row in rows)


def _rows(h: Header, reverse: bool) -> tuple[str, dict]:
    rows = [(h.left()[0], NATIONAL), (h.left()[1], MOTTO), (f"Số: {h.number}", h.place_line())]
    return "\n".join([_cells(rows, reverse), *h.title_lines(), h.body]), {}


def _portal(
    h: Header, labels: tuple[str, str, str] = ("Số hiệu", "Nơi ban hành", "Ngày ban hành"), iso=False
) -> str:
    """A portal's metadata block: the labels of the number, the issuer and the date vary."""
    d = h.issued
    return "\n".join(
        [
            f"{labels[0]}: {h.number}",
            f"Loại văn bản: {h.kind}",
            f"{labels[1]}: Ủy ban nhân dân {h.unit} {h.name}",
            f"{labels[2]}: {d.isoformat() if iso else f'{d.day:02d}/{d.month:02d}/{d.year}'}",
            "Tình trạng: Còn hiệu lực",
        ]
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_aligned(text)).strip("-")


def _naming(h: Header) -> str:
    """The title, with the issuer's place after it unless it names that already."""
    place = f"{h.unit} {h.name}"
    return h.title if fold_aligned(place) in fold_aligned(h.title) else f"{h.title} {place}"


def _partial(h: Header) -> str:
    return f"{h.issued.year}-{h.issued.month:02d}"


def _abbreviated(h: Header, upper: bool) -> list[str] | None:
    short = {"thành phố": "TP.", "thị xã": "TX.", "huyện": "H."}.get(h.unit)
    if short is None:
        return None
    return [f"UBND {short} {h.name.upper() if upper else h.name}"]


VARIANTS: dict[str, Variant] = {
    # ---------------------------------------------------------------- the two-column table
    "stacked columns": lambda h: (page(h), {}),
    "rows, issuer column first": lambda h: _rows(h, reverse=False),
    "rows, national column first": lambda h: _rows(h, reverse=True),
    "header row on one line in cells": lambda h: (
        " | ".join([*h.left(), NATIONAL, MOTTO, f"Số: {h.number}", h.place_line()])
        + "\n"
        + "\n".join([*h.title_lines(), h.body]),
        {},
    ),
    "columns run together on one line": lambda h: (
        " ".join([*h.left(), NATIONAL, MOTTO]) + "\n" + page(h, left=[], before=""),
        {},
    ),
    "rows run together without separators": lambda h: (
        "\n".join([f"{h.left()[0]} {NATIONAL}", f"{h.left()[1]} {MOTTO}", f"Số: {h.number} {h.place_line()}"])
        + "\n"
        + "\n".join([*h.title_lines(), h.body]),
        {},
    ),
    "markdown table": lambda h: (
        "\n".join(
            [
                f"| {h.left()[0]} | {NATIONAL} |",
                "|---|---|",
                f"| **{h.left()[1]}** | **{MOTTO}** |",
                f"| Số: {h.number} | *{h.place_line()}* |",
                *h.title_lines(),
                h.body,
            ]
        ),
        {},
    ),
    "rows run together, national column first": lambda h: (
        "\n".join([f"{NATIONAL} {h.left()[0]}", f"{MOTTO} {h.left()[1]}", f"{h.place_line()} Số: {h.number}"])
        + "\n"
        + "\n".join([*h.title_lines(), h.body]),
        {},
    ),
    "ỦY over BAN NHÂN DÂN": lambda h: (page(h, left=["ỦY", "BAN NHÂN DÂN", h.left()[1]]), {}),
    "issuer in title case": lambda h: (
        page(h, left=["Ủy ban nhân dân", f"{h.unit.capitalize()} {h.name}"]),
        {},
    ),
    "issuer on one line": lambda h: (page(h, left=[" ".join(h.left())]), {}),
    "UBND and unit on one line": lambda h: (page(h, left=[f"UBND {h.unit} {h.name}".upper()]), {}),
    # ---------------------------------------------------------------- the place-and-date line
    "place line after the number": lambda h: (
        page(h, number=f"Số: {h.number}    {h.place_line()}", dated=""),
        {},
    ),
    "place line in a cell": lambda h: (page(h, dated=f"| {h.place_line()} |"), {}),
    "place line before the number": lambda h: (
        page(h, number=h.place_line(), dated=f"Số: {h.number}"),
        {},
    ),
    "place line in capitals": lambda h: (page(h, dated=h.place_line().upper()), {}),
    "place line without its comma": lambda h: (page(h, dated=f"{h.place} {h.date()}"), {}),
    "date broken over two lines": lambda h: (
        page(h, dated=h.place_line().replace(" năm ", "\nnăm ")),
        {},
    ),
    "place and date on two lines": lambda h: (page(h, dated=h.place_line().replace(", ", ",\n")), {}),
    "place line missing": lambda h: (page(h, dated=""), {"issued": None}),
    "place line missing, portal block": lambda h: (page(h, dated="", before=_portal(h)), {}),
    # ---------------------------------------------------------------- the number
    "Số : with spaces": lambda h: (page(h, number=f"Số :  {h.number.replace('/', ' /', 1)}"), {}),
    "symbol split after its dash": lambda h: (page(h, number=f"Số: {h.number.replace('-', '- ', 1)}"), {}),
    "Số without colon": lambda h: (page(h, number=f"Số {h.number}"), {}),
    "number only in the page title": lambda h: (
        page(h, number="Số:     /KH-UBND", before=f"{h.kind} {h.number} năm {h.issued.year} {h.title}"),
        {"years": h.expected["years"] if h.expected["years"][0] else (h.issued.year,) * 2},
    ),
    "page title only, no header": lambda h: (
        f"{h.kind} {h.number} năm {h.issued.year} {_naming(h)}\n\n{h.body}",
        {"issued": None, "years": h.expected["years"] if h.expected["years"][0] else (h.issued.year,) * 2},
    ),
    "page title after a breadcrumb": lambda h: (
        page(
            h,
            number="Số:     /KH-UBND",
            before=f"Trang chủ » Văn bản » {h.kind} {h.number} năm {h.issued.year} {h.title}",
        ),
        {"years": h.expected["years"] if h.expected["years"][0] else (h.issued.year,) * 2},
    ),
    "page title in title case only": lambda h: (
        f"{h.kind} {h.number} Năm {h.issued.year} {_naming(h).title()}\n\n{h.body}",
        {"issued": None, "years": h.expected["years"] if h.expected["years"][0] else (h.issued.year,) * 2},
    ),
    "page title in title case, the place before the topic": lambda h: (
        f"{h.kind} {h.number} Năm {h.issued.year} Của {h.unit.title()} {h.name} Vì Trẻ Em, "
        f"{h.title.title()}\n\n{h.body}",
        {"issued": None, "years": h.expected["years"] if h.expected["years"][0] else (h.issued.year,) * 2},
    ),
    "number only in the address": lambda h: (
        page(
            h,
            number="Số: ...",
            before=f"URL: https://thuvienphapluat.vn/van-ban/{_slug(h.kind)}-{_slug(h.number)}-{h.issued.year}"
            f"-{_slug(h.title)[:60]}.aspx",
        ),
        {},
    ),
    "number only in a news sentence": lambda h: (
        f"{h.unit.capitalize()} {h.name} triển khai kế hoạch\n\n"
        f"Ngày {h.issued.day}/{h.issued.month}/{h.issued.year}, Ủy ban nhân dân {h.unit} {h.name} ban hành "
        f"{h.kind} số {h.number} về {h.title[:1].lower()}{h.title[1:]}.\n\n{h.body}",
        {},
    ),
    "news page, number and date after the committee": lambda h: (
        f"{h.unit.capitalize()} {h.name}: triển khai {h.kind.lower()}\n\n"
        f"UBND {h.unit} {h.name} vừa ban hành {h.kind} số {h.number} ngày {h.issued.day}/{h.issued.month}/"
        f"{h.issued.year} về {_naming(h)[:1].lower()}{_naming(h)[1:]}.\n\n{h.body}",
        {},
    ),
    "news page, the place only in the headline": lambda h: (
        f"{h.unit.capitalize()} {h.name} triển khai {h.kind.lower()} {h.title[:1].lower()}{h.title[1:]}\n\n"
        f"Ngày {h.issued.day:02d}/{h.issued.month:02d}/{h.issued.year}, Ủy ban nhân dân (UBND) {h.unit} "
        f"đã ban hành {h.kind} số {h.number}.\n\n{h.body}",
        {},
    ),
    "portal block before the header": lambda h: (page(h, before=_portal(h)), {}),
    "portal block after the body": lambda h: (page(h, after=_portal(h)), {}),
    "portal block with other labels": lambda h: (
        page(
            h,
            number="Số:   /KH-UBND",
            dated="",
            after=_portal(h, ("Số ký hiệu", "Cơ quan ban hành", "Ngày ký")),
        ),
        {},
    ),
    "portal block with Số/Ký hiệu and an ISO date": lambda h: (
        page(
            h,
            number="Số:   /KH-UBND",
            dated="",
            after=_portal(h, ("Số/Ký hiệu", "Cơ quan ban hành", "Ngày ban hành"), iso=True),
        ),
        {},
    ),
    "number only in the portal block": lambda h: (page(h, number="Số:   /KH-UBND", after=_portal(h)), {}),
    # ---------------------------------------------------------------- the date
    "date without leading zeros": lambda h: (
        page(h, dated=h.place_line(f"ngày {h.issued.day} tháng {h.issued.month} năm {h.issued.year}")),
        {},
    ),
    "date with slashes": lambda h: (
        page(h, dated=h.place_line(f"ngày {h.issued.day:02d}/{h.issued.month}/{h.issued.year}")),
        {},
    ),
    "date with dashes": lambda h: (
        page(h, dated=h.place_line(f"ngày {h.issued.day:02d}-{h.issued.month:02d}-{h.issued.year}")),
        {},
    ),
    "date with slashes, no ngày": lambda h: (
        page(h, dated=h.place_line(f"{h.issued.day:02d}/{h.issued.month}/{h.issued.year}")),
        {},
    ),
    "date with doubled spaces": lambda h: (
        page(
            h,
            dated=h.place_line(f"ngày  {h.issued.day:02d}  tháng {h.issued.month:02d}  năm {h.issued.year}"),
        ),
        {},
    ),
    "blank day": lambda h: (
        page(h, dated=h.place_line(f"ngày   tháng {h.issued.month} năm {h.issued.year}")),
        {"issued": _partial(h)},
    ),
    "blank day with dots": lambda h: (
        page(h, dated=h.place_line(f"ngày ... tháng {h.issued.month} năm {h.issued.year}")),
        {"issued": _partial(h)},
    ),
    # ---------------------------------------------------------------- the locality
    "unit abbreviated": lambda h: (page(h, left=_abbreviated(h, upper=True)), {}),
    "unit abbreviated, title case": lambda h: (page(h, left=_abbreviated(h, upper=False)), {}),
    "unit abbreviated without its dot": lambda h: (
        page(h, left=[f"UBND TP {h.name.upper()}"] if h.unit == "thành phố" else None),
        {},
    ),
    "unit word alone, the place line names it": lambda h: (
        page(h, left=["ỦY BAN NHÂN DÂN", h.unit.upper()]),
        {},
    ),
    "province above the issuer": lambda h: (
        page(
            h,
            left=[f"UBND {h.expected['locality'].split(', ')[1]}".upper(), f"UBND {h.unit} {h.name}".upper()],
        ),
        {},
    ),
    "province line, then the committee": lambda h: (
        page(h, left=[h.expected["locality"].split(", ")[1].upper(), "ỦY BAN NHÂN DÂN", h.left()[1]]),
        {},
    ),
    "unit word alone, then a text line": lambda h: (
        "\n".join([f"ỦY BAN NHÂN DÂN {h.unit.upper()}", h.title, f"Số: {h.number}", h.place_line()])
        + "\n".join(["", *h.title_lines(), h.body]),
        {},
    ),
    "place line with the unit abbreviated": lambda h: (
        page(h, dated=f"TP. {h.place}, {h.date()}" if h.unit == "thành phố" else None),
        {},
    ),
    "issuer followed by a text line": lambda h: (
        "\n".join([*h.left(), h.title, f"Số: {h.number}", h.place_line(), *h.title_lines(), h.body]),
        {},
    ),
    "title in title case": lambda h: (
        page(h, title=["", h.kind.upper(), h.title.title(), ""]),
        {},
    ),
    "type and title on one line": lambda h: (
        page(h, title=["", f"{h.kind.upper()} {h.title}", ""]),
        {},
    ),
}


def _renamed(unit: str) -> Variant:
    """The header of a district (or, in the 2025 two-level form, a commune) of another unit word,
    under the same province."""

    def render(h: Header) -> tuple[str, dict]:
        province = h.expected["locality"].split(", ")[1]
        left = ["ỦY BAN NHÂN DÂN", f"{unit} {h.name}".upper()]
        return page(h, left=left), {
            "locality": f"{unit} {h.name}, {province}",
            "issuer": f"UBND {unit} {h.name}",
        }

    return render


for _unit in ("quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu"):
    VARIANTS[f"unit word {_unit}"] = _renamed(_unit)

# Variants that apply only to some headers (None when a header has no such form).
_NEEDS_PROVINCE = {"province above the issuer", "province line, then the committee"}


def applies(name: str, h: Header) -> bool:
    if name.startswith("unit abbreviated"):
        return _abbreviated(h, True) is not None
    district = ", " in (h.expected["locality"] or "")
    if name in _NEEDS_PROVINCE or name.startswith("unit word "):
        return district and h.unit in ("huyện", "thị xã", "thành phố")
    if name == "place line with the unit abbreviated":
        return h.unit == "thành phố" and fold_aligned(h.place) == fold_aligned(h.name)
    if name in ("unit word alone, the place line names it", "unit word alone, then a text line"):
        return fold_aligned(h.place) == fold_aligned(h.name)
    return True


def _bare(value):
    return strip_marks(value) if isinstance(value, str) else value


def check(name: str, h: Header, bare: bool = False) -> list[str]:
    """What differs from the expected fields (both without diacritics when the page is typed
    without them), and spans that do not quote the page."""
    text, change = VARIANTS[name](h)
    body = clean(PagedText(text=strip_marks(text) if bare else text))
    meta, _ = parse(body)
    wanted = {k: _bare(v) if bare else v for k, v in {**h.expected, **change}.items()}
    got = {k: _bare(v) if bare else v for k, v in fields(meta).items()}
    wrong = [f"{k}: {got[k]!r} != {wanted[k]!r}" for k in FIELDS if got[k] != wanted[k]]
    spans, page = meta.spans, body.text
    if meta.number and "number" in spans:
        quoted = re.sub(r"\s+", "", fold_aligned(page[slice(*spans["number"])]))
        if quoted.replace("//", "/") != fold_aligned(meta.number):
            wrong.append(f"number span {quoted!r}")
    if meta.issued and len(meta.issued) == 10 and "issued" in spans:
        quoted = page[slice(*spans["issued"])]
        if re.findall(r"\d+", quoted)[-1] != meta.issued[:4]:
            wrong.append(f"issued span {quoted!r}")
    if meta.locality and "locality" not in spans:
        wrong.append("no locality span")
    if "locality" in spans:
        quoted = fold_aligned(page[slice(*spans["locality"])])
        if quoted not in fold_aligned(meta.locality or ""):
            wrong.append(f"locality span {quoted!r}")
    return wrong


CASES = [(name, h) for name in VARIANTS for h in HEADERS if applies(name, h)]


def test_real_headers_are_found():
    """The example plans alone give headers with a district and a province to re-render."""
    assert len(HEADERS) >= 4
    assert any(", " in (h.expected["locality"] or "") for h in HEADERS)


@pytest.mark.parametrize(("name", "header"), CASES, ids=[f"{n}-{h.source}" for n, h in CASES])
def test_header_form(name, header):
    assert check(name, header) == []


# Forms typed without diacritics too (the folded keywords must carry them).
UNACCENTED = [
    "rows, national column first",
    "columns run together on one line",
    "place line after the number",
    "date with slashes, no ngày",
    "blank day",
    "type and title on one line",
    "province above the issuer",
    "page title only, no header",
    "place line missing, portal block",
    "portal block with other labels",
]
BARE_CASES = [(name, h) for name, h in CASES if name in UNACCENTED]


@pytest.mark.parametrize(("name", "header"), BARE_CASES, ids=[f"{n}-{h.source}" for n, h in BARE_CASES])
def test_header_form_without_diacritics(name, header):
    assert check(name, header, bare=True) == []


if __name__ == "__main__":
    from collections import Counter

    failed: Counter = Counter()
    total: Counter = Counter()
    runs = [(n, h, False) for n, h in CASES] + [(n, h, True) for n, h in BARE_CASES]
    for variant, header, bare in runs:
        label = f"{variant} (no diacritics)" if bare else variant
        total[label] += 1
        problems = check(variant, header, bare)
        if problems:
            failed[label] += 1
            print(f"{label} [{header.source}]: {'; '.join(problems)}")
    for label in total:
        print(f"{failed[label]:3d}/{total[label]:3d}  {label}")
