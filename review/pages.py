"""What every page of the review queue shares: who is logged in, role checks, rendering.

Roles are checked with `require(...)` as a dependency (the annotated `AnyUser`,
`Reviewer`, `Analyst` and `Admin` below); a missing or expired session raises
`LoginRequired`, which the app turns into a redirect to /login. The CSRF-checked
form of a POST is `review.security.checked_form`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from review.security import Refused, csrf_token
from store import Store
from store.review import audit
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
# Row ids are 64-bit signed integers in both databases; a larger id names no row.
MAX_ID = 2**63 - 1
# An id in a page's path: anything else (negative, too large, not a number) is a 404.
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


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
    role = active_role(store_of(request).reading, username)
    if role is None:  # deactivated or removed since login
        request.session.clear()
        raise LoginRequired
    return CurrentUser(username, role)


def require(*roles: str) -> Callable[[Request], CurrentUser]:
    def check(request: Request) -> CurrentUser:
        user = current_user(request)
        if user.role not in roles:
            raise Refused("access.refused", "Geen toegang voor deze rol")
        return user

    return check


AnyUser = Annotated[CurrentUser, Depends(current_user)]
Reviewer = Annotated[CurrentUser, Depends(require(*REVIEWERS))]
Analyst = Annotated[CurrentUser, Depends(require(*FIGURE_ROLES))]
Admin = Annotated[CurrentUser, Depends(require("beheerder"))]


def whole_number(text: str) -> int | None:
    """`text` as a whole number from 0 to MAX_ID; None for anything else ("²", "-1", "1e9")."""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def page_number(request: Request, largest: int = 1_000_000) -> int:
    """?page= (default 1); a page that is no number from 1 to `largest` is a 400."""
    number = whole_number(request.query_params.get("page", "1"))
    if number is None or not 1 <= number <= largest:
        raise HTTPException(status_code=400, detail="Ongeldig paginanummer")
    return number


def flash(request: Request, messages: Mapping[str, str]) -> str | None:
    """The fixed text that ?msg= names after an action; text from the address bar itself
    is never shown, and an unknown key shows nothing."""
    return messages.get(request.query_params.get("msg", ""))


def audit_view(request: Request, user: CurrentUser | None, action: str, **detail: Any) -> None:
    """An audit entry for a page view or a refusal (no user: "?"), in its own short
    transaction: a view never holds a write transaction while it works. `detail` names
    filters and pages, never personal data."""
    with store_of(request).sessions() as session, session.begin():
        audit(session, user.username if user else "?", action, None, **detail)


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
