"""Liveness and readiness of `ikp run`, and the unauthenticated routes that report them.

/healthz: the process answers. /readyz: the database answers, the mailbox watcher
is connected (when a mailbox is configured), the models are loaded (when this
daemon runs workers) and the oldest queued item is younger than the limit; 503
with the failing checks otherwise. /metrics: Prometheus text (ikp.metrics).
None of them needs a login, and none shows item content or personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from store import Store
from store.models import utcnow
from store.queue import oldest_queued


@dataclass
class Health:
    """What the daemon's threads report; read by the web thread."""

    store: Store
    queue_age_limit: timedelta = timedelta(minutes=15)
    # None: not part of this daemon (no mailbox configured, no workers)
    mailbox_connected: Callable[[], bool] | None = None
    models_loaded: Callable[[], bool] | None = None

    def checks(self) -> dict[str, str]:
        """Each check's result: "ok", "off" (not run here) or why it fails."""
        out: dict[str, str] = {}
        try:
            with self.store.reading() as session:  # no write lock: a busy worker is no failure
                session.execute(text("SELECT 1"))
            out["database"] = "ok"
        except Exception as exc:
            out["database"] = f"unreachable: {type(exc).__name__}"
        out["mailbox"] = _flag(self.mailbox_connected, "not connected")
        out["models"] = _flag(self.models_loaded, "not loaded")
        if out["database"] == "ok":
            with self.store.reading() as session:
                oldest = oldest_queued(session)
            age = (utcnow() - oldest) if oldest else timedelta(0)
            limit = self.queue_age_limit
            out["queue"] = "ok" if age <= limit else f"oldest queued item {age} old (> {limit})"
        else:
            out["queue"] = "unknown"
        return out

    def ready(self) -> tuple[bool, dict[str, str]]:
        checks = self.checks()
        return all(v in ("ok", "off") for v in checks.values()), checks


def _flag(check: Callable[[], bool] | None, failing: str) -> str:
    if check is None:
        return "off"
    return "ok" if check() else failing


def add_routes(app: FastAPI, health: Health) -> None:
    """/healthz, /readyz and /metrics on the web app, outside the login."""
    from ikp.metrics import exposition

    def healthz() -> Response:
        return JSONResponse({"status": "alive"})

    def readyz() -> Response:
        ready, checks = health.ready()
        return JSONResponse(
            {"status": "ready" if ready else "unready", "checks": checks},
            status_code=200 if ready else 503,
        )

    def metrics() -> Response:
        body, content_type = exposition(health.store)
        return Response(body, media_type=content_type)

    app.add_api_route("/healthz", healthz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/readyz", readyz, methods=["GET"], include_in_schema=False)
    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
