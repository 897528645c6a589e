"""The search page through HTTP: every role searches, the reporter stays masked for
analist and datascientist, and every search is in the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from store.models import AuditEntry
from tests.factories.search import add_analysed
from tests.review.factories import REPORTER, USERS, login, seed_reported_item

MASKED_ROLES = ("analist", "datascientist")


def _user_of(role: str) -> str:
    return next(name for name, r in USERS.items() if r == role)


@pytest.fixture
def indexed(seeded):
    first = add_analysed(
        seeded,
        1,
        "Kees Verzonnen (V-nummer 1234567890) huurt kamers uit op de Laan van Fictie 8, "
        "te bereiken op 06-22223333.",
        persons=("Kees Verzonnen",),
        received=datetime(2026, 10, 1, 9, tzinfo=UTC),
    )
    reported = seed_reported_item(seeded, n=2)
    return {"first": first, "reported": reported}


def test_search_needs_a_login(client):
    assert client.get("/search?q=kamers").status_code == 303


@pytest.mark.parametrize("role", ["medewerker", "beheerder", "analist", "datascientist"])
def test_every_role_finds_an_item_by_phone_in_another_notation(client, indexed, role):
    login(client, _user_of(role))
    page = client.get("/search", params={"q": "+31 6 2222 3333"})
    assert page.status_code == 200
    assert f'href="/items/{indexed["first"]}"' in page.text
    assert "telefoon" in page.text and "1 gevonden" in page.text


@pytest.mark.parametrize("role", MASKED_ROLES)
def test_roles_without_reporter_access_see_results_masked(client, indexed, role):
    login(client, _user_of(role))
    page = client.get("/search", params={"q": "Verzonnen"})
    assert f'href="/items/{indexed["reported"]}"' in page.text
    assert "Fictief" not in page.text and "0000 1111" not in page.text
    hidden = client.get("/search", params={"q": REPORTER})
    assert "0 gevonden" in hidden.text


@pytest.mark.parametrize("role", ["medewerker", "beheerder"])
def test_reviewers_see_and_find_the_reporter(client, indexed, role):
    login(client, _user_of(role))
    page = client.get("/search", params={"q": REPORTER})
    assert f'href="/items/{indexed["reported"]}"' in page.text
    assert "Fictief" in page.text


def test_filters_and_paging_come_from_the_query_string(client, seeded):
    for n in range(1, 24):
        add_analysed(seeded, n, f"Melding {n} over kamerverhuur aan arbeidsmigranten.")
    login(client, "anna")
    first = client.get("/search", params={"q": "kamerverhuur"})
    assert "23 gevonden" in first.text and "pagina 1 van 2" in first.text
    second = client.get("/search", params={"q": "kamerverhuur", "page": "2"})
    assert second.text.count('<tr>\n  <td><a href="/items/') == 3
    none = client.get("/search", params={"q": "kamerverhuur", "source": "scan"})
    assert "0 gevonden" in none.text
    bad = client.get("/search", params={"q": "kamerverhuur", "since": "gisteren"})
    assert "23 gevonden" in bad.text  # an unreadable date is no filter, not an error


def test_every_search_on_the_page_is_audited(client, indexed):
    login(client, "dirk")
    client.get("/search", params={"q": "1234567890", "type": "verblijfsfraude"})
    client.get("/search")  # the empty form searches nothing and logs nothing
    with client.app.state.store.sessions() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "search")).all()
    assert [(e.actor, e.detail["query"], e.detail["filters"]) for e in entries] == [
        ("dirk", "1234567890", {"signal_type": "verblijfsfraude"})
    ]
    assert entries[0].detail["shown"] == [indexed["first"]]
