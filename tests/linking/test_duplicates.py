"""Duplicate signals: one case reported twice is proposed as related, with evidence."""

from datetime import datetime

from contract.records import ItemEntities
from linking.duplicates import (
    HAND_SET,
    IDENTIFIERS,
    MIN_SCORE,
    WEIGHTS,
    find_related,
    load_model,
    score_evidence,
)

MUNICIPALITY = ItemEntities(
    1,
    datetime(2026, 3, 1),
    (
        ("PERSOON", "Mohammed El Amrani"),
        ("GEBOORTEDATUM", "1990-03-12"),
        ("PERSOON", "Fatima Bouzid"),
        ("ADRES", "Kerkstraat 12"),
        ("POSTCODE", "1234AB"),
    ),
)


def test_couple_reported_by_a_neighbour_with_other_spellings_is_related() -> None:
    neighbour = [("PERSOON", "Muhammad Elamrani"), ("PERSOON", "Fatma Bouzid")]
    [related] = find_related(neighbour, [MUNICIPALITY])
    assert related.item_id == 1
    assert related.evidence == ("persoon", "tweede persoon")


def test_same_person_at_the_same_address_is_related_with_both_lines_of_evidence() -> None:
    new = [("PERSOON", "El Amrani Mohamed"), ("ADRES", "Kerkstr. 12"), ("POSTCODE", "1234AB")]
    [related] = find_related(new, [MUNICIPALITY])
    assert set(related.evidence) == {"persoon", "adres"}
    assert related.score > 0.7


def test_namesake_elsewhere_is_not_related() -> None:
    new = [("PERSOON", "Mohammed El Amrani"), ("ADRES", "Dorpsstraat 3"), ("POSTCODE", "9999ZZ")]
    assert find_related(new, [MUNICIPALITY]) == []


def test_shared_v_nummer_alone_is_related() -> None:
    old = ItemEntities(2, datetime(2026, 3, 1), (("V_NUMMER", "1234567890"),))
    [related] = find_related([("V_NUMMER", "1234567890")], [old])
    assert related.evidence == ("V_NUMMER 1234567890",)


def test_served_weights_come_from_the_model_file() -> None:
    weights, min_score = load_model()
    assert (weights, min_score) == (WEIGHTS, MIN_SCORE)
    assert set(WEIGHTS) == set(HAND_SET)
    # One shared identifier is strong evidence whatever the generator draws: floors.
    assert all(WEIGHTS[k] >= HAND_SET[k] for k in IDENTIFIERS)
    # A surname alone is a namesake; with the address it is the household.
    assert score_evidence(["persoon"]) < MIN_SCORE <= score_evidence(["persoon", "adres (straat)"])
