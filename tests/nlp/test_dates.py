"""GEBOORTEDATUM and DATUM (nlp/recognizers/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.recognizers.base import Context
from nlp.recognizers.dates import DateRecognizer, full_year


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("op 12 maart 1990 gezien", "1990-03-12"),
        ("op 12 mrt. 1990 gezien", "1990-03-12"),
        ("op 12-03-1990 gezien", "1990-03-12"),
        ("op 12/3/90 gezien", "1990-03-12"),
        ("op 12.03.1990 gezien", "1990-03-12"),
        ("op 1990-03-12 gezien", "1990-03-12"),
        ("op 1 jan. 2024 gezien", "2024-01-01"),
        ("Sent: 14 November 2024", "2024-11-14"),
    ],
)
def test_date_forms_give_iso(found, text, iso):
    assert [v for _, v in found(text, "DATUM")] == [iso]


@pytest.mark.parametrize(
    "text",
    [
        "geboren op 12 maart 1990 te Casablanca",
        "geb. 12/3/90",
        "Geboortedatum: 12-03-1990",
        "Geb.datum: 12-03-1990",
        "het kind (d.d. geboorte 12-03-1990)",
        "Hij is op 12 maart 1990 geboren in Casablanca",
    ],
)
def test_birth_cue_makes_a_geboortedatum(found, text):
    assert [v for _, v in found(text, "GEBOORTEDATUM")] == ["1990-03-12"]


def test_date_in_brackets_after_a_name_is_not_a_birth_date(found):
    text = "Mevrouw S. Haile (12-03-1995) meldde zich."
    assert found(text, "GEBOORTEDATUM") == []
    assert [v for _, v in found(text, "DATUM")] == ["1995-03-12"]


def test_second_date_after_a_birth_date_is_an_ordinary_date(extractor):
    text = "geboren op 12-03-1990, in Nederland sinds 05-06-2015"
    assert [(e.label, e.value) for e in extractor.extract(text)] == [
        ("GEBOORTEDATUM", "1990-03-12"),
        ("DATUM", "2015-06-05"),
    ]


def test_birth_cue_after_a_date_is_not_reused_for_the_next_date(extractor):
    text = "Hij is op 12 maart 1990 geboren en kwam op 1 mei 2010 hierheen."
    assert [e.label for e in extractor.extract(text)] == ["GEBOORTEDATUM", "DATUM"]


def test_two_digit_birth_years_lie_in_the_past():
    today = date(2026, 11, 23)
    assert full_year(10, birth=True, today=today) == 2010
    assert full_year(30, birth=True, today=today) == 1930
    assert full_year(30, birth=False, today=today) == 2030
    assert full_year(90, birth=False, today=today) == 1990


def test_recogniser_uses_the_given_today_for_two_digit_years():
    text = "geb. 1-1-27"
    ctx = Context(text)
    late = list(DateRecognizer(today=date(2030, 1, 1)).find(text, ctx))
    early = list(DateRecognizer(today=date(2026, 1, 1)).find(text, ctx))
    assert [c.value for c in late] == ["2027-01-01"]
    assert [c.value for c in early] == ["1927-01-01"]


def test_impossible_dates_times_amounts_and_phone_parts_are_no_dates(extractor):
    text = "Op 31-02-2024 om 10:12, van 10.00-12.00 uur, € 12.03, bel 06-12-34-56-78, versie 2.1"
    assert [e.label for e in extractor.extract(text) if "DATUM" in e.label] == []


def test_date_without_a_year_is_skipped(found):
    assert found("Op 3 april was hij er.", "DATUM") == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Karel (born 3rd March 1991) lives there", "1991-03-03"),
        ("her son, born 21st January 2015, attends", "2015-01-21"),
        ("Mr Obi (date of birth 02/07/1984) applied", "1984-07-02"),
        ("DOB: 14-08-1979", "1979-08-14"),
        ("born 1st June 1988", "1988-06-01"),
    ],
)
def test_english_birth_dates_with_ordinals_and_cues_are_birth_dates(found, text, iso):
    assert [v for _, v in found(text, "GEBOORTEDATUM")] == [iso]


def test_an_english_ordinal_date_without_a_birth_cue_is_a_date(found):
    assert [v for _, v in found("The meeting on 2nd October 2024 ran late", "DATUM")] == [
        "2024-10-02"
    ]
