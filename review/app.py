"""The review queue: a FastAPI app with server-rendered pages, served by `ikp run`.

Every page needs a login; every action checks the role; every POST carries a
CSRF token; every view of an item and every change lands in the audit log.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import uvicorn
from bs4 import BeautifulSoup
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy import select
from starlette.middleware.sessions import SessionMiddleware

from ikp.config import Settings
from ikp.contract import DESTINATIONS, PRIORITIES, SIGNAL_TYPES, SOURCES
from review import figures as figs
from review.reporter import ReporterMask, render
from review.security import SecurityHeaders, checked_form, csrf_token, load_secret
from routing.calendar import local_today
from store import Store
from store.models import AuditEntry, User
from store.review import (
    CHANNELS,
    OPEN_STATUSES,
    DecisionInput,
    QueueFilter,
    ReviewError,
    add_phone_signal,
    audit,
    claim,
    confirm,
    export_item,
    load_item,
    queue_page,
    release,
)
from store.users import attempt_login

HERE = Path(__file__).parent
ALL_ROLES = ("medewerker", "analist", "datascientist", "beheerder")
REVIEWERS = ("medewerker", "beheerder")  # claim, confirm, register phone/desk signals
FIGURE_ROLES = ("analist", "beheerder")
# Who may see who reported a signal: those who may have to call the reporter back.
# analist and datascientist get every page with the reporter masked (review.reporter).
REPORTER_ROLES = ("medewerker", "beheerder")
IDENTITY_HEADERS = {"from", "sender", "reply-to", "return-path", "cc", "message-id"}
PAGE_SIZE = 50
# A session ends after half an hour without a request, and after a working day in any case.
SESSION_IDLE_SECONDS = 30 * 60
SESSION_MAX_SECONDS = 10 * 3600


@dataclass(frozen=True)
class CurrentUser:
    username: str
    role: str


class LoginRequired(Exception):
    pass


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _now(request: Request) -> datetime:
    """The app's clock (`app.state.clock`, seconds like time.time) as a moment."""
    return datetime.fromtimestamp(request.app.state.clock(), UTC)


def _session_alive(request: Request) -> bool:
    """Checks the idle and absolute timeouts; a live session's idle clock restarts."""
    now = request.app.state.clock()
    login_at = request.session.get("login_at")
    seen_at = request.session.get("seen_at")
    if not isinstance(login_at, int | float) or not isinstance(seen_at, int | float):
        return False
    if now - seen_at > SESSION_IDLE_SECONDS or now - login_at > SESSION_MAX_SECONDS:
        return False
    request.session["seen_at"] = int(now)
    return True


def current_user(request: Request) -> CurrentUser:
    username = request.session.get("user")
    if not username:
        raise LoginRequired
    if not _session_alive(request):
        request.session.clear()
        raise LoginRequired
    with _store(request).sessions() as session:
        user = session.scalars(select(User).where(User.username == username, User.active)).first()
    if user is None:  # deactivated or removed since login
        request.session.clear()
        raise LoginRequired
    return CurrentUser(user.username, user.role)


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


def _render(request: Request, name: str, user: CurrentUser | None, **context: Any) -> Response:
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


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def highlighted(text: str, entities: list[Any], mask: ReporterMask | None = None) -> Markup:
    """The text with entity spans marked and, given a mask, the reporter masked; escaped."""
    return render(text, entities, mask.spans(text) if mask else None)


@dataclass(frozen=True)
class Original:
    headers: list[tuple[str, str]]
    body: str
    identities: list[str]  # the sender's header values, for ReporterMask


