"""linking.link_bands: the proposals and, from the same candidates, the possible links
below them that reviewers judge as pairs."""

from __future__ import annotations

from datetime import date

from linking import MIN_SCORE, POSSIBLE_SCORE, link_bands, propose_links
from tests.factories.namesakes import (
    ELSEWHERE,
    LINK_ENTITIES,
    LINK_REGISTER,
    LINK_TEXT,
    POSSIBLE,
    PROPOSED,
)

RECEIVED = date(2026, 11, 16)


def _entities(entity):  # type: ignore[no-untyped-def]
    return [entity(LINK_TEXT, label, surface) for label, surface in LINK_ENTITIES]


def test_a_namesake_in_another_town_is_possible_not_proposed(make_index, entity) -> None:
    index = make_index(*LINK_REGISTER)
    proposed, possible = link_bands(LINK_TEXT, _entities(entity), index, received=RECEIVED)
    assert [link.dossier_id for link in proposed] == [PROPOSED]
    assert proposed[0].score >= 0.9, "address and town outweigh an age that does not fit"
    assert "geboortejaar anders" in proposed[0].evidence
    assert [link.dossier_id for link in possible] == [POSSIBLE]
    assert POSSIBLE_SCORE <= possible[0].score < MIN_SCORE
    assert "woonplaats anders" in possible[0].evidence
    # the proposals are exactly what propose_links gives
    assert propose_links(LINK_TEXT, _entities(entity), index, received=RECEIVED) == proposed


def test_links_under_the_possible_band_and_beyond_its_limit_are_left_out(
    make_index, entity
) -> None:
    index = make_index(*LINK_REGISTER)
    text_entities = _entities(entity)
    _, none = link_bands(LINK_TEXT, text_entities, index, received=RECEIVED, possible_score=0.5)
    assert none == []
    _, capped = link_bands(LINK_TEXT, text_entities, index, received=RECEIVED, possible_limit=0)
    assert capped == []
    # with room for one proposal only, a second confident link would be possible instead
    proposed, possible = link_bands(
        LINK_TEXT, text_entities, index, received=RECEIVED, min_score=0.3, limit=1
    )
    assert [link.dossier_id for link in proposed] == [PROPOSED]
    assert [link.dossier_id for link in possible] == [POSSIBLE]


def test_a_rejected_dossier_is_neither_proposed_nor_possible_and_the_other_keeps_its_score(
    make_index, entity
) -> None:
    index = make_index(*LINK_REGISTER)
    text_entities = _entities(entity)
    proposed, possible = link_bands(LINK_TEXT, text_entities, index, received=RECEIVED)
    before = {link.dossier_id: link.score for link in proposed + possible}
    for rejected in before:
        again = link_bands(LINK_TEXT, text_entities, index, received=RECEIVED, rejected={rejected})
        left = {link.dossier_id: link.score for band in again for link in band}
        assert left == {d: s for d, s in before.items() if d != rejected}


def test_a_namesake_at_the_same_street_and_number_in_another_town_is_never_a_confident_link(
    make_index, entity
) -> None:
    # The age fits and the street and number are the text's, but the text writes
    # another town with the address: another address (it scored 0.99 before "adres anders").
    alone, possible = link_bands(
        LINK_TEXT, _entities(entity), make_index(ELSEWHERE), received=RECEIVED
    )
    assert alone == []
    assert [link.dossier_id for link in possible] == [ELSEWHERE.dossier_id]
    assert {"adres anders", "woonplaats anders", "geboortejaar exact"} <= set(possible[0].evidence)
    assert "adres exact" not in possible[0].evidence
    # beside the row at that address in that town it is not even possible
    proposed, possible = link_bands(
        LINK_TEXT, _entities(entity), make_index(LINK_REGISTER[0], ELSEWHERE), received=RECEIVED
    )
    assert [link.dossier_id for link in proposed] == [PROPOSED] and possible == []
