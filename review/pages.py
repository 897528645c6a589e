"""What every page of the review queue shares: who is logged in, role checks, rendering.

Roles are checked with `require(...)` as a dependency (the annotated `AnyUser`,
`Reviewer`, `Analyst` and `Admin` below); a missing or expired session raises
`LoginRequired`, which the app turns into a redirect to /login. The CSRF-checked
form of a POST is `review.security.checked_form`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from review.security import csrf_token
from store import Store
from store.users import active_role
from store.web_sessions import session_user

REVIEWERS = ("medewerker", "beheerder")  # claim, confirm, register phone/desk signals
FIGURE_ROLES = ("analist", "beheerder")
# Who may see who reported a signal: those who may have to call the reporter back.
# analist and datascientist get every page with the reporter masked (review.reporter).
REPORTER_ROLES = ("medewerker", "beheerder")
# A session ends after half an hour without a request, and after a working day in any case.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_MAX_SECONDS = 10 * 3600


@dataclass(frozen=True)
class CurrentUser:
    username: str
    role: str


class LoginRequired(Exception):
    pass


def store_of(request: Request) -> Store:
    """The store the app was created on."""
    return request.app.state.store  # type: ignore[no-any-return]


def now_of(request: Request) -> datetime:
    """The app's clock (tests move it) as an aware datetime."""
    return datetime.fromtimestamp(request.app.state.clock(), UTC)


def current_user(request: Request) -> CurrentUser:
    """The user of the request's server-side session (store.web_sessions): the signed
    cookie carries only the session id, so a session ended on the server stays ended."""
    session_id = request.session.get("sid")
    if not isinstance(session_id, str) or not session_id:
        raise LoginRequired
    username = session_user(
        store_of(request).sessions,
        session_id,
        now_of(request),
        idle=timedelta(seconds=SESSION_IDLE_SECONDS),
        absolute=timedelta(seconds=SESSION_MAX_SECONDS),
    )
    if username is None:  # logged out, timed out, password changed or locked
        request.session.clear()
        raise LoginRequired
    role = active_role(store_of(request).sessions, username)
    if role is None:  # deactivated or removed since login
        request.session.clear()
        raise LoginRequired
    return CurrentUser(username, role)


def require(*roles: str) -> Callable[[Request], CurrentUser]:
    def check(request: Request) -> CurrentUser:
        user = current_user(request)
        if user.role not in roles:
            raise HTTPException(status_code=403, detail="Geen toegang voor deze rol")
        return user

    return check


AnyUser = Annotated[CurrentUser, Depends(current_user)]
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]
Analyst = Annotated[CurrentUser, Depends(require(*FIGURE_ROLES))]
Admin = Annotated[CurrentUser, Depends(require("beheerder"))]


def render_page(request: Request, name: str, user: CurrentUser | None, **context: Any) -> Response:
    """Template `name` with the user, the CSRF token and the role flags; `status_code` optional."""
    templates: Jinja2Templates = request.app.state.templates
    status = context.pop("status_code", 200)
    return templates.TemplateResponse(
        request,
        name,
        {"user": user, "csrf": csrf_token(request), "roles": _role_flags(user), **context},
        status_code=status,
    )


def _role_flags(user: CurrentUser | None) -> dict[str, bool]:
    role = user.role if user else ""
    return {
        "review": role in REVIEWERS,
        "figures": role in FIGURE_ROLES,
        "audit": role == "beheerder",
        "reporter": role in REPORTER_ROLES,
    }


def see_other(url: str) -> RedirectResponse:
    """The redirect after a POST (and to /login): 303, so the browser follows with a GET."""
    return RedirectResponse(url, status_code=303)
