"""Trends for analysts: inflow against its baseline with alerts, lead times, CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from review import trends as tr
from review.pages import Analyst, audit_view, render_page, store_of

router = APIRouter()


def _until(request: Request) -> date:
    """The last week shown: ?until=YYYY-MM-DD, else today (UTC)."""
    try:
        return date.fromisoformat(request.query_params.get("until", ""))
    except ValueError:
        return datetime.now(UTC).date()


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, user: Analyst) -> Response:
    until = _until(request)
    with store_of(request).reading() as session:
        trends = tr.compute(session, until=until)
    audit_view(request, user, "trends.viewed", until=until.isoformat())
    recent = set(trends.weeks[-12:])
    shown = [s for s in trends.series if sum(s.counts) > 0]
    return render_page(
        request,
        "trends.html",
        user,
        trends=trends,
        until=until,
        alerts=[(w, s) for w, s in trends.alerts() if w in recent],
        charts=[(s, tr.chart(s, trends.weeks)) for s in shown],
        dimensions=tr.DIMENSIONS,
        label=tr.week_label,
        method=tr,
        lead_weeks=trends.weeks[-12:],
    )


@router.get("/trends.csv")
def trends_csv(request: Request, user: Analyst) -> Response:
    until = _until(request)
    with store_of(request).reading() as session:
        text = tr.to_csv(tr.compute(session, until=until))
    audit_view(request, user, "trends.exported", format="csv", until=until.isoformat())
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="ikp-trends.csv"'},
    )
