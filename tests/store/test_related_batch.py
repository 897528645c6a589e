"""ikp.related.related_for_batch: a worker's batch, reading only the stored items that share
a key with it, gets what comparing each item with every open or recent item gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from contract.records import ItemEntities
from ikp.related import PER_KEY, related_for_batch, related_items
from linking.duplicates import LABELS, WINDOW, find_related
from store.pairs import DIFFERENT, SAME, record_verdict
from store.related import item_entities, open_or_recent_items
from tests.store.factories import add_item_with_entities as add

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
# Fictional values that collide on purpose: shared surnames, addresses and numbers.
PEOPLE = ["Mohammed El Amrani", "Muhammad Elamrani", "Fatima Bouzid", "Fatma Bouzid", "P. Visser"]
ADDRESSES = ["Kerkstraat 12", "Kerkstr. 12", "Dorpsstraat 4"]
VALUES = [
    ("V_NUMMER", "1234567890"),
    ("TELEFOON", "0612345678"),
    ("POSTCODE", "1234AB"),
    ("ORGANISATIE", "Bouwbedrijf De Toekomst B.V."),
    ("GEBOORTEDATUM", "1980-01-01"),
]


def entities_of(rng: random.Random) -> list[tuple[str, str]]:
    found = [("PERSOON", p) for p in rng.sample(PEOPLE, rng.randint(0, 2))]
    found += [("ADRES", a) for a in rng.sample(ADDRESSES, rng.randint(0, 1))]
    found += rng.sample(VALUES, rng.randint(0, 2))
    return found


def test_a_batch_gets_the_same_proposals_as_each_item_alone(store) -> None:
    rng = random.Random(7)
    for n in range(40):  # earlier items: open and closed, recent and old
        received = T0 - timedelta(days=rng.choice([0, 1, 10, 29, 31, 60]))
        status = rng.choice(["review", "confirmed", "failed", "queued"])
        add(store, n, received, status, *entities_of(rng))
    batch = []
    for n in range(40, 56):  # the batch, stored as it will be once saved (in review)
        received = T0 + timedelta(hours=rng.choice([0, 0, 1, 2]))
        entities = entities_of(rng)
        batch.append(
            ItemEntities(add(store, n, received, "review", *entities), received, tuple(entities))
        )
    found = related_for_batch(store, batch)
    expected = {new.item_id: every_open_item(store, new.item_id) for new in batch}
    assert found == expected
    assert {new.item_id: related_items(store, new.item_id) for new in batch} == expected
    assert sum(len(r) for r in expected.values()) >= 10, "the data must produce proposals"


def every_open_item(store, item_id: int):  # type: ignore[no-untyped-def]
    """The proposals when the item is compared with every open or recent stored item."""
    item = item_entities(store.sessions, item_id, LABELS)
    past = open_or_recent_items(
        store.sessions, labels=LABELS, until=item.received, window=WINDOW, exclude=[item_id]
    )
    return find_related(item.entities, past)


def test_a_common_value_brings_no_candidates_but_a_personal_number_its_newest(store) -> None:
    firm = ("ORGANISATIE", "Bouwbedrijf De Toekomst B.V.")
    # more open items name the firm, or give the V-nummer, than are read per key
    firm_only = [add(store, n, T0 - timedelta(hours=n), "review", firm) for n in range(PER_KEY + 5)]
    by_number = [
        add(store, 100 + n, T0 - timedelta(days=1), "review", ("V_NUMMER", "1234567890"))
        for n in range(PER_KEY + 5)
    ]
    pairs = related_items(store, add(store, 200, T0, "review", firm, ("V_NUMMER", "1234567890")))
    found = {r.item_id for r in pairs}
    assert not found & set(firm_only)
    # a personal number counts however common: its newest PER_KEY items are candidates
    newest = sorted(by_number)[-PER_KEY:]
    assert found == set(newest[:5]), "five of the newest (equal scores: lowest id first)"
    every = {r.item_id for r in related_items_limitless(store, max(by_number) + 1)}
    assert every == set(newest)


def related_items_limitless(store, item_id: int):  # type: ignore[no-untyped-def]
    return related_items(store, item_id, limit=10 * PER_KEY)


def test_a_judged_pair_is_not_proposed_again(store, clock) -> None:
    first = add(store, 1, T0, "review", ("V_NUMMER", "1234567890"), ("PERSOON", "Fatima Bouzid"))
    second = add(store, 2, T0, "review", ("V_NUMMER", "1234567890"), ("PERSOON", "Fatma Bouzid"))
    third = add(store, 3, T0, "review", ("V_NUMMER", "1234567890"))
    assert {r.item_id for r in related_items(store, third)} == {first, second}
    record_verdict(store.sessions, third, first, DIFFERENT, "anna", now=clock.now)
    record_verdict(store.sessions, second, third, SAME, "anna", now=clock.now)
    assert related_items(store, third) == []
    assert [r.item_id for r in related_items(store, second)] == [first]
