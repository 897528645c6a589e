"""ikp.related.related_for_batch: a worker's batch gets what related_items gives each item."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from contract.records import ItemEntities
from ikp.related import related_for_batch, related_items
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
    expected = {new.item_id: related_items(store, new.item_id) for new in batch}
    assert found == expected
    assert sum(len(r) for r in expected.values()) >= 10, "the data must produce proposals"
