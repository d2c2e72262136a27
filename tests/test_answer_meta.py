"""Questions about a document itself (its number, date, signer, issuing body) are answered from its
parsed header, each field quoted from where the text states it; every part of a two-part question
is answered, a field the document does not state is said to be absent, and a plan of other years
is not handed over as the one asked."""

from __future__ import annotations

import pytest

from kehoach.assistant.ask import ask
from kehoach.assistant.query import analyze
from kehoach.assistant.query_header import header_subject

SIGNED = """ỦY BAN NHÂN DÂN
HUYỆN AN LẠC
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 45/KH-UBND

An Lạc, ngày 10 tháng 3 năm 2025

KẾ HOẠCH
Thực hiện công tác trẻ em năm 2025 trên địa bàn huyện An Lạc

Căn cứ Kế hoạch số 12/KH-SLĐTBXH ngày 20/01/2025 của Sở Lao động - Thương binh và Xã hội về công tác
trẻ em năm 2025;

Ủy ban nhân dân huyện An Lạc ban hành Kế hoạch thực hiện công tác trẻ em năm 2025 như sau:

I. MỤC TIÊU
- Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt trên 96%.
- 100% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.

II. TỔ CHỨC THỰC HIỆN
Phòng Văn hóa - Xã hội chủ trì, tổng hợp báo cáo kết quả trước ngày 15/12/2025.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Bình
"""

# A law portal's page: its metadata block names the signer; the saved text stops before the
# signature, so the name is nowhere in the stored text.
PORTAL = """Kế hoạch 77/KH-UBND năm 2021 về phòng, chống tai nạn, thương tích trẻ em tỉnh Bình Hòa
Số hiệu: 77/KH-UBND Loại văn bản: Kế hoạch
Nơi ban hành: Tỉnh Bình Hòa Người ký: Trần Thị Cúc
Ngày ban hành: 05/08/2021 Ngày hiệu lực: Đang cập nhật
Lĩnh vực: Dân số, trẻ em, gia đình, Tình trạng: Còn hiệu lực

ỦY BAN NHÂN DÂN
TỈNH BÌNH HÒA
-------

Số: 77/KH-UBND

Bình Hòa, ngày 05 tháng 8 năm 2021

KẾ HOẠCH
Phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021 - 2025

Căn cứ Quyết định số 1248/QĐ-TTg ngày 19/7/2021 của Thủ tướng Chính phủ phê duyệt Chương trình phòng,
chống tai nạn, thương tích trẻ em giai đoạn 2021-2030;
Căn cứ Văn bản số 708/LĐTBXH-TE ngày 17/3/2021 của Bộ Lao động - Thương binh và Xã hội về việc hướng dẫn
xây dựng kế hoạch phòng, chống tai nạn, thương tích trẻ em;

I. MỤC TIÊU
Giảm tỷ suất trẻ em bị tử vong do đuối nước xuống dưới 5/100.000 trẻ em vào năm 2025.

II. NHIỆM VỤ
Tổ chức dạy bơi an toàn cho trẻ em từ 6 đến 15 tuổi tại các trường học.
"""

# No signature block and no portal: the document does not state who signed it.
UNSIGNED = """ỦY BAN NHÂN DÂN
HUYỆN TÂN PHÚ

Số: 30/KH-UBND

Tân Phú, ngày 02 tháng 4 năm 2025

KẾ HOẠCH
Công tác trẻ em năm 2025 trên địa bàn huyện Tân Phú

Căn cứ Quyết định số 118/QĐ-UBND ngày 06 tháng 01 năm 2025 của Ủy ban nhân dân tỉnh về việc giao chỉ
tiêu công tác trẻ em năm 2025;
Căn cứ Kế hoạch số 12/KH-SLĐTBXH ngày 20 tháng 01 năm 2025 của Sở Lao động - Thương binh và Xã hội;
Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;
Căn cứ Kết luận số 41/TB-UBND ngày 03/3/2025 của Ủy ban nhân dân tỉnh về công tác trẻ em;
Căn cứ Thông tư số 28/2019/TT-BLĐTBXH ngày 26/12/2019 của Bộ Lao động - Thương binh và Xã hội quy định về
Tháng hành động vì trẻ em;
Thực hiện Kế hoạch số 45/KH-UBND ngày 15/01/2025 của UBND tỉnh Bình Hòa về công tác trẻ em năm 2025;

I. MỤC TIÊU
- 98% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.

II. TỔ CHỨC THỰC HIỆN
Phòng Văn hóa - Thông tin chủ trì theo dõi việc thực hiện kế hoạch.
"""


@pytest.fixture(scope="module")
def meta_index(tmp_path_factory):
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.pipeline import ingest
    from kehoach.ingest.settings import load_settings

    home = tmp_path_factory.mktemp("meta")
    folder = home / "docs"
    folder.mkdir()
    for name, text in (("an_lac.txt", SIGNED), ("binh_hoa.txt", PORTAL), ("tan_phu.txt", UNSIGNED)):
        (folder / name).write_text(text, encoding="utf-8")
    settings = load_settings(home=home / "index")
    index = Index.open(settings, get_embedder("e5-small"))
    assert all(r.ok for r in ingest([folder], index, settings))
    return index


def _exact(index, answer) -> None:
    for c in answer.citations:
        assert index.document(c.doc_id).text[c.start : c.end] == c.quote


