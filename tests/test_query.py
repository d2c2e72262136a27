"""The question analysis: one pass over the question gives intent, places, years, document numbers,
conditions and topic words, the same with and without diacritics."""

from __future__ import annotations

import pytest

from kehoach.assistant.places import target_places
from kehoach.assistant.query import analyze
from kehoach.assistant.query_target import Condition
from kehoach.ingest.vietnamese import fold
from tests.catalog import entry

CATALOG = [
    entry(doc_id="a", locality="thành phố Huế"),
    entry(doc_id="b", locality="tỉnh Vĩnh Long"),
    entry(doc_id="c", locality="huyện Sơn Tây, tỉnh Quảng Ngãi"),
]


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Huế đặt mục tiêu tiêm chủng bao nhiêu?", "target"),
        ("Ai chịu trách nhiệm chỉ tiêu tiêm chủng?", "responsibility"),
        ("Kế hoạch của Huế số mấy, ký ngày nào?", "header"),
        ("Kế hoạch nào giao Huyện đoàn chủ trì?", "text"),
        ("tiem chung nam 2023 da dat bao nhieu", "text"),
        # A figure names a target; a document's number or a year does not.
        ("Kế hoạch nào đặt 95% trẻ em được tiêm chủng?", "target"),
        ("Kế hoạch nào thực hiện công văn 2928/LĐTBXH-BVCSTE của Bộ?", "text"),
        ("Kế hoạch nào năm 2019 của Huế nói về trẻ em khuyết tật?", "text"),
    ],
)
def test_intent(question, intent):
    assert analyze(question, CATALOG).intent == intent


def test_two_part_header_question_keeps_both_fields_in_order():
    assert analyze("Kế hoạch của Huế số mấy, ký ngày nào?").header == ("number", "issued")
    assert analyze("Ai ký kế hoạch và ngày ban hành là ngày nào?").header == ("signer", "issued")


def test_issuing_asked_as_putting_out_a_plan_on_which_day():
    assert analyze("Tỉnh ra kế hoạch này vào hôm nào?").header == ("issued",)
    assert analyze("tinh ra quyet dinh nay ngay nao").header == ("issued",)
    assert analyze("Trẻ em ra ngoài vào hôm nào thì an toàn?").header == ()


def test_the_same_analysis_with_and_without_diacritics():
    marked = analyze("Tỷ lệ tiêm chủng của Vĩnh Long năm 2025 trên 95%?", CATALOG)
    plain = analyze("ty le tiem chung cua vinh long nam 2025 tren 95%?", CATALOG)
    assert marked.accented and not plain.accented
    for field in ("intent", "asks", "places", "years", "figures", "topic"):
        assert getattr(marked, field) == getattr(plain, field), field
    assert marked.places == ("vinh long",) and marked.years == (2025,)
    assert marked.target.conditions == (Condition(">", 95.0),)


def test_places_years_numbers_and_topic():
    query = analyze("So sánh kế hoạch 183 của Huế và Sơn Tây giai đoạn 2021 - 2030", CATALOG)
    assert query.places == ("hue", "son tay")  # in the question's order
    assert query.years == ()  # a period is not a named year
    assert query.doc_numbers == ("183/kh",)
    assert "so_sanh" not in query.topic and "ke_hoach" in query.topic
    # A place given with its level word is kept as typed, whether or not the catalog knows it.
    assert analyze("Kế hoạch của tỉnh Cà Mau năm 2021?").place_phrases == ("Cà Mau",)


def test_topic_words_keep_diacritics_and_drop_question_phrases():
    query = analyze("Kế hoạch của Sơn Tây có nói gì về đào tạo phi công không?")
    assert "phi" in query.words and "công" in query.words
    assert "nói" not in query.words and "không" not in query.words


