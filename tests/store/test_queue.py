from __future__ import annotations

import threading
from datetime import timedelta

from store.items import add_item
from store.models import Item
from store.queue import MAX_ATTEMPTS, claim_batch, claim_next, record_failure, renew_leases
from tests.store.factories import mail_bytes, mail_intake


def enqueue(store, n: int) -> list[int]:
    ids = []
    for i in range(n):
        raw = mail_bytes(message_id=f"<m{i}@x>")
        ids.append(add_item(store.sessions, store.blobs, mail_intake(raw, f"m{i}@x")).id)
    return ids


def test_workers_never_claim_the_same_item(store):
    ids = enqueue(store, 20)
    claimed: list[int] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while (claim := claim_next(store.sessions, name)) is not None:
            with lock:
                claimed.append(claim.item_id)

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == ids


def test_a_dead_workers_item_is_taken_over_after_its_lease(store):
    [item_id] = enqueue(store, 1)
    first = claim_next(store.sessions, "dies", lease=timedelta(seconds=30))
    assert first is not None and first.item_id == item_id
    assert claim_next(store.sessions, "other") is None
    with store.sessions() as s:
        locked_until = s.get(Item, item_id).locked_until
    later = claim_next(store.sessions, "other", now=locked_until + timedelta(seconds=1))
    assert later is not None and later.item_id == item_id and later.attempt == 2


def test_failures_back_off_then_mark_failed_with_reason(store):
    [item_id] = enqueue(store, 1)
    status = None
    moment = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claim = claim_next(store.sessions, "w", now=moment)
        assert claim is not None and claim.attempt == attempt
        status = record_failure(store.sessions, item_id, "w", "boom")
        with store.sessions() as s:
            item = s.get(Item, item_id)
        if status == "queued":
            assert claim_next(store.sessions, "w") is None  # not before the backoff
            moment = item.next_attempt_at + timedelta(seconds=1)
    assert status == "failed"
    with store.sessions() as s:
        item = s.get(Item, item_id)
    assert item.status == "failed" and item.error == "boom"
    assert claim_next(store.sessions, "w", now=moment) is None


def test_a_failed_item_does_not_block_the_others(store):
    ids = enqueue(store, 2)
    claim = claim_next(store.sessions, "w")
    record_failure(store.sessions, claim.item_id, "w", "bad")
    nxt = claim_next(store.sessions, "w")
    assert nxt is not None and nxt.item_id == ids[1]


def test_batches_of_concurrent_workers_never_overlap(store):
    ids = enqueue(store, 30)
    claimed: list[tuple[str, list[int]]] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while claims := claim_batch(store.sessions, name, 4):
            with lock:
                claimed.append((name, [c.item_id for c in claims]))

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(i for _, batch in claimed for i in batch) == ids
    assert all(1 <= len(batch) <= 4 and batch == sorted(batch) for _, batch in claimed)
    with store.sessions() as s:
        items = {i.id: i for i in s.query(Item)}
    for name, batch in claimed:
        assert all(items[i].locked_by == name and items[i].attempts == 1 for i in batch)


def test_a_batch_takes_the_oldest_due_items_and_counts_their_attempts(store):
    ids = enqueue(store, 5)
    first = claim_batch(store.sessions, "w", 3)
    assert [(c.item_id, c.attempt) for c in first] == [(i, 1) for i in ids[:3]]
    record_failure(store.sessions, ids[0], "w", "boom")  # waits for its backoff
    assert [c.item_id for c in claim_batch(store.sessions, "w", 10)] == ids[3:]
    assert claim_batch(store.sessions, "w", 10) == []


def test_a_heartbeat_keeps_the_lease_and_stops_when_it_is_lost(store):
    [item_id] = enqueue(store, 1)
    claim_next(store.sessions, "w", lease=timedelta(seconds=30))
    with store.sessions() as s:
        first_until = s.get(Item, item_id).locked_until
    moment = first_until - timedelta(seconds=5)
    assert (
        renew_leases(store.sessions, "w", [item_id], lease=timedelta(seconds=30), now=moment) == 1
    )
    with store.sessions() as s:
        renewed = s.get(Item, item_id).locked_until
    assert renewed == moment + timedelta(seconds=30) > first_until
    assert claim_next(store.sessions, "other", now=first_until + timedelta(seconds=1)) is None
    assert renew_leases(store.sessions, "other", [item_id]) == 0, "only the holder renews"
    later = renewed + timedelta(seconds=1)
    taken = claim_next(store.sessions, "other", now=later)
    assert taken is not None and taken.attempt == 2
    assert renew_leases(store.sessions, "w", [item_id], now=later) == 0, "lost is lost"