def _answered(index, question: str) -> str:
    """The answer's text, once it is supported and each of its quotes is exact."""
    answer = ask(index, question)
    assert answer.supported, answer.answer
    _exact(index, answer)
    return answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Ai ký kế hoạch công tác trẻ em năm 2025 của huyện An Lạc?",
        "ai ky ke hoach cong tac tre em nam 2025 cua huyen an lac",
        "Kế hoạch 45/KH-UBND của An Lạc do ai ký?",
    ],
)
def test_the_signer_is_answered_from_the_signature_block(meta_index, question):
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert "Người ký: Nguyễn Văn Bình" in answer.answer
    assert "Nguyễn Văn Bình" in answer.citations[0].quote and "Căn cứ" not in answer.answer
    # The capacity signed in is the block's, as written.
    assert "«KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Văn Bình»" in answer.answer
    _exact(meta_index, answer)


def test_the_capacity_a_person_signed_in(meta_index):
    said = _answered(meta_index, "Kế hoạch 45/KH-UBND của An Lạc, ông Nguyễn Văn Bình ký với cương vị gì?")
    assert "PHÓ CHỦ TỊCH" in said


def test_a_two_part_question_gets_the_number_and_the_date(meta_index):
    answer = ask(
        meta_index, "Huyện An Lạc thực hiện công tác trẻ em năm 2025 theo kế hoạch số mấy, ban hành ngày nào?"
    )
    assert answer.supported, answer.answer
    assert "Số hiệu: 45/KH-UBND" in answer.answer and "10/03/2025" in answer.answer
    quotes = [c.quote for c in answer.citations]
    assert quotes == ["Số: 45/KH-UBND", "An Lạc, ngày 10 tháng 3 năm 2025"]
    assert "Căn cứ" not in answer.answer
    _exact(meta_index, answer)


def test_a_signer_read_from_the_portal_block_says_so(meta_index):
    answer = ask(
        meta_index, "Ai ký kế hoạch phòng, chống tai nạn, thương tích trẻ em của tỉnh Bình Hòa, ký ngày nào?"
    )
    assert answer.supported, answer.answer
    assert "Trần Thị Cúc" in answer.answer and "trang nguồn" in answer.answer
    assert "05/08/2021" in answer.answer
    assert {c.doc_id for c in answer.citations} == {answer.citations[0].doc_id}
    _exact(meta_index, answer)


@pytest.mark.parametrize(
    ("question", "written"),
    [
        ("Kế hoạch 77/KH-UBND của Bình Hòa thuộc lĩnh vực gì?", "«Lĩnh vực: Dân số, trẻ em, gia đình»"),
        ("ke hoach 77 binh hoa la loai van ban gi", "«Loại văn bản: Kế hoạch»"),
        # No topic word but its number and place: they name the document.
        ("Kế hoạch 77 của Bình Hòa xếp vào lĩnh vực gì?", "«Lĩnh vực: Dân số, trẻ em, gia đình»"),
        # Its full number and its place name it, whatever else the question says of the page.
        ("Trên trang luật, KH 77/KH-UBND Bình Hòa được xếp vào loại văn bản gì?", "«Loại văn bản: Kế hoạch»"),
        ("Kế hoạch 77/KH-UBND của Bình Hòa còn hiệu lực không?", "«Tình trạng: Còn hiệu lực»"),
    ],
)
def test_a_law_portal_s_own_fields_are_answered_as_it_writes_them(meta_index, question, written):
    """Its type, field, status and date of effect are the portal's, which cleaning removed from the
    text: shown as the page writes them and said to come from its metadata block."""
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert written in answer.answer and "trang nguồn" in answer.answer, answer.answer
    # A document without the block does not state them, nor does a portal's "Đang cập nhật".
    other = ask(meta_index, "Kế hoạch 45/KH-UBND của An Lạc thuộc lĩnh vực gì?")
    assert "«Lĩnh vực" not in other.answer
    effect = ask(meta_index, "Kế hoạch 77/KH-UBND của Bình Hòa có hiệu lực từ ngày nào?")
    assert "Đang cập nhật" not in effect.answer


def test_a_signer_the_document_does_not_state_is_said_to_be_absent(meta_index):
    answer = ask(meta_index, "Kế hoạch công tác trẻ em năm 2025 của huyện Tân Phú do ai ký?")
    assert not answer.supported
    assert "không ghi người ký" in answer.answer and "Nguyễn Văn Bình" not in answer.answer
    assert answer.citations and "30/KH-UBND" in answer.citations[0].quote
    _exact(meta_index, answer)


def test_a_plan_of_other_years_is_not_handed_over_as_the_one_asked(meta_index):
    answer = ask(
        meta_index,
        "Kế hoạch phòng, chống tai nạn, thương tích trẻ em giai đoạn 2026-2030 của tỉnh Bình Hòa"
        " có số hiệu gì?",
    )
    assert not answer.supported
    assert "2021–2025" in answer.answer and "2026–2030" in answer.answer


def test_each_side_of_a_comparison_gets_its_own_number(meta_index):
    answer = ask(meta_index, "An Lạc và Tân Phú ban hành kế hoạch công tác trẻ em năm 2025 với số hiệu gì?")
    assert answer.supported, answer.answer
    assert "45/KH-UBND" in answer.answer and "30/KH-UBND" in answer.answer
    assert {c.quote for c in answer.citations} == {"Số: 45/KH-UBND", "Số: 30/KH-UBND"}


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch công tác trẻ em 2025 của An Lạc và kế hoạch 30 của Tân Phú ký ngày nào?",
        "An Lạc ra kế hoạch 45/KH-UBND hôm nào, Tân Phú ra kế hoạch công tác trẻ em hôm nào?",
    ],
)
def test_a_number_named_for_one_side_does_not_bar_the_other(meta_index, question):
    """The number belongs to its own side: the other side's plan, named by place and topic, is
    still the one asked about."""
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert "10/03/2025" in answer.answer and "02/04/2025" in answer.answer, answer.answer


