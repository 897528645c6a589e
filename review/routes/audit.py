"""The audit log, for beheerders: the newest 500 entries, optionally of one item."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from review.pages import Admin, render_page, store_of
from store.models import AuditEntry

router = APIRouter()


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, user: Admin) -> Response:
    item_id = request.query_params.get("item", "")
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)
    if item_id.isdigit():
        query = query.where(AuditEntry.item_id == int(item_id))
    with store_of(request).sessions() as session:
        entries = session.scalars(query).all()
    return render_page(request, "audit.html", user, entries=entries, item_filter=item_id)
