"""Reviewers' verdicts on proposed dossier links, pair by pair: "accept" or "reject".

One row per (item, dossier), replaced when a reviewer changes their mind; every verdict
is audited in the transaction that stores it (the dossier id, as `item.confirmed` already
holds it, no register values). `rejected_links` tells the worker which pairs not to
propose again when it analyses an item anew; `labelled_links` exports them, oldest
first, as labelled examples for the next fit of the link scorer (read by
research.linking.reviewed_links).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contract.records import DossierRecord
from store.dossiers import to_record
from store.models import Dossier, Item, LinkVerdict, utcnow
from store.review import ReviewError
from store.verdicts import store_verdict

ACCEPT, REJECT = "accept", "reject"
LINK_VERDICTS = (ACCEPT, REJECT)


@dataclass(frozen=True)
class Judged:
    dossier_id: str
    verdict: str
    decided_by: str
    decided_at: datetime
    evidence: tuple[str, ...] = ()  # the proposal's, as judged


@dataclass(frozen=True)
class LabelledLink:
    """A judged (item, dossier) pair: a labelled example for the link scorer."""

    item_id: int
    dossier_id: str
    accepted: bool
    decided_at: datetime
    score: float | None
    evidence: tuple[str, ...]


def record_link_verdict(
    sessions: sessionmaker[Session],
    item_id: int,
    dossier_id: str,
    verdict: str,
    user: str,
    *,
    score: float | None = None,
    evidence: Sequence[str] = (),
    now: datetime | None = None,
) -> None:
    """Store `user`'s verdict on linking item `item_id` to dossier `dossier_id` (replacing
    an earlier one) and audit it. KeyError when the item or the register row is missing."""
    if verdict not in LINK_VERDICTS:
        raise ReviewError(f"verdict is one of {', '.join(LINK_VERDICTS)}")
    store_verdict(
        sessions,
        LinkVerdict,
        {"item_id": item_id, "dossier_id": dossier_id},
        required=[(Item, item_id), (Dossier, dossier_id)],
        verdict=verdict,
        user=user,
        moment=now or utcnow(),
        score=score,
        evidence=evidence,
        action=f"link.{verdict}",
        audited_item=item_id,
        dossier_id=dossier_id,
    )


def link_verdicts_of(session: Session, item_id: int) -> dict[str, Judged]:
    """The verdicts on item `item_id`'s links, by dossier id."""
    rows = session.scalars(select(LinkVerdict).where(LinkVerdict.item_id == item_id))
    return {
        r.dossier_id: Judged(
            r.dossier_id, r.verdict, r.decided_by, r.decided_at, tuple(str(e) for e in r.evidence)
        )
        for r in rows
    }


def rejected_links(
    sessions: sessionmaker[Session], item_ids: Collection[int]
) -> dict[int, set[str]]:
    """The dossier ids rejected for each of `item_ids` (only items with one): a new
    analysis of the item must not propose them again."""
    if not item_ids:
        return {}
    query = select(LinkVerdict.item_id, LinkVerdict.dossier_id).where(
        LinkVerdict.item_id.in_(list(item_ids)), LinkVerdict.verdict == REJECT
    )
    out: dict[int, set[str]] = {}
    with sessions() as session:
        for item_id, dossier_id in session.execute(query):
            out.setdefault(item_id, set()).add(dossier_id)
    return out


def register_rows(session: Session, dossier_ids: Sequence[str]) -> dict[str, DossierRecord]:
    """The register rows of `dossier_ids` that exist, by id."""
    if not dossier_ids:
        return {}
    query = select(Dossier).where(Dossier.dossier_id.in_(list(dossier_ids)))
    return {row.dossier_id: to_record(row) for row in session.scalars(query)}


def labelled_links(sessions: sessionmaker[Session]) -> list[LabelledLink]:
    """Every judged link, oldest verdict first."""
    with sessions() as session:
        rows = session.scalars(select(LinkVerdict).order_by(LinkVerdict.id))
        return [
            LabelledLink(
                r.item_id,
                r.dossier_id,
                r.verdict == ACCEPT,
                r.decided_at,
                r.score,
                tuple(str(e) for e in r.evidence),
            )
            for r in rows
        ]