def test_each_side_is_identified_by_its_own_clause(meta_index):
    """Each side names its plan in its own clause: An Lạc's plan need not hold the words of Bình
    Hòa's ("phòng, chống tai nạn, thương tích"), nor the reverse."""
    answer = ask(
        meta_index,
        "An Lạc ra kế hoạch công tác trẻ em, Bình Hòa ra kế hoạch phòng chống tai nạn thương tích trẻ em, "
        "mỗi cái ngày nào?",
    )
    assert answer.supported, answer.answer
    assert "10/03/2025" in answer.answer and "05/08/2021" in answer.answer, answer.answer


def test_the_number_asked_as_what_it_is(meta_index):
    """ "Số kế hoạch ... là gì" asks the number; its "là gì" asks nothing about the subject."""
    answer = ask(
        meta_index, "An Lạc và Tân Phú cùng làm kế hoạch công tác trẻ em 2025, số kế hoạch mỗi huyện là gì?"
    )
    assert answer.supported, answer.answer
    assert "45/KH-UBND" in answer.answer and "30/KH-UBND" in answer.answer
    assert "Nội dung" not in answer.answer


def test_a_text_the_plan_cites_is_answered_from_the_text(meta_index):
    answer = ask(
        meta_index,
        "Kế hoạch của huyện An Lạc thực hiện kế hoạch số mấy của Sở Lao động - Thương binh và Xã hội?",
    )
    assert answer.supported, answer.answer
    assert "12/KH-SLĐTBXH" in answer.answer and "Số hiệu:" not in answer.answer


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("Kế hoạch của Huế số mấy, ký ngày nào?", ("number", "issued")),
        ("Ai ký kế hoạch và ngày ban hành là ngày nào?", ("signer", "issued")),
        (
            "Hậu Giang ban hành kế hoạch số mấy để triển khai chương trình, vào ngày nào?",
            ("number", "issued"),
        ),
        ("ke hoach nay ban hanh ngay nao, so hieu gi", ("issued", "number")),
        ("Bắc Giang phê duyệt chương trình bằng quyết định số mấy, do ai ký?", ("number", "signer")),
        ("Người ký kế hoạch là ai?", ("signer",)),
        ("Cơ quan nào ban hành kế hoạch này?", ("issuer",)),
        ("co quan nao ban hanh ke hoach nay", ("issuer",)),
        ("Kế hoạch có ký hiệu là gì?", ("number",)),
        ("Kế hoạch của Cà Mau và của Lạng Sơn, cái nào ra trước, ngày nào?", ("issued",)),
        ("tinh nao ban hanh som hon", ("issued",)),
        ("Phòng Văn hóa báo cáo trước ngày nào?", ()),
        ("Báo cáo định kỳ vào ngày nào?", ()),
        ("Kế hoạch 113/KH-UBND đề ngày bao nhiêu?", ("issued",)),
        ("ke hoach 57/kh-ubnd ky ngay may", ("issued",)),
        ("Tỉnh ký Kế hoạch 57/KH-UBND thực hiện Chương trình vào ngày nào?", ("issued",)),
        ("Tháng hành động kéo dài bao nhiêu ngày?", ()),
        ("Kế hoạch 77/KH-UBND áp dụng cho giai đoạn nào?", ("period",)),
        ("Kế hoạch 77/KH-UBND ban hành năm mấy?", ("issued",)),
        ("ke hoach cua binh hoa bat dau tu nam nao", ("period",)),
        # The year a target is due is the target's, not the plan's period, nor is a programme's.
        ("Tỷ lệ tiêm chủng đạt 96% đến năm nào?", ()),
        ("Kế hoạch dựa theo chương trình quốc gia giai đoạn nào?", ()),
    ],
)
def test_the_header_fields_a_question_asks(question, fields):
    assert analyze(question).header == fields


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Lạng Sơn thực hiện Chương trình phòng, chống tai nạn theo kế hoạch số mấy?", "ke hoach"),
        ("Ai ký quyết định phê duyệt kế hoạch của tỉnh Bắc Kạn?", "quyet dinh"),
        ("Kế hoạch nâng cao chỉ số quyền trẻ em của Hà Giang là kế hoạch số mấy?", "ke hoach"),
        ("Kế hoạch của huyện Sơn Tây thực hiện kế hoạch số mấy của tỉnh?", None),
        ("Văn Lãng chọn đại biểu theo công văn số mấy?", "cong van"),
        ("Ai ký văn bản đó?", "van ban"),
        ("Kế hoạch của huyện An Lạc căn cứ văn bản số mấy?", None),
        # The document asked for is the one the field is asked of.
        ("KH 77 của Bình Hòa dựa trên quyết định nào của Thủ tướng, ký ngày nào?", "quyet dinh"),
    ],
)
def test_the_document_a_header_question_asks_about(question, subject):
    assert header_subject(analyze(question).folded) == subject


# A province's plan of 2014-2015 loaded only as the decision approving it (the Sở's plan number and
# the submission stated in its text), a plan of the same place and topic for 2021-2030, and a
# second province's plan of 2021-2030 with no signature block.
APPROVING = """ỦY BAN NHÂN DÂN
TỈNH LONG GIANG
-------

Số: 150/QĐ-UBND

Long Giang, ngày 20 tháng 02 năm 2014

QUYẾT ĐỊNH
Về việc phê duyệt Kế hoạch phòng, chống tai nạn thương tích trẻ em tỉnh Long Giang giai đoạn 2014 - 2015

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LONG GIANG

Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;
Xét đề nghị của Sở Lao động - Thương binh và Xã hội tại Tờ trình số 09/TTr-LĐTBXH ngày 15/01/2014,

QUYẾT ĐỊNH:

Điều 1. Phê duyệt Kế hoạch phòng, chống tai nạn thương tích trẻ em tỉnh Long Giang giai đoạn 2014 - 2015
(kèm theo Kế hoạch số 05/KH-LĐTBXH ngày 15/01/2014 của Sở Lao động - Thương binh và Xã hội).

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

CHỦ TỊCH

Lê Văn Tâm
"""

