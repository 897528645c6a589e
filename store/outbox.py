"""The outbox: one row per destination of a confirmed item, delivered by the daemon.

`confirm` (store.review) writes the rows in the same transaction as the decision,
so a confirmation is forwarded if and only if it was stored. A sender claims one
row at a time with a lease like the work queue's (store.queue), sends it and only
then marks it sent. A sender that dies between its SMTP transaction and the mark
leaves a row that is sent again after the lease: at-least-once over SMTP, with
the row's own Message-ID on every attempt so the receiving side (and our tests)
recognise the repeat as the same message.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from store.models import AuditEntry, Base, Decision, Item, UtcDateTime, utcnow
from store.queue import backoff

PENDING = "pending"
SENT = "sent"
FAILED = "failed"  # gave up after MAX_ATTEMPTS; a beheerder can queue it again
STATES = (PENDING, SENT, FAILED)
MAX_ATTEMPTS = 12  # with backoff capped at an hour: about half a day of retries
LEASE = timedelta(minutes=2)


class OutboxMessage(Base):
    """One mail to one destination team about one confirmed item (migration 0009)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    decision_id: Mapped[int] = mapped_column(Integer)
    destination: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))  # primary / inform
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    locked_by: Mapped[str | None] = mapped_column(String(255))
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    recipient: Mapped[str | None] = mapped_column(String(320))
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)


def new_message_id(domain: str = "ikp.invalid") -> str:
    return f"<ikp-{uuid.uuid4().hex}@{domain}>"


def enqueue(
    session: Session,
    item_id: int,
    decision_id: int,
    primary: str,
    inform: tuple[str, ...] | list[str],
) -> list[OutboxMessage]:
    """Rows for the primary destination and each informed one, in the caller's transaction."""
    rows = [
        OutboxMessage(
            item_id=item_id,
            decision_id=decision_id,
            destination=primary,
            role="primary",
            message_id=new_message_id(),
        )
    ]
    for destination in dict.fromkeys(inform):
        if destination != primary:
            rows.append(
                OutboxMessage(
                    item_id=item_id,
                    decision_id=decision_id,
                    destination=destination,
                    role="inform",
                    message_id=new_message_id(),
                )
            )
    session.add_all(rows)
    return rows


@dataclass(frozen=True)
class OutboxClaim:
    id: int
    item_id: int
    decision_id: int
    destination: str
    role: str
    message_id: str
    attempt: int


def _due(moment: datetime) -> Any:
    return and_(
        OutboxMessage.status == PENDING,
        or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < moment),
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= moment),
    )


def claim_next(
    sessions: sessionmaker[Session],
    sender: str,
    *,
    lease: timedelta = LEASE,
    now: datetime | None = None,
) -> OutboxClaim | None:
    """Take the oldest message due for (re)sending, or None. A lease, not a lock."""
    moment = now or utcnow()
    with sessions() as session, session.begin():
        row = session.scalars(
            select(OutboxMessage)
            .where(_due(moment))
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return None
        row.locked_by = sender
        row.locked_until = moment + lease
        row.attempts = (row.attempts or 0) + 1
        return OutboxClaim(
            row.id,
            row.item_id,
            row.decision_id,
            row.destination,
            row.role,
            row.message_id,
            row.attempts,
        )


def mark_sent(
    sessions: sessionmaker[Session],
    claim: OutboxClaim,
    sender: str,
    recipient: str,
    *,
    now: datetime | None = None,
) -> bool:
    """Record the delivery. True unless the row was gone (its item deleted meanwhile)."""
    moment = now or utcnow()
    with sessions() as session, session.begin():
        row = session.get(OutboxMessage, claim.id, with_for_update=True)
        if row is None:
            return False
        # Even when our lease ran out and another sender holds it: the mail went out,
        # and marking it now saves that sender a repeat.
        row.status = SENT
        row.sent_at = moment
        row.recipient = recipient
        row.error = None
        row.locked_by = None
        row.locked_until = None
        session.add(_audit(sender, "item.forwarded", row, recipient=recipient))
        return True


def record_failure(
    sessions: sessionmaker[Session],
    claim: OutboxClaim,
    sender: str,
    error: str,
    *,
    base: timedelta = timedelta(seconds=30),
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime | None = None,
) -> str:
    """Retry later with backoff, or give up after `max_attempts`; returns the new status."""
    moment = now or utcnow()
    with sessions() as session, session.begin():
        row = session.get(OutboxMessage, claim.id, with_for_update=True)
        if row is None or row.status != PENDING or row.locked_by != sender:
            return "lost"
        row.error = error[:2000]
        row.locked_by = None
        row.locked_until = None
        if row.attempts >= max_attempts:
            row.status = FAILED
            row.next_attempt_at = None
            session.add(_audit(sender, "item.forward_failed", row, error=error[:300]))
        else:
            row.next_attempt_at = moment + backoff(row.attempts, base)
        return row.status


def retry_failed(sessions: sessionmaker[Session], item_id: int, actor: str) -> int:
    """Queue an item's failed messages again (same Message-IDs); returns how many."""
    with sessions() as session, session.begin():
        rows = session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.item_id == item_id, OutboxMessage.status == FAILED
            )
        ).all()
        for row in rows:
            row.status = PENDING
            row.attempts = 0
            row.next_attempt_at = None
            session.add(_audit(actor, "item.forward_retried", row))
        return len(rows)


def _audit(actor: str, action: str, row: OutboxMessage, **detail: Any) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=action,
        item_id=row.item_id,
        detail={"destination": row.destination, "message_id": row.message_id, **detail},
    )


def messages_of(session: Session, item_id: int) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage).where(OutboxMessage.item_id == item_id).order_by(OutboxMessage.id)
        )
    )


def state_counts(session: Session) -> Counter[str]:
    """Messages by state: pending, sent, failed."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return Counter({status: n for status, n in rows})


def oldest_pending(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == PENDING)
    )


@dataclass(frozen=True)
class Forward:
    """What the mail to a team says: the confirmed decision and where the original is."""

    item_id: int
    source: str
    source_ref: str
    subject: str | None
    received: datetime
    media_type: str
    content_sha256: str
    signal_types: list[str]
    dossier_ids: list[str]
    primary: str
    inform: list[str]
    priority: str
    due: str | None
    note: str | None
    decided_by: str
    decided_at: datetime


def forward_of(sessions: sessionmaker[Session], claim: OutboxClaim) -> Forward | None:
    """The content of a claimed message (its own decision, not a later one), or None."""
    with sessions() as session:
        item = session.get(Item, claim.item_id)
        decision = session.get(Decision, claim.decision_id)
        if item is None or decision is None:
            return None
        return Forward(
            item_id=item.id,
            source=item.source,
            source_ref=item.source_ref,
            subject=item.subject,
            received=item.received,
            media_type=item.media_type,
            content_sha256=item.content_sha256,
            signal_types=list(decision.signal_types),
            dossier_ids=list(decision.dossier_ids),
            primary=decision.primary,
            inform=list(decision.inform),
            priority=decision.priority,
            due=(decision.due or item.due).isoformat() if (decision.due or item.due) else None,
            note=decision.note,
            decided_by=decision.decided_by,
            decided_at=decision.decided_at,
        )
