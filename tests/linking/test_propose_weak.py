"""propose_links on the evidence tips give instead of numbers: a name with a place, an
age, a street or an address, spelt or ordered another way (issue 16). The register rows
are invented; namesakes differ only in those facts."""

from datetime import date

import pytest

from contract.records import DossierRecord
from linking import propose_links
from linking.propose import score_candidates, sufficient

KARACA_TIEL = DossierRecord(
    dossier_id="D-910001",
    soort="persoon",
    voornamen="Mouhamed Elif",
    achternaam="Karaca",
    geboortedatum=date(1994, 6, 2),
    adres="Valkstraat 14",
    postcode="4001AB",
    woonplaats="Tiel",
)
# A namesake: same given name and surname, another town, street and year.
KARACA_MEPPEL = DossierRecord(
    dossier_id="D-910002",
    soort="persoon",
    voornamen="Mohammed",
    achternaam="Karaca",
    geboortedatum=date(1971, 11, 30),
    adres="Kruisweg 3",
    postcode="7941AA",
    woonplaats="Meppel",
)
VUONG = DossierRecord(
    dossier_id="D-910003",
    soort="persoon",
    voornamen="Minh Anh",
    achternaam="Vuong",
    geboortedatum=date(1988, 1, 9),
    adres="Ruiterweg 8",
    woonplaats="Zutphen",
)
TEIXEIRA = DossierRecord(
    dossier_id="D-910004",
    soort="persoon",
    voornamen="Yusra",
    achternaam="da Silveira Teixeira",
    geboortedatum=date(1990, 4, 4),
    adres="Lijsterbeslaan 21",
    woonplaats="Sneek",
)
NOURA = DossierRecord(
    dossier_id="D-910005",
    soort="persoon",
    voornamen="Noura",
    achternaam="Haddouchi",
    geboortedatum=date(1999, 2, 2),
    adres="Valkstraat 14",  # the Tiel Karaca's housemate
    postcode="4001AB",
    woonplaats="Tiel",
)
RECEIVED = date(2026, 11, 23)


@pytest.fixture
def weak_index(make_index):
    return make_index(KARACA_TIEL, KARACA_MEPPEL, VUONG, TEIXEIRA, NOURA)


def ents(entity, text: str, **labelled: str):
    """Entities for {surface: label} in text (first occurrence each)."""
    return [entity(text, label, surface) for surface, label in labelled.items()]


def ids(links) -> list[str]:
    return [x.dossier_id for x in links]


def test_a_name_town_and_age_pick_the_namesake_who_lives_there(weak_index, entity) -> None:
    text = "Het gaat om Mouhamed Karaca (32 jaar), hij woont in Tiel."
    entities = ents(entity, text, **{"Mouhamed Karaca": "PERSOON", "Tiel": "LOCATIE"})
    links = propose_links(text, entities, weak_index, received=RECEIVED)
    assert ids(links) == ["D-910001"]
    assert {"woonplaats exact", "geboortejaar exact"} <= set(links[0].evidence)


def test_a_transliterated_given_name_and_a_town_find_the_candidate(weak_index, entity) -> None:
    text = "Het gaat om Muhammad Karaca, hij woont in Tiel."
    entities = ents(entity, text, **{"Muhammad Karaca": "PERSOON", "Tiel": "LOCATIE"})
    found = {c.record.dossier_id: c for c in score_candidates(text, entities, weak_index)}
    lines = [n for n, _ in found["D-910001"].evidence]
    assert {"achternaam exact", "voornaam fonetisch", "woonplaats exact"} <= set(lines)
    assert "D-910002" not in found  # the namesake in Meppel shares no key with the text


def test_an_age_tells_namesakes_apart_when_the_text_is_dated(weak_index, entity) -> None:
    text = "Mohamed Karaca, 32 jaar, werkt zwart."
    entities = ents(entity, text, **{"Mohamed Karaca": "PERSOON"})
    assert propose_links(text, entities, weak_index) == []  # undated: the age says nothing
    links = propose_links(text, entities, weak_index, received=RECEIVED)
    assert ids(links) == ["D-910001"]
    assert "geboortejaar exact" in links[0].evidence


def test_a_street_without_number_finds_the_person_there(weak_index, entity) -> None:
    text = "Mohammed Karaca woont aan de Kruisweg."
    links = propose_links(text, ents(entity, text, **{"Mohammed Karaca": "PERSOON"}), weak_index)
    assert ids(links) == ["D-910002"]
    assert "straat exact" in links[0].evidence


def test_surname_first_in_capitals_with_town(weak_index, entity) -> None:
    text = "Betreft: VUONG, Minh Anh (38 jaar) uit Zutphen."
    entities = ents(entity, text, **{"VUONG, Minh Anh": "PERSOON", "Zutphen": "LOCATIE"})
    links = propose_links(text, entities, weak_index, received=RECEIVED)
    assert ids(links) == ["D-910003"]


def test_one_word_of_a_double_surname_with_street(weak_index, entity) -> None:
    text = "Yusra Teixeira woont aan de Lijsterbeslaan in Sneek."
    entities = ents(entity, text, **{"Yusra Teixeira": "PERSOON", "Sneek": "LOCATIE"})
    [link] = propose_links(text, entities, weak_index)
    assert link.dossier_id == "D-910004"
    assert "achternaam deel" in link.evidence


def test_a_given_name_alone_with_the_exact_address(weak_index, entity) -> None:
    text = "Noura, Valkstraat 14 in Tiel, komt daar nooit."
    entities = ents(
        entity, text, **{"Noura": "PERSOON", "Valkstraat 14": "ADRES", "Tiel": "LOCATIE"}
    )
    links = propose_links(text, entities, weak_index)
    assert ids(links) == ["D-910005"]  # her housemate at the same address is not named
    assert {"voornaam los", "adres exact"} <= set(links[0].evidence)


def test_namesakes_the_text_cannot_tell_apart_get_no_confident_pick(weak_index, entity) -> None:
    # Both live in a town called nothing here; the street and town are not stated.
    text = "Mohammed Karaca (geboren in 1994) uit Meppel"
    entities = ents(entity, text, **{"Mohammed Karaca": "PERSOON", "Meppel": "LOCATIE"})
    candidates = {c.record.dossier_id: c for c in score_candidates(text, entities, weak_index)}
    # The year says Tiel's, the town says Meppel's: each has a contradiction.
    assert "geboortejaar exact" in [n for n, _ in candidates["D-910001"].evidence]
    assert "woonplaats anders" in [n for n, _ in candidates["D-910001"].evidence]
    assert "geboortejaar anders" in [n for n, _ in candidates["D-910002"].evidence]
    assert all(x.score < 0.9 for x in propose_links(text, entities, weak_index))


def test_a_name_alone_or_a_town_alone_is_not_sufficient() -> None:
    assert not sufficient(["achternaam exact", "voornaam exact"])
    assert not sufficient(["woonplaats exact", "geboortejaar exact"])
    assert not sufficient(["voornaam los", "straat exact"])
    assert sufficient(["achternaam exact", "voornaam exact", "woonplaats exact"])
    assert sufficient(["voornaam los", "adres exact"])
    assert not sufficient(["achternaam exact", "voornaam anders", "woonplaats exact"])