def parse_original(raw: bytes, media_type: str) -> Original:
    """Headers and body text of the original; mail HTML is reduced to text, never rendered."""
    if media_type != "message/rfc822":
        return Original([], raw.decode("utf-8", errors="replace")[:200_000], [])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    headers = []
    for name in ("From", "Sender", "Reply-To", "Return-Path", "To", "Cc", "Date", "Subject"):
        value = msg.get(name)
        if value is not None:
            headers.append((name, str(value)))
    if msg.get("Message-ID"):
        headers.append(("Message-ID", str(msg["Message-ID"])))
    body_part = msg.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    body = ""
    if body_part is not None:
        content = body_part.get_content()
        if body_part.get_content_type() == "text/html":
            body = BeautifulSoup(content, "lxml").get_text("\n", strip=True)
        else:
            body = str(content)
    identities = [v for n, v in headers if n.lower() in IDENTITY_HEADERS - {"message-id"}]
    return Original(headers, body[:200_000], identities)


def original_view(original: Original, mask: ReporterMask | None) -> dict[str, Any]:
    """What the template shows of the original; with a mask, identity headers are withheld."""
    if mask is None:
        return {"headers": original.headers, "body": original.body}
    headers = [
        (n, "(afgeschermd)" if n.lower() in IDENTITY_HEADERS else mask.apply(v))
        for n, v in original.headers
    ]
    return {"headers": headers, "body": highlighted(original.body, [], mask)}


def _masked_strings(entries: list[Any] | None, key: str, mask: ReporterMask | None) -> list[Any]:
    """Suggestion entries (links, related items, types) with their `key` phrases masked."""
    if mask is None:
        return list(entries or [])
    return [{**e, key: [mask.apply(str(x)) for x in e.get(key) or []]} for e in entries or []]


def create_app(settings: Settings) -> FastAPI:
    store = Store.from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.globals["now"] = lambda: datetime.now(UTC)
    # The app's one clock: session timeouts, claims, decisions and "today" for due dates.
    app.state.clock = time.time  # tests set it
    secure = settings.web_secure_cookies
    app.add_middleware(
        SessionMiddleware,
        secret_key=load_secret(settings.data_dir),
        # __Host-: only over https, for this host and path / (browsers enforce both).
        session_cookie="__Host-ikp_session" if secure else "ikp_session",
        max_age=SESSION_MAX_SECONDS,
        same_site="strict",
        https_only=secure,
    )
    app.add_middleware(SecurityHeaders, hsts=secure)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, exc: LoginRequired) -> Response:
        return _see_other("/login")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        user = None
        with suppress(LoginRequired):
            user = current_user(request)
        return _render(
            request, "error.html", user, status_code=exc.status_code, message=str(exc.detail)
        )

    _add_routes(app)
    return app


