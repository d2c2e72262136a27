"""A user's words read in the plans' own words ("chết đuối" -> "tử vong do đuối nước", "bạo hành" -> "bạo
lực", "tàn tật" -> "khuyết tật"), the way abbreviations.py reads "BHYT": every lexical signal (IDF
coverage, word pairs, the gate's topic words) judges a question by its words, so a question worded
otherwise than the plans is refused although a plan answers it. A phrase is read as the member of
its group the corpus writes most, and only where the corpus writes that member more often than the
phrase typed; a question in the corpus's words is never touched. The groups are general vocabulary
of child protection (Luật Trẻ em 2016 and its decrees, the plans' terms, everyday Vietnamese), each
one of words of the same meaning, never a looser neighbour: a question about something no plan
says must stay refused. Not rewritten: quoted text, names (capitalised words inside the question),
document numbers (a phrase is whole words)."""

from __future__ import annotations

import re

from kehoach.assistant.abbreviations import phrase_terms
from kehoach.ingest.index import Index
from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics, normalize

# Each group: words the plans and their readers use for one thing. Written from the domain (the
# law's vocabulary, the plans' indicators, common speech), not from questions.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    # Harms the law names (Luật Trẻ em 2016, Điều 4 and 6) and how people say them.
    # Drowning, and death by drowning: the plans' indicator counts deaths ("tử vong do đuối nước").
    ("đuối nước", "ngạt nước"),
    ("tử vong do đuối nước", "chết đuối"),
    ("bạo lực", "bạo hành"),
    ("xâm hại tình dục", "lạm dụng tình dục"),
    ("xâm hại trẻ em", "lạm dụng trẻ em"),
    ("mua bán trẻ em", "buôn bán trẻ em"),
    ("mua bán người", "buôn bán người", "buôn người"),
    ("tảo hôn", "kết hôn sớm", "lấy chồng sớm", "cưới sớm"),
    ("hôn nhân cận huyết thống", "kết hôn cận huyết", "hôn nhân cận huyết"),
    ("sao nhãng", "xao nhãng"),
    ("tử vong", "thiệt mạng", "chết"),
    ("tự tử", "tự sát"),
    ("lang thang", "bụi đời"),
    ("vi phạm pháp luật", "phạm pháp"),
    ("người chưa thành niên", "vị thành niên"),
    # Children in special circumstances (Điều 10).
    ("khuyết tật", "tàn tật"),
    ("mồ côi cả cha và mẹ", "mồ côi cả cha lẫn mẹ", "mồ côi cả bố lẫn mẹ", "mồ côi cả bố và mẹ"),
    ("nhiễm HIV", "mắc HIV", "bị nhiễm HIV"),
    # Health and nutrition indicators (Thông tư 13/2021/TT-BLĐTBXH, the national programme).
    ("thấp còi", "chiều cao theo tuổi"),
    ("nhẹ cân", "cân nặng theo tuổi"),
    ("thừa cân", "béo phì"),
    ("tỷ suất tử vong", "tỷ lệ tử vong", "tỉ lệ tử vong", "tỉ suất tử vong"),
    ("tỷ lệ", "tỉ lệ"),
    ("tiêm chủng", "tiêm phòng"),
    ("trẻ sơ sinh", "trẻ mới sinh", "trẻ mới đẻ"),
    ("bú mẹ", "bú sữa mẹ"),
    ("nhà tiêu", "nhà vệ sinh", "hố xí"),
    ("khám sức khỏe", "kiểm tra sức khỏe"),
    # Services and activities of the plans.
    ("đăng ký khai sinh", "làm giấy khai sinh", "làm khai sinh"),
    ("nuôi con nuôi", "nhận con nuôi"),
    ("trợ giúp xã hội", "trợ cấp xã hội"),
    ("tổng đài", "đường dây nóng"),
    ("dạy bơi", "học bơi", "tập bơi"),
    ("tập huấn", "huấn luyện"),
    ("điểm vui chơi", "khu vui chơi", "sân chơi"),
    ("môi trường mạng", "không gian mạng", "mạng internet"),
    ("trò chơi điện tử", "game"),
    ("Tết Trung thu", "rằm tháng tám"),
    ("tặng quà", "trao quà", "phát quà"),
    ("vắc xin", "vaccine", "vacxin"),
    ("trực tuyến", "online"),
    ("bỏ học", "thôi học"),
    ("hoạt động hè", "sinh hoạt hè"),
    # School levels as the plans name them and as people say them.
    ("tiểu học", "cấp 1"),
    ("trung học cơ sở", "cấp 2"),
    ("trung học phổ thông", "cấp 3"),
    ("học sinh", "học trò"),
    ("mùa hè", "dịp hè", "kỳ nghỉ hè", "nghỉ hè"),
    # The parts of a plan (the objective over all, "mục tiêu chung", and each specific one).
    ("mục tiêu chung", "mục tiêu tổng quát", "mục tiêu tổng thể"),
    # Who does what, when, with what money.
    ("chủ trì", "chịu trách nhiệm chính", "phụ trách chính", "lo chính"),
    ("tham gia", "vào cuộc"),
    ("diễn ra", "kéo dài"),
    ("kinh phí", "chi phí", "số tiền"),
    ("hằng năm", "mỗi năm"),
    ("giảm", "bớt", "giảm bớt"),
    # People.
    (
        "trẻ em",
        "trẻ con",
        "con nít",
        "con trẻ",
        "đứa trẻ",
        "tụi nhỏ",
        "bọn trẻ",
        "bọn nhỏ",
        "lũ trẻ",
        "đám trẻ",
    ),
    ("trẻ em gái", "bé gái"),
    ("trẻ em trai", "bé trai"),
    ("cha mẹ", "bố mẹ"),
    ("giáo viên", "thầy cô", "thầy cô giáo"),
    ("hộ nghèo", "gia đình nghèo"),
    ("công an", "cảnh sát"),
)

