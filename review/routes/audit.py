"""The audit log, for beheerders: the newest 500 entries, optionally of one item.
Looking at the log is itself an entry (`audit.viewed`)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from review.pages import Admin, audit_view, render_page, store_of, whole_number
from store.review import audit_entries

router = APIRouter()


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: Admin) -> Response:
    item_id = request.query_params.get("item", "")
    wanted = whole_number(item_id)
    audit_view(request, user, "audit.viewed", item=wanted)
    entries = audit_entries(store_of(request).reading, item_id=wanted)
    return render_page(request, "audit.html", user, entries=entries, item_filter=item_id)
