"""store.related on both databases: the duplicate-signal keys kept on save, and the
candidates read by them (at most per_key per key, open or recent, earlier only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from ikp.related import keys_of
from linking.duplicates import LABELS, WINDOW
from store.models import Item, RelatedKey
from store.related import (
    MAX_KEY_CHARS,
    ids_sharing_keys,
    replace_related_keys,
    stored_items,
    unkeyed_items,
)
from tests.store.factories import add_item_with_entities as add

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
NUMBER = ("V_NUMMER", "1234567890")
[NUMBER_KEY] = keys_of([NUMBER])


def keys_in_store(store, item_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with store.sessions() as session:
        query = select(RelatedKey.key).where(RelatedKey.item_id == item_id).order_by("key")
        return list(session.scalars(query))


def sharing(store, keys, **options):  # type: ignore[no-untyped-def]
    return ids_sharing_keys(store.sessions, keys, until=T0, window=WINDOW, **options)


def test_keys_are_replaced_on_save_and_cut_to_the_column(store) -> None:
    item = add(store, 1, T0, "review", NUMBER, ("PERSOON", "Piet Verzonnen"))
    assert keys_in_store(store, item) == sorted(keys_of([NUMBER, ("PERSOON", "Piet Verzonnen")]))
    long_key = "organisation|" + "x" * 400
    with store.sessions() as session, session.begin():
        replace_related_keys(session, {item: [long_key, NUMBER_KEY, NUMBER_KEY]})
    assert keys_in_store(store, item) == sorted([long_key[:MAX_KEY_CHARS], NUMBER_KEY])
    assert sharing(store, [long_key]) == ([item], {})


def test_candidates_are_open_or_recent_and_earlier_only(store) -> None:
    open_old = add(store, 1, T0 - timedelta(days=90), "review", NUMBER)
    add(store, 2, T0 - timedelta(days=90), "confirmed", NUMBER)  # closed long ago
    closed_recent = add(store, 3, T0 - timedelta(days=3), "confirmed", NUMBER)
    add(store, 4, T0 + timedelta(days=1), "review", NUMBER)  # received after the new one
    excluded = add(store, 5, T0, "review", NUMBER)
    found, common = sharing(store, [NUMBER_KEY], exclude=[excluded])
    assert (found, common) == (sorted([open_old, closed_recent]), {})


def test_a_key_of_more_than_per_key_items_is_common_and_brings_none_unless_always(store) -> None:
    ids = [add(store, n, T0 - timedelta(hours=n), "review", NUMBER) for n in range(7)]
    firm = add(store, 10, T0, "review", ("ORGANISATIE", "Bouwbedrijf Verzonnen B.V."))
    [firm_key] = keys_of([("ORGANISATIE", "Bouwbedrijf Verzonnen B.V.")])
    assert sharing(store, [NUMBER_KEY, firm_key], per_key=5) == ([firm], {NUMBER_KEY: 6})
    found, common = sharing(store, [NUMBER_KEY], per_key=5, always=[NUMBER_KEY])
    assert found == sorted(ids)[-5:] and common == {NUMBER_KEY: 6}, "the five newest"


def test_stored_items_bring_text_reporter_and_entities_with_their_place(store) -> None:
    item = add(store, 1, T0, "confirmed", ("PERSOON", "Piet Verzonnen"), ("EMAIL", "p@x.example"))
    with store.sessions() as session, session.begin():
        session.execute(
            update(Item)
            .where(Item.id == item)
            .values(text="Piet Verzonnen", sender="Melder <m@x.example>", reporter_name="Mia")
        )
    [found] = stored_items(store.sessions, [item, 999], ["PERSOON"])
    assert (found.item_id, found.closed, found.text) == (item, True, "Piet Verzonnen")
    assert found.identities == ("Melder <m@x.example>", "Mia")
    assert [(e.label, e.value, e.start, e.end) for e in found.entities] == [
        ("PERSOON", "Piet Verzonnen", 0, 1)
    ]


def test_items_stored_without_keys_are_found_once_keyed(store) -> None:
    item = add(store, 1, T0, "review", NUMBER)
    add(store, 2, T0 - timedelta(days=90), "confirmed", NUMBER)  # closed long ago: never needed
    with store.sessions() as session, session.begin():
        session.execute(RelatedKey.__table__.delete())
    assert unkeyed_items(store.sessions, labels=LABELS, since=T0 - WINDOW) == [item]
    with store.sessions() as session, session.begin():
        replace_related_keys(session, {item: [NUMBER_KEY]})
    assert unkeyed_items(store.sessions, labels=LABELS, since=T0 - WINDOW) == []
