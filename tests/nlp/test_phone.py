"""TELEFOON via phonenumbers (nlp/recognizers/phone.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("bel 06-12345678", "+31612345678"),
        ("tel. 020 - 123 45 67", "+31201234567"),
        ("T +31 (0)6 12 34 56 78", "+31612345678"),
        ("op 0031 6 1234 5678", "+31612345678"),
        ("mobiel: 06 - 123 456 78", "+31612345678"),
        ("Belgisch nummer +32 470 12 34 56", "+32470123456"),
        ("Duits: 0049 170 1234567", "+491701234567"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(found, text, e164):
    assert [v for _, v in found(text, "TELEFOON")] == [e164]


def test_phone_shaped_case_number_is_not_a_phone(found):
    assert found("zaaknummer 0612345678", "TELEFOON") == []
    assert found("Uw bestelling 0201234567 is verzonden.", "TELEFOON") == []


def test_number_after_a_v_nummer_cue_is_a_v_nummer_not_a_phone(extractor):
    entities = extractor.extract("vreemdelingennummer 0612345678")
    assert [e.label for e in entities] == ["V_NUMMER"]


def test_a_number_between_cue_and_phone_releases_the_cue(found):
    text = "Mijn BSN is 123456782 en mijn nummer is 06-12345678"
    assert [v for _, v in found(text, "TELEFOON")] == ["+31612345678"]


def test_short_numbers_and_amounts_are_not_phones(found):
    assert found("Bestelling 06123456 van € 1.234,56 op 12-03-2024", "TELEFOON") == []
