"""Questions about a document itself (its number, date of issue, signer, issuing body), answered
from its header or signature, not its body: which fields a question asks and of which kind of
document. query.py reads the fields into the Query; answer_meta.py reads the kind asked about.
Patterns match folded text, like query.py's."""

from __future__ import annotations

import re

_DOC_KINDS = (
    r"ke hoach|quyet dinh|chuong trinh|chi thi|cong van|thong tu|nghi quyet|nghi dinh|to trinh|thong bao"
    r"|ket luan|van ban|luat"
)
_WHICH_DAY = r"(?:nao|bao nhieu|may)\b"
_ASKED_DATE = (
    rf"(?<!truoc )(?<!den )(?<!han )"
    rf"(?:(?:ngay|hom) {_WHICH_DAY}|(?:thoi gian|thoi diem|ngay thang(?: nam)?) nao)"
)
HEADER_CUES = {
    "signer": re.compile(
        r"(?<![a-z])(?:ai|nguoi) (?:da )?(?:dung ten )?ky\b|\bky ban hanh\b|\bky boi ai\b|\bai dung ten\b"
        # The capacity signed in ("ký với cương vị gì", "ký với tư cách gì").
        r"|\bky (?:voi|o|theo) (?:cuong vi|chuc vu|chuc danh|tu cach)\b"
    ),
    # "số kế hoạch của mỗi tỉnh là gì" (not "số kế hoạch ... là bao nhiêu", a count).
    "number": re.compile(
        r"\b(?:(?:mang )?so hieu|ky hieu|mang so)\b|\bso (?:may|bao nhieu)\b"
        rf"|\bso (?:{_DOC_KINDS})\b[^?,;]*\bla gi\b"
        # A question that opens with it: "Số kế hoạch tháng hành động 2023 của Quảng Trị?" (not
        # "Số kế hoạch đã ban hành là bao nhiêu?", a count).
        rf"|^so (?:{_DOC_KINDS})\b(?![^?]*\bbao nhieu\b)"
    ),
    "issued": re.compile(
        rf"\b(?:ban hanh|thong qua|(?:ra|ky) (?:{_DOC_KINDS}))\b.*\b(?:vao )?{_ASKED_DATE}"
        rf"|(?<!dinh )\bky (?:vao )?(?:(?:ngay|hom) {_WHICH_DAY}|thoi gian nao)|\bde ngay {_WHICH_DAY}"
        r"|\bngay (?:ban hanh|ky)\b|\b(?:khi nao|bao gio|nam nao)(?: duoc)? ban hanh\b"
        # "ra" (or "ra đời") for issuing, as people say it ("Quốc hội ra ngày nào", "kế hoạch ra đời
        # hôm nào"), not "diễn ra", "xảy ra", "đề ra".
        r"|(?<![a-z])(?<!dien )(?<!xay )(?<!de )(?<!dat )(?<!dua )"
        rf"ra (?:doi )?(?:vao )?(?:ngay|hom) {_WHICH_DAY}"
        r"|\bban hanh (?:vao )?(?:luc nao|khi nao|bao gio|nam (?:nao|may))"
        # A document by number as the question's topic, then its day: "Công văn 2928 của Bộ ... là
        # ngày mấy" (not "Hạn báo cáo kế hoạch ... là ngày nào").
        rf"|^(?:cai )?(?:{_DOC_KINDS})\s+(?:so\s+)?\d[^?]*\bla (?:vao )?(?:ngay|hom) {_WHICH_DAY}"
        # Which of several came first: "cái nào ra trước", "tỉnh nào ban hành sớm hơn".
        r"|\bnao (?:duoc )?(?:ra|ban hanh|ky) (?:truoc|som hon)\b"
    ),
    # A law portal's own fields (ingest/records.PORTAL_ONLY): its type, its field, its status.
    "doc_type": re.compile(
        r"\b(?:(?:xep )?vao |thuoc )?loai van ban\b|\b(?:la|xep vao|thuoc) loai (?:gi|nao)\b"
    ),
    "field": re.compile(r"\b(?:(?:xep )?vao |thuoc )?linh vuc (?:gi|nao)\b"),
    # Not "tình trạng" alone, any situation ("tình trạng trẻ em bỏ học").
    "status": re.compile(r"\btinh trang (?:hieu luc|van ban)\b|\b(?:con|het) hieu luc\b"),
    # The years a plan runs: its period, when it starts or ends ("áp dụng cho giai đoạn nào", "bắt
    # đầu từ năm nào"), not the year a target is due ("đạt 90% đến năm nào") nor the period of a
    # programme it implements ("dựa theo chương trình ... giai đoạn nào").
    "period": re.compile(
        r"\b(?:(?:ap dung|thuc hien|trien khai)(?: (?:cho|trong|o|vao))?|cho) giai doan (?:nao|may)\b"
        r"|\b(?:bat dau|ket thuc)(?: (?:tu|vao|o))? nam (?:nao|may)\b|\btu nam nao den nam nao\b"
    ),
    "issuer": re.compile(
        r"\b(?:co quan|don vi|cap) (?:nao )?(?:da )?ban hanh\b|(?<![a-z])ai (?:da )?ban hanh\b"
        r"|\bban hanh boi (?:ai|co quan nao)"
    ),
}
# A second field of a header question may ask for the day without repeating "ban hành".
_DAY_ASKED = re.compile(rf"\b(?:vao )?{_ASKED_DATE}")
_DOC_WORDS = re.compile(rf"\b({_DOC_KINDS})\b")
# The document a header cue is attached to: "kế hoạch số mấy", "ký Quyết định"; after "là" it is
# the one the question already named ("Kế hoạch X là kế hoạch số mấy?").
_ASKED_DOC = re.compile(
    rf"(?P<same>\bla\s+)?\b(?P<kind>{_DOC_KINDS})\s+(?:so (?:may|bao nhieu|hieu)|ky hieu)\b"
    rf"|\bky\s+(?P<signed>{_DOC_KINDS})\b"
)


