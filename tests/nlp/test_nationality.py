"""NATIONALITEIT (nlp/recognizers/nationality.py)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("van Marokkaanse nationaliteit", "Marokkaanse"),
        ("een Eritrese vrouw", "Eritrese"),
        ("23 Poolse werknemers", "Poolse"),
        ("een Indiase kennismigrant", "Indiase"),
        ("van Sri Lankaanse afkomst", "Sri Lankaanse"),
        ("Nationaliteit: Nigeriaanse\nBSN", "Nigeriaanse"),
        ("Zij is Ghanees en spreekt Engels.", "Ghanees"),
        ("allemaal Pools volgens mij", "Pools"),
        ("een Turks meisje", "Turks"),
        ("de moeder is Kameroense en heeft een kind", "Kameroense"),
    ],
)
def test_nationality_of_a_person_is_found_as_written(found, text, word):
    assert found(text, "NATIONALITEIT") == [(word, word)]


def test_coordinated_adjectives_share_the_person_noun(found):
    text = "Poolse, Roemeense en Bulgaarse arbeiders"
    assert [t for t, _ in found(text, "NATIONALITEIT")] == ["Poolse", "Roemeense", "Bulgaarse"]


@pytest.mark.parametrize(
    "text",
    [
        "de Nederlandse overheid",
        "een Poolse supermarkt",
        "de Nederlandse Arbeidsinspectie",
        "een auto met Bulgaars kenteken",
        "in het Syrische leger",
        "Hij spreekt geen Nederlands.",
        "vertaald uit het Pools",
        "Hij spreekt alleen Duits.",
        "een Duits slagschip",
        "de Russische revolutie?",
        "Frans Ieven zegt",
    ],
)
def test_nationality_adjective_for_a_thing_or_language_is_skipped(found, text):
    assert found(text, "NATIONALITEIT") == []


def test_country_name_after_nationaliteit(found):
    assert found("nationaliteit: Syrië, V-nummer onbekend", "NATIONALITEIT") == [("Syrië", "Syrië")]
    assert found("hij is staatsburger van Irak", "NATIONALITEIT") == [("Irak", "Irak")]
    assert found("hij reisde naar Syrië", "NATIONALITEIT") == []
