"""The web queue wired to the settings: the store, the session key, search and the address."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi import FastAPI

from ikp.config import Settings, open_store
from ikp.health import Health, add_routes
from linking.phenomena import Cluster
from review.app import create_app, serve
from review.security import load_secret
from store.search import SearchFilter, SearchPage


def web_app(
    settings: Settings,
    *,
    mailbox_connected: Callable[[], bool] | None = None,
    models_loaded: Callable[[], bool] | None = None,
    migrate: bool = True,
) -> FastAPI:
    """The review app on its own store, closed when the app stops, with search and
    phenomena (which need nlp's normalisers and linking's keys, so they are wired here) and
    the operators' /healthz, /readyz and /metrics (the daemon passes what its threads report).

    Search and phenomena are imported at their first use: nlp's recognisers bring spaCy
    and numpy (≈ 35 MB PSS in the daemon's process), which a daemon whose reviewers
    do not search never needs. `migrate`: False when the daemon already has."""
    store = open_store(settings, migrate="here" if migrate else "no")

    def search(
        query: str,
        flt: SearchFilter,
        *,
        actor: str,
        limit: int,
        offset: int,
        hide_reporter: bool,
    ) -> SearchPage:
        from ikp.search import run_search

        found = run_search(
            store, query, flt, actor=actor, limit=limit, offset=offset, hide_reporter=hide_reporter
        )
        return found.page

    def phenomena(*, until: datetime, since: datetime) -> list[Cluster]:
        from ikp.phenomena import find_clusters

        return find_clusters(store, until=until, since=since)

    app = create_app(
        store,
        secret_key=load_secret(settings.data_dir),
        secure_cookies=settings.web_secure_cookies,
        close_store=True,
        search=search,
        phenomena=phenomena,
        trusted_proxies=settings.trusted_proxies,
    )
    health = Health(
        store,
        queue_age_limit=timedelta(seconds=settings.ready_queue_age_s),
        mailbox_connected=mailbox_connected,
        models_loaded=models_loaded,
    )
    add_routes(app, health)
    return app


def serve_web(
    settings: Settings,
    stop_event: threading.Event,
    *,
    mailbox_connected: Callable[[], bool] | None = None,
    models_loaded: Callable[[], bool] | None = None,
) -> None:
    """Serve the web queue on settings.web_host:web_port until `stop_event` is set; the
    daemon that calls it has migrated the database (in a child: alembic stays out)."""
    app = web_app(
        settings, mailbox_connected=mailbox_connected, models_loaded=models_loaded, migrate=False
    )
    serve(app, settings.web_host, settings.web_port, stop_event)
