"""Questions about a part of a document that Decree 30/2020/NĐ-CP regulates, not about its
subject: when it takes effect ("có hiệu lực từ khi nào?"), whom it is sent to ("Nơi nhận";
"có gửi cho hội nào không?"), and its numbered items asked by position ("nội dung thứ hai",
"mục 2"). Those parts have a fixed form in every document, so parts.py finds them by that form
rather than by the question's words. Patterns match folded text, like query.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.assistant.query_type import EFFECTIVE_CUES
from kehoach.ingest.vietnamese import fold_aligned, has_diacritics

# Number words as folded ("thứ tư" and "thứ tự" fold alike: an order asked is no item).
ORDINAL_WORDS = {
    "nhat": 1,
    "hai": 2,
    "ba": 3,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}
_WORDS = "|".join(ORDINAL_WORDS)
_EFFECTIVE = re.compile(rf"(?<![a-z])(?:{EFFECTIVE_CUES})(?![a-z])")
# The document sent to someone ("có gửi cho hội nào", "Nơi nhận"), not a report a duty sends
# ("gửi báo cáo về Sở ...").
_RECIPIENTS = re.compile(
    r"(?<![a-z])(?:noi nhan|(?:co|duoc|da) gui (?:cho|toi|den|ve|len)|gui (?:cho|toi|den|len) (?:nhung )?"
    r"(?:ai|co quan nao|don vi nao|hoi nao|to chuc nao|nhung ai|bo nao|so nao|nganh nao))(?![a-z])"
)
_REPORT = re.compile(r"(?<![a-z])bao cao(?![a-z])")
# When a web page was posted ("bài ... đăng hôm nào", "ngày đăng tin"); "đăng" written so when the
# question has marks ("đang" folds alike).
_POSTED = re.compile(
    r"(?<![a-z])(?:ngay dang(?: tin)?|dang (?:tin )?(?:vao |luc )?(?:ngay|hom|khi|luc) (?:nao|may|bao gio))"
    r"(?![a-z])"
)
# An item asked by its position: "thứ hai", "thứ 2", "mục 2", "nội dung 2" (not "lần thứ hai",
# an event's edition, nor "thứ tự").
_ORDINAL = re.compile(
    rf"(?<![a-z])(?<!lan )(?<!khoa )(?<!trung )thu (?P<word>{_WORDS}|\d{{1,2}})(?![a-z0-9/])"
    r"(?! (?:uu tien|nao))"
    r"|(?<![a-z])(?:muc|noi dung|nhiem vu|giai phap|khoan) (?:so )?(?P<digits>\d{1,2})(?![\d/.,])"
    # "mục đích đầu tiên", "giải pháp đầu tiên" (not "lần đầu tiên", a first time).
    r"|(?<![a-z])(?<!lan )(?P<first>dau tien)(?![a-z])"
)


# A text the document is based on, asked by its kind and when it was issued ("căn cứ Luật Trẻ em
# ban hành ngày nào"): the document's own "Căn cứ Luật Trẻ em ngày 05/4/2016;" line states it.
# One named by its number is answered from where the plans cite it (cited.py).
_BASIS = re.compile(
    r"(?<![a-z])can cu (?:vao )?(?:luat|nghi dinh|nghi quyet|thong tu|quyet dinh|chi thi|cong van|ke hoach"
    r"|chuong trinh)(?![a-z])(?! (?:so )?\d)"
)
_WHEN = re.compile(r"(?<![a-z])(?:ngay nao|khi nao|bao gio|nam nao|ngay bao nhieu)(?![a-z])")


@dataclass(frozen=True)
class PartAsked:
    """The part a question asks about ("effective", "recipients", "basis", "item"), the item's
    position (items only), and the folded words of the cue that asked (not the document's topic;
    a basis line opens with them)."""

    name: str
    position: int | None
    cue: str


def _ordinal_written(text: str, m: re.Match) -> bool:
    """Whether the ordinal folded at `m` is written as one, "thứ" or "đầu tiên" (a question typed
    with diacritics says which: "Tết Trung thu năm 2025" has no fifth item)."""
    if m.group("digits") or not has_diacritics(text):
        return True
    written = text[m.start() : m.end()].lower()
    return written == "đầu tiên" if m.group("first") else written.startswith("thứ")


def part_asked(text: str) -> PartAsked | None:
    """The regulated part a question (normalised) asks about, if any."""
    folded = fold_aligned(text.lower())
    if m := _EFFECTIVE.search(folded):
        return PartAsked("effective", None, m.group(0))
    if (m := _RECIPIENTS.search(folded)) and not _REPORT.search(folded, 0, m.start()):
        return PartAsked("recipients", None, m.group(0))
    if (m := _POSTED.search(folded)) and (
        not has_diacritics(text) or "đăng" in text[m.start() : m.end()].lower()
    ):
        return PartAsked("posted", None, m.group(0))
    if (m := _BASIS.search(folded)) and _WHEN.search(folded, m.end()):
        return PartAsked("basis", None, m.group(0).replace(" vao ", " "))
    m = next((m for m in _ORDINAL.finditer(folded) if _ordinal_written(text, m)), None)
    if m:
        if m.group("digits") or m.group("first"):
            return PartAsked("item", int(m.group("digits") or 1), m.group(0))
        word = m.group("word")
        return PartAsked("item", ORDINAL_WORDS.get(word) or int(word), m.group(0))
    return None
