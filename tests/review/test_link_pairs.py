"""The item page's dossier pairs: the text beside each proposed register row, each field
marked in words, and "Koppelen" / "Afwijzen" as plain forms, remembered and audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from review.link_pairs import CONFLICT, MATCH, PARTIAL, UNCOMPARED, compare, mark_of
from store.link_verdicts import labelled_links
from store.models import AuditEntry, Item
from tests.factories.namesakes import LINK_REGISTER
from tests.review.factories import login, seed_link_item


def _rows(page: str, dossier_id: str) -> dict[str, tuple[str, str, str]]:
    """The comparison of `dossier_id` on the page: field -> (text, register, mark)."""
    table = page.split(f"Register ({dossier_id})", 1)[1].split("</table>", 1)[0]
    found = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td>([^<]*)</td><td>([^<]*)</td>\s*'
        r'<td><span class="mark [a-z]+">([^<]+)</span>',
        table,
    )
    return {title: (text, register, mark) for title, text, register, mark in found}


def test_each_proposed_dossier_is_compared_field_by_field_with_marks_in_words(client, seeded):
    item = seed_link_item(seeded, n=1)
    login(client, "anna")
    page = client.get(f"/items/{item}").text
    proposed = _rows(page, "D-000101")  # address and town fit, the age does not
    assert "Voorstel: dossier D-000101" in page and "kans 0.96" in page
    assert proposed["Naam"] == ("Kees Verzonnen", "Kees Verzonnen", "✓ komt overeen")
    assert proposed["Geboortedatum"] == ("geboren in 1990 of 1991", "1984-05-06", "✗ strijdig")
    assert proposed["Woonplaats"] == ("Voorbeelddorp", "Voorbeelddorp", "✓ komt overeen")
    assert proposed["V-nummer"] == ("–", "1234567890", "– niet vergeleken")
    possible = _rows(page, "D-000202")  # the street fits, the town does not
    assert "Mogelijk: dossier D-000202" in page and "kans 0.29" in page
    assert possible["Adres"] == ("Kerkpad 4", "Kerkpad 12", "≈ komt deels overeen")
    assert possible["Woonplaats"] == ("Voorbeelddorp", "Elders", "✗ strijdig")
    assert "Fictiefs" not in page  # nationality is never evidence, so never shown
    assert f'action="/items/{item}/links/D-000101"' in page
    assert f'action="/items/{item}/links/D-000202"' in page
    assert 'value="accept"' in page and 'value="reject"' in page
    with seeded.sessions() as session:
        shown = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "dossier.viewed")
        ).all()
    assert sorted(e.detail["dossier_id"] for e in shown) == ["D-000101", "D-000202"]
    assert {e.item_id for e in shown} == {item}


def test_roles_that_do_not_decide_links_see_no_register_rows(client, seeded):
    item = seed_link_item(seeded, n=1)
    for user in ("dirk", "eva"):  # analist, datascientist
        login(client, user)
        page = client.get(f"/items/{item}").text
        assert "Dossiers per paar" not in page and "/links/" not in page
        assert "1984-05-06" not in page and "Elders" not in page and "D-000202" not in page
    token = login(client, "dirk")
    refused = client.post(
        f"/items/{item}/links/D-000101", data={"csrf_token": token, "verdict": "accept"}
    )
    assert refused.status_code == 403
    assert labelled_links(seeded.sessions) == []


def test_judged_pairs_are_remembered_audited_and_preset_in_the_confirm_form(client, seeded, clock):
    client.app.state.clock = clock
    item = seed_link_item(seeded, n=1)
    token = login(client, "anna")
    response = client.post(
        f"/items/{item}/links/D-000101", data={"csrf_token": token, "verdict": "reject"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/items/{item}?link=reject#dossierparen"
    page = client.get(response.headers["location"]).text
    assert "Koppeling afgewezen" in page
    assert f"afgewezen</strong>\n    door anna op {clock.now:%Y-%m-%d %H:%M} UTC" in page
    assert re.search(r'name="link:D-000101" value="reject"\s+checked', page)
    assert 'name="link:D-000101" value="choose" data-suggested' not in page
    # the open pair left is the possible one
    assert page.index(f'action="/items/{item}/links/D-000202"') < page.index("Beoordeeld")
    clock.move(minutes=1)
    client.post(f"/items/{item}/links/D-000202", data={"csrf_token": token, "verdict": "accept"})
    page = client.get(f"/items/{item}").text
    assert 'name="extra_dossier" value="D-000202"' in page  # not a proposal: typed in for you
    labelled = labelled_links(seeded.sessions)
    assert [(x.item_id, x.dossier_id, x.accepted) for x in labelled] == [
        (item, "D-000101", False),
        (item, "D-000202", True),
    ]
    assert "geboortejaar anders" in labelled[0].evidence and labelled[1].score == 0.29
    with seeded.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "link.reject")).one()
    assert (entry.actor, entry.item_id, entry.detail["dossier_id"]) == ("anna", item, "D-000101")
    assert "Verzonnen" not in str(entry.detail)


def test_verdicts_on_links_that_were_never_proposed_or_without_a_token_are_refused(client, seeded):
    item = seed_link_item(seeded, n=1)
    token = login(client, "anna")
    never = client.post(
        f"/items/{item}/links/D-999999", data={"csrf_token": token, "verdict": "accept"}
    )
    assert never.status_code == 409
    unknown = client.post(
        f"/items/{item}/links/D-000101", data={"csrf_token": token, "verdict": "misschien"}
    )
    assert unknown.status_code == 400
    forged = client.post(f"/items/{item}/links/D-000101", data={"verdict": "accept"})
    assert forged.status_code in (400, 403)
    assert labelled_links(seeded.sessions) == []


def test_marks_follow_the_evidence_and_a_conflict_outweighs_a_match():
    assert mark_of("achternaam exact") == MATCH
    assert mark_of("achternaam fuzzy 0.92") == PARTIAL
    assert mark_of("geboortejaar exact") == PARTIAL
    assert mark_of("BSN anders") == CONFLICT
    lines = compare(LINK_REGISTER[0], ("achternaam exact", "voornaam anders"), {})
    assert {line.title: line.mark for line in lines}["Naam"] == CONFLICT
    assert {line.title: line.mark for line in lines}["Adres"] == UNCOMPARED


def test_a_pair_judged_before_a_new_analysis_stays_with_the_evidence_it_was_judged_on(
    client, seeded
):
    item = seed_link_item(seeded, n=1)
    token = login(client, "anna")
    client.post(f"/items/{item}/links/D-000202", data={"csrf_token": token, "verdict": "reject"})
    with seeded.sessions() as session, session.begin():  # the worker analysed it again
        suggestion = session.get(Item, item).suggestions[-1]
        suggestion.dossier_links, suggestion.possible_links = [], []
    page = client.get(f"/items/{item}").text
    assert "Voorstel:" not in page and "Mogelijk:" not in page
    judged = _rows(page, "D-000202")
    assert judged["Woonplaats"] == ("Voorbeelddorp", "Elders", "✗ strijdig")
    assert "Toch koppelen" in page
