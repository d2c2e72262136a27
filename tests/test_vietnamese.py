import unicodedata

from kehoach.ingest.vietnamese import fold, fold_aligned, has_diacritics, normalize, terms, words


def test_nfc_and_tone_placement_are_one_form():
    decomposed = unicodedata.normalize("NFD", "Hòa")
    assert normalize(decomposed) == "Hòa"
    assert normalize("hoà") == normalize("hòa") == "hòa"
    assert normalize("thuý") == normalize("thúy") == "thúy"
    assert normalize("CỘNG HOÀ") == "CỘNG HÒA"
    assert normalize("khoẻ mạnh") == "khỏe mạnh"


def test_tone_placement_leaves_closed_syllables_and_qu_alone():
    for word in ("hoàng", "quý", "thuyền", "ngoài", "giá", "Quảng"):
        assert normalize(word) == word


def test_fold_removes_every_diacritic_including_d_bar():
    assert fold("Đảm bảo quyền trẻ em") == "dam bao quyen tre em"
    assert has_diacritics("tiêm chủng") and not has_diacritics("tiem chung")


def test_terms_match_with_and_without_diacritics():
    accented = terms("Tỷ lệ tiêm chủng đầy đủ", folded=True)
    plain = terms("ty le tiem chung day du", folded=True)
    assert accented == plain
    assert "tiem_chung" in plain
    assert "tiêm_chủng" in terms("tiêm chủng")


def test_words_keep_numbers():
    assert words("đạt trên 95% vào năm 2025") == ["đạt", "trên", "95", "vào", "năm", "2025"]


def test_fold_aligned_keeps_offsets_where_fold_shifts_them():
    text = "Số \u0301 KẾ HOẠCH của thành phố Huế"  # a stray combining mark, as PDF extraction leaves
    assert len(fold(text)) == len(text) - 1
    aligned = fold_aligned(text)
    assert len(aligned) == len(text)
    at = aligned.index("thanh pho hue")
    assert text[at : at + len("thanh pho hue")] == "thành phố Huế"
    assert fold_aligned("Đảm bảo") == "dam bao"
