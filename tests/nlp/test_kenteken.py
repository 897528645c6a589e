"""KENTEKEN by RDW sidecode (nlp/recognizers/kenteken.py)."""

from __future__ import annotations

import pytest

from nlp.recognizers.kenteken import with_dashes


@pytest.mark.parametrize(
    "plate",
    ["AB-12-34", "12-34-AB", "12-AB-34", "AB-12-CD", "AB-CD-12", "12-AB-CD", "12-ABC-3",
     "1-ABC-23", "AB-123-C", "A-123-BC", "ABC-12-D", "A-12-BCD", "1-AB-234", "123-AB-4"],
)  # fmt: skip
def test_every_dutch_sidecode_with_dashes_is_found(found, plate):
    assert found(f"een auto met {plate} erop", "KENTEKEN") == [(plate, plate)]


def test_lower_case_plate_counts_after_a_kenteken_cue_only(found):
    assert found("kenteken vl-123-b", "KENTEKEN") == [("vl-123-b", "VL-123-B")]
    assert found("code vl-123-b", "KENTEKEN") == []


def test_plate_without_dashes_needs_the_cue_and_gets_dashes(found):
    assert found("bestelbus met kenteken VL123B", "KENTEKEN") == [("VL123B", "VL-123-B")]
    assert found("artikelcode AB123C", "KENTEKEN") == []


def test_non_sidecode_patterns_are_no_plates(found):
    text = "Belgische plaat 1-ABC-234, datum 12-03-24, code AB-1-CD"
    assert found(text, "KENTEKEN") == []


def test_ordernumber_shaped_like_a_plate_is_dropped(found):
    assert found("Uw ordernummer AB-12-CD is verzonden", "KENTEKEN") == []


def test_with_dashes_uses_the_sidecode_groups():
    assert with_dashes("12abc3") == "12-ABC-3"
    assert with_dashes("ABCD12") == "AB-CD-12"
    assert with_dashes("A1B2C3") is None
