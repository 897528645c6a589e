"""SQLAlchemy models. The schema itself is owned by the Alembic migrations in
`store/migrations/`; these classes must match them (a test compares both)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship

from contract.statuses import ItemStatus


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes on every backend: stored as UTC, read back as UTC.

    SQLite has no time zones; without this a naive value would silently mean
    local time on one machine and UTC on another.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; attach a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Item(Base):
    """One mail, letter or file that reached the IKP, and where it stands."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # email / scan / file
    source_ref: Mapped[str] = mapped_column(String(998))
    message_id: Mapped[str | None] = mapped_column(String(998), unique=True)
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    media_type: Mapped[str] = mapped_column(String(255))
    received: Mapped[datetime] = mapped_column(UtcDateTime())
    stored_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    subject: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    # queued -> processing -> review -> confirmed; failed after too many tries
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    locked_by: Mapped[str | None] = mapped_column(String(255))
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    error: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    primary: Mapped[str | None] = mapped_column(String(32))
    priority: Mapped[str | None] = mapped_column(String(16))
    parts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # a mail's headers as extracted by the worker, [[name, value], ...] (migration 0007);
    # None for items not analysed since that migration, [] for items without headers
    headers: Mapped[list[Any] | None] = mapped_column(JSON)
    # review queue (migration 0003): a reviewer's claim, phone/desk channel and reporter
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    channel: Mapped[str | None] = mapped_column(String(16))  # phone / desk; None otherwise
    reporter_name: Mapped[str | None] = mapped_column(Text)  # None for an anonymous tip
    reporter_contact: Mapped[str | None] = mapped_column(Text)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # PostgreSQL also has items.search_vector (migration 0013), a tsvector generated from
    # subject and text; deliberately unmapped, so the ORM never writes or loads it
    # (store.search queries it by name).

    entities: Mapped[list[EntityRow]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="EntityRow.start"
    )
    suggestions: Mapped[list[Suggestion]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Suggestion.id"
    )
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Decision.id"
    )

    __table_args__ = (
        Index("ix_items_status_next_attempt", "status", "next_attempt_at"),
        Index("ix_items_due", "due"),
        Index("ix_items_status_due", "status", "due"),
        Index("ix_items_received", "received"),  # search's period filter (migration 0010)
    )


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(32), default="rule")

    item: Mapped[Item] = relationship(back_populates="entities")


