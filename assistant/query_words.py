"""The words of a question: which are its topic, which only frame it (function words, spoken
particles, question phrases, what it grants, what sets a comparison's sides side by side), and
the phrases it quotes. Part of the question analysis (query.py), the only home of its patterns."""

from __future__ import annotations

import re
from collections.abc import Set

from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics, normalize, terms, words

# ---------------------------------------------------------------- stop words and question words

_FUNCTION_WORDS = frozenset(
    normalize(
        "và của các cho được có là với trong theo từ đến về những một này đó để tại trên thì mà như ở do"
        " bị cũng đã sẽ đang nhằm gì ai sao đâu hay nêu nào không gồm mấy hãy còn vậy phải cần đi"
    ).split()
)
# How people talk to a colleague: particles, classifiers, pronouns, modal verbs and everyday
# function words ("cái kế hoạch của tỉnh mình muốn ... vậy ạ", "tới" for "đến", "xong thì"),
# never a plan's topic; "kể" lists as "nêu" does ("kể ra mấy quyền"). Folded only where the fold
# is no plan word: "cái" folds to "cải" (cải thiện), "nói" to "nội" and "nơi", "mình" to "Minh",
# "nên" to "nền", "kể" to "kế".
_SPOKEN = frozenset(normalize("cái chiếc ạ à nhé nhỉ chứ hả ơi tôi mình muốn nên nói tới xong kể").split())
_FOLDED_FUNCTION_WORDS = frozenset(fold(w) for w in _FUNCTION_WORDS) | {"chiec", "toi", "muon", "xong"}
_FUNCTION_WORDS |= _SPOKEN
# Question phrases, removed whole so that "báo cáo" keeps the "báo" that "bao nhiêu" would drop.
_QUESTION_PHRASES = re.compile(
    r"\b(?:bao nhieu|khi nao|bao gio|nhu the nao|the nao|la gi|thi sao|cho biet|hay cho|o dau|so sanh"
    r"|khac nhau|giong nhau|lan luot|ra sao|noi gi|noi ve|cai gi|de cap(?: (?:toi|den))?"
    # Which of the compared is lower, earlier...: each plan states its own value, never "thấp hơn".
    r"|(?:som|muon|thap|cao|nhieu|it|lon|nho) hon"
    r"|nguoi ta|liet ke"
    # What a thing is called ("mục tiêu 1 tên là gì", "gọi là gì"): the answer is the name itself.
    r"|(?:co )?ten(?: goi)?(?: la)? gi|goi la gi"
    # Which page tells of something ("tin nào kể chuyện ...", "bài viết về ...").
    r"|(?:ke|viet|dua tin)(?: chuyen)? ve|ke (?:chuyen|lai)"
    # The page asked for: "bài viết nào", "tin nào" (not "thông tin nào").
    r"|(?:bai(?: viet| dang| bao)?|(?<!thong )tin(?: bai| tuc)?) nao"
    # Which text mentions something: the verb frames the question, the plans never write it.
    r"|(?:nhac|noi) (?:toi|den)"
    # "Văn bản" names no document's kind or topic: asking which one, it is the question's frame.
    r"|van ban (?:nao|so may|gi)"
    # The word that frames a year or a period ("năm 2023", "giai đoạn 2021 - 2025") is the year's.
    r"|(?:nam|giai doan)(?= (?:19|20)\d\d\b)"
    # What frames a time asked: an end or start of a span ("kết thúc vào ngày nào" is answered by
    # "từ 01/6 đến 30/6"), the period a plan applies to ("áp dụng cho giai đoạn nào").
    r"|(?:(?:ket thuc|keo dai|bat dau)(?: (?:vao|den|tu))?|dien ra (?:den|tu))"
    r"(?= (?:ngay|thang|khi) nao| bao gio)"
    r"|ap dung(?: (?:cho|trong))?(?= (?:giai doan|thoi gian|nam) nao)"
    # The category the answer falls in ("phát triển về những mặt nào", "nhóm trẻ em nào", "mấy
    # chuyện gì", "thuộc diện nào"): the answer lists its members and seldom names the category.
    r"|(?:(?:nhung|cac|may|hai|ba) )?(?:mat|loai|nhom|dang|kieu|hinh thuc|khia canh)"
    r"(?= (?:[a-z]+ ){0,2}(?:nao|gi)\b)|(?:thuoc )?dien(?= nao\b)"
    r"|(?:(?:nhung|cac|may) )?(?:chuyen|viec|dieu|thu|van de)(?= (?:nao|gi)\b))\b"
)
# A clause that asks something ("..., còn xã Bình Phú làm lễ ngày nào").
_ASKS = re.compile(r"(?<![a-z])(?:nao|gi|bao nhieu|may|ai|sao|dau)(?![a-z])")


