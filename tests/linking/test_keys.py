"""Weak-evidence keys (linking.keys): a register row and a text about it share a key
however the name is spelt, ordered or shortened. Every name here is invented."""

from datetime import date

from contract.records import DossierRecord, Entity
from linking.keys import address_towns, person_name_splits, record_keys, stated_years, text_keys
from linking.names import phonetic_key_of_words

KARACA = DossierRecord(
    dossier_id="D-900001",
    soort="persoon",
    voornamen="Mouhamed Elif",
    achternaam="Karaca-Öztekin",
    geboortedatum=date(1994, 6, 2),
    adres="Valkstraat 14-2",
    postcode="4001AB",
    woonplaats="Tiel",
)
VUONG = DossierRecord(
    dossier_id="D-900002",
    soort="persoon",
    voornamen="Minh Anh",
    achternaam="Vuong",
    geboortedatum=date(1988, 1, 9),
    woonplaats="Meppel",
)
TEIXEIRA = DossierRecord(
    dossier_id="D-900003",
    soort="persoon",
    voornamen="Yusra",
    achternaam="da Silveira Teixeira",
    adres="Kruisweg 3",
    woonplaats="Den Haag",
)


def person(text: str, name: str, label: str = "PERSOON") -> Entity:
    start = text.index(name)
    return Entity(label, name, name, start, start + len(name))


def shared(record: DossierRecord, text: str, *names: str, received: date | None = None) -> set:
    entities = [person(text, n) for n in names]
    for place in ("Tiel", "Meppel", "Den Haag"):
        if place in text:
            entities.append(person(text, place, "LOCATIE"))
    return set(record_keys(record)) & set(text_keys(text, entities, received))


def test_transliterated_given_name_and_surname_meet_with_the_place() -> None:
    text = "Muhammad Karaca-Oeztekin woont in Tiel."
    assert shared(KARACA, text, "Muhammad Karaca-Oeztekin")


def test_one_word_of_a_hyphenated_surname_meets_with_the_place() -> None:
    text = "Mohammed Karaca woont in Tiel."
    assert shared(KARACA, text, "Mohammed Karaca")


def test_surname_first_in_capitals_meets_given_names_of_two_words() -> None:
    assert shared(VUONG, "VUONG, Minh Anh uit Meppel", "VUONG, Minh Anh")
    assert shared(VUONG, "Minh Anh Vuong uit Meppel", "Minh Anh Vuong")


def test_dropped_particle_and_second_surname_still_meet_the_street() -> None:
    text = "Yusra Teixeira woont aan de Kruisweg."
    assert shared(TEIXEIRA, text, "Yusra Teixeira")


def test_an_age_is_a_birth_year_only_when_the_text_is_dated() -> None:
    text = "Mohamed Karaca (31 jaar) uit Tiel"
    assert stated_years(text, [], None) == set()
    assert stated_years(text, [], date(2026, 3, 1)) == {"1994", "1995"}
    assert shared(KARACA, text, "Mohamed Karaca", received=date(2026, 3, 1))


def test_a_given_name_alone_meets_the_exact_address() -> None:
    text = "Elif, Valkstraat 14 in Tiel"
    start = text.index("Valkstraat 14")
    entities = [
        person(text, "Elif"),
        Entity("ADRES", "Valkstraat 14", "Valkstraat 14", start, start + 13),
        person(text, "Tiel", "LOCATIE"),
    ]
    assert set(record_keys(KARACA)) & set(text_keys(text, entities))


def test_a_name_with_another_place_or_year_shares_no_key() -> None:
    assert not shared(KARACA, "Mohammed Karaca woont in Meppel.", "Mohammed Karaca")
    assert not shared(VUONG, "Minh Anh Vuong, geboren in 1979", "Minh Anh Vuong")


def test_name_splits_read_both_orders() -> None:
    surname, given = phonetic_key_of_words(["vuong"]), phonetic_key_of_words(["minh"])
    for written in ("VUONG, Minh Anh", "Minh Anh Vuong"):
        splits = person_name_splits(written)
        assert (surname, given) in splits
        assert (surname, "") not in splits  # "Minh Anh" is there: not a surname alone
    assert (surname, "") in person_name_splits("Vuong")


def test_organisations_store_no_weak_keys() -> None:
    company = DossierRecord(
        dossier_id="R-1", soort="organisatie", naam="Valk B.V.", adres="Valkstraat 1"
    )
    assert record_keys(company) == ()


def _found(text: str, *spans: tuple[str, str]) -> list[Entity]:
    return [
        Entity(label, surface, surface, text.index(surface), text.index(surface) + len(surface))
        for label, surface in spans
    ]


def test_the_town_written_with_an_address_belongs_to_it_and_a_town_elsewhere_does_not() -> None:
    text = "Ons kantoor in Zutphen meldt: Valkstraat 14 in Tiel, en Kanaalweg 3, 4001 AB Meppel."
    entities = _found(
        text, ("LOCATIE", "Zutphen"), ("ADRES", "Valkstraat 14"), ("ADRES", "Kanaalweg 3"),
        ("LOCATIE", "Meppel"),
    )  # fmt: skip
    assert address_towns(text, entities) == {
        ("valkstraat", "14"): {"tiel"},  # "in Tiel" read without a LOCATIE entity
        ("kanaalweg", "3"): {"meppel"},  # across the postcode
    }
    alone = "Valkstraat 14. Ons kantoor in Zutphen meldt dit."
    assert address_towns(alone, _found(alone, ("ADRES", "Valkstraat 14"))) == {}
