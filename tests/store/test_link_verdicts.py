"""store.link_verdicts: reviewers' verdicts on proposed dossier links, audited and exported."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from contract.records import DossierRecord
from ikp.register import import_register
from store.link_verdicts import (
    ACCEPT,
    REJECT,
    labelled_links,
    link_verdicts_of,
    record_link_verdict,
    register_rows,
    rejected_links,
)
from store.models import AuditEntry
from store.review import ReviewError
from tests.store.factories import RECEIVED
from tests.store.factories import add_item_with_entities as add

ROWS = (
    DossierRecord("D-7001", "persoon", voornamen="Kees", achternaam="Verzonnen",
                  geboortedatum=date(1984, 5, 6), woonplaats="Voorbeelddorp"),
    DossierRecord("D-7002", "persoon", voornamen="Kees", achternaam="Verzonnen",
                  geboortedatum=date(1991, 1, 2), woonplaats="Elders"),
)  # fmt: skip


def test_a_link_verdict_is_stored_once_per_item_and_dossier_and_audited(store, clock) -> None:
    import_register(store, ROWS)
    item = add(store, 1, RECEIVED, "review", ("PERSOON", "Kees Verzonnen"))
    record_link_verdict(
        store.sessions, item, "D-7001", ACCEPT, "anna", score=0.62, evidence=["achternaam exact"],
        now=clock.now,
    )  # fmt: skip
    record_link_verdict(store.sessions, item, "D-7002", REJECT, "anna", now=clock.now)
    clock.move(hours=1)
    record_link_verdict(store.sessions, item, "D-7001", REJECT, "bram", now=clock.now)
    with store.sessions() as session:
        judged = link_verdicts_of(session, item)
        assert {d: j.verdict for d, j in judged.items()} == {"D-7001": REJECT, "D-7002": REJECT}
        assert (judged["D-7001"].decided_by, judged["D-7001"].decided_at) == ("bram", clock.now)
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action.like("link.%")).order_by(AuditEntry.id)
        ).all()
        assert [(e.actor, e.action, e.item_id, e.detail["dossier_id"]) for e in entries] == [
            ("anna", "link.accept", item, "D-7001"),
            ("anna", "link.reject", item, "D-7002"),
            ("bram", "link.reject", item, "D-7001"),
        ]
        assert entries[-1].detail["before"] == ACCEPT
        # the audit names the row, never what the register holds about the person
        assert "Verzonnen" not in str([e.detail for e in entries])
        assert set(register_rows(session, ["D-7001", "D-9999"])) == {"D-7001"}
    labelled = labelled_links(store.sessions)
    assert [(x.item_id, x.dossier_id, x.accepted) for x in labelled] == [
        (item, "D-7001", False),
        (item, "D-7002", False),
    ]
    assert labelled[0].score is None and labelled[1].evidence == ()


def test_bad_link_verdicts_are_refused_and_change_nothing(store, clock) -> None:
    import_register(store, ROWS)
    item = add(store, 1, RECEIVED, "review", ("PERSOON", "Kees Verzonnen"))
    with pytest.raises(ReviewError):
        record_link_verdict(store.sessions, item, "D-7001", "misschien", "anna", now=clock.now)
    with pytest.raises(KeyError):
        record_link_verdict(store.sessions, item, "D-9999", ACCEPT, "anna", now=clock.now)
    with pytest.raises(KeyError):
        record_link_verdict(store.sessions, 999, "D-7001", ACCEPT, "anna", now=clock.now)
    assert labelled_links(store.sessions) == []
    with store.sessions() as session:
        assert (
            session.scalars(select(AuditEntry).where(AuditEntry.action.like("link.%"))).all() == []
        )


def test_rejected_links_are_those_whose_last_verdict_is_a_rejection(store, clock) -> None:
    import_register(store, ROWS)
    first = add(store, 1, RECEIVED, "review", ("PERSOON", "Kees Verzonnen"))
    second = add(store, 2, RECEIVED, "review", ("PERSOON", "Kees Verzonnen"))
    record_link_verdict(store.sessions, first, "D-7001", REJECT, "anna", now=clock.now)
    record_link_verdict(store.sessions, first, "D-7002", REJECT, "anna", now=clock.now)
    record_link_verdict(store.sessions, second, "D-7001", ACCEPT, "anna", now=clock.now)
    clock.move(minutes=5)
    record_link_verdict(store.sessions, first, "D-7002", ACCEPT, "bram", now=clock.now)
    assert rejected_links(store.sessions, [first, second]) == {first: {"D-7001"}}
    assert rejected_links(store.sessions, [second]) == {}
    assert rejected_links(store.sessions, []) == {}
