"""Phenomena: clusters of items over rare shared values that grew in the last weeks, each
drawn as a small network beside a table of its nodes; analysts and medewerkers name a
cluster a phenomenon, and the name shows on the page of every item in it.

The application hands the app its clustering (`create_app(phenomena=...)`), because the
values come from the stages (nlp's normalised identifiers, linking's keys). Masked as
item pages are: for roles without reporter access subjects are masked, and the
reporter's own details never connect items (ikp.phenomena leaves them out for everyone).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from linking.phenomena import Cluster, common_limit
from review.network import MAX_ITEMS, Node, draw
from review.pages import (
    REPORTER_ROLES,
    AnyUser,
    CurrentUser,
    RowId,
    flash,
    now_of,
    render_page,
    require,
    see_other,
    store_of,
    whole_number,
)
from review.reporter import ReporterMask
from review.routes.search import KEY_NAMES
from review.security import checked_form
from store.models import Item
from store.phenomena import all_phenomena, items_with_outcome, mark, phenomena_of, remove
from store.review import audit

MARK_ROLES = ("analist", "medewerker", "beheerder")
Marker = Annotated[CurrentUser, Depends(require(*MARK_ROLES))]
SHOWN = 20  # clusters on the page, most new items first
DEFAULT_WEEKS, MAX_WEEKS = 4, 26
KINDS = {**KEY_NAMES, "ORGANISATIE": "organisatie", "DOSSIER": "dossier"}
SHORT = {
    "ADRES": "adres", "PCHN": "pc+nr", "TELEFOON": "tel", "EMAIL": "e-mail", "IBAN": "IBAN",
    "KVK": "KvK", "KENTEKEN": "kent.", "ORGANISATIE": "org", "DOSSIER": "dossier",
    "V_NUMMER": "V-nr", "BSN": "BSN", "DOCUMENTNUMMER": "doc",
}  # fmt: skip

# What the page says after an action (?msg=): fixed texts, never text from the address bar.
DONE = {"gemarkeerd": "Fenomeen gemarkeerd.", "opgeheven": "Fenomeen opgeheven."}

router = APIRouter()


@dataclass(frozen=True)
class ItemRow:
    id: int
    received: str
    subject: str
    status: str
    signal_types: list[str]
    new: bool


@dataclass(frozen=True)
class ValueRow:
    kind: str
    value: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class ClusterView:
    anchor: int
    size: int
    new: int
    first: str
    last: str
    types: list[tuple[str, int]]
    values: list[ValueRow]
    items: list[ItemRow]
    phenomena: list[str]
    unmarked: int  # items of the cluster in no phenomenon yet
    drawing: Markup
    drawn_items: int


def _period(request: Request) -> tuple[date, int]:
    """The last day shown (?until=, else today by the app's clock) and ?weeks= back."""
    q = request.query_params
    try:
        until = date.fromisoformat(q.get("until", ""))
    except ValueError:
        until = now_of(request).date()
    weeks = q.get("weeks", "")
    n = whole_number(weeks)
    n = DEFAULT_WEEKS if n is None else n
    return until, min(max(n, 1), MAX_WEEKS)


def _bounds(until: date, weeks: int) -> tuple[datetime, datetime]:
    end = datetime.combine(until + timedelta(days=1), time(), UTC)
    return end, end - timedelta(weeks=weeks)


def _types(item: Item) -> list[str]:
    if item.decisions:
        return list(item.decisions[-1].signal_types)
    return [s["code"] for s in item.suggestions[-1].signal_types] if item.suggestions else []


def _subject(item: Item, masked: bool) -> str:
    subject = item.subject or ""
    if masked:
        identities = (item.sender, item.reporter_name, item.reporter_contact)
        subject = ReporterMask.from_identities(identities).apply(subject)
    return subject or "(geen onderwerp)"


def _view(
    cluster: Cluster, items: dict[int, Item], named: dict[int, list[str]], masked: bool
) -> ClusterView:
    new = set(cluster.new)
    rows = [
        ItemRow(
            id=i,
            received=items[i].received.strftime("%Y-%m-%d"),
            subject=_subject(items[i], masked),
            status=items[i].status,
            signal_types=_types(items[i]),
            new=i in new,
        )
        for i in sorted(cluster.items, key=lambda i: items[i].received, reverse=True)
        if i in items
    ]
    values = [ValueRow(KINDS.get(s.kind, s.kind), s.value, s.items) for s in cluster.shared]
    drawn = rows[:MAX_ITEMS]
    drawn_ids = {r.id for r in drawn}
    value_nodes = [
        Node(f"v{k}", SHORT.get(s.kind, s.kind), f"{KINDS.get(s.kind, s.kind)} {s.value}")
        for k, s in enumerate(cluster.shared)
    ]
    item_nodes = [
        Node(f"i{r.id}", str(r.id), f"item {r.id}, {r.received}", highlight=r.new) for r in drawn
    ]
    edges = [
        (f"i{i}", f"v{k}") for k, s in enumerate(cluster.shared) for i in s.items if i in drawn_ids
    ]
    counted = Counter(code for r in rows for code in r.signal_types)
    return ClusterView(
        anchor=cluster.anchor,
        size=len(cluster.items),
        new=len(cluster.new),
        first=cluster.first.strftime("%Y-%m-%d"),
        last=cluster.last.strftime("%Y-%m-%d"),
        types=counted.most_common(),
        values=values,
        items=rows,
        phenomena=sorted({n for i in cluster.items for n in named.get(i, [])}),
        unmarked=len([i for i in cluster.items if not named.get(i)]),
        drawing=draw(
            value_nodes,
            item_nodes,
            edges,
            ident=f"net-{cluster.anchor}",
            title=f"Netwerk van cluster {cluster.anchor}",
            description=(
                f"{len(drawn)} items (cirkels, nieuwe donker) en {len(values)} gedeelde "
                "gegevens (vierkanten); een lijn betekent dat het item dat gegeven noemt. "
                "De tabel ernaast noemt dezelfde knopen."
            ),
        ),
        drawn_items=len(drawn),
    )


def _clusters(request: Request, until: date, weeks: int) -> list[Cluster]:
    clusterer = request.app.state.phenomena
    if clusterer is None:
        raise HTTPException(status_code=404, detail="Fenomenen zijn niet ingesteld")
    end, since = _bounds(until, weeks)
    return list(clusterer(until=end, since=since))


@router.get("/phenomena", response_class=HTMLResponse)
def phenomena_page(request: Request, user: AnyUser) -> Response:
    until, weeks = _period(request)
    found = _clusters(request, until, weeks)
    grown = [c for c in found if c.new][:SHOWN]
    masked = user.role not in REPORTER_ROLES
    ids = {i for c in grown for i in c.items}
    store = store_of(request)
    with store.reading() as session:
        items = items_with_outcome(session, ids)
        named = {i: [p.name for p in ps] for i, ps in phenomena_of(session, ids).items()}
        views = [_view(c, items, named, masked) for c in grown]
        listed = all_phenomena(session)
    with store.sessions() as session, session.begin():
        audit(
            session,
            user.username,
            "phenomena.viewed",
            None,
            until=until.isoformat(),
            weeks=weeks,
            clusters=[c.anchor for c in grown],
            items=sorted(ids),
        )
    return render_page(
        request,
        "phenomena.html",
        user,
        clusters=views,
        grown=len([c for c in found if c.new]),
        listed=listed,
        until=until,
        weeks=weeks,
        can_mark=user.role in MARK_ROLES,
        common_limit=common_limit,
        message=flash(request, DONE),
        period_query=urlencode({"until": until.isoformat(), "weeks": weeks}),
    )


@router.post("/phenomena/mark")
async def mark_cluster(request: Request, user: Marker) -> Response:
    form = await checked_form(request)
    anchor = whole_number(str(form.get("anchor", "")))
    name = " ".join(str(form.get("name", "")).split())
    try:
        until = date.fromisoformat(str(form.get("until", "")))
        weeks = min(max(int(str(form.get("weeks", ""))), 1), MAX_WEEKS)
    except ValueError:
        raise HTTPException(status_code=400, detail="Periode ontbreekt of klopt niet") from None
    if anchor is None:
        raise HTTPException(status_code=400, detail="Geen cluster gekozen")
    if not name:
        raise HTTPException(status_code=400, detail="Geef het fenomeen een naam")
    # The cluster as it is now (it may have grown since the page was drawn).
    cluster = next((c for c in _clusters(request, until, weeks) if anchor in c.items), None)
    if cluster is None:
        raise HTTPException(status_code=409, detail="Dit cluster bestaat niet meer")
    with store_of(request).sessions() as session, session.begin():
        phenomenon, added = mark(session, name, cluster.items, user.username, now=now_of(request))
        audit(
            session,
            user.username,
            "phenomenon.marked",
            None,
            phenomenon_id=phenomenon.id,
            name=phenomenon.name,
            items=list(cluster.items),
            added=added,
            shared=[f"{s.kind}:{s.value}" for s in cluster.shared],
        )
    query = urlencode({"until": until.isoformat(), "weeks": weeks, "msg": "gemarkeerd"})
    return see_other(f"/phenomena?{query}#cluster-{cluster.anchor}")


@router.post("/phenomena/{phenomenon_id}/remove")
async def remove_phenomenon(request: Request, phenomenon_id: RowId, user: Marker) -> Response:
    await checked_form(request)
    with store_of(request).sessions() as session, session.begin():
        gone = remove(session, phenomenon_id)
        if gone is None:
            raise HTTPException(status_code=404, detail="Geen fenomeen met dit nummer")
        audit(
            session,
            user.username,
            "phenomenon.removed",
            None,
            phenomenon_id=phenomenon_id,
            name=gone.name,
        )
    return see_other("/phenomena?msg=opgeheven")
