"""store.pairs: reviewers' verdicts on proposed duplicate signals, audited and exported."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from store.models import AuditEntry, PairVerdict
from store.pairs import (
    DIFFERENT,
    SAME,
    confirmed_pairs,
    decided_pairs,
    labelled_pairs,
    record_verdict,
    verdicts_of,
)
from store.review import ReviewError
from tests.store.factories import RECEIVED
from tests.store.factories import add_item_with_entities as add

LABELS = ("V_NUMMER", "PERSOON")


def _three(store) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    a = add(store, 1, RECEIVED - timedelta(days=2), "review", ("V_NUMMER", "1234567890"))
    b = add(store, 2, RECEIVED, "review", ("PERSOON", "Kees Verzonnen"), ("V_NUMMER", "1234567890"))
    c = add(store, 3, RECEIVED - timedelta(days=1), "confirmed", ("BSN", "111222333"))
    return a, b, c


def test_a_verdict_is_stored_once_per_pair_and_audited(store, clock) -> None:
    a, b, c = _three(store)
    record_verdict(
        store.sessions, b, a, SAME, "anna", score=0.97, evidence=["V_NUMMER x"], now=clock.now
    )
    record_verdict(store.sessions, c, b, DIFFERENT, "bram", now=clock.now)
    clock.move(hours=1)
    record_verdict(store.sessions, a, b, DIFFERENT, "bram", now=clock.now)  # a changed mind
    with store.sessions() as session:
        assert {k: v.verdict for k, v in verdicts_of(session, b).items()} == {
            a: DIFFERENT,
            c: DIFFERENT,
        }
        assert verdicts_of(session, a)[b].decided_by == "bram"
        assert verdicts_of(session, a)[b].decided_at == clock.now
        assert confirmed_pairs(session) == []
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [(e.actor, e.action, e.item_id, e.detail["other_item_id"]) for e in entries] == [
            ("anna", "pair.same", b, a),
            ("bram", "pair.different", c, b),
            ("bram", "pair.different", a, b),
        ]
        assert entries[-1].detail["before"] == SAME
    record_verdict(store.sessions, b, a, SAME, "anna", now=clock.now)
    with store.sessions() as session:
        assert confirmed_pairs(session) == [(a, b)]
    assert decided_pairs(store.sessions, [a]) == {(a, b)}
    assert decided_pairs(store.sessions, [b]) == {(a, b), (b, c)}
    assert decided_pairs(store.sessions, []) == set()


def test_bad_verdicts_are_refused_and_change_nothing(store, clock) -> None:
    a, b, _ = _three(store)
    with pytest.raises(ReviewError):
        record_verdict(store.sessions, a, b, "misschien", "anna", now=clock.now)
    with pytest.raises(ReviewError):
        record_verdict(store.sessions, a, a, SAME, "anna", now=clock.now)
    with pytest.raises(KeyError):
        record_verdict(store.sessions, a, 999, SAME, "anna", now=clock.now)
    assert decided_pairs(store.sessions, [a, b]) == set()
    with store.sessions() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_labelled_pairs_give_both_items_earlier_first(store, clock) -> None:
    a, b, c = _three(store)
    record_verdict(
        store.sessions,
        b,
        a,
        SAME,
        "anna",
        score=0.9,
        evidence=["V_NUMMER 1234567890"],
        now=clock.now,
    )
    record_verdict(store.sessions, b, c, DIFFERENT, "anna", now=clock.now)
    same, different = labelled_pairs(store.sessions, LABELS)
    assert (same.earlier.item_id, same.later.item_id, same.same) == (a, b, True)
    assert same.later.entities == (("PERSOON", "Kees Verzonnen"), ("V_NUMMER", "1234567890"))
    assert (same.score, same.evidence) == (0.9, ("V_NUMMER 1234567890",))
    assert (different.earlier.item_id, different.later.item_id) == (c, b)
    assert different.earlier.closed and different.earlier.entities == ()
    assert not different.same


def _judge_at_once(store, item_id: int, other_id: int, now) -> list[BaseException]:  # type: ignore[no-untyped-def]
    """Anna and Bram record opposite verdicts on one pair at the same moment; the errors."""
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def judge(user: str, verdict: str) -> None:
        start.wait()
        try:
            record_verdict(store.sessions, item_id, other_id, verdict, user, now=now)
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [
        threading.Thread(target=judge, args=("anna", SAME)),
        threading.Thread(target=judge, args=("bram", DIFFERENT)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_two_reviewers_judging_one_pair_at_once_leave_one_verdict_and_both_audited(
    store, clock
) -> None:
    a, b, _ = _three(store)
    for round_ in range(5):  # several tries, so the two first inserts do meet
        assert _judge_at_once(store, b, a, clock.now) == []
        with store.sessions() as session:
            rows = session.scalars(select(PairVerdict)).all()
            assert len(rows) == 1 and rows[0].verdict in (SAME, DIFFERENT)
            assert len(session.scalars(select(AuditEntry)).all()) == 2 * (round_ + 1)
            session.execute(delete(PairVerdict))
            session.commit()
