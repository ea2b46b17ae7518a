"""Vietnamese text: NFC on input, accent folding for search."""

from __future__ import annotations

import unicodedata

from motcua.core.text import clean_text, fold, nfc, strip_accents

PRECOMPOSED = "Nguyễn Thị Ánh"
# "e" + combining circumflex + combining tilde, as NFD writes it.
FULLY_DECOMPOSED = unicodedata.normalize("NFD", PRECOMPOSED)
# "ê" precomposed + combining tilde, as "Unicode tổ hợp" keyboards type it.
PARTLY_DECOMPOSED = "Nguy\u00ea\u0303n Thi\u0323 A\u0301nh"


def test_decomposed_input_becomes_the_precomposed_string():
    assert FULLY_DECOMPOSED != PRECOMPOSED
    assert len(FULLY_DECOMPOSED) > len(PRECOMPOSED)
    assert nfc(FULLY_DECOMPOSED) == PRECOMPOSED
    assert nfc(PARTLY_DECOMPOSED) == PRECOMPOSED
    assert nfc(PRECOMPOSED) == PRECOMPOSED


def test_clean_text_normalises_and_folds_white_space():
    assert clean_text(f"  {FULLY_DECOMPOSED}\u00a0\t \n") == PRECOMPOSED
    assert clean_text("Sở   Y\u00a0tế\n Khánh Hòa ") == "Sở Y tế Khánh Hòa"
    assert clean_text("") == ""


def test_accents_are_stripped_with_case_kept():
    assert strip_accents("Sở Y tế") == "So Y te"
    assert strip_accents("Đà Nẵng") == "Da Nang"
    assert strip_accents("đường Trần Hưng Đạo") == "duong Tran Hung Dao"
    assert strip_accents("Ơ ư Ư ơ Ă â Ê ô") == "O u U o A a E o"
    assert strip_accents(FULLY_DECOMPOSED) == "Nguyen Thi Anh"


def test_folding_matches_accented_and_plain_spellings():
    assert fold("Tiếp nhận") == "tiep nhan"
    assert fold("Tiếp nhận") == fold("tiep nhan") == fold("TIẾP  NHẬN ")
    assert fold(unicodedata.normalize("NFD", "Tiếp nhận")) == "tiep nhan"
    assert fold("Đà Nẵng") == "da nang"
    assert fold("ĐẶC KHU Phú Quốc") == "dac khu phu quoc"


def test_folding_keeps_letters_that_differ_without_accents():
    assert fold("Đà Nẵng") != fold("Đà Lạt")
    assert fold("Khánh Hòa") == fold("Khánh Hoà")  # old and new tone placement
    assert fold("1.014076 – Cấp giấy phép") == "1.014076 – cap giay phep"
