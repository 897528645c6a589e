"""Every mail of ../shared/devset/ through the item pages as analist and datascientist:
no sender address, sender name, labelled contact line or first-person phone number shows.

Reads the dev set at run time and asserts properties only; no text of it is copied here.
"""

from __future__ import annotations

import html
import re
from email.utils import getaddresses

import pytest
from sqlalchemy import select

from ingest import extract_file
from store.models import Item
from tests.review.factories import login, seed_item

pytestmark = pytest.mark.slow
PHONE = re.compile(r"\+?\d[\d \-().]{7,18}\d")
# Independent of review.reporter's own patterns: what a reader would call contact details.
LABELLED = re.compile(
    r"(?im)^[ \t>*-]*(?:tel|telefoon|mob|mobiel|gsm|contact|phone|mobile)\b[^\n:]{0,15}[:.]\s*(.*)$"
)
FIRST_PERSON = re.compile(
    r"(?i)\b(?:(?:mijn|m'n|my)\s+(?:telefoon\w*|mobiel\w*|nummer|gsm|mobile|phone|number)"
    r"|(?:mij|me)\s+(?:\w+\s+){0,2}(?:spreken|bellen|bereiken))\b(.{0,40})"
)


def reporter_data(sender: str, text: str) -> set[str]:
    """The sender's address and full name, and the phone numbers of contact lines."""
    found: set[str] = set()
    for name, address in getaddresses([sender]):
        if address:
            found.add(address.lower())
        if len(name.split()) >= 2:
            found.add(name.lower())
    for pattern in (LABELLED, FIRST_PERSON):
        for line in pattern.finditer(text):
            found.update(
                p.lower() for p in PHONE.findall(line.group(1)) if len(re.sub(r"\D", "", p)) >= 9
            )
    return found


def test_no_devset_mail_shows_its_reporter_to_analist_or_datascientist(client, seeded, shared_dir):
    mails = sorted((shared_dir / "devset" / "items").glob("*.eml"))
    assert len(mails) >= 100
    expected: dict[int, set[str]] = {}
    for n, path in enumerate(mails, start=1):
        doc = extract_file(path, source="email", ocr=False)
        sender = dict(doc.headers).get("From", "")
        item_id = seed_item(
            seeded,
            n=n,
            subject=doc.subject or "",
            text=doc.text,
            raw=path.read_bytes(),
            headers=doc.headers,
            types=(),
            links=(),
        )
        with seeded.sessions() as session, session.begin():
            session.get(Item, item_id).sender = sender
        expected[item_id] = reporter_data(sender, doc.text)
    assert sum(map(len, expected.values())) > len(mails), "the property finds reporter data"
    with seeded.sessions() as session:
        assert len(session.scalars(select(Item.id)).all()) == len(mails)
    login(client, "anna")  # medewerker: the same check finds the reporter data unmasked
    seen = sum(
        s in html.unescape(client.get(f"/items/{i}").text).lower()
        for i, secrets in expected.items()
        for s in secrets
    )
    assert seen >= 0.9 * sum(map(len, expected.values()))
    for username in ("dirk", "eva"):  # analist, datascientist
        client.cookies.clear()
        login(client, username)
        shown = []
        for item_id, secrets in expected.items():
            page = client.get(f"/items/{item_id}")
            assert page.status_code == 200
            text = html.unescape(page.text).lower()
            shown += [(item_id, len(s)) for s in secrets if s in text]
        assert shown == [], f"{username}: reporter data shown (item, length): {shown}"
