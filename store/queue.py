"""The work queue: stored items waiting for the pipeline, shared by any number of workers.

On PostgreSQL a claim is `SELECT ... FOR UPDATE SKIP LOCKED`, so workers in
several daemons never take the same item; on SQLite `BEGIN IMMEDIATE` (see
store.db) serialises claims. A claim is a lease: a worker that dies leaves an
item that another worker takes over when the lease runs out. The lease is short
(a killed worker's items wait one minute, not five); a worker renews it with
`renew_leases` while it is still busy with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from contract.statuses import ItemStatus
from store.models import AuditEntry, Item, utcnow

MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=1)


@dataclass(frozen=True, order=True)
class Claim:
    item_id: int
    attempt: int


def backoff(attempt: int, base: timedelta = timedelta(seconds=10)) -> timedelta:
    """Exponential backoff, capped at one hour."""
    return min(base * (2 ** max(attempt - 1, 0)), timedelta(hours=1))


def _ready(moment: datetime) -> ColumnElement[bool]:
    return or_(
        and_(
            Item.status == ItemStatus.QUEUED,
            or_(Item.next_attempt_at.is_(None), Item.next_attempt_at <= moment),
        ),
        and_(Item.status == ItemStatus.PROCESSING, Item.locked_until < moment),
    )


def claim_batch(
    sessions: sessionmaker[Session],
    worker: str,
    size: int,
    *,
    lease: timedelta = LEASE,
    now: datetime | None = None,
) -> list[Claim]:
    """Take up to `size` of the oldest items due for (re)processing, in one transaction."""
    moment = now or utcnow()
    with sessions() as session, session.begin():
        ids = session.scalars(
            select(Item.id)
            .where(_ready(moment))
            .order_by(Item.id)
            .limit(size)
            .with_for_update(skip_locked=True)
        ).all()
        if not ids:
            return []
        rows = session.execute(
            update(Item)
            .where(Item.id.in_(ids))
            .values(
                status=ItemStatus.PROCESSING,
                locked_by=worker,
                locked_until=moment + lease,
                attempts=func.coalesce(Item.attempts, 0) + 1,
            )
            .returning(Item.id, Item.attempts)
            .execution_options(synchronize_session=False)
        ).all()
    return sorted(Claim(item_id, attempts) for item_id, attempts in rows)


def claim_next(
    sessions: sessionmaker[Session],
    worker: str,
    *,
    lease: timedelta = LEASE,
    now: datetime | None = None,
) -> Claim | None:
    """Take the oldest item that is due for (re)processing, or None."""
    claims = claim_batch(sessions, worker, 1, lease=lease, now=now)
    return claims[0] if claims else None


def renew_leases(
    sessions: sessionmaker[Session],
    worker: str,
    item_ids: list[int],
    *,
    lease: timedelta = LEASE,
    now: datetime | None = None,
) -> int:
    """Extend this worker's leases on items it still holds; returns how many it holds."""
    if not item_ids:
        return 0
    moment = now or utcnow()
    with sessions() as session, session.begin():
        result = session.execute(
            update(Item)
            .where(
                Item.id.in_(item_ids),
                Item.status == ItemStatus.PROCESSING,
                Item.locked_by == worker,
                Item.locked_until >= moment,
            )
            .values(locked_until=moment + lease)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def holds_lease(item: Item | Row[Any], worker: str, now: datetime | None = None) -> bool:
    moment = now or utcnow()
    return (
        item.status == ItemStatus.PROCESSING
        and item.locked_by == worker
        and item.locked_until is not None
        and item.locked_until >= moment
    )


def record_failure(
    sessions: sessionmaker[Session],
    item_id: int,
    worker: str,
    error: str,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    now: datetime | None = None,
) -> str:
    """Retry later with backoff, or mark failed after `max_attempts`. Returns the new status."""
    moment = now or utcnow()
    with sessions() as session, session.begin():
        item = session.get(Item, item_id, with_for_update=True)
        if item is None or item.locked_by != worker:
            return "lost"  # another worker took over after our lease ran out
        item.error = error[:4000]
        item.locked_by = None
        item.locked_until = None
        if item.attempts >= max_attempts:
            item.status = ItemStatus.FAILED
            item.next_attempt_at = None
            session.add(
                AuditEntry(
                    actor=worker,
                    action="item.failed",
                    item_id=item.id,
                    detail={"error": error[:500]},
                )
            )
        else:
            item.status = ItemStatus.QUEUED
            item.next_attempt_at = moment + backoff(item.attempts)
        return item.status


def claimed_sources(sessions: sessionmaker[Session], ids: list[int]) -> dict[int, Row[Any]]:
    """Where each claimed item's raw bytes are and how to read them, by item id."""
    query = select(
        Item.id, Item.source, Item.source_ref, Item.received, Item.content_sha256, Item.media_type
    ).where(Item.id.in_(ids))
    with sessions() as session:
        return {row.id: row for row in session.execute(query)}


def quarantine_claimed(
    sessions: sessionmaker[Session], item_id: int, worker: str, reason: str
) -> bool:
    """Mark an item this worker holds as quarantined with its reason (kept, not retried).

    False when the worker no longer holds the item (another took it over, or it is gone).
    """
    with sessions() as session, session.begin():
        item = session.get(Item, item_id, with_for_update=True)
        if item is None or not holds_lease(item, worker):
            return False
        item.status = ItemStatus.QUARANTINED
        item.error = reason[:4000]
        item.locked_by = None
        item.locked_until = None
        session.add(
            AuditEntry(
                actor=worker,
                action="item.quarantined",
                item_id=item_id,
                detail={"reason": reason[:500]},
            )
        )
    return True


def item_counts(session: Session) -> dict[str, int]:
    """Stored items by status."""
    rows = session.execute(select(Item.status, func.count()).group_by(Item.status))
    return {status: int(n) for status, n in rows}


def oldest_queued(session: Session) -> datetime | None:
    """When the oldest item still waiting for (or in) a worker was stored, or None."""
    return session.scalar(
        select(func.min(Item.stored_at)).where(
            Item.status.in_((ItemStatus.QUEUED, ItemStatus.PROCESSING))
        )
    )
