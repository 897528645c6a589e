"""Persons found by the words around them (nlp.ner.cues through nlp.ner.forms.with_forms).
Each row: a text, the NER's person pieces in it (maybe none), the persons that must come
out. All names are invented."""

from __future__ import annotations

import pytest

from contract.records import Entity
from nlp.ner.forms import FINDERS, with_forms


def _persons(text: str, pieces: list[str], finders=tuple(FINDERS)) -> list[str]:
    entities = []
    for piece in pieces:
        start = text.index(piece)
        entities.append(Entity("PERSOON", piece, piece, start, start + len(piece), "ner"))
    out = with_forms(text, entities, finders)
    for e in out:
        assert text[e.start : e.end] == e.text == e.value
    return [e.text for e in out if e.label == "PERSOON"]


FOUND = [
    # naming phrases, titles, apposition
    ("De vrouw noemt zich Amara en spreekt weinig Nederlands.", [], ["Amara"]),
    ("Op straat heet hij Tamer Mansour, zegt de buurt.", [], ["Tamer Mansour"]),
    ('In het kamp was hij bekend als "Abu Sufyan al-Tikriti".', [], ["Abu Sufyan al-Tikriti"]),
    ("He called himself Viktor and paid in cash.", [], ["Viktor"]),
    ("Volgens de buren noemt de jongen zich Ravi.", [], ["Ravi"]),
    ('Op Telegram gebruikt hij de naam "Abu Salim".', [], ["Abu Salim"]),
    ("Het paspoort staat op naam van Idris Kamara.", [], ["Idris Kamara"]),
    ("Er woont een vrouw die zich Amara noemt.", [], ["Amara"]),
    ('Zijn baas, die hij "Abu Salim" noemde, gaf de orders.', [], ["Abu Salim"]),
    ("Hello, my name is Farida Sultani and I need help.", [], ["Farida Sultani"]),
    ("Wij spraken meneer Rustam Aliyev over zijn werk.", [], ["Rustam Aliyev"]),
    ("Een andere collega, Priyanka, werkt maar tien uur.", [], ["Priyanka"]),
    # a signature after a closing
    ("Ik hoor het graag.\n\nMet vriendelijke groet,\n\nFemke Brinkhuis\n", [], ["Femke Brinkhuis"]),
    ("dat was het\n\ngroetjes\nwillemijn", [], ["willemijn"]),
    # lower-case given names after a family or neighbour word
    ("mijn buurman tamer verhuurt zijn zolder", [], ["tamer"]),
    ("mijn broer milan heeft het gezien", [], ["milan"]),  # a word, and a frequent name
    ("haar oom idris toprak regelt alles", [], ["idris toprak"]),
    # an NER piece widened over the given name, particle or kunya before it
    ("a. Simran Kaur Dhillon, geboren 1991", ["Kaur Dhillon"], ["Simran Kaur Dhillon"]),
    ("Groet,\nWillemijn van Aalst (bewoonster)", ["Aalst"], ["Willemijn van Aalst"]),
    ("Zij noemen hem Abu Nasser.", ["Nasser"], ["Abu Nasser"]),
]

NOT_FOUND = [
    ("Hij noemt zich Tunesiër maar spreekt geen Arabisch.", []),  # nationality
    ("De stad heet Utrecht en ligt in het midden.", []),  # a place
    ("ik ben bang dat het misgaat", []),  # lower case after a naming phrase
    ("mijn buurman heeft een auto gekocht", []),  # no given name after the kin word
    ("mijn buurman zet de vuilnis buiten", []),  # a rare given name that is a word
    ("Met vriendelijke groet,\n\nAfdeling Handhaving", []),
    ("Wij spraken meneer Kaya van Kanaalweg 12 over de huur.", ["Kaya"]),  # street cut off
]


@pytest.mark.parametrize(("text", "pieces", "persons"), FOUND)
def test_a_name_is_found_by_the_words_around_it(text, pieces, persons) -> None:
    assert _persons(text, pieces) == persons


@pytest.mark.parametrize(("text", "persons"), NOT_FOUND)
def test_words_that_follow_a_cue_but_are_no_name_stay_out(text, persons) -> None:
    assert _persons(text, []) == persons


def test_each_form_can_be_switched_off_for_measuring() -> None:
    text = "De vrouw noemt zich Amara."
    assert _persons(text, [], [f for f in FINDERS if f != "naming_cues"]) == []
