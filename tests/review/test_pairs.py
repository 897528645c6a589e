"""The item page's pair view: an earlier item's summary beside this one, the shared
evidence, and "Zelfde zaak" / "Andere zaak" as plain forms (no script needed)."""

from __future__ import annotations

from sqlalchemy import select

from store.models import AuditEntry
from tests.review.factories import REPORTER, login, seed_item, seed_pair


def test_a_proposal_shows_both_items_side_by_side_with_the_shared_evidence(client, seeded):
    earlier, later = seed_pair(seeded)
    login(client, "anna")
    page = client.get(f"/items/{later}").text
    assert f'action="/items/{later}/pairs/{earlier}"' in page
    assert 'value="same"' in page and 'value="different"' in page
    assert "Zelfde zaak" in page and "Andere zaak" in page
    assert "V_NUMMER 1234567890" in page and "kans 0.97" in page
    assert "Mijn buurman Kees Verzonnen" in page  # the earlier item's excerpt
    assert "schijnhuwelijk" in page and "verblijfsfraude" in page  # the types of each
    assert "2026-11-16 09:30" in page and "2026-11-19 09:30" in page
    with seeded.sessions() as session:
        shown = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "item.viewed", AuditEntry.item_id == earlier
            )
        ).all()
    assert [e.detail for e in shown] == [{"summary_on": later}]


def test_analist_sees_the_earlier_reporter_masked_and_no_buttons(client, seeded):
    _, later = seed_pair(seeded)
    login(client, "dirk")
    page = client.get(f"/items/{later}").text
    assert "Mijn buurman Kees Verzonnen" in page
    assert REPORTER not in page and "[melder]" in page  # in the excerpt and the evidence
    assert "/pairs/" not in page


def test_same_case_links_both_items_and_is_audited(client, seeded, clock):
    client.app.state.clock = clock
    earlier, later = seed_pair(seeded)
    token = login(client, "anna")
    response = client.post(
        f"/items/{later}/pairs/{earlier}", data={"csrf_token": token, "verdict": "same"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/items/{later}?pair=same#dezelfde-zaak"
    page = client.get(response.headers["location"]).text
    assert "Gekoppeld" in page and f'Zelfde zaak als <a href="/items/{earlier}">' in page
    assert 'value="same"' not in page  # no longer proposed
    other = client.get(f"/items/{earlier}").text
    assert f'Zelfde zaak als <a href="/items/{later}">' in other
    assert f"bevestigd door anna op {clock.now:%Y-%m-%d %H:%M} UTC" in other
    with seeded.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "pair.same")).one()
    assert (entry.actor, entry.item_id, entry.detail["other_item_id"]) == ("anna", later, earlier)


def test_another_case_is_remembered_and_no_longer_proposed(client, seeded):
    earlier, later = seed_pair(seeded)
    token = login(client, "carla")
    url = f"/items/{later}/pairs/{earlier}"
    assert client.post(url, data={"csrf_token": token, "verdict": "different"}).status_code == 303
    page = client.get(f"/items/{later}?pair=different").text
    assert "niet meer voorgesteld" in page and f"/pairs/{earlier}" not in page
    assert "Geen eerdere meldingen" in page
    with seeded.sessions() as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "pair.different" in actions


def test_only_reviewers_judge_and_only_proposed_pairs(client, seeded):
    earlier, later = seed_pair(seeded)
    third = seed_item(seeded, n=3)
    token = login(client, "dirk")
    url = f"/items/{later}/pairs/{earlier}"
    assert client.post(url, data={"csrf_token": token, "verdict": "same"}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "anna")
    not_proposed = f"/items/{later}/pairs/{third}"
    assert (
        client.post(not_proposed, data={"csrf_token": token, "verdict": "same"}).status_code == 409
    )
    assert client.post(url, data={"csrf_token": token, "verdict": "maybe"}).status_code == 400
    missing = f"/items/999/pairs/{earlier}"
    assert client.post(missing, data={"csrf_token": token, "verdict": "same"}).status_code == 404
    with seeded.sessions() as session:
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action.like("pair.%"))).all()


def test_figures_count_a_confirmed_repeat_once(client, seeded):
    earlier, later = seed_pair(seeded)
    token = login(client, "carla")
    before = client.get("/figures.csv").text.splitlines()
    client.post(f"/items/{later}/pairs/{earlier}", data={"csrf_token": token, "verdict": "same"})
    rows = client.get("/figures.csv").text.splitlines()
    assert "confirmed_duplicates,,pairs,1" in rows
    assert "confirmed_duplicates,,repeats_not_in_intake_by_type,1" in rows
    week = "2026-W47"
    assert f"intake_by_type,{week},verblijfsfraude,1" in before
    assert not any(r.startswith(f"intake_by_type,{week},verblijfsfraude,") for r in rows)
    assert f"intake_by_type,{week},schijnhuwelijk,1" in rows  # the first report
    assert f"intake_by_source,{week},email,2" in rows  # both did arrive
    assert "1</span> herhaalde meldingen" in client.get("/figures").text