# Issuing a document, as the header cue's verb ("Hà Giang ra kế hoạch ..., ngày nào?").
_ISSUING = re.compile(rf"\b(?:ra|ky|ban hanh) (?:{_DOC_KINDS})\b")


# What a document is about: "là về chuyện gì", "nội dung là gì", "phê duyệt gì".
_SUBJECT_ASKED = re.compile(
    r"\b(?:ve (?:chuyen |van de |noi dung |viec |linh vuc )?gi|noi dung (?:chinh )?(?:la )?gi"
    r"|phe duyet (?:cai )?gi|la (?:van ban )?gi)\b"
)


def asks_subject(folded: str) -> bool:
    """Whether a folded question asks what a document is about; not where its "là gì" asks the
    number ("số tờ trình là gì")."""
    return _SUBJECT_ASKED.search(HEADER_CUES["number"].sub(" ", folded)) is not None


def header_fields(folded: str) -> tuple[str, ...]:
    """The header fields a folded question asks about, in its order."""
    found = {name: m.end() for name, cue in HEADER_CUES.items() if (m := cue.search(folded))}
    if found and "issued" not in found and (day := _DAY_ASKED.search(folded)):
        found["issued"] = day.end()  # "số mấy, vào ngày nào?"
    return tuple(sorted(found, key=found.__getitem__))


# The longest cue whose words are all question words; a longer one spans the topic between its ends.
_CUE_WORDS = 5


def cue_words(folded: str) -> set[str]:
    """The words of a folded question's header cues ("ai ký", "số mấy", "cái nào ra trước", "ngày
    nào"): how it asks, not what it asks about; a cue spanning the question ("ban hành ... ngày
    nào") gives only its ends, through the shorter cues."""
    cues = [*HEADER_CUES.values(), _DAY_ASKED, _ASKED_DOC, _ISSUING]
    found = [m.group(0).split() for cue in cues for m in cue.finditer(folded)]
    return {w for cue in found if len(cue) <= _CUE_WORDS for w in cue}


