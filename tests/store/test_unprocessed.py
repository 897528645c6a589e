"""store.unprocessed: what waits for a person, retrying it and registering it by hand."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.items import quarantine
from store.models import AuditEntry, Item
from store.queue import claim_batch
from store.unprocessed import (
    UnprocessedError,
    register_by_hand,
    retry_item,
    take_in,
    unprocessed,
    unprocessed_counts,
)
from tests.store.factories import RECEIVED, unprocessed_items


def test_failed_and_quarantined_items_and_unstored_mail_are_listed_with_their_reasons(store):
    failed, quarantined = unprocessed_items(store)
    quarantine(
        store.sessions,
        store.blobs,
        b"",
        source="email",
        source_ref="INBOX/7",
        reason="empty message",
    )
    found = unprocessed(store.sessions)
    assert [(i.id, i.status, i.reason) for i in found.items] == [
        (failed, "failed", "MemoryError: spaCy"),
        (quarantined, "quarantined", "pdf is damaged or not a pdf"),
    ]
    assert [(m.source_ref, m.reason) for m in found.mails] == [("INBOX/7", "empty message")]
    with store.sessions() as session:
        assert unprocessed_counts(session) == {"failed": 1, "quarantined": 1, "unstored": 1}


def test_a_retried_item_goes_back_to_the_work_queue_with_an_audit_entry(store):
    failed, _ = unprocessed_items(store)
    retry_item(store.sessions, failed, "anna")
    with store.sessions() as session:
        item = session.get(Item, failed)
        assert (item.status, item.attempts, item.error) == ("queued", 0, None)
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "item.retried")).one()
        assert (entry.actor, entry.item_id) == ("anna", failed)
        assert entry.detail == {"was": "failed", "reason": "MemoryError: spaCy"}
    assert [c.item_id for c in claim_batch(store.sessions, "w2", 5)] == [failed]
    assert [i.id for i in unprocessed(store.sessions).items] != [failed]
    with pytest.raises(UnprocessedError):
        retry_item(store.sessions, failed, "anna")


def test_an_item_registered_by_hand_is_replaced_by_a_queued_item_with_the_same_receipt(store):
    _, quarantined = unprocessed_items(store)
    new_id = register_by_hand(
        store.sessions,
        store.blobs,
        quarantined,
        "Op Dorpsstraat 3 staan tien mensen ingeschreven.",
        "bram",
    )
    with store.sessions() as session:
        old, new = session.get(Item, quarantined), session.get(Item, new_id)
        assert old.status == "replaced"
        assert (new.status, new.received, new.source_ref) == (
            "queued",
            RECEIVED,
            f"handmatig-item-{quarantined}.txt",
        )
        assert new.text.startswith("Op Dorpsstraat 3")
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "item.registered_by_hand")
        ).one()
        assert (entry.actor, entry.item_id, entry.detail["new_item"]) == (
            "bram",
            quarantined,
            new_id,
        )
    assert [i.id for i in unprocessed(store.sessions).items] != [quarantined]
    with pytest.raises(UnprocessedError):
        register_by_hand(store.sessions, store.blobs, quarantined, "Nog een keer.", "bram")
    with pytest.raises(UnprocessedError, match="no text"):
        register_by_hand(store.sessions, store.blobs, new_id, "  ", "bram")


def test_an_unstored_mail_taken_in_becomes_a_queued_item_and_leaves_the_list(store):
    quarantine(
        store.sessions,
        store.blobs,
        b"losse tekst\n",
        source="email",
        source_ref="INBOX/9",
        reason="not a mail",
    )
    [mail] = unprocessed(store.sessions).mails
    item_id = take_in(store.sessions, store.blobs, mail.id, lambda raw: "text/plain", "anna")
    with store.sessions() as session:
        item = session.get(Item, item_id)
        assert (item.status, item.source, item.source_ref, item.media_type) == (
            "queued",
            "email",
            "INBOX/9",
            "text/plain",
        )
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "quarantine.taken_in")
        ).one()
        assert (entry.actor, entry.item_id, entry.detail["quarantine"]) == (
            "anna",
            item_id,
            mail.id,
        )
        assert unprocessed_counts(session)["unstored"] == 0
    assert unprocessed(store.sessions).mails == []
