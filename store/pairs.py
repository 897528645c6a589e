"""Reviewers' verdicts on proposed duplicate signals: "same" case or "different".

A confirmed pair links two items (both item pages, the figures); a rejected pair is
never proposed again (the worker drops decided pairs); both are labelled data for the
next fit of the duplicate scorer (`labelled_pairs`, read by research.linking). Every
verdict is audited in the transaction that stores it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from contract.records import ItemEntities
from store.models import EntityRow, Item, PairVerdict, utcnow
from store.related import CLOSED
from store.review import ReviewError
from store.verdicts import store_verdict

SAME, DIFFERENT = "same", "different"
VERDICTS = (SAME, DIFFERENT)


@dataclass(frozen=True)
class Verdict:
    other_id: int
    verdict: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class LabelledPair:
    """A decided pair for fitting: the earlier and the later item with their entities."""

    earlier: ItemEntities
    later: ItemEntities
    same: bool
    decided_at: datetime
    score: float | None
    evidence: tuple[str, ...]


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def record_verdict(
    sessions: sessionmaker[Session],
    item_id: int,
    other_id: int,
    verdict: str,
    user: str,
    *,
    score: float | None = None,
    evidence: Sequence[str] = (),
    now: datetime | None = None,
) -> None:
    """Store `user`'s verdict on items `item_id` and `other_id` (replacing an earlier one)
    and audit it on `item_id`. KeyError when either item does not exist."""
    if verdict not in VERDICTS:
        raise ReviewError(f"verdict is one of {', '.join(VERDICTS)}")
    if item_id == other_id:
        raise ReviewError("an item is not a pair with itself")
    low, high = _ordered(item_id, other_id)
    store_verdict(
        sessions,
        PairVerdict,
        {"item_low": low, "item_high": high},
        required=[(Item, low), (Item, high)],
        verdict=verdict,
        user=user,
        moment=now or utcnow(),
        score=score,
        evidence=evidence,
        action=f"pair.{verdict}",
        audited_item=item_id,
        other_item_id=other_id,
    )


def verdicts_of(session: Session, item_id: int) -> dict[int, Verdict]:
    """The verdicts on pairs with item `item_id`, by the other item's id."""
    rows = session.scalars(
        select(PairVerdict).where(
            or_(PairVerdict.item_low == item_id, PairVerdict.item_high == item_id)
        )
    )
    return {
        other: Verdict(other, r.verdict, r.decided_by, r.decided_at)
        for r in rows
        for other in [r.item_high if r.item_low == item_id else r.item_low]
    }


def decided_pairs(
    sessions: sessionmaker[Session], item_ids: Collection[int]
) -> set[tuple[int, int]]:
    """(lower id, higher id) of every decided pair with one of `item_ids`: not to propose again."""
    if not item_ids:
        return set()
    ids = list(item_ids)
    query = select(PairVerdict.item_low, PairVerdict.item_high).where(
        or_(PairVerdict.item_low.in_(ids), PairVerdict.item_high.in_(ids))
    )
    with sessions() as session:
        return {(low, high) for low, high in session.execute(query)}


def confirmed_pairs(session: Session) -> list[tuple[int, int]]:
    """(lower id, higher id) of every pair confirmed as one case."""
    query = select(PairVerdict.item_low, PairVerdict.item_high).where(PairVerdict.verdict == SAME)
    return [(low, high) for low, high in session.execute(query.order_by(PairVerdict.id))]


def labelled_pairs(sessions: sessionmaker[Session], labels: Collection[str]) -> list[LabelledPair]:
    """Every decided pair with both items' entities of `labels` (text order), oldest
    verdict first: the labelled data a fit of the duplicate scorer reads."""
    with sessions() as session:
        rows = list(session.scalars(select(PairVerdict).order_by(PairVerdict.id)))
        ids = {i for r in rows for i in (r.item_low, r.item_high)}
        items = (
            {i.id: i for i in session.scalars(select(Item).where(Item.id.in_(list(ids))))}
            if ids
            else {}
        )
        entities: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
        if ids:
            query = (
                select(EntityRow.item_id, EntityRow.label, EntityRow.value)
                .where(EntityRow.item_id.in_(list(ids)), EntityRow.label.in_(list(labels)))
                .order_by(EntityRow.item_id, EntityRow.start)
            )
            for item_id, label, value in session.execute(query):
                entities[item_id].append((label, value))

        def of(item_id: int) -> ItemEntities:
            item = items[item_id]
            closed = item.status in CLOSED
            return ItemEntities(item_id, item.received, tuple(entities[item_id]), closed)

        out = []
        for r in rows:
            a, b = of(r.item_low), of(r.item_high)
            earlier, later = sorted((a, b), key=lambda e: (e.received, e.item_id))
            out.append(
                LabelledPair(
                    earlier, later, r.verdict == SAME, r.decided_at, r.score, tuple(r.evidence)
                )
            )
        return out
