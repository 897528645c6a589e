"""Storing items exactly once, saving what the pipeline proposed, listing them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from contract.records import Analysis, DossierLink
from contract.statuses import ItemStatus
from store.blobs import BlobStore
from store.models import AuditEntry, EntityRow, Item, Quarantined, Suggestion, utcnow
from store.queue import holds_lease
from store.related import replace_related_keys
from store.search import replace_keys


@dataclass(frozen=True)
class StoredItem:
    id: int
    created: bool  # False when the same mail or file was stored before


def _find_existing(session: Session, digest: str, message_id: str | None) -> Item | None:
    conditions = [Item.content_sha256 == digest]
    if message_id:
        conditions.append(Item.message_id == message_id)
    return session.scalars(select(Item).where(or_(*conditions)).limit(1)).first()


@dataclass(frozen=True)
class Intake:
    """A mail or file as it arrives, before any extraction."""

    raw: bytes
    source: str  # email / scan / file
    source_ref: str  # Message-ID for mail, file name otherwise
    media_type: str
    received: datetime
    message_id: str | None = None
    subject: str | None = None
    sender: str | None = None


def insert_item(
    session: Session,
    intake: Intake,
    digest: str,
    message_id: str | None,
    *,
    actor: str,
    detail: dict[str, Any] | None = None,
) -> Item:
    """Add a queued item and its audit entry inside the caller's transaction."""
    item = Item(
        source=intake.source,
        source_ref=intake.source_ref[:998],
        message_id=message_id,
        content_sha256=digest,
        media_type=intake.media_type,
        received=intake.received,
        subject=intake.subject,
        sender=intake.sender,
        status=ItemStatus.QUEUED,
        parts=[],
    )
    session.add(item)
    session.flush()
    session.add(
        AuditEntry(
            actor=actor,
            action="item.stored",
            item_id=item.id,
            detail={"source": intake.source, "sha256": digest, **(detail or {})},
        )
    )
    return item


def add_item(
    sessions: sessionmaker[Session], blobs: BlobStore, intake: Intake, *, actor: str = "system"
) -> StoredItem:
    """Store the raw original and a queued item, once.

    Deduplicates on the content hash and, for mail, on the Message-ID, also when
    two daemons store the same mail at the same moment (the unique constraints
    decide; the loser finds the winner's row).
    """
    digest = blobs.put(intake.raw)  # before the row: a row never points at a missing blob
    message_id = intake.message_id[:998] if intake.message_id else None
    try:
        with sessions() as session, session.begin():
            existing = _find_existing(session, digest, message_id)
            if existing is not None:
                return StoredItem(existing.id, created=False)
            item = insert_item(session, intake, digest, message_id, actor=actor)
            return StoredItem(item.id, created=True)
    except IntegrityError:
        # Another daemon stored the same mail between our check and our insert.
        with sessions() as session:
            existing = _find_existing(session, digest, message_id)
            if existing is None:
                raise
            return StoredItem(existing.id, created=False)


# What is kept of a mail's extracted headers and body for the review page, which shows
# these instead of parsing the raw mail (a mail can be built to exhaust any parser).
MAX_HEADERS = 50
HEADER_NAME_CHARS = 100
HEADER_VALUE_CHARS = 2_000
BODY_CHARS = 200_000


def is_body_origin(origin: str) -> bool:
    """A part of the mail's own text ("body", "body (2)"), not of an attachment or nested mail."""
    return origin == "body" or origin.startswith("body (")


def _part_json(part: Any) -> dict[str, Any]:
    data = asdict(part)
    # The item's text holds every part's text already; keep the row small. A body's text
    # is kept, cut short, because the review page shows it as the original mail's text.
    data["text"] = part.text[:BODY_CHARS] if is_body_origin(part.origin) and part.text else None
    return data


def _headers_json(headers: Sequence[tuple[str, str]]) -> list[list[str]]:
    """The extracted headers as stored: the first MAX_HEADERS, names and values cut short."""
    return [
        [str(name)[:HEADER_NAME_CHARS], str(value)[:HEADER_VALUE_CHARS]]
        for name, value in headers[:MAX_HEADERS]
    ]


