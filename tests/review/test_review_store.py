"""store.review on both databases: claims, the queue query and confirmations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from store.models import Item, Suggestion
from store.review import (
    DecisionInput,
    QueueFilter,
    ReviewError,
    claim,
    confirm,
    queue_page,
    release,
)
from tests.review.factories import seed_item

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
DECISION = DecisionInput(
    ("schijnhuwelijk",), ("D-000101",), (), "primair_proces", ("hik",), "normaal", None
)


def test_a_claim_locks_out_others_until_it_runs_out(store):
    item_id = seed_item(store, n=1)
    claim(store.sessions, item_id, "anna", hold=timedelta(minutes=15), now=NOW)
    with pytest.raises(ReviewError, match="anna"):
        claim(store.sessions, item_id, "bram", now=NOW + timedelta(minutes=14))
    with pytest.raises(ReviewError, match="anna"):
        confirm(store.sessions, item_id, "bram", DECISION, now=NOW + timedelta(minutes=14))
    claim(store.sessions, item_id, "bram", now=NOW + timedelta(minutes=16))
    with store.sessions() as session:
        assert session.get(Item, item_id).claimed_by == "bram"


def test_release_frees_only_ones_own_claim(store):
    item_id = seed_item(store, n=1)
    claim(store.sessions, item_id, "anna")
    release(store.sessions, item_id, "bram")
    with store.sessions() as session:
        assert session.get(Item, item_id).claimed_by == "anna"
    release(store.sessions, item_id, "anna")
    claim(store.sessions, item_id, "bram")


def test_a_confirmed_item_cannot_be_confirmed_again(store):
    item_id = seed_item(store, n=1)
    confirm(store.sessions, item_id, "anna", DECISION)
    with pytest.raises(ReviewError, match="confirmed"):
        confirm(store.sessions, item_id, "anna", DECISION)


def test_queue_query_filters_type_and_orders_by_due_then_priority(store):
    later = seed_item(store, n=1, due=date(2026, 11, 30), types=(("mensenhandel", 0.8),))
    urgent = seed_item(store, n=2, due=date(2026, 11, 30), priority="spoed")
    first = seed_item(store, n=3, due=date(2026, 11, 20))
    with store.sessions() as session:
        page = queue_page(session, QueueFilter(), today=date(2026, 11, 23))
        typed = queue_page(
            session, QueueFilter(signal_type="mensenhandel"), today=date(2026, 11, 23)
        )
        overdue = queue_page(session, QueueFilter(overdue=True), today=date(2026, 11, 23))
    assert [r.id for r in page.rows] == [first, urgent, later]
    assert page.rows[0].days_left == -3 and page.total == 3
    assert [r.id for r in typed.rows] == [later]
    assert [r.id for r in overdue.rows] == [first]


def test_type_filter_follows_the_newest_suggestion(store):
    item_id = seed_item(store, n=1, types=(("mensenhandel", 0.8),))
    with store.sessions() as session, session.begin():  # analysed again, another outcome
        item = session.get(Item, item_id)
        item.suggestions.append(
            Suggestion(
                model_version="signals-test-2",
                signal_types=[{"code": "schijnhuwelijk", "score": 0.7, "why": []}],
                scores={},
                dossier_links=[],
                routing={},
            )
        )
    with store.sessions() as session:
        old = queue_page(session, QueueFilter(signal_type="mensenhandel"))
        new = queue_page(session, QueueFilter(signal_type="schijnhuwelijk"))
    assert old.total == 0
    assert [r.id for r in new.rows] == [item_id] and new.rows[0].signal_types == ["schijnhuwelijk"]