class Suggestion(Base):
    """What the pipeline proposed for an item, with the model that proposed it."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    model_version: Mapped[str] = mapped_column(String(128))
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    signal_types: Mapped[list[Any]] = mapped_column(JSON)  # [{code, score, why}]
    scores: Mapped[dict[str, Any]] = mapped_column(JSON)  # every code's score
    dossier_links: Mapped[list[Any]] = mapped_column(JSON)  # [{dossier_id, score, evidence, soort}]
    # the uncertain band below them, judged as pairs (migration 0016; None before it)
    possible_links: Mapped[list[Any] | None] = mapped_column(JSON)
    routing: Mapped[dict[str, Any]] = mapped_column(JSON)  # {primary, inform, priority, due, rules}
    # open or recent items probably about the same case: [{item_id, score, evidence}]
    related: Mapped[list[Any] | None] = mapped_column(JSON)

    item: Mapped[Item] = relationship(back_populates="suggestions")


class ItemSignalType(Base):
    """The codes of an item's newest suggestion, one row each: the queue's type filter
    reads this index instead of searching suggestion JSON (migration 0005)."""

    __tablename__ = "item_signal_types"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(64), primary_key=True)

    __table_args__ = (Index("ix_item_signal_types_code_item", "code", "item_id"),)


@event.listens_for(Suggestion, "after_insert")
def _index_signal_types(mapper: Mapper[Any], connection: Connection, target: Suggestion) -> None:
    # In the same flush as the suggestion, whoever inserts it (worker, bench, tests).
    table = ItemSignalType.__table__
    connection.execute(table.delete().where(table.c.item_id == target.item_id))
    codes = sorted({str(s["code"]) for s in target.signal_types or []})
    if codes:
        connection.execute(table.insert(), [{"item_id": target.item_id, "code": c} for c in codes])


class SearchKey(Base):
    """One search key of an item: a normalised identifier, a name key or an address key
    of one of its entities, as the application computes them (migration 0010). The store
    only matches keys; what a key means is up to the application (ikp.search)."""

    __tablename__ = "search_keys"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class RelatedKey(Base):
    """One duplicate-signal key of an item (linking's index keys as text, migration 0011):
    a new item reads only the items that share one of its keys, newest first."""

    __tablename__ = "related_keys"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PairVerdict(Base):
    """A reviewer's verdict on two items proposed as one case (migration 0011): "same"
    links them, "different" keeps them from being proposed again. One row per pair,
    lower id first; a changed mind updates it (the audit log keeps both)."""

    __tablename__ = "pair_verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_low: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    item_high: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    score: Mapped[float | None] = mapped_column(Float)  # the proposal's, when there was one
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)

    __table_args__ = (
        UniqueConstraint("item_low", "item_high", name="uq_pair_verdicts_pair"),
        CheckConstraint("item_low < item_high", name="ck_pair_verdicts_order"),
    )


class LinkVerdict(Base):
    """A reviewer's verdict on one proposed dossier link of an item (migration 0016):
    "accept" (this text is about this register row) or "reject". One row per (item,
    dossier); a changed mind updates it (the audit log keeps both). Labelled data for
    the next fit of the link scorer (research.linking.reviewed_links)."""

    __tablename__ = "link_verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    # No foreign key: a verdict outlives the register row it judged (a reimport may drop
    # it), and the fit skips rows that are gone.
    dossier_id: Mapped[str] = mapped_column(String(64), index=True)
    verdict: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime())
    score: Mapped[float | None] = mapped_column(Float)  # the proposal's score
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)  # the proposal's evidence

    __table_args__ = (UniqueConstraint("item_id", "dossier_id", name="uq_link_verdicts_link"),)


class Decision(Base):
    """What a reviewer confirmed; the classifiers learn from these."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    decided_by: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    signal_types: Mapped[list[Any]] = mapped_column(JSON)  # codes
    dossier_ids: Mapped[list[Any]] = mapped_column(JSON)
    primary: Mapped[str] = mapped_column(String(32))
    inform: Mapped[list[Any]] = mapped_column(JSON)
    priority: Mapped[str] = mapped_column(String(16))
    due: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    item: Mapped[Item] = relationship(back_populates="decisions")


class Dossier(Base):
    """The register of existing dossiers (persons and organisations)."""

    __tablename__ = "dossiers"

    dossier_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    soort: Mapped[str] = mapped_column(String(16))
    v_nummer: Mapped[str | None] = mapped_column(String(16), index=True)
    bsn: Mapped[str | None] = mapped_column(String(16), index=True)
    voornamen: Mapped[str | None] = mapped_column(Text)
    achternaam: Mapped[str | None] = mapped_column(Text)
    geboortedatum: Mapped[date | None] = mapped_column(Date, index=True)
    nationaliteit: Mapped[str | None] = mapped_column(Text)
    adres: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)
    woonplaats: Mapped[str | None] = mapped_column(Text)
    telefoon: Mapped[str | None] = mapped_column(String(32), index=True)
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    naam: Mapped[str | None] = mapped_column(Text)
    kvk: Mapped[str | None] = mapped_column(String(16), index=True)
    surname_key: Mapped[str | None] = mapped_column(String(255), index=True)
    organisation_key: Mapped[str | None] = mapped_column(String(255), index=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class DossierKey(Base):
    """One weak-evidence key of a person's dossier (linking's `record_keys`, migration
    0014): a name with a place, year or street, or an address; a text's keys find the
    dossiers that share one."""

    __tablename__ = "dossier_keys"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    dossier_id: Mapped[str] = mapped_column(
        ForeignKey("dossiers.dossier_id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AuditEntry(Base):
    """Who did what, when. Append-only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class WebSession(Base):
    """A logged-in browser (migration 0008); its cookie carries only the id.

    Deleting the row ends the session: logout, a password change, `ikp users lock`.
    """

    __tablename__ = "web_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LoginFailure(Base):
    """A failed login, kept for the lockout window (migration 0005); shared by every daemon."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    username: Mapped[str] = mapped_column(String(128))
    client: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_login_failures_username_at", "username", "at"),
        Index("ix_login_failures_client_at", "client", "at"),
    )


class Quarantined(Base):
    """A mail or file that could not be processed at all, kept with its reason."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))
    source_ref: Mapped[str] = mapped_column(String(998))
    content_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
