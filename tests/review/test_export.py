"""The JSON export for the receiving team: the reporter masked unless the destination
must answer the reporter (REPORTER_DESTINATIONS)."""

from __future__ import annotations

import json

from sqlalchemy import select

from store.models import AuditEntry, Item
from tests.review.factories import (
    REPORTER,
    REPORTER_ADDRESS,
    REPORTER_BODY,
    login,
    reporter_mail,
    seed_item,
    seed_reported_item,
)

SECRETS = ("Fictief", REPORTER_ADDRESS, "0000 1111", "Verzonnenstraat", "1234 AB")


def test_the_export_to_primair_proces_masks_the_reporter_and_keeps_the_signal(client, seeded):
    item_id = seed_reported_item(seeded, n=1)
    login(client, "anna")
    export = client.get(f"/items/{item_id}/export.json").json()
    dumped = json.dumps(export, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in dumped, secret
    assert export["reporter"] is None and export["reporter_masked"] is True
    assert "Kees Verzonnen" in export["text"] and "Kerkpad 4" in export["text"]
    [entity] = export["entities"]
    assert export["text"][entity["start"] : entity["end"]] == entity["value"] == "1234567890"
    with seeded.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "item.exported"))
        assert entry.one().detail == {"destination": "primair_proces", "reporter": "masked"}


def test_the_export_to_juridisch_carries_the_reporter_who_must_be_answered(client, seeded):
    item_id = seed_item(seeded, n=2, text=REPORTER_BODY, raw=reporter_mail(2), primary="juridisch")
    with seeded.sessions() as session, session.begin():
        session.get(Item, item_id).sender = f"{REPORTER} <{REPORTER_ADDRESS}>"
    login(client, "anna")
    export = client.get(f"/items/{item_id}/export.json").json()
    assert export["reporter"]["sender"] == f"{REPORTER} <{REPORTER_ADDRESS}>"
    assert "Verzonnenstraat 7" in export["text"]
