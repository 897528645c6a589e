"""Precision guards after the NER (nlp.ner.guards): one table row per written form.

The guards take the NER's entities and the text; here the entity is the span a CNN
typically proposes, so each row states the input span and what must come out.
All names are invented.
"""

from __future__ import annotations

import pytest

from contract.records import Entity
from nlp.ner.forms import with_forms
from nlp.ner.guards import NOT_A_NAME, PersonGuard, city_names, region_names


def _guarded(text: str, span: str, label: str = "PERSOON") -> list[tuple[str, str]]:
    start = text.index(span)
    entity = Entity(label, span, span, start, start + len(span), "ner")
    out = PersonGuard()(text, [entity])
    for e in out:
        assert text[e.start : e.end] == e.text == e.value
    return [(e.label, e.text) for e in out]


# (text, span the NER proposed as PERSOON, what the guard keeps)
DROPPED_OR_RELABELLED = [
    ("Goedemiddag,\n\nik wil iets melden.", "Goedemiddag", []),
    ("Beste IKP,\nhierbij een melding.", "Beste", []),
    ("Hoi hoi\nmijn buurman doet raar", "Hoi", []),
    ("Met vriendelijke groet,\n\nK. Yildiz", "Met vriendelijke groet", []),
    ("Mvg\nRamon", "Mvg", []),
    ("Kind regards,\nOfficer Blake", "Kind regards", []),
    ("Bijlage: kopie verblijfsdocument", "Bijlage", []),
    ("Gegevens van de betrokkene volgen.", "Gegevens", []),
    ("Betreft: verzoek om inlichtingen", "Betreft", []),
    ("Onderwerp: melding", "Onderwerp", []),
    ("Donderdag kwam hij weer langs.", "Donderdag", []),
    ("Sinds Februari woont zij er.", "Februari", []),
    ("Hij stuurde het via WhatsApp door.", "WhatsApp", []),
    ("Zij adverteert op Marktplaats en Facebook.", "Facebook", []),
    ("Telegram groep gezien", "Telegram", []),
    ("Hij reisde via Duitsland.", "Duitsland", [("LOCATIE", "Duitsland")]),
    ("Zij komt uit Ghana.", "Ghana", [("LOCATIE", "Ghana")]),
    ("Familie in Sierra Leone", "Sierra Leone", [("LOCATIE", "Sierra Leone")]),
    ("Born in Afghanistan, he says.", "Afghanistan", [("LOCATIE", "Afghanistan")]),
    ("Hij woont nu in Zwolle.", "Zwolle", [("LOCATIE", "Zwolle")]),
    ("Groeten uit Apeldoorn", "Apeldoorn", [("LOCATIE", "Apeldoorn")]),
]

TRIMMED = [
    ("Beste Yusuf,\nDank voor je mail.", "Beste Yusuf", [("PERSOON", "Yusuf")]),
    ("Goedemorgen Marieke,", "Goedemorgen Marieke", [("PERSOON", "Marieke")]),
    ("Naam: Dawit Tesfay", "Naam: Dawit Tesfay", [("PERSOON", "Dawit Tesfay")]),
    ("Betreft: Nguyen Van Long", "Betreft: Nguyen Van Long", [("PERSOON", "Nguyen Van Long")]),
    ("Van: Pieter Bos", "Van: Pieter Bos", [("PERSOON", "Pieter Bos")]),
    ("Hartelijke groet Olga Nowak", "Hartelijke groet Olga Nowak", [("PERSOON", "Olga Nowak")]),
    ("Tomasz Wiśniewski Maandag", "Tomasz Wiśniewski Maandag", [("PERSOON", "Tomasz Wiśniewski")]),
    ("Samuel Okello Tilburg belde", "Samuel Okello Tilburg", [("PERSOON", "Samuel Okello")]),
    ("Chinedu Eze Obi Rotterdam", "Chinedu Eze Obi Rotterdam", [("PERSOON", "Chinedu Eze Obi")]),
    ("Yilmaz Bouw B.V. huurt", "Yilmaz Bouw B.V.", [("ORGANISATIE", "Yilmaz Bouw B.V.")]),
    ("Kaya Import GmbH levert", "Kaya Import GmbH", [("ORGANISATIE", "Kaya Import GmbH")]),
]

