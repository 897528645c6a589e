"""Phenomena: the tables of named clusters (migration 0012) and the queries clustering needs.

Which items form a cluster is decided by `linking.phenomena` (the application joins the
two); the store fetches the items of a period with their entities and linked dossiers,
and keeps the clusters an analyst marked as a phenomenon, with the items in each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Select, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, selectinload

from contract.records import Entity
from store.models import Base, Decision, EntityRow, Item, Suggestion, UtcDateTime, utcnow

MAX_NAME = 200


class Phenomenon(Base):
    """A cluster an analyst named (migration 0012)."""

    __tablename__ = "phenomena"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_NAME))
    # the name folded: one phenomenon per name, whatever its case or spacing
    name_key: Mapped[str] = mapped_column(String(MAX_NAME), unique=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class PhenomenonItem(Base):
    """An item of a phenomenon; deleting the item (retention) removes it."""

    __tablename__ = "phenomenon_items"

    phenomenon_id: Mapped[int] = mapped_column(
        ForeignKey("phenomena.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    added_by: Mapped[str] = mapped_column(String(128))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    __table_args__ = (Index("ix_phenomenon_items_item_id", "item_id"),)


@dataclass(frozen=True)
class PeriodItem:
    """An item of a period as clustering needs it."""

    item_id: int
    received: datetime
    identities: tuple[str, ...]  # sender, reporter name and contact: never a connection
    entities: tuple[Entity, ...]  # of the labels asked for, in text order
    dossiers: tuple[str, ...]  # confirmed dossier links, else the proposed ones


def items_in_period(
    session: Session, since: datetime, until: datetime, labels: Collection[str]
) -> list[PeriodItem]:
    """Items received in [since, until) with their entities of `labels` and their dossiers."""
    rows = session.execute(
        select(Item.id, Item.received, Item.sender, Item.reporter_name, Item.reporter_contact)
        .where(Item.received >= since, Item.received < until)
        .order_by(Item.id)
    ).all()
    if not rows:
        return []
    period = select(Item.id).where(Item.received >= since, Item.received < until)
    entities: dict[int, list[Entity]] = defaultdict(list)
    for r in session.execute(
        select(
            EntityRow.item_id,
            EntityRow.label,
            EntityRow.text,
            EntityRow.value,
            EntityRow.start,
            EntityRow.end,
            EntityRow.source,
        )
        .where(EntityRow.item_id.in_(period), EntityRow.label.in_(list(labels)))
        .order_by(EntityRow.item_id, EntityRow.start)
    ):
        entities[r.item_id].append(Entity(r.label, r.text, r.value, r.start, r.end, r.source))
    dossiers = _dossiers(session, period)
    return [
        PeriodItem(
            item_id=r.id,
            received=r.received,
            identities=tuple(x for x in (r.sender, r.reporter_name, r.reporter_contact) if x),
            entities=tuple(entities.get(r.id, ())),
            dossiers=dossiers.get(r.id, ()),
        )
        for r in rows
    ]


def _dossiers(session: Session, period: Select[tuple[int]]) -> dict[int, tuple[str, ...]]:
    """Per item of `period`: the dossiers of its newest decision, else of its newest
    suggestion."""
    found: dict[int, tuple[str, ...]] = {}
    newest = select(func.max(Suggestion.id)).where(Suggestion.item_id.in_(period))
    for item_id, links in session.execute(
        select(Suggestion.item_id, Suggestion.dossier_links).where(
            Suggestion.id.in_(newest.group_by(Suggestion.item_id))
        )
    ):
        found[item_id] = tuple(str(link["dossier_id"]) for link in links or [])
    decided = select(func.max(Decision.id)).where(Decision.item_id.in_(period))
    for item_id, ids in session.execute(
        select(Decision.item_id, Decision.dossier_ids).where(
            Decision.id.in_(decided.group_by(Decision.item_id))
        )
    ):
        found[item_id] = tuple(str(d) for d in ids or [])
    return found


def texts(session: Session, ids: Collection[int]) -> dict[int, str]:
    """The analysed text of each item of `ids` (empty when not analysed)."""
    if not ids:
        return {}
    rows = session.execute(select(Item.id, Item.text).where(Item.id.in_(list(ids))))
    return {i: t or "" for i, t in rows}


def items_with_outcome(session: Session, ids: Collection[int]) -> dict[int, Item]:
    """Items of `ids` with their suggestions and decisions loaded (types, subject, status)."""
    if not ids:
        return {}
    query = (
        select(Item)
        .where(Item.id.in_(list(ids)))
        .options(selectinload(Item.suggestions), selectinload(Item.decisions))
    )
    return {item.id: item for item in session.scalars(query)}


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def mark(
    session: Session, name: str, item_ids: Sequence[int], actor: str, *, now: datetime
) -> tuple[Phenomenon, list[int]]:
    """Name the items a phenomenon: a new one, or the one of that name (any case or
    spacing), which gains the items it lacked. Returns it and the items added."""
    name = " ".join(name.split())[:MAX_NAME]
    if not name:
        raise ValueError("a phenomenon needs a name")
    found = session.scalars(select(Phenomenon).where(Phenomenon.name_key == name_key(name)))
    phenomenon = found.first()
    if phenomenon is None:
        phenomenon = Phenomenon(
            name=name, name_key=name_key(name), created_by=actor, created_at=now, updated_at=now
        )
        session.add(phenomenon)
        session.flush()
    held = set(
        session.scalars(
            select(PhenomenonItem.item_id).where(PhenomenonItem.phenomenon_id == phenomenon.id)
        )
    )
    added = sorted(set(item_ids) - held)
    session.add_all(
        PhenomenonItem(phenomenon_id=phenomenon.id, item_id=i, added_by=actor, added_at=now)
        for i in added
    )
    if added:
        phenomenon.updated_at = now
    session.flush()
    return phenomenon, added


def remove(session: Session, phenomenon_id: int) -> Phenomenon | None:
    """Delete a phenomenon (its items stay); None when there is none with that id."""
    phenomenon = session.get(Phenomenon, phenomenon_id)
    if phenomenon is None:
        return None
    session.execute(delete(PhenomenonItem).where(PhenomenonItem.phenomenon_id == phenomenon_id))
    session.delete(phenomenon)
    session.flush()
    return phenomenon


def phenomena_of(session: Session, item_ids: Collection[int]) -> dict[int, list[Phenomenon]]:
    """The phenomena each item of `item_ids` belongs to, by name."""
    if not item_ids:
        return {}
    out: dict[int, list[Phenomenon]] = defaultdict(list)
    for item_id, phenomenon in session.execute(
        select(PhenomenonItem.item_id, Phenomenon)
        .join(Phenomenon, Phenomenon.id == PhenomenonItem.phenomenon_id)
        .where(PhenomenonItem.item_id.in_(list(item_ids)))
        .order_by(Phenomenon.name_key)
    ):
        out[item_id].append(phenomenon)
    return dict(out)


def names_for_item(session: Session, item_id: int) -> list[str]:
    """The names of the phenomena item `item_id` belongs to (the item page's badge)."""
    return [p.name for p in phenomena_of(session, [item_id]).get(item_id, [])]


@dataclass(frozen=True)
class Listed:
    phenomenon: Phenomenon
    items: int
    last_received: datetime | None


def all_phenomena(session: Session) -> list[Listed]:
    """Every phenomenon with its number of items and newest item, most recently changed first."""
    query = (
        select(Phenomenon, func.count(PhenomenonItem.item_id), func.max(Item.received))
        .outerjoin(PhenomenonItem, PhenomenonItem.phenomenon_id == Phenomenon.id)
        .outerjoin(Item, Item.id == PhenomenonItem.item_id)
        .group_by(Phenomenon.id)
        .order_by(Phenomenon.updated_at.desc(), Phenomenon.id.desc())
    )
    return [Listed(p, n, last) for p, n, last in session.execute(query)]