def _asking_clause(folded: str) -> str:
    """The clause (between commas, semicolons or colons) where the question's first header cue ends."""
    ends = [m.end() for cue in (*HEADER_CUES.values(), _DAY_ASKED) if (m := cue.search(folded))]
    if not ends:
        return ""
    at = min(ends)
    start = max(folded.rfind(p, 0, at) for p in ",;:") + 1
    stops = [i for p in ",;:" if (i := folded.find(p, at)) >= 0]
    return folded[start : min(stops, default=len(folded))]


def cue_kind(folded: str) -> str | None:
    """The kind of the last document the question names before its first header cue: "Quyết định
    592 căn cứ Luật Trẻ em ban hành ngày nào" puts the cue right after the law."""
    starts = [m.start() for cue in HEADER_CUES.values() if (m := cue.search(folded))]
    kinds = _DOC_WORDS.findall(folded[: min(starts)]) if starts else []
    return kinds[-1] if kinds else None


def cue_attached(folded: str) -> bool:
    """Whether the number asked is attached to a kind of document ("QĐ số mấy"): then that kind is
    the one asked, whatever other kinds the question names (not "ký KH 98 ... và QĐ 27", which
    names one per side)."""
    return any(m.group("kind") for m in _ASKED_DOC.finditer(folded))


def named_kinds(folded: str) -> set[str]:
    """Every kind of document a folded question names: a comparison may name one per side
    ("Bắc Ninh ban hành kế hoạch ... và Cà Mau ra quyết định ...")."""
    return set(_DOC_WORDS.findall(folded))


# The authorities above a province's People's Committee, and its council, whose texts local plans
# cite (Decree 30/2020: a document is its issuer's): "quyết định nào của Thủ tướng", "thông tư của
# Bộ Lao động", "nghị quyết Quốc hội".
_AUTHORITY = r"thu tuong|chinh phu|quoc hoi|bo \w+|hoi dong nhan dan|hdnd|tinh uy|trung uong"
_ISSUED_BY = re.compile(
    rf"\b({_DOC_KINDS})(?: (?:so )?[\w/.-]*\d[\w/.-]*)?(?: nao)?(?: (?:cua|do))? ({_AUTHORITY})\b"
)
# "quyết định nào ..., ký ngày nào": the document asked for is the one whose field is asked.
_WHICH_KIND = re.compile(rf"\b({_DOC_KINDS}) nao\b")


def subject_issuer(folded: str) -> str | None:
    """The authority a header question names as its document's issuer ("quyết định của Thủ
    tướng ... ký ngày nào"), folded: a plan of a People's Committee is not that document."""
    subject = header_subject(folded)
    return next((m.group(2) for m in _ISSUED_BY.finditer(folded) if m.group(1) == subject), None)


def header_subject(folded: str) -> str | None:
    """The kind of document ("ke hoach", "quyet dinh", "van ban") a header question asks about: the
    one its cue is attached to ("theo kế hoạch số mấy", "Ai ký Quyết định"), else its first document
    word; None when that is a second document of a kind it already named, a text the first one cites
    ("Kế hoạch của X thực hiện kế hoạch số mấy của Sở ...?")."""
    attached = _ASKED_DOC.search(folded)
    if attached is None:
        # The head of the clause that asks, else the document asked for ("dựa trên quyết định
        # nào ..., ký ngày nào"), else the question's head: "KH 132 dẫn Quyết định 1248, quyết
        # định đó ký ngày nào" asks of the decision; "Kế hoạch triển khai Chỉ thị 1408 ban hành
        # ngày nào" of the plan.
        clause = _asking_clause(folded)
        first = _DOC_WORDS.search(clause) or _WHICH_KIND.search(folded) or _DOC_WORDS.search(folded)
        return first.group(1) if first else "van ban"
    at = attached.start("kind") if attached.group("kind") else attached.start("signed")
    kind = attached.group("kind") or attached.group("signed")
    earlier = _DOC_WORDS.pattern if kind == "van ban" else rf"\b{kind}\b"  # any kind is a "văn bản"
    return None if not attached.group("same") and re.search(earlier, folded[:at]) else kind
