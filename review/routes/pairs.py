"""A reviewer's verdict on a proposed pair: "Zelfde zaak" links the items, "Andere zaak"
keeps the pair from being proposed again (store.pairs; audited there)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from review.pages import Reviewer, RowId, now_of, see_other, store_of
from review.related import proposal
from review.routes.judging import read_judgement
from store.pairs import VERDICTS, record_verdict, verdicts_of
from store.review import ReviewError

router = APIRouter()


@router.post("/items/{item_id}/pairs/{other_id}")
async def judge_pair(request: Request, item_id: RowId, other_id: RowId, user: Reviewer) -> Response:
    judgement = await read_judgement(
        request,
        item_id,
        other_id,
        verdicts=VERDICTS,
        choose="Kies zelfde zaak of andere zaak",
        proposal_of=proposal,
        judged_of=verdicts_of,
        not_proposed=f"Item {other_id} is niet voorgesteld",
    )
    try:
        record_verdict(
            store_of(request).sessions,
            item_id,
            other_id,
            judgement.verdict,
            user.username,
            score=judgement.score,
            evidence=judgement.evidence,
            now=now_of(request),
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}?pair={judgement.verdict}#dezelfde-zaak")
