"""Retention: delete items past their term (store/retention.yaml), keeping only counts.

One transaction per item: its rows in every table go, the audit entries about it
lose their detail, other items' suggestions forget it as a related item, its counts
are added to `retired_counts`, and an audit entry without personal data says what
was deleted under which term. The blob goes after the commit: its digest is written
to `blob_deletions` in the same transaction, and every run first finishes the
deletions a crashed run left, so a kill at any point leaves nothing behind once
the next run is done.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import (
    Integer,
    String,
    Text,
    cast,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column, sessionmaker

from contract.statuses import ItemStatus
from contract.vocabulary import NOT_A_SIGNAL
from store.blobs import BlobStore
from store.mailbox import MailboxMessage
from store.models import (
    AuditEntry,
    Base,
    Decision,
    EntityRow,
    Item,
    ItemSignalType,
    Quarantined,
    Suggestion,
    UtcDateTime,
    utcnow,
)
from store.outbox import OutboxMessage

DEFAULT_POLICY = Path(__file__).with_name("retention.yaml")
OUTCOMES = ("not_a_signal", "signal", "failed")
SINCE = ("confirmation", "receipt")
ITEMS_ROW = ""  # the `code` of a retired_counts row that counts items, not types


class RetiredCount(Base):
    """How many deleted items there were per week of receipt, source, outcome and type."""

    __tablename__ = "retired_counts"

    week: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO week of receipt
    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16), primary_key=True)
    code: Mapped[str] = mapped_column(String(64), primary_key=True)  # ITEMS_ROW: items
    n: Mapped[int] = mapped_column(Integer)


class BlobDeletion(Base):
    """A blob whose rows are gone and whose file is still to be removed."""

    __tablename__ = "blob_deletions"

    content_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    keep_days: int
    since: str


@dataclass(frozen=True)
class Policy:
    terms: dict[str, Term]

    @classmethod
    def load(cls, path: Path | None = None) -> Policy:
        source = path or DEFAULT_POLICY
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise PolicyError(f"{source}: {exc}") from None
        outcomes = data.get("outcomes") if isinstance(data, dict) else None
        if not isinstance(outcomes, dict) or set(outcomes) != set(OUTCOMES):
            raise PolicyError(f"{source}: `outcomes` must name exactly {', '.join(OUTCOMES)}")
        terms: dict[str, Term] = {}
        for outcome, spec in outcomes.items():
            days, since = (spec or {}).get("keep_days"), (spec or {}).get("since")
            if not isinstance(days, int) or days < 1 or since not in SINCE:
                raise PolicyError(
                    f"{source}: {outcome} needs keep_days (a whole number >= 1) and since"
                    f" ({' or '.join(SINCE)})"
                )
            terms[outcome] = Term(days, since)
        return cls(terms)


@dataclass(frozen=True)
class Due:
    """An item (or a quarantined file) whose term has passed."""

    kind: str  # item / quarantine
    id: int
    outcome: str
    since: datetime
    received: datetime


def _outcome_of(status: str, codes: list[str] | None) -> str | None:
    if status in (ItemStatus.FAILED, ItemStatus.QUARANTINED):
        return "failed"
    if status == ItemStatus.CONFIRMED:
        return "not_a_signal" if set(codes or []) == {NOT_A_SIGNAL} else "signal"
    return None  # open: never deleted


def due(session: Session, policy: Policy, now: datetime) -> list[Due]:
    """What the policy deletes at `now`, oldest first."""
    cutoff = {o: now - timedelta(days=t.keep_days) for o, t in policy.terms.items()}
    inner = aliased(Decision)
    newest_decision = (
        select(func.max(inner.id)).where(inner.item_id == Item.id).correlate(Item).scalar_subquery()
    )
    closed = (ItemStatus.CONFIRMED, ItemStatus.FAILED, ItemStatus.QUARANTINED)
    rows = session.execute(
        select(Item.id, Item.status, Item.received, Item.confirmed_at, Decision.signal_types)
        .outerjoin(Decision, Decision.id == newest_decision)
        .where(Item.status.in_(closed), Item.received < max(cutoff.values()))
        .order_by(Item.id)
    )
    found: list[Due] = []
    for item_id, status, received, confirmed_at, codes in rows:
        outcome = _outcome_of(status, codes)
        if outcome is None:
            continue
        term = policy.terms[outcome]
        since = (confirmed_at or received) if term.since == "confirmation" else received
        if since < cutoff[outcome]:
            found.append(Due("item", item_id, outcome, since, received))
    # A file that could not even be stored as an item has only the moment it came in.
    for qid, at in session.execute(
        select(Quarantined.id, Quarantined.at)
        .where(Quarantined.at < cutoff["failed"])
        .order_by(Quarantined.id)
    ):
        found.append(Due("quarantine", qid, "failed", at, at))
    return sorted(found, key=lambda d: (d.since, d.kind, d.id))


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def _count(session: Session, week: str, source: str, outcome: str, code: str) -> None:
    key = {"week": week, "source": source, "outcome": outcome, "code": code}
    row = session.get(RetiredCount, key, with_for_update=True)
    if row is None:
        session.add(RetiredCount(**key, n=1))
        session.flush()
    else:
        row.n += 1


def _forget_related(session: Session, item_id: int) -> None:
    """Take the item out of other items' related-item proposals (they name its evidence)."""
    text = cast(Suggestion.related, Text)
    needle = f'"item_id": {item_id}'
    rows = session.scalars(
        select(Suggestion).where(
            or_(text.like(f"%{needle},%"), text.like(f"%{needle}}}%")),
            Suggestion.item_id != item_id,
        )
    ).all()
    for suggestion in rows:
        kept = [r for r in suggestion.related or [] if r.get("item_id") != item_id]
        if kept != suggestion.related:
            suggestion.related = kept


