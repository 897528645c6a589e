"""What the review queue reads and does: the queue page, claims, decisions, phone signals.

A claim is a lease like the workers' (`store.queue`), but on separate columns so a
reviewer's claim never collides with a worker's: `claimed_by`/`claimed_until`.
Claims and confirmations lock the row (`FOR UPDATE` on PostgreSQL; SQLite's
`BEGIN IMMEDIATE` serialises writers, see store.db).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from contract.clock import local_today
from contract.records import ConfirmedDecision
from contract.statuses import OPEN_STATUSES, ItemStatus
from contract.vocabulary import DESTINATIONS, PRIORITIES, codes_problem
from store.blobs import BlobStore
from store.items import Intake, add_item
from store.models import AuditEntry, Decision, Item, ItemSignalType, Suggestion, utcnow
from store.outbox import enqueue

CLAIM = timedelta(minutes=15)
CHANNELS = ("phone", "desk")
_PRIORITY_ORDER = case({p: i for i, p in enumerate(PRIORITIES)}, value=Item.priority, else_=9)


class ReviewError(ValueError):
    """An action that is not allowed now (claimed by another, already confirmed, ...)."""


@dataclass(frozen=True)
class QueueFilter:
    signal_type: str | None = None
    destination: str | None = None
    status: str | None = None  # None: every open status
    source: str | None = None
    overdue: bool = False


@dataclass(frozen=True)
class QueueRow:
    id: int
    source: str
    channel: str | None
    subject: str | None
    received: datetime
    status: str
    primary: str | None
    priority: str | None
    due: date | None
    days_left: int | None
    signal_types: list[str]
    claimed_by: str | None
    # sender and phone/desk reporter: what review.reporter masks for roles without access
    identity: tuple[str, ...] = ()


@dataclass
class QueuePage:
    rows: list[QueueRow] = field(default_factory=list)
    total: int = 0


def _filtered(flt: QueueFilter, today: date) -> Any:
    query = select(Item)
    if flt.status:
        query = query.where(Item.status == flt.status)
    else:
        query = query.where(Item.status.in_(OPEN_STATUSES))
    if flt.destination:
        query = query.where(Item.primary == flt.destination)
    if flt.source:
        query = query.where(Item.source == flt.source)
    if flt.overdue:
        query = query.where(Item.due < today)
    if flt.signal_type:
        # The codes of each item's newest suggestion, indexed by code (models.ItemSignalType);
        # IN lets SQLite start from that index instead of probing it once per open item.
        typed = select(ItemSignalType.item_id).where(ItemSignalType.code == flt.signal_type)
        query = query.where(Item.id.in_(typed))
    return query


def queue_page(
    session: Session,
    flt: QueueFilter,
    *,
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
    now: datetime | None = None,
) -> QueuePage:
    """Open items, most urgent first: due date, then priority, then arrival."""
    moment = now or utcnow()
    today = today or local_today(moment)
    query = _filtered(flt, today)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Item.due.is_(None), Item.due, _PRIORITY_ORDER, Item.id)
        .limit(limit)
        .offset(offset)
    ).all()
    latest = _latest_suggestions(session, [i.id for i in items])
    rows = [
        QueueRow(
            id=i.id,
            source=i.source,
            channel=i.channel,
            subject=i.subject,
            received=i.received,
            status=i.status,
            primary=i.primary,
            priority=i.priority,
            due=i.due,
            days_left=(i.due - today).days if i.due else None,
            signal_types=[s["code"] for s in latest[i.id].signal_types] if i.id in latest else [],
            claimed_by=i.claimed_by if i.claimed_until and i.claimed_until > moment else None,
            identity=tuple(v for v in (i.sender, i.reporter_name, i.reporter_contact) if v),
        )
        for i in items
    ]
    return QueuePage(rows=rows, total=total)


def _latest_suggestions(session: Session, ids: list[int]) -> dict[int, Suggestion]:
    if not ids:
        return {}
    newest = (
        select(func.max(Suggestion.id))
        .where(Suggestion.item_id.in_(ids))
        .group_by(Suggestion.item_id)
    )
    rows = session.scalars(select(Suggestion).where(Suggestion.id.in_(newest))).all()
    return {s.item_id: s for s in rows}


def load_item(session: Session, item_id: int) -> Item | None:
    return session.scalars(
        select(Item)
        .where(Item.id == item_id)
        .options(
            selectinload(Item.entities),
            selectinload(Item.suggestions),
            selectinload(Item.decisions),
        )
    ).first()


def audit(session: Session, actor: str, action: str, item_id: int | None, **detail: Any) -> None:
    session.add(AuditEntry(actor=actor, action=action, item_id=item_id, detail=detail))


def _reviewable(session: Session, item_id: int, user: str, moment: datetime) -> Item:
    """The item, locked for update, if it waits for review and nobody else holds it."""
    item = session.get(Item, item_id, with_for_update=True)
    if item is None:
        raise KeyError(item_id)
    if item.status != ItemStatus.REVIEW:
        raise ReviewError(f"item {item_id} is {item.status}, not waiting for review")
    held = item.claimed_until is not None and item.claimed_until > moment
    if held and item.claimed_by != user:
        raise ReviewError(f"item {item_id} is being reviewed by {item.claimed_by}")
    return item


def claim(
    sessions: sessionmaker[Session],
    item_id: int,
    user: str,
    *,
    hold: timedelta = CLAIM,
    now: datetime | None = None,
) -> datetime:
    """Lock an item for `user` for `hold`; renewing one's own claim is fine. Returns the end."""
    moment = now or utcnow()
    with sessions() as session, session.begin():
        item = _reviewable(session, item_id, user, moment)
        item.claimed_by = user
        item.claimed_until = moment + hold
        audit(session, user, "item.claimed", item_id, until=item.claimed_until.isoformat())
        return item.claimed_until


