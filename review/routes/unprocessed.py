"""The "Niet verwerkt" page: failed and quarantined items and mail that could not be
stored, each with its reason, until a medewerker retries it or registers it by hand."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ingest.registry import guess_media_type
from review.pages import Reviewer, RowId, render_page, see_other, store_of
from review.security import checked_form
from store.unprocessed import (
    UnprocessedError,
    register_by_hand,
    retry_item,
    take_in,
    unprocessed,
)

router = APIRouter()

# What the page says after an action: fixed texts, never text from the address bar.
DONE = {
    "retried": "Het item staat weer in de verwerkingsrij.",
    "registered": "De melding is handmatig geregistreerd en staat in de verwerkingsrij.",
    "taken_in": "De mail is als item opgenomen en staat in de verwerkingsrij.",
}


def _page(
    request: Request, user: Reviewer, *, error: str | None = None, status: int = 200
) -> Response:
    found = unprocessed(store_of(request).reading)
    done = DONE.get(request.query_params.get("done", ""))
    return render_page(
        request,
        "unprocessed.html",
        user,
        items=found.items,
        mails=found.mails,
        done=done,
        error=error,
        status_code=status,
    )


@router.get("/niet-verwerkt", response_class=HTMLResponse)
def unprocessed_page(request: Request, user: Reviewer) -> Response:
    return _page(request, user)


@router.post("/niet-verwerkt/items/{item_id}/retry")
async def unprocessed_retry(request: Request, item_id: RowId, user: Reviewer) -> Response:
    await checked_form(request)
    try:
        retry_item(store_of(request).sessions, item_id, user.username)
    except KeyError:
        raise HTTPException(status_code=404, detail="Item bestaat niet") from None
    except UnprocessedError as exc:
        return _page(request, user, error=str(exc), status=409)
    return see_other("/niet-verwerkt?done=retried")


@router.post("/niet-verwerkt/items/{item_id}/register")
async def unprocessed_register(request: Request, item_id: RowId, user: Reviewer) -> Response:
    form = await checked_form(request)
    store = store_of(request)
    try:
        new_id = register_by_hand(
            store.sessions, store.blobs, item_id, str(form.get("text", "")), user.username
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="Item bestaat niet") from None
    except UnprocessedError as exc:
        return _page(request, user, error=str(exc), status=422)
    return see_other(f"/items/{new_id}")


@router.post("/niet-verwerkt/mails/{quarantine_id}/take-in")
async def unprocessed_take_in(request: Request, quarantine_id: RowId, user: Reviewer) -> Response:
    await checked_form(request)
    store = store_of(request)
    try:
        take_in(
            store.sessions,
            store.blobs,
            quarantine_id,
            lambda raw: guess_media_type(raw, None),
            user.username,
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="Mail bestaat niet") from None
    return see_other("/niet-verwerkt?done=taken_in")
