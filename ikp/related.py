"""Duplicate signals: the store's open and recent items, judged by linking.

A batch reads only the stored items that share one of its keys (linking's index keys,
kept in the store's `related_keys` on save), at most PER_KEY per key, newest first: the
cost per new item stays flat however many items are stored. Pairs a reviewer has judged
(store.pairs) are not proposed again.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence
from datetime import datetime

from contract.records import ItemEntities
from linking.duplicates import LABELS, WINDOW, RelatedItem, is_personal, related_keys
from linking.duplicates import related_for_batch as related_in_batch
from store import Store
from store.pairs import decided_pairs
from store.related import item_entities, replace_related_keys, sharing_keys, unkeyed_items

# A key shared by more open or recent items than this is common: its rarity is at most
# 2/51 = 0.04, and (unless a personal number) it brings no candidates.
PER_KEY = 50
# Stores whose open and recent items stored before migration 0011 have been given keys.
_KEYED: weakref.WeakSet[Store] = weakref.WeakSet()


def keys_of(entities: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """An item's duplicate-signal keys, as the worker stores them with its analysis."""
    return tuple(sorted(related_keys((label, value) for label, value in entities)))


def related_items(store: Store, item_id: int, *, limit: int = 5) -> list[RelatedItem]:
    """Open or recent items probably about the same case as item `item_id`, best first."""
    item = item_entities(store.sessions, item_id, LABELS)
    return related_for_batch(store, [item], limit=limit)[item_id]


def related_for_batch(
    store: Store, batch: Sequence[ItemEntities], *, limit: int = 5
) -> dict[int, list[RelatedItem]]:
    """`related_items` for every item of a worker's batch, as if the batch were stored."""
    if not batch:
        return {}
    until = max(n.received for n in batch)
    _key_older_items(store, min(n.received for n in batch))
    ids = [n.item_id for n in batch]
    keys = {k for n in batch for k in keys_of(n.entities)}
    stored, common = sharing_keys(
        store.sessions,
        keys,
        labels=LABELS,
        until=until,
        since=min(n.received for n in batch),
        window=WINDOW,
        exclude=ids,
        per_key=PER_KEY,
        always={k for k in keys if is_personal(k)},
    )
    decided = decided_pairs(store.sessions, ids)
    return related_in_batch(stored, batch, limit=limit, common=common, decided=decided)


def _key_older_items(store: Store, since: datetime) -> None:
    """Once per store and process: keys for open and recent items stored without them."""
    if store in _KEYED:
        return
    missing = unkeyed_items(store.sessions, labels=LABELS, since=since - WINDOW)
    if missing:
        with store.sessions() as session, session.begin():
            replace_related_keys(session, {i.item_id: keys_of(i.entities) for i in missing})
    _KEYED.add(store)
