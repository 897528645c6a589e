"""ADRES (nlp/recognizers/address.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "address",
    [
        "Kerkstraat 12",
        "Van Goghlaan 3-bis",
        "Laan van Meerdervoort 101 A",
        "2e Hugo de Grootstraat 14-II",
        "Burgemeester de Withstraat 45",
        "Burg. van Stamplein 5",
        "Oudegracht 231 bis",
        "Hoofdweg 12a",
        "Prins Hendrikkade 108",
        "IJsselstraat 3",
        "Admiraal de Ruijterweg 12-huis",
    ],
)
def test_dutch_street_and_house_number_is_an_address(found, address):
    assert found(f"Hij woont op {address}, 1234 AB Ergens.", "ADRES") == [(address, address)]


def test_address_value_has_whitespace_normalised(found):
    assert found("aan de Kerkstraat   12 A", "ADRES") == [("Kerkstraat   12 A", "Kerkstraat 12 A")]


def test_sentence_words_before_the_street_are_not_part_of_it(found):
    text = "Hij woont in Utrecht. Kerkstraat 12 is zijn adres. Mevrouw Kerkstraat 5."
    assert [t for t, _ in found(text, "ADRES")] == ["Kerkstraat 12", "Kerkstraat 5"]


def test_street_name_without_a_number_or_suffix_is_no_address(found):
    text = "Hij loopt over de Kerkstraat. In Amsterdam 12 mensen. Zijn Golf 3 is rood."
    assert found(text, "ADRES") == []


def test_number_with_decimals_or_percent_is_no_house_number(found):
    assert found("De Hoofdweg 12,5 km verderop; Stationsweg 40% duurder", "ADRES") == []
