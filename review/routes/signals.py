"""Signals taken by phone or at the desk: the form and registering one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from review.pages import Reviewer, now_of, render_page, see_other, store_of
from review.security import checked_form
from store.review import CHANNELS, ReviewError, add_phone_signal

router = APIRouter()


@router.get("/signals/new", response_class=HTMLResponse)
def signal_form(request: Request, user: Reviewer) -> Response:
    return render_page(request, "signal.html", user, error=None, channels=CHANNELS, form={})


@router.post("/signals")
async def signal_add(request: Request, user: Reviewer) -> Response:
    form = await checked_form(request)
    store = store_of(request)
    try:
        item_id = add_phone_signal(
            store.sessions,
            store.blobs,
            text=str(form.get("text", "")),
            channel=str(form.get("channel", "")),
            user=user.username,
            reporter_name=str(form.get("reporter_name", "")),
            reporter_contact=str(form.get("reporter_contact", "")),
            anonymous=form.get("anonymous") == "1",
            now=now_of(request),
        )
    except ReviewError as exc:
        return render_page(
            request,
            "signal.html",
            user,
            error=str(exc),
            channels=CHANNELS,
            form=dict(form),
            status_code=422,
        )
    return see_other(f"/items/{item_id}?msg=geregistreerd")
