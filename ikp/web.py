"""The web queue wired to the settings: the store, the session key, search and the address."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from fastapi import FastAPI

from ikp.config import Settings, open_store
from ikp.health import Health, add_routes
from ikp.phenomena import find_clusters
from ikp.search import run_search
from review.app import create_app, serve
from review.security import load_secret
from store.search import SearchFilter, SearchPage


def web_app(
    settings: Settings,
    *,
    mailbox_connected: Callable[[], bool] | None = None,
    models_loaded: Callable[[], bool] | None = None,
) -> FastAPI:
    """The review app on its own store, closed when the app stops, with search and
    phenomena (which need nlp's normalisers and linking's keys, so they are wired here) and
    the operators' /healthz, /readyz and /metrics (the daemon passes what its threads report)."""
    store = open_store(settings)

    def search(
        query: str,
        flt: SearchFilter,
        *,
        actor: str,
        limit: int,
        offset: int,
        hide_reporter: bool,
    ) -> SearchPage:
        found = run_search(
            store, query, flt, actor=actor, limit=limit, offset=offset, hide_reporter=hide_reporter
        )
        return found.page

    app = create_app(
        store,
        secret_key=load_secret(settings.data_dir),
        secure_cookies=settings.web_secure_cookies,
        close_store=True,
        search=search,
        phenomena=partial(find_clusters, store),
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
    """Serve the web queue on settings.web_host:web_port until `stop_event` is set."""
    app = web_app(settings, mailbox_connected=mailbox_connected, models_loaded=models_loaded)
    serve(app, settings.web_host, settings.web_port, stop_event)
