"""store.related: open and recent items as candidates for duplicate signals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.models import EntityRow, Item
from store.related import open_or_recent_items, related_items

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def add(store, n: int, received: datetime, status: str, *entities: tuple[str, str]) -> int:
    with store.sessions() as session, session.begin():
        item = Item(
            source="email",
            source_ref=f"tip-{n}",
            content_sha256=f"{n:064d}",
            media_type="message/rfc822",
            received=received,
            status=status,
        )
        item.entities = [
            EntityRow(label=label, text=value, value=value, start=i, end=i + 1)
            for i, (label, value) in enumerate(entities)
        ]
        session.add(item)
        session.flush()
        return item.id


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
    [related] = related_items(store.sessions, second)
    assert related.item_id == first
    assert "tweede persoon" in related.evidence


def test_closed_items_count_only_within_the_window(store) -> None:
    recent = add(store, 1, T0, "confirmed", ("V_NUMMER", "1234567890"))
    add(store, 2, T0 - timedelta(days=90), "confirmed", ("V_NUMMER", "1234567890"))
    still_open = add(store, 3, T0 - timedelta(days=90), "review", ("V_NUMMER", "1234567890"))
    past = open_or_recent_items(store.sessions, now=T0 + timedelta(days=3))
    assert sorted(p.item_id for p in past) == sorted([recent, still_open])


def test_items_received_later_are_not_candidates(store) -> None:
    earlier = add(store, 1, T0, "review", ("V_NUMMER", "1234567890"))
    later = add(store, 2, T0 + timedelta(days=1), "review", ("V_NUMMER", "1234567890"))
    assert related_items(store.sessions, earlier) == []
    assert [r.item_id for r in related_items(store.sessions, later)] == [earlier]