def test_a_place_name_is_not_read_across_words_with_other_diacritics():
    from tests.catalog import entry

    docs = [entry("a", locality="tỉnh Quảng Nam"), entry("b", locality="tỉnh Tuyên Quang")]
    assert analyze("Kế hoạch của Tuyên Quang năm 2021 có gì?", docs).places == ("tuyen quang",)
    assert analyze("Kế hoạch của Quảng Nam năm 2021 có gì?", docs).places == ("quang nam",)
    assert analyze("ke hoach cua quang nam", docs).places == ("quang nam",)


def test_a_place_written_short_is_read_in_its_localitys_words():
    """ "TT Huế" is how people write Thừa Thiên Huế (the initials of all syllables but the last)."""
    from kehoach.assistant.places import short_names_written_out

    docs = [entry(locality="tỉnh Thừa Thiên Huế"), entry(locality="huyện Hương Khê, tỉnh Hà Tĩnh")]
    assert (
        short_names_written_out("Kế hoạch của TT-Huế năm 2023", docs)
        == "Kế hoạch của Thừa Thiên Huế năm 2023"
    )
    assert short_names_written_out("ke hoach tt hue 2023", docs) == "ke hoach thua thien hue 2023"
    assert short_names_written_out("Kế hoạch của TT. Huế", docs) == "Kế hoạch của Thừa Thiên Huế"
    assert short_names_written_out("Thông tư 12/TT-BLĐTBXH ở tt Hương Khê", docs) == (
        "Thông tư 12/TT-BLĐTBXH ở tt Hương Khê"
    )
    assert analyze(short_names_written_out("tt hue 2023", docs), docs).places == ("thua thien hue",)


def test_adopted_on_asks_the_date_and_a_unit_word_is_no_topic():
    """A resolution is "thông qua" (adopted) on its date; "bao nhiêu phần nghìn" asks a value in ‰,
    as "phần trăm" does in %."""
    from kehoach.assistant.query_header import header_fields

    assert header_fields("hdnd tinh thong qua nghi quyet 07/2021/nq-hdnd vao ngay nao") == ("issued",)
    rest = analyze("Huế 2023 chỉ tiêu tử vong trẻ dưới 5 tuổi là bao nhiêu phần nghìn?").target.rest
    assert "phan nghin" not in rest and "tu vong" in rest


def test_the_frame_of_a_time_asked_is_no_topic_and_breaks_no_pair():
    """ "kết thúc vào ngày nào" is answered by "từ 01/6 đến 30/6", "áp dụng cho giai đoạn nào" by the
    plan's period: neither frame is a word an answer sentence holds, nor does a pair cross it."""
    ends = analyze("Tháng hành động vì trẻ em kết thúc vào ngày nào?")
    assert not {"ket", "thuc", "vao", "ket_thuc"} & set(ends.topic)
    applies = analyze("Kế hoạch 93/KH-UBND áp dụng cho giai đoạn nào?")
    assert "ap" not in applies.topic and "giai_doan" in applies.topic
    assert "ubnd_giai" not in applies.topic
    # "kết thúc" stays a topic word when no time is asked of it
    assert "ket_thuc" in analyze("Kế hoạch nêu việc kết thúc chương trình thế nào?").topic


def test_a_comparison_s_framing_words_are_told_apart_from_its_topic():
    query = analyze("Hà Giang và Sơn La đều có kế hoạch về trẻ em; mỗi kế hoạch ban hành ngày nào?")
    assert {"deu", "moi"} <= query.framing
    assert "tre_em" not in query.framing and "ban_hanh" not in query.framing
    # written as typed: "môi trường" folds to "moi truong" but frames nothing
    assert not analyze("Hai tỉnh nhắm tới môi trường nào cho trẻ?").framing & {"moi", "moi_truong"}
    assert analyze("2 kế hoạch của Hậu Giang áp dụng giai đoạn nào?").compares


