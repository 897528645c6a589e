"""A reviewer's verdict on one proposed dossier link, pair by pair: "koppelen" (accept) or
"afwijzen" (reject); stored and audited by store.link_verdicts, read by the next fit of
the link scorer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response

from review.link_pairs import proposal
from review.pages import Reviewer, RowId, now_of, see_other, store_of
from review.routes.judging import read_judgement
from store.link_verdicts import LINK_VERDICTS, link_verdicts_of, record_link_verdict
from store.review import ReviewError

router = APIRouter()
# As the register's dossier_id column; anything longer names no row.
DossierId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/items/{item_id}/links/{dossier_id}")
async def judge_link(
    request: Request, item_id: RowId, dossier_id: DossierId, user: Reviewer
) -> Response:
    judgement = await read_judgement(
        request,
        item_id,
        dossier_id,
        verdicts=LINK_VERDICTS,
        choose="Kies koppelen of afwijzen",
        proposal_of=proposal,
        judged_of=link_verdicts_of,
        not_proposed=f"Dossier {dossier_id} is niet voorgesteld",
    )
    try:
        record_link_verdict(
            store_of(request).sessions,
            item_id,
            dossier_id,
            judgement.verdict,
            user.username,
            score=judgement.score,
            evidence=judgement.evidence,
            now=now_of(request),
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item of dossier met dit nummer") from None
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}?link={judgement.verdict}#dossierparen")
