"""Queries for duplicate signals: the stored items a new item may repeat.

`linking.duplicates` decides which are related; this module only fetches candidates:
items that are still open (not confirmed or failed), or were received within the
window, with their entities of the labels asked for.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from contract.records import ItemEntities
from contract.statuses import ItemStatus
from store.models import EntityRow, Item

CLOSED = (ItemStatus.CONFIRMED, ItemStatus.FAILED)


def open_or_recent_items(
    sessions: sessionmaker[Session],
    *,
    labels: Collection[str],
    until: datetime,
    window: timedelta,
    since: datetime | None = None,
    exclude: Collection[int] = (),
) -> list[ItemEntities]:
    """Items received up to `until` that are open, or closed but received within
    `window` before `since` (default `until`); entities of `labels` only, in text order."""
    since = until if since is None else since
    condition = or_(Item.status.not_in(CLOSED), Item.received >= since - window)
    query = (
        select(Item.id, Item.received, Item.status, EntityRow.label, EntityRow.value)
        .join(EntityRow, EntityRow.item_id == Item.id)
        .where(condition, EntityRow.label.in_(list(labels)), Item.received <= until)
        .order_by(Item.id, EntityRow.start)
    )
    if exclude:
        query = query.where(Item.id.not_in(list(exclude)))
    found: dict[int, tuple[datetime, bool, list[tuple[str, str]]]] = {}
    with sessions() as session:
        for item_id, received, status, label, value in session.execute(query):
            found.setdefault(item_id, (received, status in CLOSED, []))[2].append((label, value))
    return [ItemEntities(i, r, tuple(e), closed) for i, (r, closed, e) in found.items()]


def item_entities(
    sessions: sessionmaker[Session], item_id: int, labels: Collection[str]
) -> ItemEntities:
    """One stored item's entities of `labels`; KeyError when there is no such item."""
    with sessions() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise KeyError(f"no item {item_id}")
        entities = tuple((e.label, e.value) for e in item.entities if e.label in labels)
        return ItemEntities(item.id, item.received, entities, item.status in CLOSED)
