"""BSN, V_NUMMER, KVK and DOCUMENTNUMMER (nlp/recognizers/identifiers.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text",
    [
        "BSN: 123456782",
        "burgerservicenummer 123 456 782",
        "BSN 1234.56.782",
        "sofinummer 123456782",
    ],
)
def test_bsn_written_forms_give_nine_digits(found, text):
    assert [v for _, v in found(text, "BSN")] == ["123456782"]


def test_bsn_failing_11_proef_is_rejected(found):
    assert found("BSN 123456783", "BSN") == []


def test_bare_valid_bsn_counts_but_not_after_an_order_cue(found):
    assert found("Het nummer 123456782 staat op de brief.", "BSN") == [("123456782", "123456782")]
    assert found("Uw ordernummer 123456782 is verzonden.", "BSN") == []
    assert found("Factuur 123456782: € 120,00", "BSN") == []


def test_bsn_digits_inside_an_iban_are_not_a_bsn(extractor):
    # NL91ABNA0417164300: "0417164300" is ten digits, and no BSN or V-nummer may hide in it.
    entities = extractor.extract("Rekening NL91 ABNA 0417 1643 00, BSN onbekend.")
    assert [(e.label, e.value) for e in entities] == [("IBAN", "NL91ABNA0417164300")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("zie V-nr. 12 345 678 90 hierboven", "V-nr. 12 345 678 90"),
        ("vreemdelingennummer 1234567890.", "vreemdelingennummer 1234567890"),
        ("v-nummer: 1234 567 890", "v-nummer: 1234 567 890"),
        ("V-nr 1234567890", "V-nr 1234567890"),
    ],
)
def test_v_nummer_with_its_label_directly_before_includes_the_label(found, text, span):
    assert found(text, "V_NUMMER") == [(span, "1234567890")]


def test_v_nummer_with_the_label_further_away_spans_the_digits_only(found):
    assert found("Zijn V-nummer is 1234567890.", "V_NUMMER") == [("1234567890", "1234567890")]


def test_ten_digits_without_a_v_nummer_cue_are_no_v_nummer(found):
    assert found("Het pakket 1234567890 is onderweg.", "V_NUMMER") == []
    assert found("pv-nummer 2024123456", "V_NUMMER") == []


def test_a_list_of_v_nummers_keeps_the_cue(found):
    text = "V-nummers: 1122334455, 2233445566 en 3344556678."
    assert [v for _, v in found(text, "V_NUMMER")] == ["1122334455", "2233445566", "3344556678"]


def test_date_shaped_digits_inside_a_v_nummer_are_no_date(extractor):
    entities = extractor.extract("Betreft: V-nummer 1203199012")
    assert [(e.label, e.value) for e in entities] == [("V_NUMMER", "1203199012")]


def test_kvk_needs_its_cue(found):
    assert found("ingeschreven bij de Kamer van Koophandel onder nummer 23456789", "KVK") == [
        ("23456789", "23456789")
    ]
    assert found("KvK-nr. 3456 7890", "KVK") == [("3456 7890", "34567890")]
    assert found("Het klantnummer is 23456789.", "KVK") == []
    assert found("In 2023 waren het 23456789 bezoekers.", "KVK") == []


def test_dutch_document_number_with_a_cue_is_upper_case(found):
    assert found("Paspoortnummer: NX4R2K7L3", "DOCUMENTNUMMER") == [("NX4R2K7L3", "NX4R2K7L3")]
    assert found("een ID-kaart met documentnummer IR7P3KD91", "DOCUMENTNUMMER") == [
        ("IR7P3KD91", "IR7P3KD91")
    ]


def test_document_number_without_a_cue_is_ignored(found):
    assert found("Artikel NX4R2K7L3 is uitverkocht.", "DOCUMENTNUMMER") == []


def test_foreign_document_number_counts_only_after_a_document_cue(found):
    assert found("een paspoort met nummer N012345678", "DOCUMENTNUMMER") == [
        ("N012345678", "N012345678")
    ]
    assert found("een doos met nummer N012345678", "DOCUMENTNUMMER") == []


@pytest.mark.parametrize(
    "text",
    [
        "the applicant (V-number 12 345 678 90) arrived",
        "His V-number is 1234 5678 90.",
        "V-numbers: 1234567890",
        "de V-nrs 1234567890 en 2233445566 kwamen",
        "alien number 1234567890",
    ],
)
def test_english_and_plural_v_nummer_cues_announce_ten_digits(found, text):
    assert "1234567890" in [v for _, v in found(text, "V_NUMMER")]
