"""Search: every item a user may see, by words, identifiers, names and addresses.

The application hands the app its search (`create_app(search=...)`): what a query means
(nlp's normalised identifiers, linking's name keys) is decided there, because the web
queue may not import the stages. Results are masked as the queue and item pages are: for
roles without reporter access the reporter is masked in subjects and snippets, and a
query cannot find an item through its reporter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from contract.statuses import ItemStatus
from contract.vocabulary import DESTINATIONS, SIGNAL_TYPES, SOURCES
from review.pages import REPORTER_ROLES, AnyUser, page_number, render_page
from review.reporter import ReporterMask
from store.models import Item
from store.search import SearchFilter, SearchHit, words

PAGE_SIZE = 20
SNIPPET_CHARS = 240
MASK_SCAN_CHARS = 50_000  # the snippet comes from the start of a very long text
KEY_NAMES = {
    "V_NUMMER": "V-nummer",
    "BSN": "BSN",
    "TELEFOON": "telefoon",
    "EMAIL": "e-mail",
    "IBAN": "IBAN",
    "KVK": "KvK",
    "KENTEKEN": "kenteken",
    "POSTCODE": "postcode",
    "PCHN": "postcode + huisnummer",
    "DOCUMENTNUMMER": "documentnummer",
    "ADRES": "adres",
    "ADRES~": "adres (klinkt als)",
    "NAAM": "naam",
    "NAAM~": "naam (klinkt als)",
}

router = APIRouter()


@dataclass(frozen=True)
class Row:
    id: int
    received: str
    subject: str
    status: str
    source: str
    signal_types: list[str]
    primary: str | None
    score: float
    matched: list[str]
    snippet: str


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _snippet(text: str, query: str) -> str:
    """About SNIPPET_CHARS of `text` around the first word of `query` it holds."""
    lowered = text.lower()
    at = min((i for w in words(query) if (i := lowered.find(w.lower())) >= 0), default=0)
    start = max(0, at - SNIPPET_CHARS // 3)
    cut = " ".join(text[start : start + SNIPPET_CHARS].split())
    return ("… " if start else "") + cut + (" …" if start + SNIPPET_CHARS < len(text) else "")


def _row(hit: SearchHit, query: str, masked: bool) -> Row:
    item: Item = hit.item
    subject, text = item.subject or "", (item.text or "")[:MASK_SCAN_CHARS]
    if masked:
        mask = ReporterMask.from_identities(
            (item.sender, item.reporter_name, item.reporter_contact)
        )
        subject, text = mask.apply(subject), mask.apply(text)
    latest = item.decisions[-1].signal_types if item.decisions else None
    if latest is None:
        latest = [s["code"] for s in item.suggestions[-1].signal_types] if item.suggestions else []
    return Row(
        id=item.id,
        received=item.received.strftime("%Y-%m-%d %H:%M"),
        subject=subject or "(geen onderwerp)",
        status=item.status,
        source=item.channel or item.source,
        signal_types=list(latest),
        primary=item.primary,
        score=round(hit.score, 2),
        matched=sorted({KEY_NAMES.get(k.split(":", 1)[0], k) for k in hit.keys})
        + (["tekst"] if hit.text_match else []),
        snippet=_snippet(text, query),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, user: AnyUser) -> Response:
    searcher = request.app.state.search
    if searcher is None:
        raise HTTPException(status_code=404, detail="Zoeken is niet ingesteld")
    q = request.query_params
    query = re.sub(r"\s+", " ", q.get("q", "")).strip()[:200]
    flt = SearchFilter(
        signal_type=q.get("type") if q.get("type") in SIGNAL_TYPES else None,
        since=_day(q.get("since")),
        until=_day(q.get("until")),
        source=q.get("source") if q.get("source") in SOURCES else None,
        status=q.get("status") if q.get("status") in list(ItemStatus) else None,
        destination=q.get("destination") if q.get("destination") in DESTINATIONS else None,
    )
    page_no = page_number(request)
    masked = user.role not in REPORTER_ROLES
    rows: list[Row] = []
    total, capped = 0, False
    if query:
        found = searcher(
            query,
            flt,
            actor=user.username,
            limit=PAGE_SIZE,
            offset=(page_no - 1) * PAGE_SIZE,
            hide_reporter=masked,
        )
        rows = [_row(hit, query, masked) for hit in found.hits]
        total, capped = found.total, found.capped
    return render_page(
        request,
        "search.html",
        user,
        query=query,
        rows=rows,
        total=total,
        capped=capped,
        flt=flt,
        page_no=page_no,
        pages=max(1, -(-total // PAGE_SIZE)),
        signal_types=SIGNAL_TYPES,
        destinations=DESTINATIONS,
        statuses=list(ItemStatus),
        sources=SOURCES,
        page_query=urlencode([(k, v) for k, v in q.multi_items() if k != "page"]),
    )