def release(sessions: sessionmaker[Session], item_id: int, user: str) -> None:
    with sessions() as session, session.begin():
        item = session.get(Item, item_id, with_for_update=True)
        if item is None:
            raise KeyError(item_id)
        if item.claimed_by == user:
            item.claimed_by = None
            item.claimed_until = None
            audit(session, user, "item.released", item_id)


@dataclass(frozen=True)
class DecisionInput:
    signal_types: tuple[str, ...]
    dossier_ids: tuple[str, ...]
    rejected_dossier_ids: tuple[str, ...]
    primary: str
    inform: tuple[str, ...]
    priority: str
    due: date | None
    note: str | None = None


def _validate(d: DecisionInput) -> None:
    if not d.signal_types:
        raise ReviewError("choose at least one known signal type")
    problem = codes_problem(d.signal_types)
    if problem:
        raise ReviewError(problem)
    if d.primary not in DESTINATIONS or any(x not in DESTINATIONS for x in d.inform):
        raise ReviewError("unknown destination")
    if d.priority not in PRIORITIES:
        raise ReviewError(f"unknown priority {d.priority!r}")


def confirm(
    sessions: sessionmaker[Session],
    item_id: int,
    user: str,
    decision: DecisionInput,
    *,
    now: datetime | None = None,
) -> int:
    """Store the reviewer's decision and mark the item confirmed; returns the decision id.

    Only the claim holder may confirm; an unclaimed item is claimed on the way. The
    mails to the primary and informed destinations are queued in the same transaction
    (store.outbox); the daemon sends them.
    """
    _validate(decision)
    moment = now or utcnow()
    with sessions() as session, session.begin():
        item = _reviewable(session, item_id, user, moment)
        row = Decision(
            item_id=item_id,
            decided_by=user,
            decided_at=moment,
            signal_types=list(decision.signal_types),
            dossier_ids=list(decision.dossier_ids),
            primary=decision.primary,
            inform=list(decision.inform),
            priority=decision.priority,
            due=decision.due,
            note=decision.note or None,
        )
        session.add(row)
        item.status = ItemStatus.CONFIRMED
        item.confirmed_at = moment
        item.primary = decision.primary
        item.priority = decision.priority
        item.due = decision.due or item.due
        item.claimed_by = None
        item.claimed_until = None
        session.flush()
        enqueue(session, item_id, row.id, decision.primary, decision.inform)
        audit(
            session,
            user,
            "item.confirmed",
            item_id,
            decision_id=row.id,
            signal_types=list(decision.signal_types),
            dossier_ids=list(decision.dossier_ids),
            rejected_dossier_ids=list(decision.rejected_dossier_ids),
            forwarded_to=[decision.primary, *decision.inform],
        )
        return row.id