LONG_GIANG_2021 = """ỦY BAN NHÂN DÂN
TỈNH LONG GIANG
-------

Số: 88/KH-UBND

Long Giang, ngày 15 tháng 9 năm 2021

KẾ HOẠCH
Thực hiện Chương trình phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021 - 2030

Ủy ban nhân dân tỉnh Long Giang ban hành Kế hoạch thực hiện Chương trình như sau:

I. MỤC TIÊU
Giảm tỷ suất trẻ em tử vong do tai nạn, thương tích xuống dưới 15/100.000 trẻ em vào năm 2030.

II. TỔ CHỨC THỰC HIỆN
Sở Lao động - Thương binh và Xã hội chủ trì, báo cáo kết quả trước ngày 15 tháng 12 mỗi năm.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Phạm Thị Hoa
"""

DONG_SON_2021 = """ỦY BAN NHÂN DÂN
TỈNH ĐÔNG SƠN
-------

Số: 120/KH-UBND

Đông Sơn, ngày 04 tháng 10 năm 2021

KẾ HOẠCH
Thực hiện Chương trình phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021 - 2030

Ủy ban nhân dân tỉnh Đông Sơn ban hành Kế hoạch thực hiện Chương trình như sau:

I. MỤC TIÊU
Giảm tỷ suất trẻ em tử vong do đuối nước xuống dưới 6/100.000 trẻ em vào năm 2030.
"""

BAC_SON_2023 = """ỦY BAN NHÂN DÂN
TỈNH BẮC SƠN
-------

KẾ HOẠCH
Bảo vệ, chăm sóc trẻ em tỉnh Bắc Sơn năm 2023
(Ban hành kèm theo Quyết định số 321/QĐ-UBND ngày 10/02/2023 của Ủy ban nhân dân tỉnh Bắc Sơn)

I. MỤC TIÊU
Phấn đấu 98% trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế.
"""


@pytest.fixture(scope="module")
def plans_index(tmp_path_factory):
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.pipeline import ingest
    from kehoach.ingest.settings import load_settings

    home = tmp_path_factory.mktemp("plans")
    folder = home / "docs"
    folder.mkdir()
    texts = (
        ("qd_2014.txt", APPROVING),
        ("lg_2021.txt", LONG_GIANG_2021),
        ("ds_2021.txt", DONG_SON_2021),
        ("bs_2023.txt", BAC_SON_2023),
    )
    for name, text in texts:
        (folder / name).write_text(text, encoding="utf-8")
    settings = load_settings(home=home / "index")
    index = Index.open(settings, get_embedder("e5-small"))
    assert all(r.ok for r in ingest([folder], index, settings))
    return index


def test_the_years_asked_outweigh_the_kind_of_document(plans_index):
    """The plan of 2014-2015 is loaded as the decision approving it: its years choose it over the
    plan of 2021-2030, and the plan's number is the one the decision states, not its own."""
    answer = ask(
        plans_index,
        "Kế hoạch phòng chống tai nạn thương tích trẻ em tỉnh Long Giang 2014-2015 là kế hoạch số mấy?",
    )
    assert answer.supported, answer.answer
    assert "05/KH-LĐTBXH" in answer.answer and "150/QĐ-UBND" in answer.answer
    assert "88/KH-UBND" not in answer.answer and "không phải" not in answer.answer
    assert "Kế hoạch số 05/KH-LĐTBXH" in answer.citations[0].quote
    _exact(plans_index, answer)


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch bảo vệ, chăm sóc trẻ em năm 2023 của tỉnh Bắc Sơn số mấy?",
        "ke hoach bao ve cham soc tre em 2023 cua bac son so hieu la gi",
    ],
)
def test_a_plan_without_a_number_of_its_own_is_cited_by_the_decision_it_came_with(plans_index, question):
    answer = ask(plans_index, question)
    assert answer.supported, answer.answer
    assert "không có số riêng" in answer.answer and "321/QĐ-UBND" in answer.answer
    assert "321/QĐ-UBND" in answer.citations[0].quote
    _exact(plans_index, answer)


def test_a_number_of_another_kind_the_document_states(plans_index):
    answer = ask(
        plans_index,
        "Sở Lao động - Thương binh và Xã hội Long Giang đề nghị phê duyệt kế hoạch 2014-2015"
        " qua tờ trình số mấy?",
    )
    assert answer.supported, answer.answer
    assert "09/TTr-LĐTBXH" in answer.answer and "05/KH-LĐTBXH" not in answer.answer
    _exact(plans_index, answer)


