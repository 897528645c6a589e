"""Queries for duplicate signals: the open and recent items a new item may repeat.

`linking.duplicates.find_related` decides; this module only fetches candidates: items
that are still open (not confirmed or failed), or were received within the window,
with their entities of the labels duplicate signals read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from linking.duplicates import LABELS, WINDOW, PastItem, RelatedItem, find_related
from store.models import EntityRow, Item

CLOSED = ("confirmed", "failed")


def open_or_recent_items(
    sessions: sessionmaker[Session],
    *,
    now: datetime,
    window: timedelta = WINDOW,
    exclude: int | None = None,
) -> list[PastItem]:
    """Open items, and closed ones received within `window` before `now`."""
    condition = or_(Item.status.not_in(CLOSED), Item.received >= now - window)
    query = (
        select(Item.id, Item.received, EntityRow.label, EntityRow.value)
        .join(EntityRow, EntityRow.item_id == Item.id)
        .where(condition, EntityRow.label.in_(LABELS), Item.received <= now)
        .order_by(Item.id, EntityRow.start)
    )
    if exclude is not None:
        query = query.where(Item.id != exclude)
    items: dict[int, tuple[datetime, list[tuple[str, str]]]] = {}
    with sessions() as session:
        for item_id, received, label, value in session.execute(query):
            items.setdefault(item_id, (received, []))[1].append((label, value))
    return [PastItem(i, received, tuple(e)) for i, (received, e) in items.items()]


def related_items(
    sessions: sessionmaker[Session], item_id: int, *, window: timedelta = WINDOW, limit: int = 5
) -> list[RelatedItem]:
    """Open or recent items probably about the same case as item `item_id`, best first."""
    with sessions() as session:
        item = session.get(Item, item_id)
        if item is None:
            raise KeyError(f"no item {item_id}")
        received = item.received
        entities = [(e.label, e.value) for e in item.entities if e.label in LABELS]
    past = open_or_recent_items(sessions, now=received, window=window, exclude=item_id)
    return find_related(entities, past, limit=limit)