def _blob_unused(session: Session, digest: str, *, but_item: int | None = None) -> bool:
    items = select(func.count()).where(Item.content_sha256 == digest)
    if but_item is not None:
        items = items.where(Item.id != but_item)
    files = select(func.count()).where(Quarantined.content_sha256 == digest)
    return not session.scalar(items) and not session.scalar(files)


def delete_one(
    sessions: sessionmaker[Session], entry: Due, policy: Policy, actor: str, now: datetime
) -> bool:
    """Delete one due item or quarantined file in one transaction; False when it no
    longer qualifies (or is gone). Its blob is left to `finish_blob_deletions`."""
    with sessions() as session, session.begin():
        if entry.kind == "quarantine":
            file = session.get(Quarantined, entry.id, with_for_update=True)
            if file is None:
                return False
            digest = file.content_sha256
            _count(session, _week(file.at), file.source, "failed", ITEMS_ROW)
            session.execute(
                update(AuditEntry)
                .where(
                    AuditEntry.item_id.is_(None), cast(AuditEntry.detail, Text).like(f"%{digest}%")
                )
                .values(detail={"removed": "retention"})
            )
            session.delete(file)
            session.flush()
            blob = _blob_unused(session, digest)
        else:
            item = session.get(Item, entry.id, with_for_update=True)
            if item is None:
                return False
            codes = session.scalar(
                select(Decision.signal_types)
                .where(Decision.item_id == item.id)
                .order_by(Decision.id.desc())
                .limit(1)
            )
            if _outcome_of(item.status, codes) != entry.outcome:
                return False  # changed since it was listed
            digest = item.content_sha256
            week = _week(item.received)
            _count(session, week, item.source, entry.outcome, ITEMS_ROW)
            if codes is None:  # never confirmed: the newest suggestion's types
                codes = [
                    c
                    for (c,) in session.execute(
                        select(ItemSignalType.code).where(ItemSignalType.item_id == item.id)
                    )
                ]
            for code in sorted(set(codes or [])):
                _count(session, week, item.source, entry.outcome, code)
            _forget_related(session, item.id)
            session.execute(
                update(AuditEntry)
                .where(AuditEntry.item_id == item.id)
                .values(detail={"removed": "retention"})
            )
            for table in (EntityRow, Suggestion, ItemSignalType, Decision, OutboxMessage):
                session.execute(delete(table).where(table.item_id == item.id))
            session.execute(delete(MailboxMessage).where(MailboxMessage.item_id == item.id))
            session.execute(delete(Item).where(Item.id == item.id))
            blob = _blob_unused(session, digest)
        term = policy.terms[entry.outcome]
        session.add(
            AuditEntry(
                actor=actor,
                action="retention.deleted",
                item_id=entry.id if entry.kind == "item" else None,
                detail={
                    "kind": entry.kind,
                    "outcome": entry.outcome,
                    "keep_days": term.keep_days,
                    "since": term.since,
                    "term_started": entry.since.date().isoformat(),
                },
            )
        )
        if blob and session.get(BlobDeletion, digest) is None:
            session.add(BlobDeletion(content_sha256=digest, at=now))
        return True


def finish_blob_deletions(sessions: sessionmaker[Session], blobs: BlobStore) -> int:
    """Remove the files of deleted rows (also those a crashed run left); returns how many."""
    with sessions() as session:
        digests = list(session.scalars(select(BlobDeletion.content_sha256)))
    for digest in digests:
        with sessions() as session, session.begin():
            row = session.get(BlobDeletion, digest, with_for_update=True)
            if row is None:
                continue
            if _blob_unused(session, digest):  # not stored again meanwhile
                blobs.path_for(digest).unlink(missing_ok=True)
            session.delete(row)
    return len(digests)


@dataclass
class Report:
    deleted: dict[str, int]
    blobs: int


def apply(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    policy: Policy,
    *,
    actor: str = "retention",
    now: datetime | None = None,
) -> Report:
    """Delete everything due; safe to run again after a crash, and alongside the daemon."""
    moment = now or utcnow()
    removed = finish_blob_deletions(sessions, blobs)
    with sessions() as session:
        entries = due(session, policy, moment)
    deleted = dict.fromkeys(OUTCOMES, 0)
    for entry in entries:
        try:
            deleted[entry.outcome] += delete_one(sessions, entry, policy, actor, moment)
        except IntegrityError:  # another run counted the same week at the same moment
            continue  # rolled back whole; the next run deletes it
    removed += finish_blob_deletions(sessions, blobs)
    return Report(deleted, removed)


def retired_counts(session: Session) -> Iterator[RetiredCount]:
    yield from session.scalars(select(RetiredCount))


def describe(entries: list[Due]) -> str:
    """One JSON line per due entry: what --dry-run prints (no personal data)."""
    return "\n".join(
        json.dumps(
            {
                "kind": e.kind,
                "id": e.id,
                "outcome": e.outcome,
                "since": e.since.isoformat(),
                "received": e.received.isoformat(),
            }
        )
        for e in entries
    )