def test_spoken_particles_classifiers_pronouns_and_modals_are_no_topic():
    query = analyze("Cái kế hoạch của tỉnh mình muốn huy động ai tham gia vậy ạ?")
    assert set(query.words) & {"cái", "mình", "muốn", "ạ"} == set()
    assert {"huy", "động", "tham", "gia"} <= set(query.words)
    # Folded, "cai" is also "cải" and "noi" is "nội": a question typed without marks keeps them.
    assert {"cai", "noi"} <= set(analyze("ke hoach cai thien noi dung gi").words)
    # ... except in the question phrases "cái gì" and "nói về".
    assert {"cai", "noi"} & set(analyze("muc tieu 1 noi ve cai gi").words) == set()
    # "tới" says "đến", "xong thì" a sequence, "người ta" anyone.
    query = analyze("Làm kế hoạch xong thì người ta triển khai tới đâu?")
    assert set(query.words) & {"tới", "xong", "người", "ta"} == set() and "triển" in query.words
    assert {"xong", "toi"} & set(analyze("lam xong thi trien khai toi dau").words) == set()


@pytest.mark.parametrize(
    ("question", "category", "kept"),
    [
        ("Trẻ em được phát triển toàn diện về những mặt nào?", {"mặt"}, {"phát", "triển", "toàn", "diện"}),
        ("Kế hoạch còn hướng tới chăm sóc nhóm trẻ em nào?", {"nhóm"}, {"chăm", "sóc", "trẻ", "em"}),
        ("muon giam tre bi may chuyen gi", {"chuyen"}, {"giam", "tre"}),
        ("Kế hoạch chú trọng loại tai nạn nào?", {"loại"}, {"tai", "nạn"}),
    ],
)
def test_the_category_an_answer_falls_in_is_the_questions_frame(question, category, kept):
    """The answer lists the members ("thể chất, tinh thần"), seldom the category ("mặt")."""
    words = set(analyze(question).words)
    assert not words & category and kept <= words
    assert "việc" in analyze("Cơ quan nào chủ trì việc dạy bơi?").words


def test_asking_which_document_the_word_van_ban_is_the_frame_not_the_topic():
    query = analyze("Văn bản nào lấy mốc tỷ suất tử vong năm 2015?")
    assert {"văn", "bản"} & set(query.words) == set() and query.which_doc
    assert "văn" in analyze("Kế hoạch có văn bản hướng dẫn của Bộ không?").words


def test_the_word_framing_a_year_or_a_period_is_the_years_not_the_topics():
    query = analyze("Kế hoạch của Huế năm 2023, giai đoạn 2021 - 2025, có mấy năm thực hiện?")
    assert query.words.count("năm") == 1 and not {"giai", "đoạn"} & set(query.words)
    assert query.years == (2023,) and query.periods == ((2021, 2025),)


def test_a_place_renamed_in_2025_is_named_by_either_name():
    """Thừa Thiên Huế became the city of Huế within the same borders (shared/DOMAIN.md)."""
    catalog = [
        entry(doc_id="t", locality="tỉnh Thừa Thiên Huế"),
        entry(doc_id="q", locality="tỉnh Quảng Trị"),
    ]
    assert analyze("Kế hoạch của Huế năm 2023 số mấy?", catalog).places == ("hue",)
    assert analyze("Kế hoạch của tỉnh Thừa Thiên Huế năm 2023?", catalog).places == ("thua thien hue",)
    assert target_places("ke hoach cua hue nam 2023", catalog)[1] == {"t"}


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch nào nhắc tới trẻ em khuyết tật?",
        "ke hoach nao noi den tre em khuyet tat",
        "Văn bản nào đề cập đến trẻ em khuyết tật?",
    ],
)
def test_a_verb_of_mentioning_frames_the_question(question):
    """The plans never write "nhắc tới" about themselves: the topic is what is mentioned."""
    words = {fold(w) for w in analyze(question).words}
    assert {"khuyet", "tat"} <= words and not words & {"nhac", "toi", "noi", "den", "de", "cap"}


