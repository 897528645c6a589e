"""One reviewer's verdict on one pair, replacing an earlier one, audited in the same
transaction: the mechanism behind duplicate-signal pairs (store.pairs) and dossier-link
pairs (store.link_verdicts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.models import Base
from store.review import audit


def store_verdict(
    sessions: sessionmaker[Session],
    model: type[Base],
    pair: Mapping[str, Any],
    *,
    required: Sequence[tuple[type[Base], Any]],
    verdict: str,
    user: str,
    moment: datetime,
    score: float | None,
    evidence: Sequence[str],
    action: str,
    audited_item: int,
    **audit_detail: Any,
) -> None:
    """Upsert the `model` row of `pair` (its key columns) with the verdict and audit
    `action` on `audited_item` with the verdict it replaced. KeyError when a `required`
    (model, key) row does not exist."""
    for attempt in (1, 2):
        try:
            with sessions() as session, session.begin():
                for needed, key in required:
                    if session.get(needed, key) is None:
                        raise KeyError(key)
                row = session.scalars(select(model).filter_by(**pair).with_for_update()).first()
                before = row.verdict if row else None
                if row is None:
                    row = model(**pair)
                    session.add(row)
                row.verdict = verdict
                row.decided_by = user
                row.decided_at = moment
                row.score = score
                row.evidence = list(evidence)
                audit(
                    session, user, action, audited_item, **audit_detail, score=score, before=before
                )
            return
        except IntegrityError:  # another reviewer stored the first verdict meanwhile
            if attempt == 2:
                raise
