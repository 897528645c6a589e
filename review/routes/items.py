"""An item: its page, claiming and releasing it, confirming it, the export for the team."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup

from contract.clock import local_today
from contract.vocabulary import DESTINATIONS, PRIORITIES, SIGNAL_TYPES
from review.link_pairs import link_panel
from review.pages import (
    REPORTER_ROLES,
    REVIEWERS,
    AnyUser,
    Reviewer,
    RowId,
    flash,
    now_of,
    render_page,
    see_other,
    store_of,
)
from review.related import panel as related_panel
from review.reporter import MASK, ReporterMask, render
from review.security import checked_form
from store.items import BODY_CHARS, is_body_origin
from store.models import Item
from store.outbox import messages_of
from store.phenomena import names_for_item
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

# Withheld from roles without reporter access; the message ids name the sender's mail system.
MESSAGE_IDS = {"message-id", "in-reply-to"}
IDENTITY_HEADERS = {"from", "sender", "reply-to", "return-path", "cc", *MESSAGE_IDS}

# Destinations that must answer the reporter themselves: legal checks of information
# requests (the requester) and general dossier questions (the asker). Every other team
# receives the signal with the reporter masked, as an analist sees it.
REPORTER_DESTINATIONS = ("juridisch", "ketenservicelijn")

router = APIRouter()
# What the page says after an action (?msg=): fixed texts, never text from the address bar.
DONE = {"bevestigd": "Item bevestigd.", "geregistreerd": "Item geregistreerd."}
# What the page says after a verdict on a proposed pair (review.routes.pairs).
PAIR_MESSAGES = {
    "same": "Gekoppeld: beide items tonen dat ze over dezelfde zaak gaan.",
    "different": "Genoteerd als andere zaak; dit paar wordt niet meer voorgesteld.",
}
# What the page says after a verdict on a proposed dossier link (review.routes.links).
LINK_MESSAGES = {
    "accept": "Koppeling aanvaard; bij bevestigen staat dit dossier op koppelen.",
    "reject": "Koppeling afgewezen; het linkmodel leert ervan bij de volgende fit.",
}


# The page shows a text up to here (the analysis stops at 2,000,000, ikp.pipeline):
# masking 24 million characters took 47 s on a loaded machine and the page was 25 MB.
SHOWN_CHARS = 2_100_000  # the analysed part, its cut marker and a little more


def shown_text(text: str, limit: int = SHOWN_CHARS) -> tuple[str, int]:
    """`text` up to its last line end before `limit`, and how many characters are left out."""
    if len(text) <= limit:
        return text, 0
    cut = text.rfind("\n", 0, limit) + 1 or limit
    return text[:cut], len(text) - cut


def highlighted(text: str, entities: list[Any], mask: ReporterMask | None = None) -> Markup:
    """The text with entity spans marked and, given a mask, the reporter masked; escaped."""
    return render(text, entities, mask.spans(text) if mask else None)


@dataclass(frozen=True)
class Original:
    headers: list[tuple[str, str]]
    body: str
    identities: list[str]  # the sender's header values, for ReporterMask


def stored_original(item: Item) -> Original:
    """Headers and body text of the original as the worker extracted and stored them.

    The raw mail is never parsed here: a mail can be made to exhaust any parser, and
    the worker reads it in a sandboxed child process. Items stored before migration
    0007 show the subject and sender of their row; the body is the text of the mail's
    own body parts (mail HTML already reduced to text), else the extracted text.
    """
    if item.headers is not None:
        headers = [(str(name), str(value)) for name, value in item.headers]
    elif item.media_type == "message/rfc822":
        headers = [(n, v) for n, v in (("From", item.sender), ("Subject", item.subject)) if v]
    else:
        headers = []
    parts = item.parts or []
    bodies = [p["text"] for p in parts if is_body_origin(p.get("origin", "")) and p.get("text")]
    body = "\n\n".join(bodies) if bodies else item.text or ""
    identities = [v for n, v in headers if n.lower() in IDENTITY_HEADERS - MESSAGE_IDS]
    return Original(headers, body[:BODY_CHARS], identities)


def reporter_mask(item: Item, role: str, original: Original | None = None) -> ReporterMask | None:
    """The mask of item `item`'s reporter for `role`; None for roles that see the reporter."""
    if role in REPORTER_ROLES:
        return None
    original = original or stored_original(item)
    sources = [item.sender, item.reporter_name, item.reporter_contact]
    return ReporterMask.from_identities([*original.identities, *sources])


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
def item_view(request: Request, item_id: RowId, user: AnyUser) -> Response:
    store = store_of(request)
    with store.reading() as session:
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        suggestion = item.suggestions[-1] if item.suggestions else None
        original = stored_original(item)
        mask = reporter_mask(item, user.role, original)
        shown, left_out = shown_text(item.text or "")
        types = _masked_strings(suggestion.signal_types if suggestion else [], "why", mask)
        context = {
            "item": item,
            "subject": mask.apply(item.subject or "") if mask else item.subject,
            "suggestion": suggestion,
            "links": _masked_strings(
                suggestion.dossier_links if suggestion else [], "evidence", mask
            ),
            "related": related_panel(
                session, item, suggestion, lambda i: reporter_mask(i, user.role)
            ),
            # Register rows only for the roles that decide links (least privilege).
            "link_pairs": link_panel(session, item, suggestion, mask)
            if user.role in REVIEWERS
            else None,
            "decision": item.decisions[-1] if item.decisions else None,
            "forwards": messages_of(session, item_id),
            "phenomena": names_for_item(session, item_id),
            "text": highlighted(shown, list(item.entities), mask),
            "left_out": left_out,
            "original": original_view(original, mask),
            "suggested": {s["code"]: s for s in types},
            "claimed": item.claimed_until is not None and item.claimed_until > now_of(request),
            "days_left": (item.due - local_today(now_of(request))).days if item.due else None,
        }
    # Audited in a short transaction of its own: a view never holds the write lock while
    # it masks and highlights a long text.
    with store.sessions() as session, session.begin():
        audit(session, user.username, "item.viewed", item_id)
        for other_id in context["related"].shown():
            audit(session, user.username, "item.viewed", other_id, summary_on=item_id)
        for dossier_id in context["link_pairs"].shown() if context["link_pairs"] else ():
            audit(session, user.username, "dossier.viewed", item_id, dossier_id=dossier_id)
    return render_page(
        request,
        "item.html",
        user,
        signal_types=SIGNAL_TYPES,
        destinations=DESTINATIONS,
        priorities=PRIORITIES,
        message=flash(request, DONE),
        pair_message=PAIR_MESSAGES.get(request.query_params.get("pair", "")),
        link_message=LINK_MESSAGES.get(request.query_params.get("link", "")),
        **context,
    )


