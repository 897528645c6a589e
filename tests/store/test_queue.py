from __future__ import annotations

import threading
from datetime import timedelta

from store.items import add_item
from store.models import Item
from store.queue import MAX_ATTEMPTS, claim_next, record_failure
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
