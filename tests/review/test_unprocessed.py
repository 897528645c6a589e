"""The "Niet verwerkt" page over HTTP: listed with reasons, retried, registered by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.items import quarantine
from store.models import AuditEntry, Item
from tests.review.factories import USERS, login
from tests.store.factories import unprocessed_items


def test_a_medewerker_sees_every_unprocessed_item_and_mail_with_its_reason(client, seeded):
    failed, quarantined = unprocessed_items(seeded)
    quarantine(
        seeded.sessions,
        seeded.blobs,
        b"",
        source="email",
        source_ref="INBOX/4",
        reason="empty message",
    )
    login(client, "anna")
    page = client.get("/niet-verwerkt")
    assert page.status_code == 200
    for text in (
        f'href="/items/{failed}"',
        f'href="/items/{quarantined}"',
        "MemoryError: spaCy",
        "pdf is damaged or not a pdf",
        "INBOX/4",
        "empty message",
    ):
        assert text in page.text
    assert 'href="/niet-verwerkt"' in client.get("/").text, "in the menu"


@pytest.mark.parametrize("role_user", ["dirk", "eva"])
def test_roles_without_the_queue_get_no_niet_verwerkt_page(client, seeded, role_user):
    login(client, role_user)
    assert client.get("/niet-verwerkt").status_code == 403


def test_the_figures_page_counts_what_is_not_processed(client, seeded):
    unprocessed_items(seeded)
    quarantine(
        seeded.sessions,
        seeded.blobs,
        b"x",
        source="email",
        source_ref="INBOX/5",
        reason="not a mail",
    )
    login(client, "dirk")
    page = client.get("/figures").text
    assert "3</span> niet verwerkt (1 mislukt, 1 in quarantaine, 1 mail niet opgeslagen)" in page
    assert "unprocessed,failed,,1" in client.get("/figures.csv").text


def test_retry_puts_the_item_back_in_the_work_queue_and_off_the_page(client, seeded):
    failed, _ = unprocessed_items(seeded)
    token = login(client, "anna")
    response = client.post(f"/niet-verwerkt/items/{failed}/retry", data={"csrf_token": token})
    assert (response.status_code, response.headers["location"]) == (
        303,
        "/niet-verwerkt?done=retried",
    )
    page = client.get("/niet-verwerkt?done=retried").text
    assert "weer in de verwerkingsrij" in page and f'href="/items/{failed}"' not in page
    assert (
        client.post(f"/niet-verwerkt/items/{failed}/retry", data={"csrf_token": token}).status_code
        == 409
    )
    with seeded.sessions() as session:
        assert session.get(Item, failed).status == "queued"
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == "item.retried"))
        assert entry.actor == "anna"


def test_the_done_message_is_never_text_from_the_address_bar(client, seeded):
    login(client, "anna")
    page = client.get("/niet-verwerkt?done=<b>bel 0612345678</b>").text
    assert "bel 0612345678" not in page


def test_registering_by_hand_opens_the_new_item_and_replaces_the_old(client, seeded):
    _, quarantined = unprocessed_items(seeded)
    token = login(client, "bram")
    response = client.post(
        f"/niet-verwerkt/items/{quarantined}/register",
        data={"csrf_token": token, "text": "Op Veldweg 2 in Ede wonen acht mensen."},
    )
    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert "Op Veldweg 2 in Ede" in client.get(f"/items/{new_id}").text
    assert client.get(f"/items/{quarantined}").status_code == 200
    with seeded.sessions() as session:
        assert session.get(Item, quarantined).status == "replaced"
    again = client.post(
        f"/niet-verwerkt/items/{quarantined}/register", data={"csrf_token": token, "text": "x"}
    )
    assert again.status_code == 422, "replaced already"


def test_an_unstored_mail_is_taken_in_as_an_item(client, seeded):
    quarantine(
        seeded.sessions,
        seeded.blobs,
        b"Subject: x\r\n\r\nTekst\r\n",
        source="email",
        source_ref="INBOX/6",
        reason="empty message",
    )
    token = login(client, "anna")
    page = client.get("/niet-verwerkt").text
    quarantine_id = int(page.split("/niet-verwerkt/mails/")[1].split("/")[0])
    response = client.post(
        f"/niet-verwerkt/mails/{quarantine_id}/take-in", data={"csrf_token": token}
    )
    assert response.status_code == 303
    assert "INBOX/6" not in client.get("/niet-verwerkt").text
    with seeded.sessions() as session:
        item = session.scalars(select(Item).where(Item.source_ref == "INBOX/6")).one()
        assert (item.status, item.media_type) == ("queued", "message/rfc822")
    assert (
        client.post("/niet-verwerkt/mails/99999/take-in", data={"csrf_token": token}).status_code
        == 404
    )


@pytest.mark.parametrize("username", sorted(USERS))
def test_the_page_of_every_unprocessed_item_answers_for_every_role(client, seeded, username):
    failed, quarantined = unprocessed_items(seeded)
    login(client, username)
    for item_id in (failed, quarantined):
        assert client.get(f"/items/{item_id}").status_code == 200