def _add_routes(app: FastAPI) -> None:
    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request) -> Response:
        return _render(request, "login.html", None, error=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await checked_form(request)
        result = attempt_login(
            _store(request).sessions,
            str(form.get("username", "")),
            str(form.get("password", "")),
            request.client.host if request.client else "?",
            now=_now(request),
        )
        if result.locked_until is not None:
            wait = (result.locked_until - _now(request)).total_seconds()
            minutes = max(1, -(-int(wait) // 60))
            error = f"Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw."
            return _render(request, "login.html", None, error=error, status_code=429)
        if result.user is None:
            return _render(
                request, "login.html", None, error="Onbekende naam of wachtwoord", status_code=401
            )
        request.session.clear()  # a new session on login: no fixation
        request.session["user"] = result.user.username
        request.session["login_at"] = request.session["seen_at"] = int(request.app.state.clock())
        csrf_token(request)
        return _see_other("/")

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await checked_form(request)
        request.session.clear()
        return _see_other("/login")

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request, user: AnyUser) -> Response:
        q = request.query_params
        flt = QueueFilter(
            signal_type=q.get("type") if q.get("type") in SIGNAL_TYPES else None,
            destination=q.get("destination") if q.get("destination") in DESTINATIONS else None,
            status=q.get("status") if q.get("status") in OPEN_STATUSES else None,
            source=q.get("source") if q.get("source") in SOURCES else None,
            overdue=q.get("overdue") == "1",
        )
        page = max(int(q.get("page", "1")) if q.get("page", "1").isdigit() else 1, 1)
        now = _now(request)
        with _store(request).sessions() as session:
            result = queue_page(
                session,
                flt,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                today=local_today(now),
                now=now,
            )
        if user.role not in REPORTER_ROLES:
            for n, row in enumerate(result.rows):
                mask = ReporterMask.from_identities(row.identity)
                result.rows[n] = replace(row, subject=mask.apply(row.subject or "") or None)
        return _render(
            request,
            "queue.html",
            user,
            page=result,
            flt=flt,
            page_no=page,
            pages=max(1, -(-result.total // PAGE_SIZE)),
            signal_types=SIGNAL_TYPES,
            destinations=DESTINATIONS,
            statuses=OPEN_STATUSES,
            sources=SOURCES,
            page_query=urlencode([(k, v) for k, v in q.multi_items() if k != "page"]),
        )

    @app.get("/items/{item_id}", response_class=HTMLResponse)
    def item_view(request: Request, item_id: int, user: AnyUser) -> Response:
        store = _store(request)
        now = _now(request)
        with store.sessions() as session, session.begin():
            item = load_item(session, item_id)
            if item is None:
                raise HTTPException(status_code=404, detail="Geen item met dit nummer")
            audit(session, user.username, "item.viewed", item_id)
            raw = (
                store.blobs.get(item.content_sha256)
                if store.blobs.exists(item.content_sha256)
                else b""
            )
            suggestion = item.suggestions[-1] if item.suggestions else None
            original = parse_original(raw, item.media_type)
            mask = None
            if user.role not in REPORTER_ROLES:
                sources = [item.sender, item.reporter_name, item.reporter_contact]
                mask = ReporterMask.from_identities([*original.identities, *sources])
            types = _masked_strings(suggestion.signal_types if suggestion else [], "why", mask)
            context = {
                "item": item,
                "subject": mask.apply(item.subject or "") if mask else item.subject,
                "suggestion": suggestion,
                "links": _masked_strings(
                    suggestion.dossier_links if suggestion else [], "evidence", mask
                ),
                "related": _masked_strings(
                    suggestion.related if suggestion else [], "evidence", mask
                ),
                "decision": item.decisions[-1] if item.decisions else None,
                "text": highlighted(item.text or "", list(item.entities), mask),
                "original": original_view(original, mask),
                "suggested": {s["code"]: s for s in types},
                "claimed": item.claimed_until is not None and item.claimed_until > now,
                "days_left": (item.due - local_today(now)).days if item.due else None,
            }
        return _render(
            request,
            "item.html",
            user,
            signal_types=SIGNAL_TYPES,
            destinations=DESTINATIONS,
            priorities=PRIORITIES,
            message=request.query_params.get("msg"),
            **context,
        )

    @app.post("/items/{item_id}/claim")
    async def claim_item(request: Request, item_id: int, user: Reviewer) -> Response:
        await checked_form(request)
        try:
            claim(_store(request).sessions, item_id, user.username, now=_now(request))
        except KeyError:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
        except ReviewError as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from None
        return _see_other(f"/items/{item_id}")

    @app.post("/items/{item_id}/release")
    async def release_item(request: Request, item_id: int, user: Reviewer) -> Response:
        await checked_form(request)
        try:
            release(_store(request).sessions, item_id, user.username)
        except KeyError:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
        return _see_other("/")

    @app.post("/items/{item_id}/confirm")
    async def confirm_item(request: Request, item_id: int, user: Reviewer) -> Response:
        form = await checked_form(request)
        links = [k.removeprefix("link:") for k in form if k.startswith("link:")]
        chosen = [d for d in links if form.get(f"link:{d}") == "choose"]
        extra = [d.strip() for d in str(form.get("extra_dossier", "")).split(",") if d.strip()]
        due_text = str(form.get("due", "")).strip()
        try:
            decision = DecisionInput(
                signal_types=tuple(str(v) for v in form.getlist("signal_type")),
                dossier_ids=tuple(dict.fromkeys(chosen + extra)),
                rejected_dossier_ids=tuple(d for d in links if form.get(f"link:{d}") == "reject"),
                primary=str(form.get("primary", "")),
                inform=tuple(str(v) for v in form.getlist("inform")),
                priority=str(form.get("priority", "")),
                due=date.fromisoformat(due_text) if due_text else None,
                note=str(form.get("note", "")).strip()[:4000] or None,
            )
            confirm(_store(request).sessions, item_id, user.username, decision, now=_now(request))
        except KeyError:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
        except ValueError as exc:  # ReviewError is one, and so is a malformed date
            raise HTTPException(status_code=409, detail=str(exc)) from None
        return _see_other(f"/items/{item_id}?msg=bevestigd")

    @app.get("/items/{item_id}/export.json")
    def export(request: Request, item_id: int, user: Reviewer) -> Response:
        with _store(request).sessions() as session, session.begin():
            item = load_item(session, item_id)
            if item is None:
                raise HTTPException(status_code=404, detail="Geen item met dit nummer")
            audit(session, user.username, "item.exported", item_id)
            data = export_item(item)
        return JSONResponse(data)

    @app.get("/signals/new", response_class=HTMLResponse)
    def signal_form(request: Request, user: Reviewer) -> Response:
        return _render(request, "signal.html", user, error=None, channels=CHANNELS, form={})

    @app.post("/signals")
    async def signal_add(request: Request, user: Reviewer) -> Response:
        form = await checked_form(request)
        store = _store(request)
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
                now=_now(request),
            )
        except ReviewError as exc:
            return _render(
                request,
                "signal.html",
                user,
                error=str(exc),
                channels=CHANNELS,
                form=dict(form),
                status_code=422,
            )
        return _see_other(f"/items/{item_id}?msg=geregistreerd")

    @app.get("/figures", response_class=HTMLResponse)
    def figures_page(request: Request, user: Analyst) -> Response:
        with _store(request).sessions() as session:
            fig = figs.compute(session, today=local_today(_now(request)))
        weeks = list(fig.intake_by_type)[-12:]
        totals_type: dict[str, float] = {}
        for week in weeks:
            for code, n in fig.intake_by_type[week].items():
                totals_type[code] = totals_type.get(code, 0) + n
        return _render(
            request,
            "figures.html",
            user,
            fig=fig,
            weeks=weeks,
            chart_type=figs.bar_chart(dict(sorted(totals_type.items(), key=lambda kv: -kv[1]))),
            chart_week=figs.bar_chart({w: sum(fig.intake_by_source[w].values()) for w in weeks}),
            chart_lead=figs.bar_chart(
                {code: round(v[0], 1) for code, v in fig.lead_time.items()}, unit=" d"
            ),
            chart_agree=figs.bar_chart(
                {code: round(100 * v[0]) for code, v in fig.agreement.items()}, unit="%"
            ),
        )

    @app.get("/figures.csv")
    def figures_csv(request: Request, user: Analyst) -> Response:
        with _store(request).sessions() as session:
            text = figs.to_csv(figs.compute(session, today=local_today(_now(request))))
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="ikp-cijfers.csv"'},
        )

    @app.get("/audit", response_class=HTMLResponse)
    def audit_page(request: Request, user: Admin) -> Response:
        item_id = request.query_params.get("item", "")
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)
        if item_id.isdigit():
            query = query.where(AuditEntry.item_id == int(item_id))
        with _store(request).sessions() as session:
            entries = session.scalars(query).all()
        return _render(request, "audit.html", user, entries=entries, item_filter=item_id)


def serve(settings: Settings, stop_event: threading.Event) -> None:
    """Run the app on settings.web_host:web_port until `stop_event` is set."""
    config = uvicorn.Config(
        create_app(settings),
        host=settings.web_host,
        port=settings.web_port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,  # the daemon's shutdown must not hang on a browser tab
    )
    server = uvicorn.Server(config)

    def watch() -> None:
        stop_event.wait()
        server.should_exit = True

    threading.Thread(target=watch, name="review-stop", daemon=True).start()
    server.run()


__all__ = ["create_app", "serve"]
