"""POSTCODE via stdnum.nl.postcode (nlp/recognizers/postcode.py)."""

from __future__ import annotations


def test_postcode_forms_give_1234AB(found):
    text = "3511 AB Utrecht, 3511AA Utrecht, 3512lg Utrecht"
    assert [v for _, v in found(text, "POSTCODE")] == ["3511AB", "3511AA", "3512LG"]


def test_postcode_letters_sa_sd_ss_and_leading_zero_are_invalid(found):
    assert found("1234 SA, 1234 SS, 1234 SD, 0123 AB", "POSTCODE") == []


def test_year_followed_by_a_lower_case_word_is_no_postcode(found):
    assert found("Sinds 2019 en 2020 ab en toe.", "POSTCODE") == []
