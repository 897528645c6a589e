"""Pairs reviewers judged ("Zelfde zaak" / "Andere zaak") as labelled data for the
duplicate fit: `python -m research.linking.duplicates --reviewed DATABASE_URL`.

`store.pairs.labelled_pairs` exports each judged pair with both items' entities; here each
pair gets the evidence and rarity the served code would give it now: the later item's
keys, and each key's document frequency among the open and recent items that share it at
the later item's receipt (read as `ikp.related` reads them, at most PER_KEY per key). Both
items and that population are read as the served code judges them: the reporter's own
details are never evidence (`ikp.related.judged_items`).
"""

from __future__ import annotations

from pathlib import Path

from ikp.related import PER_KEY, judged_items
from ikp.related import keys_of as related_keys_of
from linking.duplicates import LABELS, WINDOW, evidence_with_keys, key_text, keys_of, line_rarity
from linking.duplicates import _index_keys as index_keys
from store import Store
from store.pairs import labelled_pairs
from store.related import ids_sharing_keys

Scored = list[tuple[str, float]]


def reviewed_pairs(store: Store) -> list[tuple[Scored, bool]]:
    """(evidence with rarity, same case?) of every judged pair; pairs that share nothing
    the keys see (a reviewer may link items the scorer never proposed) are left out."""
    out = []
    pairs = labelled_pairs(store.sessions, LABELS)
    judged = judged_items(store, {i.item_id for p in pairs for i in (p.earlier, p.later)})
    for pair in pairs:
        earlier, later_item = judged[pair.earlier.item_id], judged[pair.later.item_id]
        later = keys_of(later_item.entities)
        ids, common = ids_sharing_keys(
            store.sessions,
            related_keys_of(later_item.entities),
            until=later_item.received,
            window=WINDOW,
            exclude=[later_item.item_id],
            per_key=PER_KEY,
        )
        df = dict.fromkeys(index_keys(later), 1)
        for item in judged_items(store, ids).values():
            for key in index_keys(later) & index_keys(keys_of(item.entities)):
                df[key] += 1
        for key in df:
            df[key] = max(df[key], common.get(key_text(key), 0))
        evidence = evidence_with_keys(later, keys_of(earlier.entities))
        if evidence:
            out.append(([(line, line_rarity(k, df)) for line, k in evidence], pair.same))
    return out


def read(database_url: str, data_dir: Path) -> list[tuple[Scored, bool]]:
    """`reviewed_pairs` of the store at `database_url` (its blob store in `data_dir`)."""
    with Store(database_url, data_dir) as store:
        return reviewed_pairs(store)
