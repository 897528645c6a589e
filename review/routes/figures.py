"""Figures for analysts: the page with its charts and the CSV download."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contract.clock import local_today
from review import figures as figs
from review.pages import Analyst, audit_view, now_of, render_page, store_of

router = APIRouter()


@router.get("/figures", response_class=HTMLResponse)
def figures_page(request: Request, user: Analyst) -> Response:
    with store_of(request).reading() as session:
        fig = figs.compute(session, today=local_today(now_of(request)))
    audit_view(request, user, "figures.viewed")
    weeks = list(fig.intake_by_type)[-12:]
    totals_type: dict[str, float] = {}
    for week in weeks:
        for code, n in fig.intake_by_type[week].items():
            totals_type[code] = totals_type.get(code, 0) + n
    return render_page(
        request,
        "figures.html",
        user,
        fig=fig,
        weeks=weeks,
        chart_type=figs.bar_chart(
            dict(sorted(totals_type.items(), key=lambda kv: -kv[1])),
            title="Instroom per type, laatste 12 weken",
        ),
        chart_week=figs.bar_chart(
            {w: sum(fig.intake_by_source[w].values()) for w in weeks}, title="Instroom per week"
        ),
        chart_lead=figs.bar_chart(
            {code: round(v[0], 1) for code, v in fig.lead_time.items()},
            title="Mediane doorlooptijd per type in dagen",
            unit=" d",
        ),
        chart_agree=figs.bar_chart(
            {code: round(100 * v[0]) for code, v in fig.agreement.items()},
            title="Overeenstemming voorstel en besluit per type",
            unit="%",
        ),
    )


@router.get("/figures.csv")
def figures_csv(request: Request, user: Analyst) -> Response:
    with store_of(request).reading() as session:
        text = figs.to_csv(figs.compute(session, today=local_today(now_of(request))))
    audit_view(request, user, "figures.exported", format="csv")
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="ikp-cijfers.csv"'},
    )
