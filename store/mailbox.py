"""IMAP bookkeeping: which mail (folder + UIDVALIDITY + UID) was stored, quarantined, moved.

A mail's item and its mailbox row are written in one transaction, so after a
crash a mail is either fully stored (then it only needs moving) or not at all
(then it is fetched again). Items are also deduplicated on content and
Message-ID, because a changed UIDVALIDITY renumbers every mail in a folder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from store.blobs import BlobStore
from store.items import Intake, _find_existing, insert_item, quarantine
from store.models import Base, UtcDateTime, utcnow

STORED = "stored"  # item stored, mail still in the inbox
QUARANTINED = "quarantined"  # could not be stored as an item; kept in the quarantine table
MOVED = "moved"  # stored and moved to the done folder
MOVED_QUARANTINED = "moved_q"  # quarantined and moved to the quarantine folder


class MailboxMessage(Base):
    __tablename__ = "mailbox_messages"
    __table_args__ = (
        UniqueConstraint("folder", "uidvalidity", "uid", name="uq_mailbox_messages_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(255))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    content_sha256: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16))
    stored_by: Mapped[str | None] = mapped_column(String(255))  # which daemon; it moves the mail
    reason: Mapped[str | None] = mapped_column(Text)
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    moved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


@dataclass(frozen=True)
class MailKey:
    folder: str
    uidvalidity: int
    uid: int


@dataclass(frozen=True)
class MailOutcome:
    state: str  # STORED / QUARANTINED (or a MOVED* state when seen before)
    item_id: int | None
    created: bool  # a new item (False: this mail or the same content was stored before)
    reason: str | None = None
    mine: bool = True  # False: another daemon (or an earlier run) recorded this UID first


@dataclass(frozen=True)
class MailState:
    state: str
    stored_by: str | None
    stored_at: datetime


def states(
    sessions: sessionmaker[Session],
    folder: str,
    uidvalidity: int,
    uids: Iterable[int] | None = None,
) -> dict[int, MailState]:
    """UID -> state of the mails recorded for this folder generation (only `uids` if given)."""
    query = select(
        MailboxMessage.uid, MailboxMessage.state, MailboxMessage.stored_by, MailboxMessage.stored_at
    ).where(MailboxMessage.folder == folder, MailboxMessage.uidvalidity == uidvalidity)
    wanted = None if uids is None else list(uids)
    queries = (
        [query]
        if wanted is None
        else [  # keep IN lists small for SQLite
            query.where(MailboxMessage.uid.in_(wanted[i : i + 500]))
            for i in range(0, len(wanted), 500)
        ]
    )
    found: dict[int, MailState] = {}
    with sessions() as session:
        for q in queries:
            for uid, state, by, at in session.execute(q).all():
                found[int(uid)] = MailState(state, by, at)
    return found


def _existing(session: Session, key: MailKey) -> MailboxMessage | None:
    return session.scalars(
        select(MailboxMessage).where(
            MailboxMessage.folder == key.folder,
            MailboxMessage.uidvalidity == key.uidvalidity,
            MailboxMessage.uid == key.uid,
        )
    ).first()


def store_mail(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    key: MailKey,
    intake: Intake,
    *,
    actor: str = "imap",
    owner: str | None = None,
) -> MailOutcome:
    """Store the item and the mailbox row in one transaction, once (also across daemons).

    `owner` names the daemon that will move the mail; others leave it alone for a while.
    """
    digest = blobs.put(intake.raw)  # before the rows: a row never points at a missing blob
    return _store_written(sessions, key, intake, digest, actor=actor, owner=owner)


def store_mails(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    mails: Sequence[tuple[MailKey, Intake]],
    *,
    actor: str = "imap",
    owner: str | None = None,
) -> list[MailOutcome]:
    """`store_mail` for a fetched chunk, in order, in one transaction.

    The blobs are written side by side, so their fsyncs overlap, and the rows of the
    whole chunk are committed at once when every blob is durable (one commit instead
    of one per mail). A daemon killed before the commit stored none of them; they
    are still in the inbox and fetched again. Should another daemon store one of
    them at the same moment, the chunk is stored again mail by mail, each in a
    transaction of its own.
    """
    if not mails:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(mails))) as pool:
        digests = [d.result() for d in [pool.submit(blobs.put, i.raw) for _, i in mails]]
    written = list(zip(mails, digests, strict=True))
    try:
        with sessions() as session, session.begin():
            return [
                _store(session, key, intake, digest, actor=actor, owner=owner)
                for (key, intake), digest in written
            ]
    except IntegrityError:
        pass  # a race with another daemon: one transaction per mail sorts it out
    return [
        _store_written(sessions, key, intake, digest, actor=actor, owner=owner)
        for (key, intake), digest in written
    ]


def _store_written(
    sessions: sessionmaker[Session],
    key: MailKey,
    intake: Intake,
    digest: str,
    *,
    actor: str,
    owner: str | None,
) -> MailOutcome:
    for attempt in range(3):
        try:
            with sessions() as session, session.begin():
                return _store(session, key, intake, digest, actor=actor, owner=owner)
        except IntegrityError:
            # Another daemon stored this mail (or its content) at the same moment: look again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _store(
    session: Session, key: MailKey, intake: Intake, digest: str, *, actor: str, owner: str | None
) -> MailOutcome:
    row = _existing(session, key)
    if row is not None:
        return _seen(row)
    message_id = intake.message_id[:998] if intake.message_id else None
    item = _find_existing(session, digest, message_id)
    created = item is None
    if item is None:
        item = insert_item(
            session, intake, digest, message_id, actor=actor, detail={"uid": key.uid}
        )
    session.add(_row(key, digest, STORED, item.id, owner=owner))
    return MailOutcome(STORED, item.id, created=created)


def quarantine_mail(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    key: MailKey,
    raw: bytes,
    reason: str,
    *,
    owner: str | None = None,
) -> MailOutcome:
    """Keep an unstorable mail in the quarantine table and remember its UID, once."""
    quarantine(
        sessions, blobs, raw, source="email", source_ref=f"{key.folder}/{key.uid}", reason=reason
    )
    digest = blobs.put(raw)
    try:
        with sessions() as session, session.begin():
            row = _existing(session, key)
            if row is not None:
                return _seen(row)
            session.add(_row(key, digest, QUARANTINED, None, reason, owner=owner))
    except IntegrityError:  # another daemon recorded it first
        return MailOutcome(QUARANTINED, None, created=False, reason=reason, mine=False)
    return MailOutcome(QUARANTINED, None, created=False, reason=reason)


def mark_moved(
    sessions: sessionmaker[Session], folder: str, uidvalidity: int, uids: Iterable[int]
) -> None:
    """Record that these mails have left the inbox (stored ones to done, others to quarantine)."""
    wanted = list(uids)
    if not wanted:
        return
    moment = utcnow()
    with sessions() as session, session.begin():
        rows = session.scalars(
            select(MailboxMessage).where(
                MailboxMessage.folder == folder,
                MailboxMessage.uidvalidity == uidvalidity,
                MailboxMessage.uid.in_(wanted),
            )
        ).all()
        for row in rows:
            if row.state == STORED:
                row.state = MOVED
            elif row.state == QUARANTINED:
                row.state = MOVED_QUARANTINED
            row.moved_at = row.moved_at or moment


def _seen(row: MailboxMessage) -> MailOutcome:
    return MailOutcome(row.state, row.item_id, created=False, reason=row.reason, mine=False)


def _row(
    key: MailKey,
    digest: str,
    state: str,
    item_id: int | None,
    reason: str | None = None,
    *,
    owner: str | None = None,
) -> MailboxMessage:
    return MailboxMessage(
        folder=key.folder,
        uidvalidity=key.uidvalidity,
        uid=key.uid,
        item_id=item_id,
        content_sha256=digest,
        state=state,
        stored_by=owner,
        reason=reason,
    )