KEPT = [
    # Names that contain or resemble guarded words stay whole.
    ("Gesprek met Jan van Tilburg", "Jan van Tilburg"),
    ("Ingrid van den Berg belde", "Ingrid van den Berg"),
    ("Van der Linden schreef", "Van der Linden"),
    ("Jan Smit kwam", "Jan Smit"),
    ("De Vries en Bakker", "De Vries"),
    ("Abu Omar al-Shami is zijn alias", "Abu Omar al-Shami"),
    ("Di Stefano woont boven", "Di Stefano"),
    ("Tran Thi Mai", "Tran Thi Mai"),
    ("Mevrouw Beek verklaarde", "Beek"),
]


@pytest.mark.parametrize(("text", "span", "kept"), DROPPED_OR_RELABELLED + TRIMMED)
def test_guard_drops_relabels_or_trims_words_that_are_no_person(text, span, kept) -> None:
    assert _guarded(text, span) == kept


@pytest.mark.parametrize(("text", "span"), KEPT)
def test_guard_keeps_real_names_whole(text, span) -> None:
    assert _guarded(text, span) == [("PERSOON", span)]


def test_guard_leaves_other_labels_alone() -> None:
    assert _guarded("Hij werkt bij Facebook", "Facebook", "ORGANISATIE") == [
        ("ORGANISATIE", "Facebook")
    ]


def test_each_guard_can_be_switched_off_for_measuring() -> None:
    text = "Beste Samuel Okello Tilburg"
    entity = Entity("PERSOON", text, text, 0, len(text), "ner")
    assert PersonGuard(edges=False, trailing_place=False)(text, [entity]) == [entity]


def test_place_lists_hold_dutch_and_english_countries_regions_and_dutch_cities() -> None:
    regions = region_names()
    assert {"duitsland", "germany", "ghana", "afrika", "sierra leone", "syrië"} <= regions
    assert {"tilburg", "rotterdam", "apeldoorn", "utrecht"} <= city_names()
    assert {"whatsapp", "maandag", "februari", "goedemiddag", "bijlage"} <= NOT_A_NAME


# Register and label forms (nlp.ner.forms): (text, the person as written)
FORMS = [
    ("Naam: KRASNIQI, Arben\nGeboren: onbekend", "KRASNIQI, Arben"),
    ("Betrokkene TRAN, Thi Mai (geb. 1990)", "TRAN, Thi Mai"),
    ("Van: EL AMRANI, Mohamed Karim", "EL AMRANI, Mohamed Karim"),
    ("NOWAK, Olga, geboren in Łódź", "NOWAK, Olga"),
    ("Van: Oosterhuis, Wilma\nVerzonden: dinsdag", "Oosterhuis, Wilma"),
    ("De Bruijn, Femke schreef op 3 mei", "De Bruijn, Femke"),
    ("Verdachte: Dawit Tesfay", "Dawit Tesfay"),
    ("Slachtoffer: Chioma Adeyemi", "Chioma Adeyemi"),
    ("Persoon:      ZVEREVA, Oksana\nGeboren: 1988", "ZVEREVA, Oksana"),  # label, no list
    ("een paspoort op naam van TOPRAK, Mert, geboren 1990", "TOPRAK, Mert"),  # "van" stays out
]
NO_FORMS = [
    "IND, Den Haag",
    "Rapport AVIM, Politie Oost",
    "Amsterdam, Jan",
    "In Utrecht, Pieter zag het",
    "Betreft: Verzoek om informatie",
    "Naam: Onbekend",
]


@pytest.mark.parametrize(("text", "name"), FORMS)
def test_register_and_labelled_names_are_one_person_as_written(text, name) -> None:
    start = text.index(name)
    pieces = [
        Entity("PERSOON", w, w, start + i, start + i + len(w), "ner")
        for i, w in [(0, name.split(",")[0])]
    ]
    out = with_forms(text, pieces)
    assert [(e.label, e.text, e.value) for e in out] == [("PERSOON", name, name)]


@pytest.mark.parametrize("text", NO_FORMS)
def test_places_agencies_and_subjects_are_no_register_name(text) -> None:
    assert with_forms(text, []) == []


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Hij reisde via Peshawar naar Europa.", "Peshawar"),
        ("De familie woonde eerder in Mosul.", "Mosul"),
        ("Zij kwam uit Jalalabad en vroeg asiel aan.", "Jalalabad"),
    ],
)
def test_a_city_of_the_world_alone_is_a_place_not_a_person(text, city) -> None:
    assert _guarded(text, city) == [("LOCATIE", city)]