def test_the_plan_of_other_years_is_refused_only_without_one_of_the_years_asked(plans_index):
    answer = ask(
        plans_index, "Kế hoạch phòng, chống tai nạn thương tích trẻ em 2016-2020 của tỉnh Đông Sơn số mấy?"
    )
    assert not answer.supported
    assert "2021–2030" in answer.answer and "2016–2020" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Long Giang và Đông Sơn, tỉnh nào ban hành kế hoạch phòng chống tai nạn thương tích trẻ em 2021-2030"
        " trước? Mỗi kế hoạch ngày nào?",
        "Kế hoạch phòng, chống tai nạn thương tích trẻ em 2021-2030 của Đông Sơn và của Long Giang, cái nào"
        " ra trước, ngày nào?",
    ],
)
def test_a_comparison_of_dates_says_which_came_first(plans_index, question):
    answer = ask(plans_index, question)
    assert answer.supported, answer.answer
    assert answer.check.get("identified"), answer.check
    assert "15/09/2021" in answer.answer and "04/10/2021" in answer.answer
    first = answer.answer.split("Ban hành trước: ")[1]
    assert first.startswith("88/KH-UBND") and "sau: 120/KH-UBND" in first
    quotes = {c.quote for c in answer.citations}
    assert quotes == {"Long Giang, ngày 15 tháng 9 năm 2021", "Đông Sơn, ngày 04 tháng 10 năm 2021"}
    _exact(plans_index, answer)


def test_a_field_one_side_does_not_state_is_said_for_that_side(plans_index):
    answer = ask(
        plans_index,
        "Kế hoạch phòng, chống tai nạn thương tích trẻ em 2021-2030 của Long Giang và của Đông Sơn do ai ký?",
    )
    assert answer.supported, answer.answer
    lines = answer.answer.splitlines()
    assert lines.index("Văn bản: 88/KH-UBND · tỉnh Long Giang · 2021–2030") + 1 == next(
        i for i, line in enumerate(lines) if line.startswith("Người ký: Phạm Thị Hoa")
    )
    assert sum("không ghi người ký" in line for line in lines) == 1
    assert lines[-1].startswith("Người ký: văn bản không ghi người ký")
    _exact(plans_index, answer)


def test_a_plan_of_another_topic_is_not_identified(plans_index):
    answer = ask(plans_index, "Ai ký kế hoạch phát triển du lịch của tỉnh Long Giang giai đoạn 2021-2030?")
    assert "Phạm Thị Hoa" not in answer.answer
    assert not answer.check.get("identified")


@pytest.mark.parametrize(
    "question",
    ["Kế hoạch 12/KH-SLĐTBXH được ban hành ngày nào?", "ke hoach 12/kh-sldtbxh ban hanh ngay nao"],
)
def test_a_cited_document_is_dated_from_the_citation_not_the_citing_header(meta_index, question):
    """The corpus holds An Lạc's plan, which cites the department's plan 12/KH-SLĐTBXH: its date
    is the citation's, never An Lạc's own (10/03/2025)."""
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert "Ngày ban hành: 20/01/2025" in answer.answer and "10/03/2025" not in answer.answer
    assert "chưa được nạp" in answer.answer
    assert "12/KH-SLĐTBXH ngày 20/01/2025" in answer.citations[0].quote
    _exact(meta_index, answer)


def test_a_cited_documents_issuer_and_unknown_signer(meta_index):
    issuer = ask(meta_index, "Kế hoạch số 12/KH-SLĐTBXH do cơ quan nào ban hành?")
    assert issuer.supported and "Cơ quan ban hành: Sở Lao động - Thương binh và Xã hội" in issuer.answer
    signer = ask(meta_index, "Ai ký Kế hoạch số 12/KH-SLĐTBXH?")
    assert not signer.supported, signer.answer
    assert "không nêu người ký" in signer.answer and "Nguyễn Văn Bình" not in signer.answer


def test_a_cited_document_is_quoted_from_every_text_citing_it_in_each_date_form(meta_index):
    """An Lạc writes "20/01/2025" and Tân Phú "20 tháng 01 năm 2025" for the same cited plan: both
    texts are quoted, and the date is shown in each form they write."""
    answer = ask(meta_index, "Kế hoạch 12/KH-SLĐTBXH ký ngày nào?")
    assert answer.supported, answer.answer
    assert "Ngày ban hành: 20/01/2025 (văn bản ghi «ngày 20 tháng 01 năm 2025»)" in answer.answer
    assert {c.number for c in answer.citations} == {"45/KH-UBND", "30/KH-UBND"}
    _exact(meta_index, answer)


def test_two_cited_documents_in_one_question_are_both_dated(meta_index):
    answer = ask(meta_index, "qd 118/qd-ubnd va kh 12/kh-sldtbxh ban hanh ngay nao")
    assert answer.supported, answer.answer
    first, second = answer.answer.index("06/01/2025"), answer.answer.index("20/01/2025")
    assert first < second, answer.answer
    assert "Quyết định số 118/QĐ-UBND" in answer.answer and "Kế hoạch số 12/KH-SLĐTBXH" in answer.answer
    _exact(meta_index, answer)


@pytest.mark.parametrize(
    "question",
    ["Kế hoạch nào căn cứ Kế hoạch 12/KH-SLĐTBXH?", "co ke hoach nao thuc hien kh 12/kh-sldtbxh khong"],
)
def test_the_plans_citing_a_document_are_each_named(meta_index, question):
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert "45/KH-UBND" in answer.answer and "30/KH-UBND" in answer.answer
    assert "77/KH-UBND" not in answer.answer
    _exact(meta_index, answer)


def test_what_a_cited_document_is_about_is_its_citations_title(meta_index):
    answer = ask(meta_index, "Quyết định 118/QĐ-UBND mà Tân Phú căn cứ là về chuyện gì?")
    assert answer.supported, answer.answer
    assert "Nội dung: về việc giao chỉ tiêu công tác trẻ em năm 2025" in answer.answer
    assert "Tân Phú" in answer.citations[0].locality
    _exact(meta_index, answer)


