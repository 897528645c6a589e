"""Open and recent items as candidates for duplicate signals (store.related, ikp.related)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ikp.related import related_items
from linking.duplicates import LABELS, WINDOW
from store.related import open_or_recent_items
from tests.store.factories import add_item_with_entities as add

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def test_couple_reported_again_a_week_later_is_related_to_the_open_item(store) -> None:
    first = add(
        store, 1, T0, "review",
        ("PERSOON", "Mohammed El Amrani"), ("PERSOON", "Fatima Bouzid"),
        ("ADRES", "Kerkstraat 12"), ("POSTCODE", "1234AB"),
    )  # fmt: skip
    add(store, 2, T0, "review", ("PERSOON", "Pieter Visser"), ("POSTCODE", "9999ZZ"))
    second = add(
        store, 3, T0 + timedelta(days=7), "queued",
        ("PERSOON", "Muhammad Elamrani"), ("PERSOON", "Fatma Bouzid"),
    )  # fmt: skip
    [related] = related_items(store, second)
    assert related.item_id == first
    assert "tweede persoon" in related.evidence


def test_closed_items_count_only_within_the_window(store) -> None:
    recent = add(store, 1, T0, "confirmed", ("V_NUMMER", "1234567890"))
    add(store, 2, T0 - timedelta(days=90), "confirmed", ("V_NUMMER", "1234567890"))
    still_open = add(store, 3, T0 - timedelta(days=90), "review", ("V_NUMMER", "1234567890"))
    past = open_or_recent_items(
        store.sessions, labels=LABELS, until=T0 + timedelta(days=3), window=WINDOW
    )
    assert sorted(p.item_id for p in past) == sorted([recent, still_open])


def test_items_received_later_are_not_candidates(store) -> None:
    earlier = add(store, 1, T0, "review", ("V_NUMMER", "1234567890"))
    later = add(store, 2, T0 + timedelta(days=1), "review", ("V_NUMMER", "1234567890"))
    assert related_items(store, earlier) == []
    assert [r.item_id for r in related_items(store, later)] == [earlier]
