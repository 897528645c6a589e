"""A worker takes stored items from the queue through extraction and the pipeline."""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass

from ikp.pipeline import Analyzer
from ingest.registry import ExtractionError
from ingest.sandbox import extract_bytes_isolated
from store import Store
from store.items import save_analysis
from store.models import AuditEntry, Item
from store.queue import Claim, claim_next, holds_lease, record_failure
from store.related import related_items

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    item_id: int
    status: str  # review / quarantined / queued (retry) / failed / lost
    error: str | None = None


def process_next(
    store: Store, analyzer: Analyzer, worker: str, *, timeout_s: float = 120
) -> Outcome | None:
    """Process one queued item; None when the queue is empty. Never raises for bad input."""
    claim = claim_next(store.sessions, worker)
    if claim is None:
        return None
    return process_claim(store, analyzer, worker, claim, timeout_s=timeout_s)


def process_claim(
    store: Store, analyzer: Analyzer, worker: str, claim: Claim, *, timeout_s: float = 120
) -> Outcome:
    with store.sessions() as session:
        item = session.get(Item, claim.item_id)
        assert item is not None, "a claimed item exists"
        filename = None if item.source == "email" else item.source_ref
        source, received, digest = item.source, item.received, item.content_sha256
        media_type = item.media_type if item.source == "email" else None
    try:
        raw = store.blobs.get(digest)
        document = extract_bytes_isolated(
            raw, filename, source=source, media_type=media_type, timeout_s=timeout_s
        )
    except ExtractionError as exc:
        # The file itself is unreadable: retrying will not help. Keep it, say why.
        return _quarantine(store, claim.item_id, worker, str(exc) or exc.__class__.__name__)
    except Exception as exc:
        return _retry(store, claim.item_id, worker, exc)
    try:
        analysis = analyzer.analyse(document, received=received, index=store.dossiers)
        with store.sessions() as session, session.begin():
            item = session.get(Item, claim.item_id, with_for_update=True)
            if item is None or not holds_lease(item, worker):
                return Outcome(claim.item_id, "lost")
            save_analysis(session, item, analysis)
            session.add(
                AuditEntry(
                    actor=worker,
                    action="item.analysed",
                    item_id=item.id,
                    detail={"model_version": analysis.classification.model_version},
                )
            )
    except Exception as exc:
        return _retry(store, claim.item_id, worker, exc)
    _propose_related(store, claim.item_id)
    return Outcome(claim.item_id, "review")


def _propose_related(store: Store, item_id: int) -> None:
    """Duplicate-signal proposals: best effort, the item is already in the queue."""
    try:
        related = related_items(store.sessions, item_id)
        with store.sessions() as session, session.begin():
            item = session.get(Item, item_id)
            if item is not None and item.suggestions:
                item.suggestions[-1].related = [
                    {"item_id": r.item_id, "score": r.score, "evidence": list(r.evidence)}
                    for r in related
                ]
    except Exception:
        log.warning("item %s: related items not proposed", item_id, exc_info=True)


def _retry(store: Store, item_id: int, worker: str, exc: Exception) -> Outcome:
    log.warning("item %s: %s", item_id, "".join(traceback.format_exception_only(exc)).strip())
    error = f"{exc.__class__.__name__}: {exc}"
    status = record_failure(store.sessions, item_id, worker, error)
    return Outcome(item_id, status, error)


def _quarantine(store: Store, item_id: int, worker: str, reason: str) -> Outcome:
    log.warning("item %s quarantined: %s", item_id, reason)
    with store.sessions() as session, session.begin():
        item = session.get(Item, item_id, with_for_update=True)
        if item is None or not holds_lease(item, worker):
            return Outcome(item_id, "lost")
        item.status = "quarantined"
        item.error = reason[:4000]
        item.locked_by = None
        item.locked_until = None
        session.add(
            AuditEntry(
                actor=worker,
                action="item.quarantined",
                item_id=item_id,
                detail={"reason": reason[:500]},
            )
        )
    return Outcome(item_id, "quarantined", reason)
