"""Queries for duplicate signals: the open and recent items a new item may repeat.

`linking.duplicates.find_related` decides; this module only fetches candidates: items
that are still open (not confirmed or failed), or were received within the window,
with their entities of the labels duplicate signals read.

`related_for_batch` serves a worker's whole batch with one query: each past item's
keys are computed once and indexed, so a new item is compared only with the
items it shares a key with (the others have no evidence in common with it), and
scored as `find_related` scores it, from the keys computed once. The keys of an
item's entities (phonetic name keys among them) are also kept between batches, so
the open items are not keyed again for every batch.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from contract.statuses import ItemStatus
from linking.duplicates import (
    LABELS,
    MIN_SCORE,
    WEIGHTS,
    WINDOW,
    PastItem,
    RelatedItem,
    evidence_between,
    find_related,
    keys_of,
)
from store.models import EntityRow, Item

if TYPE_CHECKING:
    from linking.duplicates import _Keys  # what keys_of returns

CLOSED = (ItemStatus.CONFIRMED, ItemStatus.FAILED)


@functools.lru_cache(maxsize=16384)
def _keys(entities: tuple[tuple[str, str], ...]) -> _Keys:
    """`keys_of`, kept: it depends on the entities alone. Callers must not change the result."""
    return keys_of(entities)


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


@dataclass(frozen=True)
class NewItem:
    """An item of a worker's batch, with the entities just found (not yet stored)."""

    item_id: int
    received: datetime
    entities: tuple[tuple[str, str], ...]  # (label, value), in text order


def related_for_batch(
    sessions: sessionmaker[Session],
    batch: Sequence[NewItem],
    *,
    window: timedelta = WINDOW,
    limit: int = 5,
) -> dict[int, list[RelatedItem]]:
    """`related_items` for every item of a batch, as if the whole batch were stored."""
    if not batch:
        return {}
    ids = {n.item_id for n in batch}
    latest = max(n.received for n in batch)
    earliest = min(n.received for n in batch)
    condition = or_(Item.status.not_in(CLOSED), Item.received >= earliest - window)
    query = (
        select(Item.id, Item.received, Item.status, EntityRow.label, EntityRow.value)
        .join(EntityRow, EntityRow.item_id == Item.id)
        .where(condition, EntityRow.label.in_(LABELS), Item.received <= latest)
        .order_by(Item.id, EntityRow.start)
    )
    stored: dict[int, tuple[datetime, bool, list[tuple[str, str]]]] = {}
    with sessions() as session:
        for item_id, received, status, label, value in session.execute(query):
            if item_id not in ids:
                stored.setdefault(item_id, (received, status in CLOSED, []))[2].append(
                    (label, value)
                )
    candidates = [(PastItem(i, r, tuple(e)), closed) for i, (r, closed, e) in stored.items()]
    # The batch's own items will be open (in review) once stored.
    candidates += [
        (PastItem(n.item_id, n.received, tuple(e for e in n.entities if e[0] in LABELS)), False)
        for n in batch
    ]
    keys = [_keys(past.entities) for past, _ in candidates]
    by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for position, past_keys in enumerate(keys):
        for key in _index_keys(past_keys):
            by_key[key].append(position)
    result = {}
    for new in batch:
        new_keys = _keys(tuple(new.entities))
        found = {p for key in _index_keys(new_keys) for p in by_key.get(key, ())}
        related = []
        for p in found:
            past, closed = candidates[p]
            if not _candidate(past, closed, new, window):
                continue
            evidence = evidence_between(new_keys, keys[p])
            miss = 1.0
            for line in evidence:
                miss *= 1 - _weight(line)
            if (score := round(1 - miss, 2)) >= MIN_SCORE:
                related.append(RelatedItem(past.item_id, score, tuple(evidence)))
        related.sort(key=lambda r: (-r.score, r.item_id))
        result[new.item_id] = related[:limit]
    return result


def _weight(line: str) -> float:
    """As linking.duplicates weighs a line of evidence ("adres (straat)" has its own)."""
    return WEIGHTS[line] if line in WEIGHTS else WEIGHTS[line.split(" ")[0]]


def _candidate(past: PastItem, closed: bool, new: NewItem, window: timedelta) -> bool:
    """The conditions of `open_or_recent_items` for `new` (now = its received time)."""
    return (
        past.item_id != new.item_id
        and past.received <= new.received
        and (not closed or past.received >= new.received - window)
    )


def _index_keys(keys: _Keys) -> set[tuple[str, ...]]:
    """Keys two items must share for `evidence_between` to find anything."""
    found: set[tuple[str, ...]] = {("id", label, value) for label, value in keys.identifiers}
    found |= {("person", surname) for person in keys.persons for surname, _ in person if surname}
    found |= {("address", a) for a in keys.addresses}
    found |= {("organisation", o) for o in keys.organisations}
    return found
