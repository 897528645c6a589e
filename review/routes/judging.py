"""What both verdict routes read first (review.routes.pairs, review.routes.links): the
reviewer's choice from the form, and the proposal it judges, which must be one the item's
latest suggestion made or one already judged."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import HTTPException, Request
from sqlalchemy.orm import Session

from review.pages import store_of
from review.security import checked_form
from store.models import Suggestion
from store.review import load_item

K = TypeVar("K")  # what the item is paired with: another item's id, a dossier id


@dataclass(frozen=True)
class Judgement:
    verdict: str
    score: float | None = None  # the proposal's, as the reviewer saw it
    evidence: list[str] = field(default_factory=list)


async def read_judgement(
    request: Request,
    item_id: int,
    other: K,
    *,
    verdicts: Collection[str],
    choose: str,
    proposal_of: Callable[[Suggestion | None, K], Mapping[str, Any] | None],
    judged_of: Callable[[Session, int], Mapping[K, object]],
    not_proposed: str,
) -> Judgement:
    """The form's verdict on pairing item `item_id` with `other`; HTTP 400 for no valid
    verdict (`choose`), 404 for no such item, 409 (`not_proposed`) for a pair that was
    neither proposed nor judged before."""
    form = await checked_form(request)
    verdict = str(form.get("verdict", ""))
    if verdict not in verdicts:
        raise HTTPException(status_code=400, detail=choose)
    with store_of(request).sessions() as session:
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        proposed = proposal_of(item.suggestions[-1] if item.suggestions else None, other)
        judged = other in judged_of(session, item_id)
    if proposed is None and not judged:
        raise HTTPException(status_code=409, detail=not_proposed)
    if proposed is None:
        return Judgement(verdict)
    evidence = [str(e) for e in proposed.get("evidence") or []]
    return Judgement(verdict, proposed.get("score"), evidence)
