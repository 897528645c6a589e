"""Phenomena: the store's items of a period, their shared values, clustered by linking.

Here the stages meet: an item's values are the search keys of its entities
(`ikp.search.entity_keys`: nlp's normalised identifiers, street + house number, postcode
+ house number), linking's organisation key of its organisations, and its dossiers;
`linking.phenomena` clusters them. What belongs to the reporter never connects items:
an entity inside the part of the text the reporter mask covers (the reporter's own name,
address, phone number, e-mail, signature) is left out, so one person reporting ten tips
is no phenomenon, and a cluster never tells a masked role who reported what.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from contract.records import Entity, ItemEntities
from ikp.reporter_details import without_reporter
from ikp.search import entity_keys
from linking.names import organisation_key
from linking.phenomena import KINDS, Cluster, clusters, connecting
from store import Store
from store.phenomena import items_in_period, texts

# The labels whose entities give values (POSTCODE for postcode + house number).
LABELS = (
    "ADRES", "POSTCODE", "TELEFOON", "EMAIL", "IBAN", "KVK", "KENTEKEN", "ORGANISATIE",
    "V_NUMMER", "BSN", "DOCUMENTNUMMER",
)  # fmt: skip
HISTORY = timedelta(weeks=52)  # a cluster counts the items of the year before
MIN_SIZE = 3  # two items sharing a value are a duplicate signal, shown on the item page


def item_values(entities: Sequence[Entity], dossiers: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """An item's (kind, value) pairs of linking.phenomena.KINDS."""
    values = set()
    for key in entity_keys(entities):
        kind, _, value = key.partition(":")
        if kind in KINDS:
            values.add((kind, value))
    for e in entities:
        if e.label == "ORGANISATIE" and (key := organisation_key(e.value)):
            values.add(("ORGANISATIE", key))
    values |= {("DOSSIER", d) for d in dossiers}
    return tuple(sorted(values))


def period_items(store: Store, since: datetime, until: datetime) -> list[ItemEntities]:
    """The items received in [since, until) with their values, the reporter's left out."""
    with store.reading() as session:
        period = items_in_period(session, since, until, LABELS)
        values = [
            ItemEntities(p.item_id, p.received, item_values(p.entities, p.dossiers)) for p in period
        ]
        # Masking costs a pass over the text: only items holding a connecting value need
        # it. Masking them can make a value common before connecting (a reporter's number
        # in many signatures, left on a few items): so again, until no item holding a
        # connecting value is unmasked.
        masked: set[int] = set()
        while todo := {i for ids in connecting(values).values() for i in ids} - masked:
            text_of = texts(session, todo)
            values = [
                ItemEntities(
                    p.item_id,
                    p.received,
                    item_values(
                        without_reporter(p.entities, text_of[p.item_id], p.identities),
                        p.dossiers,
                    ),
                )
                if p.item_id in todo
                else v
                for p, v in zip(period, values, strict=True)
            ]
            masked |= todo
    return values


def find_clusters(
    store: Store,
    *,
    until: datetime,
    since: datetime,
    history: timedelta = HISTORY,
    min_size: int = MIN_SIZE,
) -> list[Cluster]:
    """Clusters of the items received in the `history` before `until`; the items received
    on or after `since` are each cluster's new ones. Those with new items first."""
    items = period_items(store, until - history, until)
    return clusters(items, since=since, min_size=min_size)


def grown(found: Sequence[Cluster]) -> list[Cluster]:
    """The clusters with new items."""
    return [c for c in found if c.new]
