"""The item page shows the original as the worker stored it (headers and body text) and
never reads or parses the raw mail in the web process; on both databases."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import null, update

from contract.records import Part
from review.app import create_app
from review.reporter import MASK
from store import BlobStore, Store
from store.models import Item
from tests.review.factories import REPORTER, REPORTER_ADDRESS, add_users, csrf_of, login, seed_item

BODY = "De buurman woont niet op Kerkpad 4; hij staat er wel ingeschreven."
TEXT = f"Melding\n\n{BODY}"


@pytest.fixture
def web(store: Store) -> Iterator[TestClient]:
    """The review app on the `store` fixture's database (SQLite and PostgreSQL)."""
    add_users(store)
    app = create_app(store, secret_key="0" * 64)
    with TestClient(app, follow_redirects=False) as client:
        yield client


def body_part(text: str = BODY) -> Part:
    return Part("body", "text/plain", size=len(text), text=text)


def header_rows(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<tr><th>([^<]*)</th><td>([^<]*)</td></tr>", page)


def test_the_item_page_shows_the_stored_headers_and_body_text(web, store):
    headers = (
        ("From", "Handhaving <handhaving@gemeente.example>"),
        ("To", "ikp@ind.example"),
        ("Date", "Mon, 23 Nov 2026 09:30:00 +0100"),
        ("Subject", "Melding adres"),
    )
    item_id = seed_item(
        store, n=1, subject="Melding adres", text=TEXT, headers=headers, parts=(body_part(),)
    )
    login(web, "anna")
    page = web.get(f"/items/{item_id}").text
    assert header_rows(page) == [
        ("From", "Handhaving &lt;handhaving@gemeente.example&gt;"),
        *headers[1:],
    ]
    assert re.search(r'<pre class="original">De buurman woont niet op Kerkpad 4', page)


def huge_subject() -> bytes:
    words = b" ".join([b"=?utf-8?q?=C3=A9=C3=A9?="] * 50_000)  # 1.25 MB of encoded words
    return b"From: a@voorbeeld.example\r\nSubject: " + words + b"\r\n\r\n" + BODY.encode()


def nested_comments() -> bytes:
    sender = b"(" * 20_000 + b"x" + b")" * 20_000 + b" <a@voorbeeld.example>"
    return b"From: " + sender + b"\r\nSubject: Melding\r\n\r\n" + BODY.encode()


def unknown_charset() -> bytes:
    return (
        b"From: a@voorbeeld.example\r\nSubject: Melding\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="x-bestaat-niet"\r\n\r\n' + BODY.encode("latin-1")
    )


@pytest.mark.parametrize("raw", [huge_subject, nested_comments, unknown_charset])
def test_a_mail_built_to_break_mail_parsers_shows_its_stored_body_text(
    web, store, monkeypatch, raw
):
    headers = (("From", "a@voorbeeld.example"), ("Subject", "Melding"))
    item_id = seed_item(
        store, n=1, subject="Melding", text=TEXT, raw=raw(), headers=headers, parts=(body_part(),)
    )

    def no_raw_here(self, digest):  # type: ignore[no-untyped-def]
        raise AssertionError("the web process read the raw original")

    monkeypatch.setattr(BlobStore, "get", no_raw_here)
    monkeypatch.setattr(BlobStore, "exists", no_raw_here)
    login(web, "anna")
    response = web.get(f"/items/{item_id}")
    assert response.status_code == 200
    assert BODY in response.text
    assert ("Subject", "Melding") in header_rows(response.text)


IDENTITY = {
    "From": f"{REPORTER} <{REPORTER_ADDRESS}>",
    "Sender": "Secretariaat Fictief <secretariaat@fictief.example>",
    "Reply-To": REPORTER_ADDRESS,
    "Return-Path": "<bounce-77@fictief.example>",
    "Cc": "Partner Fictief <partner@fictief.example>",
    "Message-ID": "<a1b2@mail.fictief.example>",
    "In-Reply-To": "<z9y8@mail.fictief.example>",
}
REPORTED_BODY = (
    "Op Kerkpad 4 wonen acht mensen. Vragen kunnen naar secretariaat@fictief.example "
    "of naar bounce-77@fictief.example."
)


def seed_reported(store: Store) -> int:
    headers = (
        *IDENTITY.items(),
        ("To", "ikp@ind.example"),
        ("Subject", f"Melding van {REPORTER}"),
    )
    return seed_item(
        store,
        n=1,
        subject=f"Melding van {REPORTER}",
        text=REPORTED_BODY,
        headers=headers,
        parts=(body_part(REPORTED_BODY),),
    )


@pytest.mark.parametrize("username", ["dirk", "eva"])  # analist, datascientist
def test_identity_headers_are_withheld_and_the_reporter_masked_for_roles_without_access(
    web, store, username
):
    item_id = seed_reported(store)
    login(web, username)
    page = web.get(f"/items/{item_id}").text
    rows = dict(header_rows(page))
    assert {name: rows[name] for name in IDENTITY} == dict.fromkeys(IDENTITY, "(afgeschermd)")
    assert rows["To"] == "ikp@ind.example"
    assert rows["Subject"] == f"Melding van {MASK}"
    for secret in ("Fictief", "fictief.example", "a1b2", "z9y8", REPORTER_ADDRESS):
        assert secret not in page, secret
    assert "Kerkpad 4" in page  # the signal itself stays readable


def test_reporter_roles_see_the_stored_identity_headers(web, store):
    item_id = seed_reported(store)
    login(web, "anna")
    rows = dict(header_rows(web.get(f"/items/{item_id}").text))
    assert rows["Sender"] == "Secretariaat Fictief &lt;secretariaat@fictief.example&gt;"
    assert rows["In-Reply-To"] == "&lt;z9y8@mail.fictief.example&gt;"


def test_an_item_analysed_before_headers_were_stored_shows_its_subject_and_sender(web, store):
    item_id = seed_item(store, n=1, subject="Melding adres", text=TEXT)
    with store.sessions() as session, session.begin():  # as migration 0007 left it
        session.execute(
            update(Item)
            .where(Item.id == item_id)
            .values(headers=null(), sender=f"{REPORTER} <{REPORTER_ADDRESS}>")
        )
    login(web, "anna")
    page = web.get(f"/items/{item_id}").text
    assert header_rows(page) == [
        ("From", f"{REPORTER} &lt;{REPORTER_ADDRESS}&gt;"),
        ("Subject", "Melding adres"),
    ]
    assert re.search(r'<pre class="original">Melding\n\nDe buurman', page)  # the item's text
    web.post("/logout", data={"csrf_token": csrf_of(page)})
    login(web, "dirk")
    page = web.get(f"/items/{item_id}").text
    assert header_rows(page) == [("From", "(afgeschermd)"), ("Subject", "Melding adres")]
    assert "Fictief" not in page


def test_a_sender_of_nested_comments_does_not_break_the_masked_pages(web, store):
    sender = "(" * 20_000 + "x" + ")" * 20_000 + " <melder@voorbeeld.example>"
    headers = (("From", sender[:1000]), ("Subject", "Melding"))
    item_id = seed_item(
        store, n=1, subject="Melding", text=TEXT, raw=nested_comments(), headers=headers
    )
    with store.sessions() as session, session.begin():  # as ingest.envelope reads it
        session.execute(update(Item).where(Item.id == item_id).values(sender=sender))
    login(web, "dirk")
    for path in ("/", f"/items/{item_id}"):
        response = web.get(path)
        assert response.status_code == 200, path
        assert "melder@voorbeeld.example" not in response.text