@pytest.mark.parametrize(
    "question",
    [
        "Luật Trẻ em được ban hành ngày nào?",
        "luat tre em ban hanh ngay nao",
        # The plan is named by its number: the cue that follows the law asks of the law.
        "Kế hoạch 30/KH-UBND căn cứ Luật Trẻ em ban hành ngày nào?",
    ],
)
def test_a_law_cited_by_its_name_is_dated_from_the_citation(meta_index, question):
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert "05/04/2016" in answer.answer or "05 tháng 4 năm 2016" in answer.answer, answer.answer
    assert "02/04/2025" not in answer.answer
    assert "Luật Trẻ em" in answer.citations[0].quote
    _exact(meta_index, answer)


@pytest.mark.parametrize(
    ("question", "dated"),
    [
        ("Kế hoạch 77 của Bình Hòa dựa trên quyết định nào của Thủ tướng, ký ngày nào?", ["19/7/2021"]),
        # A comparison's sides name their plans by number; the texts asked of are their Ministry's.
        (
            "Thông tư của Bộ Lao động mà Tân Phú (KH 30) và văn bản của Bộ mà Bình Hòa (KH 77) căn cứ"
            " ra ngày nào?",
            ["26/12/2019", "17/3/2021"],
        ),
    ],
)
def test_a_document_of_another_issuer_is_not_the_citing_plan(meta_index, question, dated):
    """The plans are their People's Committees'; a text the question says the Prime Minister or a
    Ministry issued is one they cite (Decree 30: a document is its issuer's), dated from the
    citation, never from the citing plan's header (05/08/2021, 02/04/2025)."""
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert all(d in answer.answer for d in dated), answer.answer
    assert "05/08/2021" not in answer.answer and "02/04/2025" not in answer.answer
    _exact(meta_index, answer)


@pytest.mark.parametrize("year", ["2023", "năm 2023"])
def test_a_plan_of_other_years_says_the_year_asked(meta_index, year):
    answer = ask(meta_index, f"kế hoạch công tác trẻ em {year} của An Lạc số mấy?")
    assert not answer.supported
    assert "là của năm 2025, không phải năm 2023 như câu hỏi" in answer.answer, answer.answer


def test_a_plan_named_by_its_number_keeps_its_own_date(meta_index):
    answer = ask(meta_index, "Kế hoạch 30/KH-UBND ban hành ngày nào?")
    assert "02/04/2025" in answer.answer and "05/04/2016" not in answer.answer, answer.answer


def test_a_citation_glued_to_the_word_before_is_read():
    from kehoach.assistant.cited import citations
    from kehoach.ingest.records import DocMeta, Document, PagedText

    text = (
        "KẾ HOẠCH\nCông tác trẻ em\n\nSở Lao động - Thương binh và Xã hội về việc triển khai thực "
        "hiệnQuyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng Chính phủ. Các xã đăng ký.\n"
    )
    document = Document("g", "glued.txt", "0", PagedText(text), DocMeta())
    [cited] = citations(document, 400)
    assert (cited.kind, cited.number, cited.date, cited.issuer) == (
        "Quyết định",
        "34/2014/QĐ-TTg",
        "30/5/2014",
        "Thủ tướng Chính phủ",
    )
    assert "hiệnQuyết định số 34/2014/QĐ-TTg" in text[cited.sentence[0] : cited.sentence[1]]


@pytest.mark.parametrize(
    "question",
    [
        "Thông tư 28/2019 mà Tân Phú căn cứ ra ngày nào?",
        "thong tu so 28 cua bo ldtbxh ban hanh ngay nao",
        # The document by number opens the question and its day is asked.
        "Thông tư 28 của Bộ về Tháng hành động mà Tân Phú dẫn là ngày mấy?",
    ],
)
def test_a_cited_document_named_by_a_shortened_number(meta_index, question):
    """People shorten a number the text writes in full: "Thông tư 28/2019", "thông tư số 28"."""
    answer = ask(meta_index, question)
    assert answer.supported, answer.answer
    assert "Ngày ban hành: 26/12/2019" in answer.answer and "Thông tư số 28/2019/TT-BLĐTBXH" in answer.answer
    _exact(meta_index, answer)


def test_a_cited_document_described_rather_than_numbered(meta_index):
    """A kind of document the plan found is not, described by what it is about: the plan's
    citation of that kind that covers the question answers it."""
    answer = ask(
        meta_index, "Thông tư quy định về Tháng hành động vì trẻ em mà Tân Phú căn cứ là thông tư số mấy?"
    )
    assert answer.supported, answer.answer
    assert "Số hiệu: 28/2019/TT-BLĐTBXH" in answer.answer, answer.answer
    _exact(meta_index, answer)
    # "Văn bản" is any kind: the one of the issuer named, which is not the plan's own.
    issued = ask(
        meta_index, "Bình Hòa căn cứ văn bản hướng dẫn số mấy của Bộ Lao động - Thương binh và Xã hội?"
    )
    assert "Số hiệu: 708/LĐTBXH-TE" in issued.answer, issued.answer
    # Its subject is not what the one Thông tư cited is about: no citation is handed over.
    other = ask(meta_index, "Tân Phú căn cứ thông tư số mấy về dạy bơi và phòng chống đuối nước cho trẻ?")
    assert "28/2019" not in other.answer, other.answer


