"""store.phenomena on SQLite and PostgreSQL: the items of a period, named phenomena."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from contract.statuses import ItemStatus
from store.models import Decision, Item
from store.phenomena import (
    all_phenomena,
    items_in_period,
    mark,
    names_for_item,
    phenomena_of,
    remove,
)
from tests.factories.search import RECEIVED, add_analysed

TEXT = "Zij woont op Kerkstraat 12, 1234 AB Utrecht en belt met 06 1234 5678."


def test_items_in_period_with_entities_and_dossiers(store):
    before = add_analysed(store, 1, TEXT, received=RECEIVED - timedelta(days=1))
    inside = add_analysed(store, 2, TEXT, received=RECEIVED, links=("D-000101", "R-000045"))
    decided = add_analysed(store, 3, TEXT, received=RECEIVED + timedelta(hours=1), links=("D-1",))
    at_end = add_analysed(store, 4, TEXT, received=RECEIVED + timedelta(days=1))
    with store.sessions() as session, session.begin():
        session.add(
            Decision(
                item_id=decided,
                decided_by="anna",
                signal_types=["verblijfsfraude"],
                dossier_ids=["D-000999"],
                primary="primair_proces",
                inform=[],
                priority="normaal",
            )
        )
        session.get(Item, decided).status = ItemStatus.CONFIRMED
    with store.sessions() as session:
        found = items_in_period(
            session, RECEIVED, RECEIVED + timedelta(days=1), ("TELEFOON", "ADRES")
        )
    assert [p.item_id for p in found] == [inside, decided]
    assert before not in {p.item_id for p in found} and at_end not in {p.item_id for p in found}
    first = found[0]
    assert [(e.label, e.value) for e in first.entities] == [
        ("ADRES", "Kerkstraat 12"),
        ("TELEFOON", "+31612345678"),
    ]
    assert first.dossiers == ("D-000101", "R-000045")
    assert found[1].dossiers == ("D-000999",)  # the decision wins over the proposal


def test_marking_naming_and_removing_a_phenomenon(store, clock):
    ids = [add_analysed(store, n, TEXT, received=RECEIVED + timedelta(hours=n)) for n in range(4)]
    with store.sessions() as session, session.begin():
        first, added = mark(session, "  Kamerverhuur  Kerkstraat ", ids[:3], "dirk", now=clock.now)
        assert first.name == "Kamerverhuur Kerkstraat" and added == ids[:3]
    clock.move(days=2)
    with store.sessions() as session, session.begin():
        again, added = mark(session, "kamerverhuur kerkstraat", ids, "anna", now=clock.now)
        assert again.id == first.id and added == [ids[3]]
        other, _ = mark(session, "Tweede fenomeen", ids[:1], "anna", now=clock.now)
    with store.sessions() as session:
        assert names_for_item(session, ids[0]) == ["Kamerverhuur Kerkstraat", "Tweede fenomeen"]
        assert names_for_item(session, ids[3]) == ["Kamerverhuur Kerkstraat"]
        assert set(phenomena_of(session, ids)) == set(ids)
        listed = {entry.phenomenon.name: entry.items for entry in all_phenomena(session)}
        assert listed == {"Kamerverhuur Kerkstraat": 4, "Tweede fenomeen": 1}
    with store.sessions() as session, session.begin():
        with pytest.raises(ValueError):
            mark(session, "   ", ids, "anna", now=clock.now)
        assert remove(session, other.id) is not None
        assert remove(session, other.id) is None
    with store.sessions() as session:
        assert names_for_item(session, ids[0]) == ["Kamerverhuur Kerkstraat"]


def test_a_deleted_item_leaves_its_phenomenon(store, clock):
    ids = [add_analysed(store, n, TEXT, received=RECEIVED + timedelta(hours=n)) for n in range(3)]
    with store.sessions() as session, session.begin():
        mark(session, "Fenomeen", ids, "dirk", now=clock.now)
    with store.sessions() as session, session.begin():
        session.execute(delete(Item).where(Item.id == ids[0]))  # as retention deletes it
    with store.sessions() as session:
        assert [e.items for e in all_phenomena(session)] == [2]
        assert names_for_item(session, ids[0]) == []
