"""Logging in and out."""

from __future__ import annotations

from contextlib import suppress

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from review.pages import (
    LoginRequired,
    audit_view,
    current_user,
    now_of,
    render_page,
    see_other,
    store_of,
)
from review.security import checked_form, client_address, csrf_token
from store.users import attempt_login
from store.web_sessions import end_session, open_session

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    return render_page(request, "login.html", None, error=None)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    result = attempt_login(
        store_of(request).sessions,
        str(form.get("username", "")),
        str(form.get("password", "")),
        client_address(request, request.app.state.trusted_proxies),
        now=now_of(request),
    )
    if result.locked_until is not None:
        wait = (result.locked_until - now_of(request)).total_seconds()
        minutes = max(1, -(-int(wait) // 60))
        error = f"Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw."
        return render_page(request, "login.html", None, error=error, status_code=429)
    if result.user is None:
        return render_page(
            request, "login.html", None, error="Onbekende naam of wachtwoord", status_code=401
        )
    store = store_of(request)
    if isinstance(old := request.session.get("sid"), str):
        end_session(store.sessions, old)
    request.session.clear()  # a new session on login: no fixation
    request.session["sid"] = open_session(store.sessions, result.user.username, now_of(request))
    csrf_token(request)
    return see_other("/")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    with suppress(LoginRequired):  # a session that already ended has no one to log out
        audit_view(request, current_user(request), "logout")
    if isinstance(session_id := request.session.get("sid"), str):
        end_session(store_of(request).sessions, session_id)
    request.session.clear()
    return see_other("/login")