# Folded phrase -> (its spelling, its group); folded, so a question typed without diacritics
# matches, and the spelling tells a question typed with them whether it wrote this very phrase.
_MEMBERS = {fold(p): (normalize(p), group) for group in SYNONYMS for p in group}
_PHRASE = re.compile(
    rf"(?<![\w/-])({'|'.join(re.escape(p) for p in sorted(_MEMBERS, key=len, reverse=True))})(?![\w/-])"
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»")
_TERMS = {folded: phrase_terms(folded) for folded in _MEMBERS}


def _skipped(question: str, start: int, end: int, spelling: str, quoted: list[tuple[int, int]]) -> bool:
    """Quoted text, or a name: a capitalised word (not an acronym, not one the phrase itself
    capitalises) that does not open the question."""
    if any(a <= start < b for a, b in quoted):
        return True
    named = [
        typed[:1].isupper() and not typed.isupper() and not own[:1].isupper()
        for typed, own in zip(question[start:end].split(), spelling.split(), strict=False)
    ]
    return any(named[1:]) or (named[0] and bool(question[:start].strip()))


def in_corpus_words(index: Index, question: str) -> str:
    """`question` with each phrase of a group replaced by the member the corpus writes most, where
    it writes that member more often than the phrase as typed (folded in a question typed without
    diacritics, so that restoring them still applies)."""
    quoted = [m.span() for m in _QUOTED.finditer(question)]
    accented = has_diacritics(question)
    hits = [
        m
        for m in _PHRASE.finditer(fold_aligned(question))
        if not _skipped(question, *m.span(), _MEMBERS[m.group(1)][0], quoted)
        and (not accented or question[m.start() : m.end()].lower() == _MEMBERS[m.group(1)][0].lower())
    ]
    if not hits:
        return question
    needed = {t for m in hits for p in _MEMBERS[m.group(1)][1] for t in _TERMS[fold(p)]}
    counts, _ = index.sentence_frequencies(sorted(needed))

    def written(folded: str) -> int:
        return min(counts[t] for t in _TERMS[folded])

    out, pos = [], 0
    for m in hits:
        best = max((fold(p) for p in _MEMBERS[m.group(1)][1]), key=written)
        if written(best) > written(m.group(1)):
            phrase = _MEMBERS[best][0] if accented else best
            if question[m.start()].isupper():  # the question's first word
                phrase = phrase[:1].upper() + phrase[1:]
            out += [question[pos : m.start()], phrase]
            pos = m.end()
    return normalize("".join([*out, question[pos:]]))
