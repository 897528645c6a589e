"""Phenomena: items connected through values they share form clusters.

Ten signals about one address, one phone number, one bank account or one sponsor over
three months are a phenomenon before any one of them looks like much. Two items are
connected when they share a value of a kind in KINDS; a cluster is a connected component
(a chain A-B over a phone number and B-C over an address is one cluster A, B, C).

Common values connect nothing. As in duplicate detection (`linking.duplicates.rarity`),
how telling a shared value is depends on how many items hold it: a phone number, e-mail
address, street address or organisation name held by more than `common_limit(n)` of the
n items is a common value (the IND, a municipality, a switchboard, a web form's address)
and is left out. Numbers of one person, company, account or vehicle (duplicates'
PERSONAL_IDS) and linked dossiers connect however many items hold them: forty tips about
one IBAN are one phenomenon, not a common value.

The values come normalised: each item's `entities` are (kind, key) pairs as the
application computes them from the stored entities (nlp's normalised identifiers, the
search's address keys, linking's organisation key, dossier ids).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from contract.records import ItemEntities
from linking.duplicates import PERSONAL_IDS, rarity

# Kinds of shared value that connect items. ADRES is street + house number, PCHN postcode
# + house number; DOSSIER a linked register dossier (person D-..., organisation R-...).
KINDS = (
    "ADRES", "PCHN", "TELEFOON", "EMAIL", "IBAN", "KVK", "KENTEKEN", "ORGANISATIE",
    "DOSSIER", "V_NUMMER", "BSN", "DOCUMENTNUMMER",
)  # fmt: skip
ALWAYS = (*PERSONAL_IDS, "DOSSIER")
# A value is common when more than max(MIN_COMMON, COMMON_SHARE * n) items hold it, and
# in any case when more than MAX_COMMON do.
MIN_COMMON = 10
COMMON_SHARE = 0.01
MAX_COMMON = 100


def common_limit(n: int) -> int:
    """The most items a rarity-weighed value may be shared by and still connect them."""
    return min(MAX_COMMON, max(MIN_COMMON, round(COMMON_SHARE * n)))


@dataclass(frozen=True)
class SharedValue:
    kind: str
    value: str
    items: tuple[int, ...]  # the cluster's items that hold it, ascending
    rarity: float  # duplicates' rarity: 1 when two items hold it, 2/df for df items


@dataclass(frozen=True)
class Cluster:
    items: tuple[int, ...]  # ascending; items[0] names the cluster
    shared: tuple[SharedValue, ...]  # the values that connect them, most items first
    new: tuple[int, ...]  # items received on or after `since`
    first: datetime
    last: datetime

    @property
    def anchor(self) -> int:
        return self.items[0]


def connecting(items: Sequence[ItemEntities]) -> dict[tuple[str, str], list[int]]:
    """Each value of a kind in KINDS that connects items (held by two or more, not common),
    with the items that hold it."""
    holders: dict[tuple[str, str], set[int]] = defaultdict(set)
    for item in items:
        for kind, value in item.entities:
            if kind in KINDS and value:
                holders[(kind, value)].add(item.item_id)
    limit = common_limit(len(items))
    return {
        key: sorted(ids)
        for key, ids in holders.items()
        if len(ids) >= 2 and (key[0] in ALWAYS or len(ids) <= limit)
    }


def clusters(
    items: Sequence[ItemEntities], *, since: datetime | None = None, min_size: int = 2
) -> list[Cluster]:
    """Connected components of at least `min_size` items over the connecting values,
    those with the most new items (received on or after `since`) first, then the largest."""
    values = connecting(items)
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]  # path halving
            i = parent[i]
        return i

    for ids in values.values():
        first = root(ids[0])
        for other in ids[1:]:
            parent[root(other)] = first
    members: dict[int, list[int]] = defaultdict(list)
    for item_id in parent:
        members[root(item_id)].append(item_id)
    shared: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for key, ids in values.items():
        shared[root(ids[0])].append(key)
    received = {i.item_id: i.received for i in items}
    found = []
    for head, ids in members.items():
        if len(ids) < min_size:
            continue
        ids.sort()
        found.append(
            Cluster(
                items=tuple(ids),
                shared=_shared(shared[head], values),
                new=tuple(i for i in ids if since is not None and received[i] >= since),
                first=min(received[i] for i in ids),
                last=max(received[i] for i in ids),
            )
        )
    found.sort(key=lambda c: (-len(c.new), -len(c.items), c.anchor))
    return found


def _shared(
    keys: Iterable[tuple[str, str]], values: dict[tuple[str, str], list[int]]
) -> tuple[SharedValue, ...]:
    out = [SharedValue(k, v, tuple(values[(k, v)]), rarity(len(values[(k, v)]))) for k, v in keys]
    out.sort(key=lambda s: (-len(s.items), s.kind, s.value))
    return tuple(out)
