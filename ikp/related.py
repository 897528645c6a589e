"""Duplicate signals: the store's open and recent items, judged by linking."""

from __future__ import annotations

from collections.abc import Sequence

from contract.records import ItemEntities
from linking.duplicates import LABELS, WINDOW, RelatedItem, find_related
from linking.duplicates import related_for_batch as related_in_batch
from store import Store
from store.related import item_entities, open_or_recent_items


def related_items(store: Store, item_id: int, *, limit: int = 5) -> list[RelatedItem]:
    """Open or recent items probably about the same case as item `item_id`, best first."""
    item = item_entities(store.sessions, item_id, LABELS)
    past = open_or_recent_items(
        store.sessions, labels=LABELS, until=item.received, window=WINDOW, exclude=[item_id]
    )
    return find_related(item.entities, past, limit=limit)


def related_for_batch(
    store: Store, batch: Sequence[ItemEntities], *, limit: int = 5
) -> dict[int, list[RelatedItem]]:
    """`related_items` for every item of a worker's batch, as if the batch were stored."""
    if not batch:
        return {}
    stored = open_or_recent_items(
        store.sessions,
        labels=LABELS,
        until=max(n.received for n in batch),
        since=min(n.received for n in batch),
        window=WINDOW,
        exclude=[n.item_id for n in batch],
    )
    return related_in_batch(stored, batch, limit=limit)
