"""IBAN via stdnum.iban (nlp/recognizers/iban.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "written",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "NL 91 ABNA 0417 1643 00",
    ],
)
def test_iban_forms_give_compact_upper_case(found, written):
    assert found(f"rekening {written} graag", "IBAN") == [(written, "NL91ABNA0417164300")]


def test_iban_with_wrong_check_digits_is_rejected(found):
    assert found("rekening NL92 ABNA 0417 1643 00", "IBAN") == []


def test_iban_followed_by_a_capitalised_word_drops_the_word(found):
    assert found("NL91 ABNA 0417 1643 00 BSN onbekend", "IBAN") == [
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300")
    ]


def test_foreign_iban(found):
    assert found("DE89 3704 0044 0532 0130 00", "IBAN") == [
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000")
    ]
