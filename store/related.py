"""Queries for duplicate signals: the stored items a new item may repeat.

`linking.duplicates` decides which are related; this module only fetches candidates:
items that are still open (not confirmed or failed), or were received within the
window, with their entities of the labels asked for. `ids_sharing_keys` finds only the
items that share one of a batch's keys (the application's keys, stored on save in
`related_keys`), at most `per_key` of them per key, so the cost per new item does not
grow with the number of stored items; `stored_items` reads them with their text and
reporter (the application leaves the reporter's details out); `open_or_recent_items`
reads them all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker

from contract.records import Entity, ItemEntities
from contract.statuses import ItemStatus
from store.models import EntityRow, Item, RelatedKey

CLOSED = (ItemStatus.CONFIRMED, ItemStatus.FAILED)
MAX_KEY_CHARS = 255
_CHUNK = 500  # ids per IN (...): well inside every backend's parameter limit


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


def replace_related_keys(session: Session, keys: Mapping[int, Iterable[str]]) -> None:
    """Make `keys[item_id]` the duplicate-signal keys of each item (caller's transaction)."""
    if not keys:
        return
    session.execute(delete(RelatedKey).where(RelatedKey.item_id.in_(list(keys))))
    rows = [
        {"item_id": item_id, "key": key}
        for item_id, item_keys in keys.items()
        for key in sorted({k[:MAX_KEY_CHARS] for k in item_keys})
    ]
    if rows:
        session.execute(insert(RelatedKey), rows)


def _candidate_condition(until: datetime, since: datetime, window: timedelta) -> Any:
    return (
        Item.received <= until,
        or_(Item.status.not_in(CLOSED), Item.received >= since - window),
    )


def ids_sharing_keys(
    sessions: sessionmaker[Session],
    keys: Collection[str],
    *,
    until: datetime,
    window: timedelta,
    since: datetime | None = None,
    exclude: Collection[int] = (),
    per_key: int = 50,
    always: Collection[str] = (),
) -> tuple[list[int], dict[str, int]]:
    """The open or recent items (as in `open_or_recent_items`) that share one of `keys`,
    ascending, and the keys more than `per_key` such items share ({key: per_key + 1}, a
    lower bound).

    A common key brings no candidates (its items share only a common value with the new
    one), except keys in `always`, which bring their `per_key` newest. Each key is one
    indexed read of at most per_key + 1 rows, newest first."""
    since = until if since is None else since
    common: dict[str, int] = {}
    found: set[int] = set()
    condition = _candidate_condition(until, since, window)
    with sessions() as session:
        for key in sorted({k[:MAX_KEY_CHARS] for k in keys}):
            query = (
                select(RelatedKey.item_id)
                .join(Item, Item.id == RelatedKey.item_id)
                .where(RelatedKey.key == key, *condition)
                .order_by(RelatedKey.item_id.desc())
                .limit(per_key + 1)
            )
            if exclude:
                query = query.where(RelatedKey.item_id.not_in(list(exclude)))
            ids = list(session.scalars(query))
            if len(ids) > per_key:
                common[key] = per_key + 1
                if key not in always:
                    continue
                ids = ids[:per_key]
            found.update(ids)
    return sorted(found), common


@dataclass(frozen=True)
class StoredItem:
    """A stored item as duplicate signals judge it: its entities with their place in the
    text, and what tells the reporter's part of the text (the application masks it)."""

    item_id: int
    received: datetime
    closed: bool
    text: str
    identities: tuple[str, ...]  # sender, reporter name and contact
    entities: tuple[Entity, ...]  # of the labels asked for, in text order


def stored_items(
    sessions: sessionmaker[Session], ids: Collection[int], labels: Collection[str]
) -> list[StoredItem]:
    """The items of `ids` that exist, ascending, with their text and entities of `labels`."""
    ids = sorted(set(ids))
    entities: dict[int, list[Entity]] = defaultdict(list)
    out = []
    with sessions() as session:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            query = (
                select(EntityRow)
                .where(EntityRow.item_id.in_(chunk), EntityRow.label.in_(list(labels)))
                .order_by(EntityRow.item_id, EntityRow.start)
            )
            for e in session.scalars(query):
                entities[e.item_id].append(
                    Entity(e.label, e.text, e.value, e.start, e.end, e.source)
                )
            rows = session.execute(
                select(
                    Item.id, Item.received, Item.status, Item.text,
                    Item.sender, Item.reporter_name, Item.reporter_contact,
                ).where(Item.id.in_(chunk)).order_by(Item.id)
            )  # fmt: skip
            out += [
                StoredItem(
                    r.id,
                    r.received,
                    r.status in CLOSED,
                    r.text or "",
                    tuple(x for x in (r.sender, r.reporter_name, r.reporter_contact) if x),
                    tuple(entities.get(r.id, ())),
                )
                for r in rows
            ]
    return out


def unkeyed_items(
    sessions: sessionmaker[Session], *, labels: Collection[str], since: datetime
) -> list[int]:
    """Open items, and closed ones received from `since`, that have entities of `labels`
    but no duplicate-signal keys: stored before migration 0011 (or by hand); the
    application computes their keys once."""
    keyed = exists().where(RelatedKey.item_id == Item.id)
    labelled = exists().where(EntityRow.item_id == Item.id, EntityRow.label.in_(list(labels)))
    recent = or_(Item.status.not_in(CLOSED), Item.received >= since)
    with sessions() as session:
        return sorted(session.scalars(select(Item.id).where(recent, ~keyed, labelled)))