def asks(folded_clause: str) -> bool:
    return _ASKS.search(folded_clause) is not None


# Words that carry no topic in a target question or in an indicator's name (folded; "tu" may be
# "tử", "co" "cơ", "de" "đẻ", so those are kept).
TARGET_QUESTION_WORDS = frozenset(
    """bao nhieu la gi nao van ban ke hoach dat ra muc tieu chi tieu ai chiu trach nhiem phu trach
    khong nhu tai o cua va cac nhung mot cho ve trong theo voi duoc se dang nham thi nay tren duoi
    nam vao toi truoc hay hoac sao ty_le""".split()
)

# What sets a comparison's sides side by side rather than what is compared ("mỗi tỉnh", "cả hai
# kế hoạch", "đều có", "cùng nhắc tới"): no side's answer sentence states it. Matched as written
# ("môi trường" and "mới" fold to "moi" too).
_FRAMING = re.compile(
    r"(?<!\w)(?:(?:mỗi|hai|2|cả hai)\s+(?:nơi|tỉnh|huyện|xã|địa phương|bên|kế hoạch|văn bản|quyết định"
    r"|chương trình)|mỗi|cả hai|đều|cùng)(?!\w)"
)

# What the question grants ("ngoài việc chủ trì triển khai, ... còn phải làm gì", "những ai ngoài
# các cấp"): up to the clause's end, or to "thì" or "còn", not "nước ngoài" or "ngoài giờ".
_BESIDES = re.compile(r"(?<![a-z])ngoai (?!troi|gio|nuoc|ra\b)[^,;?]*?(?=\s*(?:[,;?]|$|\bthi\b|\bcon\b))")


def granted(question: str) -> str:
    """The question without what it grants: those words are neither what it asks about nor how
    it asks (a "chủ trì" granted asks for no agency), and the answer need not hold them."""
    question = normalize(question)
    blanked = _BESIDES.sub(lambda m: " " * len(m.group(0)), fold_aligned(question.lower()))
    kept = "".join(c if b != " " or c.isspace() else " " for c, b in zip(question, blanked, strict=True))
    return kept if content_terms(kept) else question


def _without_phrases(question: str) -> str:
    """The question (normalised, lower case) with each question phrase replaced by "và", a stop
    word: no word pair crosses it ("UBND – áp dụng cho giai đoạn" gives no "ubnd_giai")."""
    question = normalize(question).lower()
    pieces, end = [], 0
    # In the question's own spelling: a "và" would make one typed without marks seem marked (_stop).
    joint = " và " if has_diacritics(question) else " va "
    for m in _QUESTION_PHRASES.finditer(fold_aligned(question)):
        pieces += [question[end : m.start()], joint]
        end = m.end()
    return "".join([*pieces, question[end:]])


def _stop(question: str, loose: Set[str]) -> Set[str]:
    """Function words as written when the question has diacritics ("cơ" is not "có"), folded when
    not; its `loose` words (restore.py) are compared folded."""
    if not has_diacritics(question):
        return _FOLDED_FUNCTION_WORDS
    return _FUNCTION_WORDS | {w for w in loose if fold(w) in _FOLDED_FUNCTION_WORDS}


def content_terms(question: str, loose: Set[str] = frozenset()) -> list[str]:
    """Folded syllables and bigrams of the question, without question and function words."""
    question = _without_phrases(question)
    stop, out = _stop(question, loose), []
    for term in terms(question):
        if all(p not in stop for p in term.split("_")) and fold(term) not in out:
            out.append(fold(term))
    return out


def framing_terms(question: str, loose: Set[str] = frozenset()) -> frozenset[str]:
    """The question's content terms that only its comparison framing words give ("mỗi tỉnh", "đều"):
    what a comparison's sides are not judged on (sides.shared_topic)."""
    lowered = normalize(question).lower()
    blanked = _FRAMING.sub(lambda m: " " * len(m.group(0)), lowered)
    return frozenset(content_terms(lowered, loose)) - frozenset(content_terms(blanked, loose))


def topic_words(question: str, loose: Set[str] = frozenset()) -> list[str]:
    """The question's content syllables as typed (diacritics kept when it has them): the words a
    passage that answers it should hold."""
    stop = _stop(question := _without_phrases(question), loose)
    return list(dict.fromkeys(w for w in words(question) if w not in stop and not w.isdigit()))


_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|«([^»]+)»")


def quoted_phrases(text: str) -> tuple[str, ...]:
    """The folded phrases of two words or more that `text` quotes, spaces collapsed."""
    found = (" ".join(fold(next(g for g in m.groups() if g)).split()) for m in _QUOTED.finditer(text))
    return tuple(p for p in found if len(p.split()) > 1)