@router.post("/items/{item_id}/claim")
async def claim_item(request: Request, item_id: RowId, user: Reviewer) -> Response:
    await checked_form(request)
    try:
        claim(store_of(request).sessions, item_id, user.username, now=now_of(request))
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    except ReviewError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}")


@router.post("/items/{item_id}/release")
async def release_item(request: Request, item_id: RowId, user: Reviewer) -> Response:
    await checked_form(request)
    try:
        release(store_of(request).sessions, item_id, user.username)
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    return see_other("/")


@router.post("/items/{item_id}/confirm")
async def confirm_item(request: Request, item_id: RowId, user: Reviewer) -> Response:
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
        confirm(store_of(request).sessions, item_id, user.username, decision, now=now_of(request))
    except KeyError:
        raise HTTPException(status_code=404, detail="Geen item met dit nummer") from None
    except ValueError as exc:  # ReviewError is one, and so is a malformed date
        raise HTTPException(status_code=409, detail=str(exc)) from None
    return see_other(f"/items/{item_id}?msg=bevestigd")


@router.get("/items/{item_id}/export.json")
def export(request: Request, item_id: RowId, user: Reviewer) -> Response:
    store = store_of(request)
    with store.reading() as session:
        item = load_item(session, item_id)
        if item is None:
            raise HTTPException(status_code=404, detail="Geen item met dit nummer")
        data = export_item(item)
        destination = data["decision"]["primary"] if data["decision"] else item.primary
        with_reporter = destination in REPORTER_DESTINATIONS
        if with_reporter:
            data["reporter"] = {
                "sender": item.sender,
                "name": item.reporter_name,
                "contact": item.reporter_contact,
            }
        else:
            identities = stored_original(item).identities
            mask = ReporterMask.from_identities(
                [*identities, item.sender, item.reporter_name, item.reporter_contact]
            )
            data = masked_export(data, mask)
    with store.sessions() as session, session.begin():
        audit(
            session,
            user.username,
            "item.exported",
            item_id,
            destination=destination,
            reporter="included" if with_reporter else "masked",
        )
    return JSONResponse(data)


def masked_export(data: dict[str, Any], mask: ReporterMask) -> dict[str, Any]:
    """The export with the reporter masked in subject, text and note; entities inside a
    masked part are left out, the others keep their place in the masked text."""
    text = data.get("text") or ""
    spans = mask.spans(text)
    entities = []
    for entity in data["entities"]:
        if any(s < entity["end"] and entity["start"] < e for s, e in spans):
            continue
        shift = sum(e - s - len(MASK) for s, e in spans if e <= entity["start"])
        entities.append({**entity, "start": entity["start"] - shift, "end": entity["end"] - shift})
    out = {**data, "text": mask.apply(text), "subject": mask.apply(data.get("subject") or "")}
    out["entities"] = entities
    if out["decision"] and out["decision"].get("note"):
        out["decision"] = {**out["decision"], "note": mask.apply(out["decision"]["note"])}
    out["reporter"] = None
    out["reporter_masked"] = True
    return out