def export_item(item: Item) -> dict[str, Any]:
    """The JSON a destination team receives for a confirmed item (no reporter data)."""
    decision = item.decisions[-1] if item.decisions else None
    return {
        "id": item.id,
        "source": item.source,
        "channel": item.channel,
        "source_ref": item.source_ref,
        "received": item.received.isoformat(),
        "subject": item.subject,
        "status": item.status,
        "text": item.text,
        "entities": [
            {"label": e.label, "text": e.text, "value": e.value, "start": e.start, "end": e.end}
            for e in item.entities
        ],
        "decision": None
        if decision is None
        else {
            "signal_types": list(decision.signal_types),
            "dossier_ids": list(decision.dossier_ids),
            "primary": decision.primary,
            "inform": list(decision.inform),
            "priority": decision.priority,
            "due": decision.due.isoformat() if decision.due else None,
            "note": decision.note,
            "decided_by": decision.decided_by,
            "decided_at": decision.decided_at.isoformat(),
        },
    }


def add_phone_signal(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    *,
    text: str,
    channel: str,
    user: str,
    reporter_name: str | None = None,
    reporter_contact: str | None = None,
    anonymous: bool = False,
    now: datetime | None = None,
) -> int:
    """Queue a signal taken by phone or at the desk; the daemon's workers analyse it.

    The reporter's details live only in the item's reporter columns, never in the
    stored text; an anonymous tip stores none at all.
    """
    if channel not in CHANNELS:
        raise ReviewError(f"channel is one of {', '.join(CHANNELS)}")
    if not text.strip():
        raise ReviewError("the signal has no text")
    moment = now or utcnow()
    ref = f"{channel}-{moment.strftime('%Y%m%dT%H%M%S%f')}-{user}.txt"
    stored = add_item(
        sessions,
        blobs,
        Intake(
            raw=text.encode("utf-8"),
            source="file",
            source_ref=ref,
            media_type="text/plain",
            received=moment,
            subject=f"Melding per {'telefoon' if channel == 'phone' else 'balie'}",
        ),
        actor=user,
    )
    if not stored.created:
        raise ReviewError(f"the same text was registered before as item {stored.id}")
    with sessions() as session, session.begin():
        item = session.get(Item, stored.id, with_for_update=True)
        assert item is not None
        item.channel = channel
        # What the review page shows until a worker has analysed it (a worker may be first).
        item.text = item.text or text
        if not anonymous:
            item.reporter_name = (reporter_name or "").strip() or None
            item.reporter_contact = (reporter_contact or "").strip() or None
        audit(session, user, "item.registered", item.id, channel=channel, anonymous=anonymous)
    return stored.id


def confirmed_decisions(sessions: sessionmaker[Session]) -> list[ConfirmedDecision]:
    """The latest decision per item with its text and entity spans, by item id."""
    out: list[ConfirmedDecision] = []
    with sessions() as session:
        latest: dict[int, Decision] = {}
        for decision in session.scalars(select(Decision).order_by(Decision.decided_at)):
            latest[decision.item_id] = decision
        for item_id, decision in sorted(latest.items()):
            item = session.get(Item, item_id)
            if item is None or not item.text:
                continue
            spans = tuple((e.start, e.end, e.label) for e in item.entities)
            codes = tuple(sorted(set(decision.signal_types)))
            out.append(ConfirmedDecision(item_id, item.text, codes, spans))
    return out


def audit_entries(
    sessions: sessionmaker[Session], *, item_id: int | None = None, limit: int = 500
) -> list[AuditEntry]:
    """The newest audit entries, of one item if given."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if item_id is not None:
        query = query.where(AuditEntry.item_id == item_id)
    with sessions() as session:
        return list(session.scalars(query))