def quarantine(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    raw: bytes,
    *,
    source: str,
    source_ref: str,
    reason: str,
) -> int:
    """Keep what could not be read, with why; storing it twice keeps one row."""
    digest = blobs.put(raw)
    by_digest = select(Quarantined).where(Quarantined.content_sha256 == digest)
    try:
        with sessions() as session, session.begin():
            found = session.scalars(by_digest).first()
            if found is not None:
                return found.id
            row = Quarantined(
                source=source, source_ref=source_ref[:998], content_sha256=digest, reason=reason
            )
            session.add(row)
            session.flush()
            session.add(
                AuditEntry(
                    actor="system",
                    action="item.quarantined",
                    detail={"reason": reason, "sha256": digest},
                )
            )
            return row.id
    except IntegrityError:
        with sessions() as session:
            return session.scalars(by_digest).one().id


def _link_values(link: DossierLink) -> dict[str, Any]:
    return {
        "dossier_id": link.dossier_id,
        "score": link.score,
        "evidence": list(link.evidence),
        "soort": link.soort,
    }


def _suggestion_values(analysis: Analysis) -> dict[str, Any]:
    cls = analysis.classification
    routing = analysis.routing
    return {
        "model_version": cls.model_version,
        "uncertain": cls.uncertain,
        "signal_types": [
            {"code": s.code, "score": s.score, "why": list(s.why)} for s in cls.signal_types
        ],
        "scores": dict(cls.scores),
        "dossier_links": [_link_values(link) for link in analysis.dossier_links],
        "possible_links": [_link_values(link) for link in analysis.possible_links],
        "routing": {
            "primary": routing.primary,
            "inform": list(routing.inform),
            "priority": routing.priority,
            "due": routing.due.isoformat(),
            "rules": list(routing.rules),
        },
    }


def save_analysis(
    session: Session,
    item: Item,
    analysis: Analysis,
    search_keys: Sequence[str] = (),
    related_keys: Sequence[str] = (),
) -> None:
    """Attach entities, a suggestion, search and duplicate-signal keys to an item (in the
    caller's transaction)."""
    routing = analysis.routing
    document = analysis.document
    item.text = document.text
    item.parts = [_part_json(p) for p in document.parts]
    item.headers = _headers_json(document.headers)
    item.subject = item.subject or document.subject
    item.sender = item.sender or document.sender
    item.entities = [
        EntityRow(
            label=e.label, text=e.text, value=e.value, start=e.start, end=e.end, source=e.source
        )
        for e in analysis.entities
    ]
    item.suggestions.append(Suggestion(**_suggestion_values(analysis)))
    item.due = routing.due
    item.primary = routing.primary
    item.priority = routing.priority
    item.status = ItemStatus.REVIEW
    item.error = None
    replace_keys(session, {item.id: search_keys})
    replace_related_keys(session, {item.id: related_keys})
    item.locked_by = None
    item.locked_until = None
    item.next_attempt_at = None


@dataclass(frozen=True)
class Analysed:
    """One item of a worker's batch, ready to be saved."""

    item_id: int
    analysis: Analysis
    related: list[dict[str, Any]] | None = None  # duplicate-signal proposals, if made
    # the application's search keys of its entities (store.search); replace the old ones
    search_keys: tuple[str, ...] = ()
    # the application's duplicate-signal keys (store.related); replace the old ones
    related_keys: tuple[str, ...] = ()


_ITEMS = Item.__table__
_SAVE_ITEM = (
    update(_ITEMS)
    .where(_ITEMS.c.id == bindparam("b_id"))
    .values(
        text=bindparam("b_text"),
        parts=bindparam("b_parts", type_=_ITEMS.c.parts.type),
        headers=bindparam("b_headers", type_=_ITEMS.c.headers.type),
        subject=bindparam("b_subject"),
        sender=bindparam("b_sender"),
        due=bindparam("b_due", type_=_ITEMS.c.due.type),
        primary=bindparam("b_primary"),
        priority=bindparam("b_priority"),
        status=ItemStatus.REVIEW,
        error=None,
        locked_by=None,
        locked_until=None,
        next_attempt_at=None,
    )
)


