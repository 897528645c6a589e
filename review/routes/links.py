"""A reviewer's verdict on one proposed dossier link, pair by pair: "koppelen" (accept) or
"afwijzen" (reject); stored and audited by store.link_verdicts, read by the next fit of
the link scorer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response

from review.link_pairs import proposal
from review.pages import Reviewer, RowId, now_of, see_other, store_of
from review.security import checked_form
from store.link_verdicts import LINK_VERDICTS, link_verdicts_of, record_link_verdict
from store.review import ReviewError, load_item

router = APIRouter()
# As the register's dossier_id column; anything longer names no row.
DossierId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("/items/{item_id}/links/{dossier_id}")
async def judge_link(
    request: Request, item_id: RowId, dossier_id: DossierId, user: Reviewer
) -> Response:
    form = await checked_form(request)
    verdict = str(form.get("verdict", ""))
    if verdict not in LINK_VERDICTS:
        raise HTTPException(status_code=400, detail="Kies koppelen of afwijzen")
    store = store_of(request)
    with store.sessions() as session:
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        proposed = proposal(item.suggestions[-1] if item.suggestions else None, dossier_id)
        judged = dossier_id in link_verdicts_of(session, item_id)
    if proposed is None and not judged:  # only proposed (or already judged) links
        raise HTTPException(status_code=409, detail=f"Dossier {dossier_id} is niet voorgesteld")
    try:
        record_link_verdict(
            store.sessions,
            item_id,
            dossier_id,
            verdict,
            user.username,
            score=proposed.get("score") if proposed else None,
            evidence=[str(e) for e in (proposed or {}).get("evidence") or []],
            now=now_of(request),
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item of dossier met dit nummer") from None
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}?link={verdict}#dossierparen")
