"""The phenomena page through HTTP: every role sees the clusters that grew, masked as item
pages are; analysts and medewerkers name a cluster, the name shows on its items' pages;
every view and mark is in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from store.models import AuditEntry
from tests.factories.search import add_analysed
from tests.review.factories import REPORTER, USERS, csrf_of, login

IBAN = "NL91 ABNA 0417 1643 00"
SENDER = f"{REPORTER} <joost.fictief@voorbeeld.example>"


def _user_of(role: str) -> str:
    return next(name for name, r in USERS.items() if r == role)


@pytest.fixture
def clustered(client, seeded, clock):
    """Four items about one bank account over three months, two of them in the last four
    weeks, one reported by a named reporter; three about one address long ago; a loner."""
    client.app.state.clock = clock
    now = clock.now
    account = [
        add_analysed(
            seeded,
            n,
            f"Het loon gaat naar rekening {IBAN} van de bemiddelaar (melding {n}).",
            received=now - timedelta(days=days),
            code="mensenhandel",
            subject=f"Melding van {REPORTER}" if n == 2 else f"Uitbuiting {n}",
            sender=SENDER if n == 2 else None,
        )
        for n, days in ((1, 90), (2, 40), (3, 20), (4, 3))
    ]
    old = [
        add_analysed(
            seeded,
            10 + n,
            f"Op Lindelaan 8 wonen te veel mensen (melding {n}).",
            received=now - timedelta(days=200 + n),
        )
        for n in range(3)
    ]
    add_analysed(seeded, 20, "Een melding zonder gedeelde gegevens.", received=now)
    return {"account": account, "old": old}


def test_the_page_needs_a_login(client):
    assert client.get("/phenomena").status_code == 303


@pytest.mark.parametrize("role", ["medewerker", "beheerder", "analist", "datascientist"])
def test_every_role_sees_the_grown_cluster_masked_as_item_pages(client, clustered, role):
    login(client, _user_of(role))
    page = client.get("/phenomena")
    assert page.status_code == 200
    text = page.text
    first = clustered["account"][0]
    assert f'id="cluster-{first}"' in text
    assert "4 items, 2 nieuw" in text and "NL91ABNA0417164300" in text
    assert "mensenhandel (4)" in text
    for item_id in clustered["account"]:
        assert f'href="/items/{item_id}"' in text
    # The address cluster did not grow: not shown; nor is the item without shared values.
    assert f'id="cluster-{clustered["old"][0]}"' not in text
    assert "<svg" in text and "<title" in text and "<desc" in text
    masked = role in ("analist", "datascientist")
    assert (REPORTER in text) is not masked
    assert ("[melder]" in text) is masked
    assert ('action="/phenomena/mark"' in text) is (role != "datascientist")


def test_a_longer_period_shows_the_older_cluster(client, clustered, clock):
    login(client, "dirk")
    day = (clock.now - timedelta(days=190)).date().isoformat()
    page = client.get("/phenomena", params={"until": day, "weeks": "4"})
    assert f'id="cluster-{clustered["old"][0]}"' in page.text
    assert f'id="cluster-{clustered["account"][0]}"' not in page.text


def test_marking_names_the_items_and_is_audited(client, seeded, clustered, clock):
    token = login(client, "dirk")
    page = client.get("/phenomena")
    form = {
        "csrf_token": csrf_of(page.text),
        "anchor": str(clustered["account"][0]),
        "name": "Loon naar één rekening",
        "until": clock.today.isoformat(),
        "weeks": "4",
    }
    assert token
    done = client.post("/phenomena/mark", data=form)
    assert done.status_code == 303 and "msg=gemarkeerd" in done.headers["location"]
    for item_id in clustered["account"]:
        item_page = client.get(f"/items/{item_id}").text
        assert "Hoort bij fenomeen" in item_page and "Loon naar één rekening" in item_page
    assert "Hoort bij" not in client.get(f"/items/{clustered['old'][0]}").text
    listing = client.get("/phenomena").text
    assert "fenomeen: Loon naar één rekening" in listing
    # The cluster grows; marking again with the name in another case adds the new item.
    added = add_analysed(
        seeded, 30, f"Weer loon naar {IBAN}.", received=clock.now - timedelta(hours=1)
    )
    page = client.get("/phenomena").text
    assert "1 items van dit cluster horen nog bij geen fenomeen" in page
    form = {**form, "csrf_token": csrf_of(page), "name": "loon naar één REKENING"}
    assert client.post("/phenomena/mark", data=form).status_code == 303
    assert "Loon naar één rekening" in client.get(f"/items/{added}").text
    with seeded.sessions() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("phenomen%")).order_by(AuditEntry.id)
        ).all()
    marks = [e for e in entries if e.action == "phenomenon.marked"]
    assert [e.detail["added"] for e in marks] == [clustered["account"], [added]]
    assert all(e.actor == "dirk" for e in entries)
    assert len([e for e in entries if e.action == "phenomena.viewed"]) == 3
    assert "IBAN:NL91ABNA0417164300" in marks[0].detail["shared"]


def test_removing_a_phenomenon_takes_the_name_off_its_items(client, seeded, clustered, clock):
    login(client, "anna")
    page = client.get("/phenomena").text
    form = {
        "csrf_token": csrf_of(page),
        "anchor": str(clustered["account"][1]),  # any item of the cluster names it
        "name": "Rekeningfenomeen",
        "until": clock.today.isoformat(),
        "weeks": "4",
    }
    assert client.post("/phenomena/mark", data=form).status_code == 303
    page = client.get("/phenomena").text
    found = page.split('action="/phenomena/')[-1].split("/remove")[0]
    assert found.isdigit()
    gone = client.post(f"/phenomena/{found}/remove", data={"csrf_token": csrf_of(page)})
    assert gone.status_code == 303
    assert "Hoort bij" not in client.get(f"/items/{clustered['account'][0]}").text
    with seeded.sessions() as session:
        removed = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "phenomenon.removed")
        ).one()
    assert removed.actor == "anna" and removed.detail["name"] == "Rekeningfenomeen"


def test_a_datascientist_may_not_mark_and_a_form_needs_its_token(client, clustered, clock):
    login(client, "eva")
    page = client.get("/phenomena").text
    form = {
        "csrf_token": csrf_of(page),
        "anchor": str(clustered["account"][0]),
        "name": "Niet toegestaan",
        "until": clock.today.isoformat(),
        "weeks": "4",
    }
    assert client.post("/phenomena/mark", data=form).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_of(page)})
    login(client, "anna")
    refused = client.post("/phenomena/mark", data={**form, "csrf_token": "fout"})
    assert refused.status_code in (400, 403)
    page = client.get("/phenomena").text
    ok = {**form, "csrf_token": csrf_of(page)}
    assert client.post("/phenomena/mark", data={**ok, "name": "  "}).status_code == 400
    assert client.post("/phenomena/mark", data={**ok, "anchor": "999999"}).status_code == 409
    assert client.post("/phenomena/mark", data={**ok, "until": "gisteren"}).status_code == 400
