"""The web queue wired to the settings: the store, the session key and the address."""

from __future__ import annotations

import threading

from fastapi import FastAPI

from ikp.config import Settings, open_store
from ikp.search import run_search
from review.app import create_app, serve
from review.security import load_secret
from store.search import SearchFilter, SearchPage


def web_app(settings: Settings) -> FastAPI:
    """The review app on its own store, closed when the app stops."""
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

    return create_app(
        store,
        secret_key=load_secret(settings.data_dir),
        secure_cookies=settings.web_secure_cookies,
        close_store=True,
        search=search,
    )


def serve_web(settings: Settings, stop_event: threading.Event) -> None:
    """Serve the web queue on settings.web_host:web_port until `stop_event` is set."""
    serve(web_app(settings), settings.web_host, settings.web_port, stop_event)