def test_a_citation_number_broken_after_its_hyphen_keeps_its_date():
    from kehoach.assistant.cited import citations
    from kehoach.ingest.records import DocMeta, Document, PagedText

    text = (
        "QUYẾT ĐỊNH\nXét đề nghị của Sở Lao động - Thương binh và Xã hội tại Tờ trình số 25/TTr- LĐTB&XH "
        "ngày 08 tháng 01 năm 2013;\nThực hiện công văn số 2928/LĐTBXH-BVCSTE ngày12/8/2014 của Bộ.\n"
    )
    document = Document("t", "totrinh.txt", "0", PagedText(text), DocMeta())
    found = [(c.kind, c.number, c.date) for c in citations(document, 400)]
    assert found == [
        ("Tờ trình", "25/TTr- LĐTB&XH", "08 tháng 01 năm 2013"),
        ("công văn", "2928/LĐTBXH-BVCSTE", "12/8/2014"),
    ]


@pytest.mark.parametrize(
    ("folded", "kind"),
    [
        (
            "ke hoach 132/kh-ubnd cua ca mau dan quyet dinh 1248/qd-ttg, quyet dinh do ky ngay nao?",
            "quyet dinh",
        ),
        ("ke hoach trien khai chi thi 1408/ct-ttg cua thanh pho ha noi ban hanh ngay nao?", "ke hoach"),
        ("quyet dinh 34/2014/qd-ttg ban hanh ngay bao nhieu, theo ke hoach cua bac ninh", "quyet dinh"),
        ("ke hoach so 12 cua huyen an lac, ban hanh ngay nao?", "ke hoach"),
    ],
)
def test_the_document_asked_about_heads_the_clause_that_asks(folded, kind):
    assert header_subject(folded) == kind


@pytest.mark.parametrize(
    ("question", "number", "quoted"),
    [
        ("Ông Nguyễn Văn Bình ký kế hoạch nào?", "45/KH-UBND", True),
        # The portal's metadata block names the signer; the stored text does not.
        ("ba tran thi cuc ky van ban nao", "77/KH-UBND", False),
        # The day of issue the header states, whatever form the question writes it in.
        ("Kế hoạch về trẻ em nào được ký ngày 10/3/2025?", "45/KH-UBND", True),
        ("van ban nao ban hanh ngay 02 thang 4 nam 2025", "30/KH-UBND", True),
        # A law portal's own fields, named with their label, as the page writes them.
        ("Văn bản nào thuộc lĩnh vực dân số, trẻ em, gia đình?", "77/KH-UBND", False),
        ("Văn bản nào được trang nguồn xếp vào loại Kế hoạch?", "77/KH-UBND", False),
    ],
)
def test_the_documents_holding_a_header_value_named(meta_index, question, number, quoted):
    answer = ask(meta_index, question)
    assert answer.supported and number in answer.answer, answer.answer
    assert [n for n in ("45/KH-UBND", "77/KH-UBND", "30/KH-UBND") if n in answer.answer] == [number]
    assert bool(answer.citations) is quoted
    _exact(meta_index, answer)


@pytest.mark.parametrize(
    ("question", "header"),
    [
        ("Quốc hội ra nghị quyết đó ngày nào?", ("issued",)),
        ("kế hoạch ra hôm nào", ("issued",)),
        ("Hai kế hoạch lần lượt ra đời ngày nào?", ("issued",)),
        ("Ai đứng tên ký mỗi văn bản?", ("signer",)),
        ("Văn bản do ai đứng tên?", ("signer",)),
        # An event taking place, an accident happening, a deadline set: no issue date asked.
        ("Tháng hành động diễn ra ngày nào?", ()),
        ("Vụ tai nạn xảy ra hôm nào?", ()),
        ("Kế hoạch đề ra ngày nào phải báo cáo?", ()),
        ("Cơ quan nào chủ trì giảm tình trạng trẻ em bỏ học?", ()),
        ("Công văn 2928 của Bộ mà Bắc Ninh nhắc tới là ngày mấy?", ("issued",)),
        ("Hạn báo cáo kết quả thực hiện kế hoạch năm 2025 là ngày nào?", ()),
        ("Kế hoạch 45/KH-UBND ký hôm nào?", ("issued",)),
        ("Số kế hoạch công tác trẻ em của An Lạc?", ("number",)),
        ("Số kế hoạch đã ban hành là bao nhiêu?", ()),
    ],
)
def test_issuing_said_as_people_say_it(question, header):
    assert analyze(question).header == header


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("TRIỂN KHAI TIÊU CHUẨN XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM", True),
        ("TRIỂN KHAI TIÊU CHUẨN XÃ, THỊ TRẤN AN TOÀN VỚI TRẺ EM", False),
    ],
)
def test_a_title_holds_a_word_pair_it_writes_apart(title, named):
    """A title is short: "phường phù hợp trẻ em" asked of "phường, thị trấn phù hợp với trẻ em" is
    held, though "phường phù" and "hợp trẻ" are never side by side; a title of another subject is not."""
    from kehoach.assistant.config import DEFAULT
    from kehoach.assistant.header_choice import identified
    from kehoach.ingest.records import DocMeta, Document, PagedText
    from tests.catalog import entry

    doc = entry("b", kind="Kế hoạch", number="182/KH-UBND", title=title, locality="tỉnh Bắc Ninh")
    asked = analyze("Bắc Ninh ra kế hoạch phường phù hợp trẻ em ngày nào?", [doc])
    weights = {t: 6.0 if "_" in t else 1.0 for t in asked.topic}
    document = Document("b", "b.txt", "0", PagedText(f"KẾ HOẠCH\n{title}\n"), DocMeta())
    assert identified(asked, doc, document, weights, DEFAULT.rank) is named


