"""The queue: open items by due date and priority, filtered and paged."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contract.clock import local_today
from contract.statuses import OPEN_STATUSES
from contract.vocabulary import DESTINATIONS, SIGNAL_TYPES, SOURCES
from review.pages import (
    REPORTER_ROLES,
    AnyUser,
    audit_view,
    now_of,
    page_number,
    render_page,
    store_of,
)
from review.reporter import ReporterMask
from store.review import QueueFilter, queue_page

PAGE_SIZE = 50

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def queue(request: Request, user: AnyUser) -> Response:
    q = request.query_params
    flt = QueueFilter(
        signal_type=q.get("type") if q.get("type") in SIGNAL_TYPES else None,
        destination=q.get("destination") if q.get("destination") in DESTINATIONS else None,
        status=q.get("status") if q.get("status") in OPEN_STATUSES else None,
        source=q.get("source") if q.get("source") in SOURCES else None,
        overdue=q.get("overdue") == "1",
    )
    page = page_number(request)
    with store_of(request).reading() as session:
        now = now_of(request)
        result = queue_page(
            session,
            flt,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            today=local_today(now),
            now=now,
        )
    filters = {k: v for k, v in vars(flt).items() if v}
    audit_view(request, user, "queue.viewed", filters=filters, page=page, total=result.total)
    if user.role not in REPORTER_ROLES:
        for n, row in enumerate(result.rows):
            mask = ReporterMask.from_identities(row.identity)
            result.rows[n] = replace(row, subject=mask.apply(row.subject or "") or None)
    return render_page(
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
