"""An item: its page, claiming and releasing it, confirming it, the export for the team."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from bs4 import BeautifulSoup
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from contract.vocabulary import DESTINATIONS, PRIORITIES, SIGNAL_TYPES
from review.pages import REPORTER_ROLES, AnyUser, Reviewer, render_page, see_other, store_of
from review.reporter import ReporterMask, render
from review.security import checked_form
from store.review import (
    DecisionInput,
    ReviewError,
    audit,
    claim,
    confirm,
    export_item,
    load_item,
    release,
)

IDENTITY_HEADERS = {"from", "sender", "reply-to", "return-path", "cc", "message-id"}

router = APIRouter()


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


@router.get("/items/{item_id}", response_class=HTMLResponse)
def item_view(request: Request, item_id: int, user: AnyUser) -> Response:
    store = store_of(request)
    with store.sessions() as session, session.begin():
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        audit(session, user.username, "item.viewed", item_id)
        raw = (
            store.blobs.get(item.content_sha256) if store.blobs.exists(item.content_sha256) else b""
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
            "related": _masked_strings(suggestion.related if suggestion else [], "evidence", mask),
            "decision": item.decisions[-1] if item.decisions else None,
            "text": highlighted(item.text or "", list(item.entities), mask),
            "original": original_view(original, mask),
            "suggested": {s["code"]: s for s in types},
            "claimed": item.claimed_until is not None and item.claimed_until > datetime.now(UTC),
            "days_left": (item.due - date.today()).days if item.due else None,
        }
    return render_page(
        request,
        "item.html",
        user,
        signal_types=SIGNAL_TYPES,
        destinations=DESTINATIONS,
        priorities=PRIORITIES,
        message=request.query_params.get("msg"),
        **context,
    )


@router.post("/items/{item_id}/claim")
async def claim_item(request: Request, item_id: int, user: Reviewer) -> Response:
    await checked_form(request)
    try:
        claim(store_of(request).sessions, item_id, user.username)
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}")


@router.post("/items/{item_id}/release")
async def release_item(request: Request, item_id: int, user: Reviewer) -> Response:
    await checked_form(request)
    try:
        release(store_of(request).sessions, item_id, user.username)
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    return see_other("/")


@router.post("/items/{item_id}/confirm")
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
        confirm(store_of(request).sessions, item_id, user.username, decision)
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    except ValueError as exc:  # ReviewError is one, and so is a malformed date
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}?msg=bevestigd")


@router.get("/items/{item_id}/export.json")
def export(request: Request, item_id: int, user: Reviewer) -> Response:
    with store_of(request).sessions() as session, session.begin():
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        audit(session, user.username, "item.exported", item_id)
        data = export_item(item)
    return JSONResponse(data)
