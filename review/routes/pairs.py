"""A reviewer's verdict on a proposed pair: "Zelfde zaak" links the items, "Andere zaak"
keeps the pair from being proposed again (store.pairs; audited there)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from review.pages import Reviewer, RowId, now_of, see_other, store_of
from review.related import proposal
from review.security import checked_form
from store.pairs import VERDICTS, record_verdict, verdicts_of
from store.review import ReviewError, load_item

router = APIRouter()


@router.post("/items/{item_id}/pairs/{other_id}")
async def judge_pair(request: Request, item_id: RowId, other_id: RowId, user: Reviewer) -> Response:
    form = await checked_form(request)
    verdict = str(form.get("verdict", ""))
    if verdict not in VERDICTS:
        raise HTTPException(status_code=400, detail="Kies zelfde zaak of andere zaak")
    store = store_of(request)
    with store.sessions() as session:
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        proposed = proposal(item.suggestions[-1] if item.suggestions else None, other_id)
        judged = other_id in verdicts_of(session, item_id)
    if proposed is None and not judged:  # only proposed (or already judged) pairs
        raise HTTPException(status_code=409, detail=f"Item {other_id} is niet voorgesteld")
    try:
        record_verdict(
            store.sessions,
            item_id,
            other_id,
            verdict,
            user.username,
            score=proposed.get("score") if proposed else None,
            evidence=[str(e) for e in (proposed or {}).get("evidence") or []],
            now=now_of(request),
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}?pair={verdict}#dezelfde-zaak")
