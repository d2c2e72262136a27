"""The records that flow from ingestion to the assistant (see DESIGN.md, "The data that flows").

Offsets (`start`, `end`) are character offsets into the document's cleaned text, the text that
the index stores and that every citation quotes from.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from kehoach.ingest.vietnamese import normalize

SECTION_SEP = " > "


@dataclass(frozen=True)
class Region:
    """A marked block of the cleaned text: "recipients" (Nơi nhận) or "signature" (chữ ký)."""

    kind: str
    start: int
    end: int


@dataclass
class PagedText:
    """Text with page starts (`page_starts[i]`: offset where page i+1 begins) and marked regions."""

    text: str
    page_starts: list[int] = field(default_factory=lambda: [0])
    regions: list[Region] = field(default_factory=list)
    # A portal's metadata block ("Số hiệu", "Ngày ban hành", "Người ký"), which cleaning removes
    # from the text: {"number", "issued", "signer"} as printed.
    portal: dict[str, str] = field(default_factory=dict)

    def page_at(self, offset: int) -> int:
        """1-based page number of a character offset."""
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass
class Section:
    """A heading and the text it governs; `path` lists the headings from the root down."""

    path: tuple[str, ...]
    start: int
    end: int

    @property
    def level(self) -> int:
        return len(self.path)

    @property
    def label(self) -> str:
        return SECTION_SEP.join(self.path)


def innermost_finder(sections: Sequence[Section]) -> Callable[[int], Section | None]:
    """The deepest section holding an offset (the later one among equals), by bisection over the
    offsets where that changes: scanning every section per lookup made heading-heavy files
    quadratic to parse."""
    order = sorted(range(len(sections)), key=lambda i: sections[i].start)
    points = sorted({s.start for s in sections} | {s.end for s in sections})
    owners: list[Section | None] = []
    open_: list[tuple[int, int]] = []  # (-level, -index): the deepest, then the latest, on top
    k = 0
    for point in points:
        while k < len(order) and sections[order[k]].start <= point:
            heapq.heappush(open_, (-sections[order[k]].level, -order[k]))
            k += 1
        while open_ and sections[-open_[0][1]].end <= point:
            heapq.heappop(open_)
        owners.append(sections[-open_[0][1]] if open_ else None)

    def at(offset: int) -> Section | None:
        j = bisect.bisect_right(points, offset) - 1
        return owners[j] if j >= 0 else None

    return at


# Fields no header states, kept as a law portal writes them, label and value ("Ngày có hiệu lực
# 05/08/2021", "Lĩnh vực: Lao động - Tiền lương"): quoted as the page's, since cleaning removes them.
PORTAL_ONLY = ("effective", "doc_type", "field", "status")


@dataclass
class DocMeta:
    """Header metadata of an administrative document; unknown fields stay None."""

    number: str | None = None
    kind: str | None = None
    issuer: str | None = None
    locality: str | None = None
    level: str | None = None
    # ISO date; "YYYY-MM" or "YYYY" where the page left the day (and month) blank for signing.
    issued: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    title: str | None = None
    signer: str | None = None
    bases: list[str] = field(default_factory=list)
    # Where the cleaned text states a field: {"number" | "issued" | "locality" | "signer": [start,
    # end]}, for citing the header itself; a field read from the portal block has none.
    spans: dict[str, list[int]] = field(default_factory=dict)
    # A law portal's own fields (PORTAL_ONLY: when it takes effect, its type, field and status),
    # each as the page writes it, label and value.
    portal: dict[str, str] = field(default_factory=dict)

    @property
    def years(self) -> str | None:
        """ "2025" for a one-year plan, "2021–2030" for a period."""
        if self.year_from is None:
            return None
        if self.year_to is None or self.year_to == self.year_from:
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"

    def as_dict(self) -> dict:
        return {**asdict(self), "years": self.years}


def document_name(number: str | None, title: str | None, source: str) -> str:
    """Its number, else its title, else its file's name, not its path: a label is shown to people
    and the path tells them nothing."""
    return number or title or PurePath(source).name


def document_label(name: str | None, locality: str | None, years: str | None) -> str:
    """ "183/KH-UBND · thành phố Huế · 2025": how a document is named to the user everywhere
    (answers, target tables, comparison columns); a missing part is left out."""
    return " · ".join(str(p) for p in (name or "(không số)", locality, years) if p)


@dataclass(frozen=True)
class CatalogEntry:
    """One document as the catalog lists it: its metadata, counts and every file name it came from."""

    doc_id: str
    source: str
    sha256: str
    chunks: int
    targets: int
    number: str | None = None
    kind: str | None = None
    title: str | None = None
    issuer: str | None = None
    locality: str | None = None
    level: str | None = None
    issued: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    signer: str | None = None
    bases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    portal: tuple[tuple[str, str], ...] = ()

    @property
    def years(self) -> str | None:
        return DocMeta(year_from=self.year_from, year_to=self.year_to).years

    @property
    def label(self) -> str:
        return document_label(document_name(self.number, self.title, self.source), self.locality, self.years)

    def as_json(self) -> dict:
        """DESIGN.md's `docs` object."""
        return {**asdict(self), "years": self.years, "bases": list(self.bases), "sources": list(self.sources)}


@dataclass
class Target:
    """A quantitative (or zero) target stated by a document.

    `comparator` is one of ">=", ">", "<=", "<", "=", "range"; for "range", `value` is the lower
    and `value_max` the upper bound. `value` is None only for targets with no number ("duy trì
    không có tình trạng tảo hôn": comparator "=", value 0 is used instead where the text means
    zero).
    """

    doc_id: str
    indicator: str
    comparator: str
    value: float | None
    unit: str | None
    deadline: int | None
    statement: str
    section: str
    start: int
    end: int
    label: str | None = None
    value_max: float | None = None
    agencies: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Chunk:
    """A retrievable passage; `header` is the context prepended to it before embedding."""

    chunk_id: str
    doc_id: str
    text: str
    section: str
    start: int
    end: int
    page: int
    header: str = ""

    @property
    def embed_text(self) -> str:
        """What is embedded and indexed: one tone-mark placement, as questions are (matching only;
        `text` keeps the file's own)."""
        return normalize(f"{self.header}\n{self.text}" if self.header else self.text)


@dataclass
class Document:
    """One ingested document: its cleaned text, metadata, structure, targets and chunks."""

    doc_id: str
    source: str
    sha256: str
    body: PagedText
    meta: DocMeta
    sections: list[Section] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    _finder: tuple[tuple[int, int], Callable[[int], Section | None]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def text(self) -> str:
        return self.body.text

    def section_at(self, offset: int) -> Section | None:
        """The deepest section that contains `offset`."""
        key = (id(self.sections), len(self.sections))
        if self._finder is None or self._finder[0] != key:
            self._finder = (key, innermost_finder(self.sections))
        return self._finder[1](offset)
