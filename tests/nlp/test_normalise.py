"""normalise_ocr_text (nlp/normalise.py)."""

from __future__ import annotations

import pytest

from nlp import normalise_ocr_text


@pytest.mark.parametrize(
    ("ocr", "clean"),
    [
        ("j.jansen @ voorbeeld.nl", "j.jansen@voorbeeld.nl"),
        ("mail info@ voorbeeld . nl.", "mail info@voorbeeld.nl."),
        ("burgerservice-\nnummer", "burgerservicenummer"),
        ("BSN 12O456782", "BSN 120456782"),
        ("V-nr 12   345  678 90", "V-nr 12 345 678 90"),
        ("geb. 12 - 03 - 1990", "geb. 12-03-1990"),
        ("tel.\u00a006\u201112345678", "tel. 06-12345678"),
        ("ﬁnanciën\u00ad", "financiën"),
    ],
)
def test_ocr_damage_is_repaired(ocr, clean):
    assert normalise_ocr_text(ocr) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Op 3 1234567 personen",  # digits are never glued together
        "Noord-\nHolland",  # a capital after a line-end hyphen stays
        "zie @ 10 uur",  # no domain after '@'
        "punt 3. 4 personen",
        "NOORD 1234 OB",  # the letter O only between digits
    ],
)
def test_text_that_is_not_damaged_is_left_alone(text):
    assert normalise_ocr_text(text) == text


def test_entities_are_found_after_normalising(extractor):
    text = normalise_ocr_text("Mail j.jansen @ voorbeeld.nl of bel 06 - 1234  5678.")
    found = {(e.label, e.value) for e in extractor.extract(text)}
    assert found == {("EMAIL", "j.jansen@voorbeeld.nl"), ("TELEFOON", "+31612345678")}
    for e in extractor.extract(text):
        assert text[e.start : e.end] == e.text