@pytest.mark.parametrize(
    ("question", "frame", "kept"),
    [
        ("Mục tiêu 1 của kế hoạch tên là gì?", {"tên"}, {"mục", "tiêu"}),
        ("muc tieu 1 co ten goi la gi", {"ten", "goi"}, {"muc", "tieu"}),
        ("Tin nào kể chuyện trao quà cho trẻ?", {"kể", "chuyện"}, {"trao", "quà"}),
        ("bai nao viet ve trao qua cho tre", {"viet"}, {"trao", "qua"}),
        ("Kế hoạch kể ra mấy quyền của trẻ em?", {"kể"}, {"quyền"}),
        ("Hãy liệt kê các quyền của trẻ em", {"liệt", "kê"}, {"quyền"}),
        ("Bài viết nào kể lại diễn đàn trẻ em?", {"bài", "viết", "lại"}, {"diễn", "đàn"}),
        ("tin nào nói về trao quà cho trẻ", {"tin"}, {"trao", "quà"}),
        ("Thông tin nào về trao quà cho trẻ?", set(), {"thông", "tin", "trao"}),
        # The category asked for: its members answer it ("trẻ em nghèo", "sức khỏe tâm thần").
        ("Xã theo dõi chính sách cho những em thuộc diện nào?", {"thuộc", "diện"}, {"chính", "sách"}),
        ("Kế hoạch chăm lo cho trẻ em về hai mặt nào?", {"hai", "mặt"}, {"chăm", "lo"}),
        ("Diễn đàn nào dành cho trẻ em?", set(), {"diễn", "đàn"}),
        # Which side is lower: the plans state each value, never "thấp hơn".
        ("Tỉnh nào đặt mục tiêu tai nạn thấp hơn, mỗi tỉnh bao nhiêu?", {"thấp", "hơn"}, {"tai", "nạn"}),
    ],
)
def test_how_a_question_asks_a_name_or_a_telling_is_its_frame(question, frame, kept):
    """The phrases "tên là gì", "kể chuyện", "viết về", "liệt kê", "bài viết nào", "thuộc diện
    nào" and "thấp hơn" ask; no plan writes them of a topic.
    Written as "kể" only: folded, "ke" is the "kế" of "kế hoạch"."""
    words = set(analyze(question).words)
    assert not words & frame and kept <= words
    assert "ke" in analyze("ke hoach nao co tre em").words


def test_quoted_phrases_are_kept_folded_with_spaces_collapsed():
    query = analyze('Kế hoạch nào có khẩu hiệu “Hành  động vì trẻ em” và chữ "hè"?')
    assert query.quoted == ("hanh dong vi tre em",)
    assert analyze("kh nao co «mua he an toan»").quoted == ("mua he an toan",)


@pytest.mark.parametrize(
    ("question", "granted", "kept"),
    [
        (
            "Ngoài việc chủ trì triển khai, Sở Y tế còn phải làm gì với kế hoạch?",
            {"chủ", "trì"},
            {"sở", "y", "tế"},
        ),
        (
            "Kế hoạch tuyên truyền tới những ai ngoài các cấp, các ngành?",
            {"cấp"},
            {"tuyên", "truyền", "ngành"},
        ),
        ("ngoai tre khuyet tat thi ke hoach con lo cho tre nao", {"khuyet", "tat"}, {"lo", "tre"}),
    ],
)
def test_what_a_question_grants_is_neither_its_topic_nor_its_cue(question, granted, kept):
    """The answer is something else: "ngoài việc chủ trì" asks for no agency."""
    query = analyze(question)
    assert not set(query.words) & granted and kept <= set(query.words)
    assert analyze("Ngoài việc chủ trì triển khai, Sở Y tế còn phải làm gì?").asks is None
    # "ngoài giờ", "nước ngoài" grant nothing; a question that is all grant keeps its words.
    assert "ngoài" in analyze("Trẻ em học ngoài giờ ở đâu?").words
    assert analyze("Ngoài trẻ khuyết tật?").words
