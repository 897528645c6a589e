"""store.outbox on both databases: rows written by confirm, leases, retries, give-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store.outbox import (
    FAILED,
    PENDING,
    SENT,
    claim_next,
    forward_of,
    mark_sent,
    messages_of,
    record_failure,
    retry_failed,
    state_counts,
)
from store.review import DecisionInput, ReviewError, confirm
from tests.review.factories import seed_item

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def decision(primary: str = "primair_proces", inform: tuple[str, ...] = ("hik",)) -> DecisionInput:
    return DecisionInput(("schijnhuwelijk",), ("D-000101",), (), primary, inform, "hoog", None)


def test_confirming_queues_one_message_per_destination(store):
    item_id = seed_item(store, n=1)
    confirm(store.sessions, item_id, "anna", decision(inform=("hik", "emm", "hik")), now=NOW)
    with store.sessions() as session:
        rows = messages_of(session, item_id)
    assert [(r.destination, r.role, r.status) for r in rows] == [
        ("primair_proces", "primary", PENDING),
        ("hik", "inform", PENDING),
        ("emm", "inform", PENDING),
    ]
    assert len({r.message_id for r in rows}) == 3


def test_a_refused_confirmation_queues_nothing(store):
    item_id = seed_item(store, n=1)
    confirm(store.sessions, item_id, "anna", decision(), now=NOW)
    with pytest.raises(ReviewError):
        confirm(store.sessions, item_id, "anna", decision(inform=("emm",)), now=NOW)
    with store.sessions() as session:
        assert [r.destination for r in messages_of(session, item_id)] == ["primair_proces", "hik"]


def test_a_claimed_message_is_taken_over_only_after_its_lease(store):
    item_id = seed_item(store, n=1)
    confirm(store.sessions, item_id, "anna", decision(inform=()), now=NOW)
    lease = timedelta(seconds=90)
    first = claim_next(store.sessions, "s1", lease=lease, now=NOW)
    assert first is not None and first.attempt == 1
    assert claim_next(store.sessions, "s2", lease=lease, now=NOW + timedelta(seconds=89)) is None
    again = claim_next(store.sessions, "s2", lease=lease, now=NOW + timedelta(seconds=91))
    assert again is not None
    assert (again.id, again.message_id, again.attempt) == (first.id, first.message_id, 2)
    assert mark_sent(store.sessions, again, "s2", "team@ind.example")
    assert claim_next(store.sessions, "s3", now=NOW + timedelta(hours=5)) is None
    with store.sessions() as session:
        assert state_counts(session) == {SENT: 1}


def test_a_failed_send_is_retried_with_backoff_then_given_up(store):
    item_id = seed_item(store, n=1)
    confirm(store.sessions, item_id, "anna", decision(inform=()), now=NOW)
    moment = NOW
    base = timedelta(seconds=30)
    for attempt in range(1, 4):
        claim = claim_next(store.sessions, "s1", now=moment)
        assert claim is not None and claim.attempt == attempt
        status = record_failure(
            store.sessions, claim, "s1", "refused", base=base, max_attempts=3, now=moment
        )
        if attempt < 3:
            assert status == PENDING
            wait = base * 2 ** (attempt - 1)
            assert (
                claim_next(store.sessions, "s1", now=moment + wait - timedelta(seconds=1)) is None
            )
            moment += wait
    assert status == FAILED
    assert claim_next(store.sessions, "s1", now=moment + timedelta(days=1)) is None
    assert retry_failed(store.sessions, item_id, "carla") == 1
    claim = claim_next(store.sessions, "s1", now=moment + timedelta(days=1))
    assert claim is not None and claim.attempt == 1


def test_the_message_carries_its_own_decision_not_a_later_one(store):
    item_id = seed_item(store, n=1)
    confirm(store.sessions, item_id, "anna", decision(inform=()), now=NOW)
    claim = claim_next(store.sessions, "s1", now=NOW)
    fwd = forward_of(store.sessions, claim)
    assert fwd is not None
    assert (fwd.signal_types, fwd.dossier_ids, fwd.primary, fwd.priority) == (
        ["schijnhuwelijk"],
        ["D-000101"],
        "primair_proces",
        "hoog",
    )
    assert fwd.due == "2026-11-30"  # the item's deadline when the decision keeps it
