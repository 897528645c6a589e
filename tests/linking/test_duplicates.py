"""Duplicate signals: one case reported twice is proposed as related, with evidence."""

from datetime import datetime

from contract.records import ItemEntities
from linking.duplicates import (
    HAND_SET,
    IDENTIFIERS,
    MIN_SCORE,
    SCORER,
    evidence_between,
    find_related,
    keys_of,
    load_model,
    probability,
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


def test_served_scorer_comes_from_the_model_file() -> None:
    assert load_model() == (SCORER, MIN_SCORE)
    # One shared identifier is strong evidence; a rare surname alone is a namesake.
    assert all(probability([(f"{k} x", 1.0)]) >= HAND_SET[k] - 0.01 for k in IDENTIFIERS)
    assert probability([("persoon (voorletter)", 1.0)]) < MIN_SCORE


def _tip(item_id: int, *entities: tuple[str, str]) -> ItemEntities:
    return ItemEntities(item_id, datetime(2026, 3, item_id % 28 + 1), entities)


def test_an_authority_named_by_every_tip_makes_no_pair() -> None:
    past = [_tip(n, ("ORGANISATIE", "Gemeente Rotterdam")) for n in range(1, 30)]
    assert find_related([("ORGANISATIE", "Gemeente Rotterdam")], past) == []


def test_a_rare_organisation_alone_makes_no_pair_but_helps_a_person() -> None:
    firm = ("ORGANISATIE", "Tulp Schoonmaak B.V.")
    assert find_related([firm], [_tip(1, firm)]) == []
    person = ("PERSOON", "Joanna Wisniewska")
    [related] = find_related([firm, ("PERSOON", "J. Wisniewska")], [_tip(1, firm, person)])
    assert related.evidence == ("persoon (voorletter)", "organisatie")


def test_a_surname_initial_and_street_shared_by_many_items_make_no_pair() -> None:
    """The same evidence, once on values only the two items share, once on values 20
    other stored items share too (a common surname in a common street)."""
    new = [("PERSOON", "P. de Vries"), ("ADRES", "Kerkstraat 1")]
    earlier = _tip(1, ("PERSOON", "Piet de Vries"), ("ADRES", "Kerkstraat 1"))
    crowd = [
        _tip(n, ("PERSOON", "Pieter de Vries"), ("ADRES", "Kerkstraat 1")) for n in range(2, 22)
    ]
    [alone] = find_related(new, [earlier])
    assert alone.item_id == 1 and alone.score > 0.9
    assert find_related(new, [earlier, *crowd]) == []


def test_two_names_with_the_same_first_name_and_surname_initial_are_not_one_person() -> None:
    """Read swapped, "Karim Ouali" and "Kareem Osei" would be surname Karim, initial O."""
    new = keys_of([("PERSOON", "Karim Ouali"), ("ADRES", "Kerkstraat 1")])
    old = keys_of([("PERSOON", "Kareem Osei"), ("ADRES", "Kerkstraat 1")])
    assert evidence_between(new, old) == ["adres (straat)"]
    same = keys_of([("PERSOON", "Ouali Kareem")])
    assert evidence_between(same, keys_of([("PERSOON", "Karim Ouali")])) == ["persoon"]


def test_initials_are_compared_as_written_not_by_sound() -> None:
    """The phonetic key makes every vowel alike: Ali and Ibrahim do not share an initial."""
    old = _tip(1, ("PERSOON", "Ibrahim Bakker"), ("ADRES", "Kerkstraat 1"))
    new = [("PERSOON", "A. Bakker"), ("ADRES", "Kerkstraat 1")]
    assert all("persoon (voorletter)" not in r.evidence for r in find_related(new, [old]))
    same = [("PERSOON", "I. Bakker"), ("ADRES", "Kerkstraat 1")]
    [related] = find_related(same, [old])
    assert related.evidence == ("persoon (voorletter)", "adres (straat)")


def test_a_third_report_with_the_same_v_nummer_is_related_to_both_earlier_ones() -> None:
    number = ("V_NUMMER", "1234567890")
    related = find_related([number], [_tip(1, number), _tip(2, number)])
    assert [r.item_id for r in related] == [1, 2]


def test_an_office_e_mail_address_on_many_items_makes_no_pair() -> None:
    office = ("EMAIL", "formulier@dienst.example.nl")
    assert find_related([office], [_tip(n, office) for n in range(1, 20)]) == []


def test_one_person_named_twice_is_one_person_not_a_second() -> None:
    """ "G. Verzonnen" and later "Gerrit Verzonnen" in one letter are one man: sharing him
    with another item is one line of evidence, and a person alone makes no pair."""
    new = keys_of([("PERSOON", "G. Verzonnen"), ("PERSOON", "Gerrit Verzonnen")])
    old = keys_of([("PERSOON", "Gerrit Verzonnen"), ("PERSOON", "VERZONNEN, Gerrit")])
    assert evidence_between(new, old) == ["persoon"]
    couple = keys_of([("PERSOON", "Gerrit Verzonnen"), ("PERSOON", "Anna Verzonnen")])
    assert evidence_between(
        couple, keys_of([("PERSOON", "G. Verzonnen"), ("PERSOON", "A. Verzonnen")])
    ) == [
        "persoon (voorletter)",
        "tweede persoon",
    ]


def test_the_surname_is_read_where_the_writing_says_it_is() -> None:
    """Before a comma or in capitals, the surname is not guessed from the order."""
    capitals = keys_of([("PERSOON", "Jan Willem BEDACHT")])
    assert evidence_between(keys_of([("PERSOON", "VERZONNEN, Jan Willem")]), capitals) == []
    assert evidence_between(keys_of([("PERSOON", "Bedacht, Jan Willem")]), capitals) == ["persoon"]
    # a surname alone (it starts with a particle) is no first name and surname
    assert (
        evidence_between(keys_of([("PERSOON", "EL BEDACHT")]), keys_of([("PERSOON", "El Bedacht")]))
        == []
    )
    assert evidence_between(
        keys_of([("PERSOON", "El Bedacht Samir")]), keys_of([("PERSOON", "Samir El Bedacht")])
    ) == ["persoon"]


def test_an_initial_is_no_surname_and_is_not_matched_against_a_name_read_swapped() -> None:
    """Read swapped, "Joost Verzonnen" would be surname Joost with initial V."""
    assert (
        evidence_between(
            keys_of([("PERSOON", "V. Joost")]), keys_of([("PERSOON", "Joost Verzonnen")])
        )
        == []
    )
    assert evidence_between(
        keys_of([("PERSOON", "J. Verzonnen")]), keys_of([("PERSOON", "Joost Verzonnen")])
    ) == ["persoon (voorletter)"]


def test_a_number_written_beside_two_different_people_is_no_evidence() -> None:
    """The same BSN after "Piet Verzonnen" in one letter and "Klaas Bedacht" in another is
    a typo or a borrowed number; after "P. Verzonnen", or with no name, it is his."""
    number = ("BSN", "111222333")
    piet = _tip(1, ("PERSOON", "Piet Verzonnen"), number)
    assert find_related([("PERSOON", "Klaas Bedacht"), number], [piet]) == []
    [again] = find_related([("PERSOON", "P. Verzonnen"), number], [piet])
    assert again.evidence == ("BSN 111222333", "persoon (voorletter)")
    [bare] = find_related([number], [piet])
    assert bare.evidence == ("BSN 111222333",)
    # half a name (the recogniser split "El Verzonnen, Piet") says nothing about whose it is
    split = _tip(2, ("PERSOON", "El Verzonnen"), ("PERSOON", "Piet"), number)
    [related] = find_related([("PERSOON", "Klaas Bedacht"), number], [split])
    assert related.evidence == ("BSN 111222333",)
