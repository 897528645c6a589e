"""Every mail of ../shared/devset/ through the item pages as analist and datascientist,
and through the export for the receiving team: no reporter data shows.

Reporter data as bench/devset_reporter.py reads them from the raw mail, independent of
review.reporter: the sender's address and name, the phone numbers and addresses of the
signature block (with or without a closing), the From line of a forwarded mail and
first-person contact numbers. Reads the dev set at run time and asserts properties
only; no text of it is copied here.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bench.devset_reporter import reporter_data, shown
from ingest import extract_file
from store.models import Item
from tests.review.factories import login, seed_item

pytestmark = pytest.mark.slow


def test_no_devset_mail_shows_its_reporter_to_analist_datascientist_or_in_the_export(
    client, seeded, shared_dir
):
    mails = sorted((shared_dir / "devset" / "items").glob("*.eml"))
    assert len(mails) >= 100
    expected: dict[int, tuple[set[str], set[str]]] = {}
    for n, path in enumerate(mails, start=1):
        doc = extract_file(path, source="email", ocr=False)
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
            session.get(Item, item_id).sender = dict(doc.headers).get("From", "")
        expected[item_id] = reporter_data(path.read_bytes())
    found = sum(len(s) + len(p) for s, p in expected.values())
    assert found > 2 * len(mails), "the property finds reporter data"
    with seeded.sessions() as session:
        assert len(session.scalars(select(Item.id)).all()) == len(mails)
    login(client, "anna")  # medewerker: the same check finds the reporter data unmasked
    seen = sum(len(shown(client.get(f"/items/{i}").text, *data)) for i, data in expected.items())
    assert seen >= 0.9 * found
    exported = {i: client.get(f"/items/{i}/export.json").json() for i in expected}
    leaks = [
        (i, len(value))
        for i, export in exported.items()
        for value in shown(json.dumps(export, ensure_ascii=False), *expected[i])
        if export["reporter_masked"]
    ]
    assert leaks == [], f"export: reporter data shown (item, length): {leaks}"
    for username in ("dirk", "eva"):  # analist, datascientist
        client.cookies.clear()
        login(client, username)
        leaks = []
        for item_id, data in expected.items():
            page = client.get(f"/items/{item_id}")
            assert page.status_code == 200
            leaks += [(item_id, len(value)) for value in shown(page.text, *data)]
        assert leaks == [], f"{username}: reporter data shown (item, length): {leaks}"