def test_the_kind_the_number_asked_is_attached_to_is_the_one_asked():
    """ "QĐ số mấy" asks of a decision, though the question names plans too; "ký KH 98 ... và QĐ
    27" names one kind per side."""
    from kehoach.assistant.header_choice import fit
    from tests.catalog import entry

    plan, decision = entry("p", kind="Kế hoạch"), entry("d", kind="Quyết định")
    asked = analyze("Quảng Nam và Bắc Kạn phê duyệt chương trình/kế hoạch vì trẻ em bằng quyết định số mấy?")
    assert not fit(asked, plan, True).kind and fit(asked, decision, True).kind
    signed = analyze("Người ký kế hoạch 98 Hà Tĩnh và quyết định 27 Bắc Giang là ai?")
    assert fit(signed, plan, True).kind and fit(signed, decision, True).kind


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Kế hoạch 45/KH-UBND của tỉnh Bình Hòa ban hành ngày nào?", "15/01/2025"),
        ("Kế hoạch 45/KH-UBND của huyện An Lạc ban hành ngày nào?", "10/03/2025"),
        ("Kế hoạch 45/KH-UBND ban hành ngày nào?", "10/03/2025"),
    ],
)
def test_a_number_is_its_issuers_a_cited_plan_of_another_place_is_not_the_loaded_one(
    meta_index, question, said
):
    """Tân Phú cites Bình Hòa's 45/KH-UBND; An Lạc's own 45/KH-UBND is loaded. The place named
    tells them apart; named by its number alone, the loaded plan is the one asked of."""
    assert said in _answered(meta_index, question)


def test_the_plan_of_the_period_named_is_preferred_to_one_within_it():
    """ "giai đoạn 2014-2020 ... số mấy" asks of the plan of 2014-2020, whichever the search put
    first; the one-year plan of 2016 within the period still fits when it is all there is."""
    from kehoach.assistant.header_choice import header_document
    from tests.catalog import entry

    one_year = entry("y", kind="Kế hoạch", year_from=2016)
    period = entry("p", kind="Kế hoạch", year_from=2014, year_to=2020)
    asked = analyze("Kế hoạch về xã phù hợp với trẻ em giai đoạn 2014-2020 số mấy?")
    assert header_document(asked, [one_year, period], False)[0] is period
    assert header_document(asked, [one_year], False)[1].whole


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch 77/KH-UBND của Bình Hòa áp dụng cho giai đoạn nào?",
        "ke hoach 77 binh hoa bat dau tu nam nao",
    ],
)
def test_a_plans_period_is_answered_from_its_header_in_the_texts_words(meta_index, question):
    said = _answered(meta_index, question)
    assert "Thời gian thực hiện: 2021–2025" in said and "«2021 - 2025»" in said
    # The programme it cites runs to 2030: its years are its own, not the plan's.
    assert "2030" not in said


def test_a_cited_programmes_period_is_read_from_the_citation(meta_index):
    said = _answered(meta_index, "Quyết định 1248/QĐ-TTg phê duyệt chương trình cho giai đoạn nào?")
    assert "Thời gian thực hiện: 2021-2030" in said and "chưa được nạp" in said


def test_when_a_cited_document_takes_effect_is_not_made_up(meta_index):
    """The citation gives its date (19/7/2021), never its effect: that is said to be unstated."""
    answer = ask(meta_index, "Quyết định 1248/QĐ-TTg có hiệu lực từ ngày nào?")
    assert not answer.supported, answer.answer
    assert "không nêu ngày có hiệu lực" in answer.answer and "chưa được nạp" in answer.answer
    _exact(meta_index, answer)


def test_a_conclusion_the_plan_cites_is_dated_from_the_citation(meta_index):
    """A "Kết luận" (a kind of Decree 30) is cited like the others: its date, not the plan's."""
    said = _answered(meta_index, "Kết luận số 41/TB-UBND mà huyện Tân Phú căn cứ đề ngày nào?")
    assert "Ngày ban hành: 03/03/2025" in said and "chưa được nạp" in said


def test_a_one_year_plans_year_is_quoted_from_its_title_not_its_date(meta_index):
    answer = ask(meta_index, "Kế hoạch 45/KH-UBND của An Lạc áp dụng cho giai đoạn nào?")
    assert "Thời gian thực hiện: 2025" in answer.answer, answer.answer
    assert "năm 2025 trên địa bàn huyện An Lạc" in answer.citations[0].quote
    _exact(meta_index, answer)


def test_a_portal_value_is_looked_up_only_after_its_label(meta_index):
    """ "trẻ em" is one of the portal's field values and a word of every question: without its
    label ("lĩnh vực") it names no field."""
    answer = ask(meta_index, "Văn bản nào về trẻ em thuộc loại quyết định?")
    assert "theo khối thông tin" not in answer.answer, answer.answer


def test_a_numbered_document_no_side_carries_or_cites_is_not_answered_from_a_header(meta_index):
    """ "Văn bản mà Thủ tướng duyệt ở QĐ 1248 ... giai đoạn nào" asks of the programme that
    decision approved: An Lạc's plan, which neither carries nor cites 1248/QĐ-TTg, is not the
    document asked about, so its own period is no answer; Bình Hòa's, which cites it, may be."""
    from kehoach.assistant.answer_meta import header_answer
    from kehoach.assistant.config import RankConfig

    query = analyze("Văn bản mà Thủ tướng duyệt ở Quyết định 1248 áp dụng cho giai đoạn nào?")
    by_number = {d.number: d for d in meta_index.documents()}
    documents = {d.doc_id: meta_index.document(d.doc_id) for d in by_number.values()}

    def answered(number: str) -> bool:
        return header_answer(query, [[by_number[number]]], documents, [{}], RankConfig()) is not None

    assert not answered("45/KH-UBND")
    assert answered("77/KH-UBND")