def test_a_town_that_is_also_a_surname_stays_a_person() -> None:
    # "Clinton" is a GeoNames town and a surname of the lists: the NER's reading stands.
    assert _guarded("Volgens Clinton is het akkoord rond.", "Clinton") == [("PERSOON", "Clinton")]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Vergadering is verplaatst naar dinsdag.", "Vergadering"),
        ("Procedure loopt nog bij de rechtbank.", "Procedure"),
        ("Shipping was arranged by his cousin.", "Shipping"),
        ("Overzicht van de contacten in de bijlage.", "Overzicht"),
    ],
)
def test_a_frequent_word_alone_is_never_a_person(text, word) -> None:
    assert _guarded(text, word) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bakker belde gisteren terug.", "Bakker"),  # a word and a frequent surname
        ("Volgens Visser is het adres vals.", "Visser"),
        ("Tony was er ook bij.", "Tony"),  # a given name of the lists
        ("Dat meldde de krant.\n( AD )", "AD"),  # capitals: a writer's initials
    ],
)
def test_a_frequent_word_that_is_also_a_name_stays_a_person(text, name) -> None:
    assert _guarded(text, name) == [("PERSOON", name)]


def test_the_shipped_word_and_place_lists_are_what_the_builder_makes() -> None:
    from nlp.ner.lists import (
        big_cities,
        build_big_cities,
        build_common_words,
        build_world_places,
        common_words,
        world_places,
    )

    assert common_words() == frozenset(build_common_words())
    assert world_places() == frozenset(build_world_places())
    assert big_cities() == {k: int(n) for k, n in (r.split("\t") for r in build_big_cities())}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Zaaknummer ZW-NOORD-2025-0912 is afgesloten.", "ZW-NOORD-2025-0912"),
        ("Registratie QX4410-2025 bij de politie.", "QX4410-2025"),
    ],
)
def test_a_code_with_a_digit_run_is_never_a_person(text, span) -> None:
    assert _guarded(text, span) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The visa expired in May 2025.", "May"),
        ("He arrived on 14 May and left again.", "May"),
    ],
)
def test_a_month_beside_a_number_is_never_a_person(text, span) -> None:
    assert _guarded(text, span) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("The lease runs until May, then he moves out.", "May"),
        ("She cleaned offices there from May, six days a week.", "May"),
    ],
)
def test_a_month_after_a_word_that_opens_a_time_is_never_a_person(text, span) -> None:
    assert _guarded(text, span) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Het loket is dicht op Witte Donderdag en daarna.", "Witte"),
        ("We zijn er niet met Goede Vrijdag.", "Goede"),
    ],
)
def test_a_word_before_a_weekday_is_a_day_not_a_person(text, span) -> None:
    assert _guarded(text, span) == []


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # "Hagen" is a German city and a surname of the lists: only the context decides.
        ("De bus reed van Hagen naar Zwolle.", "Hagen"),
        ("Eerdere aanvraag: Duitsland, Hagen, maart 2024.", "Hagen"),
    ],
)
def test_a_city_on_a_route_or_after_its_country_is_a_place(text, city) -> None:
    assert _guarded(text, city) == [("LOCATIE", city)]


def test_van_without_a_route_keeps_a_town_that_is_also_a_surname_a_person() -> None:
    assert _guarded("Het paspoort van Hagen is zoek.", "Hagen") == [("PERSOON", "Hagen")]


def test_a_month_name_without_a_number_stays_a_person() -> None:
    assert _guarded("I spoke with May about the rent.", "May") == [("PERSOON", "May")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Wil je dit doorsturen naar de juiste afdeling?", "Wil"),
        ("Will you forward this to the right team?", "Will"),
    ],
)
def test_a_stop_word_opening_a_sentence_is_no_person(text, span) -> None:
    assert _guarded(text, span) == []


def test_a_job_title_of_frequent_words_is_no_person() -> None:
    text = "Kind regards,\nSenior Policy Officer"
    assert _guarded(text, "Senior Policy Officer") == []


def test_an_emoji_after_a_name_is_cut_off() -> None:
    text = "bel Dariusz 📞 morgen"
    assert _guarded(text, "Dariusz 📞") == [("PERSOON", "Dariusz")]
