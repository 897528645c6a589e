"""Shapes and neighbours that make a PERSOON span something else (nlp.ner.shapes), as the
person guard applies them: the span is what the CNN typically proposes. Names invented."""

from __future__ import annotations

import pytest

from contract.records import Entity
from nlp.ner.guards import PersonGuard


def _guarded(text: str, span: str, guard: PersonGuard | None = None) -> list[tuple[str, str]]:
    start = text.index(span)
    entity = Entity("PERSOON", span, span, start, start + len(span), "ner")
    return [(e.label, e.text) for e in (guard or PersonGuard())(text, [entity])]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Goedemiddag IKP,\n\nhierbij de stukken.", "IKP"),
        ("Het CJIB stuurde een aanmaning.", "CJIB"),
        ("Our HRM team will reply.", "HRM"),
    ],
)
def test_a_lone_acronym_is_no_person(text, span) -> None:
    assert _guarded(text, span) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Het dorp staat onder water.\n( KVD )", "KVD"),  # a writer's initials
        ("aldus de woordvoerder , KVD )", "KVD"),
        ("Aangehouden: Efrem TESHOME.\nTESHOME zweeg.", "TESHOME"),  # a surname in capitals
        ("Gesprek met DEMIR over de huur.", "DEMIR"),  # capitals that are a name
    ],
)
def test_initials_and_capital_surnames_stay_persons(text, span) -> None:
    assert _guarded(text, span) == [("PERSOON", span)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Kind regards,\n\nAmara Saleh\nSenior Case Officer Rijnmond", "Senior Case Officer"),
        ("Groet,\nFemke Brink\nTeamleider Inkoop", "Inkoop"),
        ("Best,\nLeon Kort\nCompliance Manager", "Compliance"),
    ],
)
def test_a_signature_job_line_is_no_person(text, span) -> None:
    assert _guarded(text, span) == []


def test_a_person_after_a_role_word_in_a_sentence_stays() -> None:
    text = "volgens directeur Verhoeckx is de zaak rond"
    assert _guarded(text, "Verhoeckx") == [("PERSOON", "Verhoeckx")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Kantoor Smeulders & Van Houtum Advocaten", "Smeulders"),
        ("namens Verhoef & Zonen", "Verhoef"),
    ],
)
def test_a_surname_in_a_firm_name_is_no_person(text, span) -> None:
    assert _guarded(text, span) == []


def test_a_hyphenated_region_is_a_place() -> None:
    text = "De eenheid Zuid-Holland deed het onderzoek."
    assert _guarded(text, "Zuid-Holland") == [("LOCATIE", "Zuid-Holland")]
    assert _guarded("Team RST Noord-Limburg belde", "RST Noord-Limburg") == []


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Zij is geboren te Tilburg en verhuisde later.", "Tilburg"),
        ("Hij kwam met de bus uit Florence.", "Florence"),  # a given name too
        ("Geboorteplaats: Santiago\nNationaliteit: onbekend", "Santiago"),
        ("Haar ouders wonen nog in Lima.", "Lima"),
        ("The flight from Lagos landed late.", "Lagos"),
    ],
)
def test_a_city_after_a_place_word_or_label_is_a_place(text, city) -> None:
    assert _guarded(text, city) == [("LOCATIE", city)]


def test_a_very_large_city_alone_is_a_place_unless_a_name_or_title_is_before_it() -> None:
    assert _guarded("Toen belde Lima terug.", "Lima") == [("LOCATIE", "Lima")]
    assert _guarded("Ik sprak mevrouw Florence gisteren.", "Florence") == [("PERSOON", "Florence")]


def test_a_place_written_with_odd_capitals_is_no_place() -> None:
    # "ZEle": a name that lost a letter, not the town Zele.
    assert _guarded("Volgens ZEle is het zo.", "ZEle") == [("PERSOON", "ZEle")]


def test_the_shape_guards_can_be_switched_off_for_measuring() -> None:
    off = PersonGuard(acronyms=False)
    assert _guarded("Het CJIB stuurde een aanmaning.", "CJIB", off) == [("PERSOON", "CJIB")]
