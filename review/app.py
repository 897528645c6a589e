"""The review queue: a FastAPI app with server-rendered pages, served by `ikp run`.

Every page needs a login; every action checks the role; every POST carries a
CSRF token; every view of an item or a list, every export, every change and every
refused attempt lands in the audit log.
The pages live in `review.routes` (one router per family); what they share
(the current user, role checks, rendering, redirects) in `review.pages`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import uvicorn
from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from linking.phenomena import Cluster
from review.pages import (
    SESSION_MAX_SECONDS,
    CurrentUser,
    LoginRequired,
    audit_view,
    current_user,
    render_page,
    see_other,
)
from review.routes import audit, figures, items, pairs, queue, session, signals, unprocessed
from review.routes import links as link_routes
from review.routes import phenomena as phenomena_routes
from review.routes import search as search_routes
from review.routes import trends as trends_routes
from review.security import BodyLimit, Network, Refused, SecurityHeaders, client_address
from store import Store
from store.search import SearchFilter, SearchPage

HERE = Path(__file__).parent


class Searcher(Protocol):
    """The application's search (ikp.search): a query's meaning comes from the stages."""

    def __call__(
        self,
        query: str,
        flt: SearchFilter,
        *,
        actor: str,
        limit: int,
        offset: int,
        hide_reporter: bool,
    ) -> SearchPage: ...


class Clusterer(Protocol):
    """The application's clustering (ikp.phenomena): the clusters of the year before
    `until`, with the items received on or after `since` as each one's new items."""

    def __call__(self, *, until: datetime, since: datetime) -> list[Cluster]: ...


def create_app(
    store: Store,
    *,
    secret_key: str,
    secure_cookies: bool = False,
    close_store: bool = False,
    search: Searcher | None = None,
    phenomena: Clusterer | None = None,
    trusted_proxies: Sequence[Network] = (),
) -> FastAPI:
    """The web queue on `store`; `secure_cookies` behind HTTPS (Secure, __Host-, HSTS).

    `secret_key` signs the session cookie; `close_store` hands the store to the app,
    which closes it when it stops; `search` serves /search and `phenomena` /phenomena
    (each 404 without it); X-Forwarded-For names the client only when the peer is in
    `trusted_proxies`.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if close_store:
            store.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.search = search
    app.state.phenomena = phenomena
    app.state.trusted_proxies = tuple(trusted_proxies)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.globals["now"] = lambda: datetime.now(UTC)
    # The audit page shows details as JSON: "één" as written, not as \u00e9\u00e9n
    # (Jinja's tojson still escapes <, >, & and ' for HTML).
    app.state.templates.env.policies["json.dumps_kwargs"] = {
        "sort_keys": True,
        "ensure_ascii": False,
    }
    app.state.clock = time.time  # the session timeouts' clock; tests move it
    secure = secure_cookies
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key,
        # __Host-: only over https, for this host and path / (browsers enforce both).
        session_cookie="__Host-ikp_session" if secure else "ikp_session",
        max_age=SESSION_MAX_SECONDS,
        # Lax: a link from another site (the mail client) keeps the reviewer logged in;
        # every POST still needs its CSRF token.
        same_site="lax",
        https_only=secure,
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders, hsts=secure)  # the outermost: on every response
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return see_other("/login")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        user = None
        with suppress(LoginRequired):
            user = current_user(request)
        if isinstance(exc, Refused):
            _audit_refusal(request, user, exc.action)
        return render_page(
            request, "error.html", user, status_code=exc.status_code, message=str(exc.detail)
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # The only typed parameters are row ids in paths: one that is no id names nothing.
        in_path = any(error.get("loc", ("",))[0] == "path" for error in exc.errors())
        failure = HTTPException(404, "Niet gevonden") if in_path else HTTPException(400)
        return await http_error(request, failure)

    for router in (
        session,
        queue,
        items,
        pairs,
        link_routes,
        search_routes,
        phenomena_routes,
        signals,
        unprocessed,
        figures,
        trends_routes,
        audit,
    ):
        _include(app, router.router)
    return app


def _audit_refusal(request: Request, user: CurrentUser | None, action: str) -> None:
    """A refused attempt (role, CSRF) in the audit log: who, from where, which page."""
    detail = {"method": request.method, "path": request.url.path}
    if user is None:
        detail["client"] = client_address(request, request.app.state.trusted_proxies)
    else:
        detail["role"] = user.role
    audit_view(request, user, action, **detail)


def _include(app: FastAPI, router: APIRouter) -> None:
    """`app.include_router(router)`, with the router's pages as routes of the app itself.

    Since FastAPI 0.137 `include_router` keeps the router as one nested entry of
    `app.routes`; added one by one (as `include_router` did before), `app.routes`
    lists every page, which is what the tests walk to check that every POST route
    checks its CSRF token. The routers set no prefix, tags or dependencies.
    """
    for route in router.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"unexpected route {route!r} in a review router")
        app.add_api_route(
            route.path,
            route.endpoint,
            methods=sorted(route.methods),
            response_class=route.response_class,
            name=route.name,
        )


def serve(app: FastAPI, host: str, port: int, stop_event: threading.Event) -> None:
    """Run `app` on host:port until `stop_event` is set."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        # The app reads X-Forwarded-For itself, from trusted proxies only (client_address).
        proxy_headers=False,
        lifespan="on",
        timeout_graceful_shutdown=5,  # the daemon's shutdown must not hang on a browser tab
    )
    server = uvicorn.Server(config)

    def watch() -> None:
        stop_event.wait()
        server.should_exit = True

    threading.Thread(target=watch, name="review-stop", daemon=True).start()
    server.run()


__all__ = ["Clusterer", "Searcher", "create_app", "serve"]
