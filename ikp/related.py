"""Duplicate signals: the store's open and recent items, judged by linking.

A batch reads only the stored items that share one of its keys (linking's index keys,
kept in the store's `related_keys` on save), at most PER_KEY per key, newest first: the
cost per new item stays flat however many items are stored. Pairs a reviewer has judged
(store.pairs) are not proposed again. What belongs to the reporter (their name,
address, phone, e-mail, signature: `ikp.reporter_details`) is never evidence: it is
left out of the new items' entities and keys and of every candidate's entities.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from contract.records import Analysis, Entity, ItemEntities
from ikp.reporter_details import without_reporter
from linking.duplicates import LABELS, WINDOW, RelatedItem, is_personal, related_keys
from linking.duplicates import related_for_batch as related_in_batch
from store import Store
from store.pairs import decided_pairs
from store.related import (
    StoredItem,
    ids_sharing_keys,
    replace_related_keys,
    stored_items,
    unkeyed_items,
)

# A key shared by more open or recent items than this is common: its rarity is at most
# 2/51 = 0.04, and (unless a personal number) it brings no candidates.
PER_KEY = 50
# Stores whose open and recent items stored before migration 0011 have been given keys.
_KEYED: weakref.WeakSet[Store] = weakref.WeakSet()


def keys_of(entities: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """An item's duplicate-signal keys, as the worker stores them with its analysis."""
    return tuple(sorted(related_keys((label, value) for label, value in entities)))


def evidence_entities(
    entities: Sequence[Entity], text: str, identities: Iterable[str | None]
) -> tuple[tuple[str, str], ...]:
    """(label, value) of the entities that may be evidence: of LABELS, not the reporter's."""
    return tuple(
        (e.label, e.value)
        for e in without_reporter([e for e in entities if e.label in LABELS], text, identities)
    )


def reporter_identities(
    store: Store, analyses: Mapping[int, tuple[Analysis, datetime]]
) -> dict[int, tuple[str | None, ...]]:
    """Each analysed item's reporter: known from the stored intake and the document's sender."""
    known = {s.item_id: s.identities for s in stored_items(store.sessions, analyses, ())}
    return {
        item_id: (*known.get(item_id, ()), a.document.sender)
        for item_id, (a, _) in analyses.items()
    }


def analysed_batch(
    analyses: Mapping[int, tuple[Analysis, datetime]],
    identities: Mapping[int, Iterable[str | None]],
) -> list[ItemEntities]:
    """A worker's analysed items as duplicate signals see them (`evidence_entities`)."""
    return [
        ItemEntities(
            item_id, received, evidence_entities(a.entities, a.document.text, identities[item_id])
        )
        for item_id, (a, received) in analyses.items()
    ]


def _judged(item: StoredItem) -> ItemEntities:
    entities = evidence_entities(item.entities, item.text, item.identities)
    return ItemEntities(item.item_id, item.received, entities, item.closed)


def judged_items(store: Store, item_ids: Iterable[int]) -> dict[int, ItemEntities]:
    """The stored items of `item_ids` that exist, as duplicate signals judge them (without
    the reporter's details): what a candidate is, and what a fit of the scorer must see."""
    return {s.item_id: _judged(s) for s in stored_items(store.sessions, list(item_ids), LABELS)}


def related_items(store: Store, item_id: int, *, limit: int = 5) -> list[RelatedItem]:
    """Open or recent items probably about the same case as item `item_id`, best first."""
    found = judged_items(store, [item_id])
    if not found:
        raise KeyError(f"no item {item_id}")
    return related_for_batch(store, [found[item_id]], limit=limit)[item_id]


def related_for_batch(
    store: Store, batch: Sequence[ItemEntities], *, limit: int = 5
) -> dict[int, list[RelatedItem]]:
    """`related_items` for every item of a worker's batch (its entities as
    `evidence_entities` gives them), as if the batch were stored."""
    if not batch:
        return {}
    until = max(n.received for n in batch)
    _key_older_items(store, min(n.received for n in batch))
    ids = [n.item_id for n in batch]
    keys = {k for n in batch for k in keys_of(n.entities)}
    found, common = ids_sharing_keys(
        store.sessions,
        keys,
        until=until,
        since=min(n.received for n in batch),
        window=WINDOW,
        exclude=ids,
        per_key=PER_KEY,
        always={k for k in keys if is_personal(k)},
    )
    stored = list(judged_items(store, found).values())
    decided = decided_pairs(store.sessions, ids)
    return related_in_batch(stored, batch, limit=limit, common=common, decided=decided)


def _key_older_items(store: Store, since: datetime) -> None:
    """Once per store and process: keys for open and recent items stored without them."""
    if store in _KEYED:
        return
    missing = stored_items(
        store.sessions, unkeyed_items(store.sessions, labels=LABELS, since=since - WINDOW), LABELS
    )
    if missing:
        with store.sessions() as session, session.begin():
            keys = {s.item_id: keys_of(_judged(s).entities) for s in missing}
            replace_related_keys(session, keys)
    _KEYED.add(store)
