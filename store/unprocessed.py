"""What no worker could process: failed and quarantined items, and mail the mailbox
watcher could not store as an item at all (`quarantine` rows). Each stays listed on
the review app's "Niet verwerkt" page until a person retries it or registers its
signal by hand; every such action is in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contract.statuses import UNPROCESSED_STATUSES, ItemStatus
from store.blobs import BlobStore
from store.items import Intake, add_item
from store.models import AuditEntry, Item, Quarantined


class UnprocessedError(ValueError):
    """The item or mail is no longer waiting for a person (handled meanwhile)."""


@dataclass(frozen=True)
class UnprocessedItem:
    id: int
    status: str
    source: str
    source_ref: str
    subject: str | None
    sender: str | None
    received: datetime
    attempts: int
    reason: str


@dataclass(frozen=True)
class UnstoredMail:
    id: int
    source: str
    source_ref: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class Unprocessed:
    items: list[UnprocessedItem]
    mails: list[UnstoredMail]


def _open_quarantine() -> object:
    """Quarantine rows whose bytes have not become an item (taken in by a person)."""
    taken_in = select(Item.id).where(Item.content_sha256 == Quarantined.content_sha256)
    return ~taken_in.exists()


def unprocessed(sessions: sessionmaker[Session]) -> Unprocessed:
    """Everything waiting for a person's decision, oldest first."""
    with sessions() as session:
        items = [
            UnprocessedItem(
                row.id,
                row.status,
                row.source,
                row.source_ref,
                row.subject,
                row.sender,
                row.received,
                row.attempts,
                row.error or "(geen reden vastgelegd)",
            )
            for row in session.scalars(
                select(Item).where(Item.status.in_(UNPROCESSED_STATUSES)).order_by(Item.id)
            )
        ]
        mails = [
            UnstoredMail(row.id, row.source, row.source_ref, row.reason, row.at)
            for row in session.scalars(
                select(Quarantined).where(_open_quarantine()).order_by(Quarantined.id)
            )
        ]
    return Unprocessed(items, mails)


def unprocessed_counts(session: Session) -> dict[str, int]:
    """How many wait on the "Niet verwerkt" page: failed, quarantined items, unstored mails."""
    counts = dict.fromkeys((*UNPROCESSED_STATUSES, "unstored"), 0)
    for status, n in session.execute(
        select(Item.status, func.count())
        .where(Item.status.in_(UNPROCESSED_STATUSES))
        .group_by(Item.status)
    ):
        counts[status] = n
    counts["unstored"] = session.scalar(
        select(func.count()).select_from(Quarantined).where(_open_quarantine())
    )
    return counts


def _waiting(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id, with_for_update=True)
    if item is None:
        raise KeyError(item_id)
    if item.status not in UNPROCESSED_STATUSES:
        raise UnprocessedError(f"item {item_id} is {item.status}, not waiting for a person")
    return item


def retry_item(sessions: sessionmaker[Session], item_id: int, user: str) -> None:
    """Back to the work queue with fresh attempts; the old reason stays in the audit log."""
    with sessions() as session, session.begin():
        item = _waiting(session, item_id)
        session.add(
            AuditEntry(
                actor=user,
                action="item.retried",
                item_id=item.id,
                detail={"was": item.status, "reason": (item.error or "")[:500]},
            )
        )
        item.status = ItemStatus.QUEUED
        item.attempts = 0
        item.next_attempt_at = None
        item.locked_by = item.locked_until = None
        item.error = None


def register_by_hand(
    sessions: sessionmaker[Session], blobs: BlobStore, item_id: int, text: str, user: str
) -> int:
    """Queue the signal as `user` typed it from the original; the original is `replaced`.

    The new item keeps the original's moment of receipt, so its deadline runs from then.
    """
    if not text.strip():
        raise UnprocessedError("the signal has no text")
    with sessions() as session:
        original = session.get(Item, item_id)
        if original is None:
            raise KeyError(item_id)
        received = original.received
    stored = add_item(
        sessions,
        blobs,
        Intake(
            raw=text.encode("utf-8"),
            source="file",
            source_ref=f"handmatig-item-{item_id}.txt",
            media_type="text/plain",
            received=received,
            subject=f"Handmatig geregistreerd uit item {item_id}",
        ),
        actor=user,
    )
    if not stored.created:
        raise UnprocessedError(f"the same text was registered before as item {stored.id}")
    with sessions() as session, session.begin():
        item = _waiting(session, item_id)
        new = session.get(Item, stored.id, with_for_update=True)
        assert new is not None
        new.text = new.text or text  # what the review page shows until a worker analysed it
        session.add(
            AuditEntry(
                actor=user,
                action="item.registered_by_hand",
                item_id=item.id,
                detail={"new_item": stored.id, "was": item.status},
            )
        )
        item.status = ItemStatus.REPLACED
    return stored.id


def take_in(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    quarantine_id: int,
    media_type_of: Callable[[bytes], str],
    user: str,
) -> int:
    """Make an item of an unstored mail's bytes (of the media type `media_type_of` sees in
    them); the workers take it on, and what they cannot read comes back as an item here."""
    with sessions() as session:
        row = session.get(Quarantined, quarantine_id)
        if row is None:
            raise KeyError(quarantine_id)
        source, source_ref, digest, reason = (
            row.source,
            row.source_ref,
            row.content_sha256,
            row.reason,
        )
        at = row.at
    raw = blobs.get(digest)
    stored = add_item(
        sessions,
        blobs,
        Intake(
            raw=raw,
            source=source,
            source_ref=source_ref,
            media_type=media_type_of(raw),
            received=at,
        ),
        actor=user,
    )
    with sessions() as session, session.begin():
        session.add(
            AuditEntry(
                actor=user,
                action="quarantine.taken_in",
                item_id=stored.id,
                detail={"quarantine": quarantine_id, "reason": reason[:500]},
            )
        )
    return stored.id