def save_analyses(
    session: Session, batch: Sequence[Analysed], worker: str, *, now: datetime | None = None
) -> list[int]:
    """`save_analysis` for the items of `batch` that `worker` still holds, in a few statements
    inside the caller's transaction; each saved item gets an audit entry. Returns their ids."""
    if not batch:
        return []
    moment = now or utcnow()
    rows = session.execute(
        select(Item.id, Item.status, Item.locked_by, Item.locked_until, Item.subject, Item.sender)
        .where(Item.id.in_([a.item_id for a in batch]))
        .with_for_update()
    ).all()
    held = {row.id: row for row in rows if holds_lease(row, worker, moment)}
    mine = [a for a in batch if a.item_id in held]
    if not mine:
        return []
    ids = [a.item_id for a in mine]
    session.execute(delete(EntityRow).where(EntityRow.item_id.in_(ids)))
    replace_keys(session, {a.item_id: a.search_keys for a in mine})
    replace_related_keys(session, {a.item_id: a.related_keys for a in mine})
    entities = [
        {
            "item_id": a.item_id,
            "label": e.label,
            "text": e.text,
            "value": e.value,
            "start": e.start,
            "end": e.end,
            "source": e.source,
        }
        for a in mine
        for e in a.analysis.entities
    ]
    if entities:
        session.execute(insert(EntityRow), entities)
    # ORM objects, not a Core insert: listeners on Suggestion (the type index) must run.
    session.add_all(
        Suggestion(
            item_id=a.item_id,
            created_at=moment,
            related=a.related,
            **_suggestion_values(a.analysis),
        )
        for a in mine
    )
    session.execute(
        _SAVE_ITEM,
        [
            {
                "b_id": a.item_id,
                "b_text": a.analysis.document.text,
                "b_parts": [_part_json(p) for p in a.analysis.document.parts],
                "b_headers": _headers_json(a.analysis.document.headers),
                "b_subject": held[a.item_id].subject or a.analysis.document.subject,
                "b_sender": held[a.item_id].sender or a.analysis.document.sender,
                "b_due": a.analysis.routing.due,
                "b_primary": a.analysis.routing.primary,
                "b_priority": a.analysis.routing.priority,
            }
            for a in mine
        ],
        execution_options={"synchronize_session": False},
    )
    session.add_all(
        AuditEntry(
            actor=worker,
            action="item.analysed",
            item_id=a.item_id,
            at=moment,
            detail={"model_version": a.analysis.classification.model_version},
        )
        for a in mine
    )
    session.flush()
    return ids


def item_summary(item: Item) -> dict[str, Any]:
    """The contract's `ikp items --json` object for one item."""
    if item.decisions:
        decision = item.decisions[-1]
        codes = list(decision.signal_types)
        primary = decision.primary
        due = decision.due or item.due
    else:
        suggestion = item.suggestions[-1] if item.suggestions else None
        codes = [s["code"] for s in suggestion.signal_types] if suggestion else []
        primary = item.primary
        due = item.due
    return {
        "id": item.id,
        "source": item.source,
        "source_ref": item.source_ref,
        "received": item.received.isoformat(),
        "status": item.status,
        "signal_types": codes,
        "primary": primary,
        "due": due.isoformat() if due else None,
    }


def iter_items(sessions: sessionmaker[Session], batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every item in id order, streamed in batches so a large store does not fill memory."""
    last_id = 0
    while True:
        with sessions() as session:
            rows = session.scalars(
                select(Item).where(Item.id > last_id).order_by(Item.id).limit(batch)
            ).all()
            if not rows:
                return
            for row in rows:
                yield item_summary(row)
            last_id = rows[-1].id


def now() -> datetime:
    return utcnow()
