"""`detect_language`: Dutch and English mail told apart by function words alone."""

from __future__ import annotations

import pytest

from research.classifiers.language import UNKNOWN, detect_language


@pytest.mark.parametrize(
    "text",
    [
        "Goedemiddag, ik wil graag melden dat mijn buurman zijn paspoort aan een ander heeft "
        "gegeven.",
        "Het bedrijf van de heer Brouwers heeft geen personeel, maar wel zes kennismigranten.",
        "Beste IND, wij hebben een vraag over de verlenging van de verblijfsvergunning van "
        "onze zoon.",
    ],
)
def test_dutch_mail_is_dutch(text: str) -> None:
    assert detect_language(text) == "nl"


@pytest.mark.parametrize(
    "text",
    [
        "Hello, I would like to report that the man next door has not lived there since May.",
        "Dear Sir or Madam, the company where my cousin works keeps his passport in a safe.",
        "Please tell me when my application will be decided, it has been a year.",
    ],
)
def test_english_mail_is_english(text: str) -> None:
    assert detect_language(text) == "en"


def test_english_mail_with_a_dutch_greeting_and_dutch_names_stays_english() -> None:
    text = (
        "Goedemorgen, sorry for my English. The owner of Bakkerij Van den Heuvel in Zutphen "
        "takes the wages of his workers and they sleep in the storage room. Met vriendelijke "
        "groet, Pieter"
    )
    assert detect_language(text) == "en"


def test_dutch_mail_quoting_an_english_line_stays_dutch() -> None:
    text = (
        "Hierbij stuur ik u de melding door die wij van een klant kregen. Hij schreef: "
        "'please help'. Wij weten niet of dit voor u is, maar het leek ons belangrijk om "
        "het te melden."
    )
    assert detect_language(text) == "nl"


@pytest.mark.parametrize("text", ["", "V-nummer 4417092281", "Zie bijlage", "12-03-2026 Utrecht"])
def test_text_without_function_words_is_undetermined(text: str) -> None:
    assert detect_language(text) == UNKNOWN
