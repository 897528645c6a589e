"""A worker takes stored items from the queue through extraction and the pipeline.

Batch by batch: one transaction claims up to `BATCH_SIZE` items, one round trip to
the extraction sandbox reads them, the analyzer runs its models over the whole
batch, and one transaction saves the results. A failure of one item never fails
the others: an unreadable file is quarantined, anything else is retried later
with backoff (see store.queue), each for that item alone. While a batch is being
worked on, a heartbeat renews its leases, so the leases can be short.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType

from contract.records import Analysis, Document, ItemEntities
from contract.statuses import ItemStatus
from ikp.metrics import ITEMS_PROCESSED, OCR_PAGES, STAGE_SECONDS
from ikp.pipeline import Analyzer
from ikp.related import analysed_batch, related_for_batch, reporter_identities
from ikp.related import keys_of as related_keys_of
from ikp.search import item_keys
from ingest.registry import ExtractionError
from ingest.sandbox import Job, extract_many_isolated
from store import Store
from store.items import Analysed, save_analyses
from store.link_verdicts import rejected_links
from store.queue import (
    LEASE,
    Claim,
    claim_batch,
    claimed_sources,
    quarantine_claimed,
    record_failure,
    renew_leases,
)

log = logging.getLogger(__name__)

BATCH_SIZE = 16  # text mails: a batch takes well under a second; scans: one OCR page or so each


@dataclass(frozen=True)
class Outcome:
    item_id: int
    status: str  # review / quarantined / queued (retry) / failed / lost
    error: str | None = None


def process_next(
    store: Store, analyzer: Analyzer, worker: str, *, timeout_s: float = 120
) -> Outcome | None:
    """Process one queued item; None when the queue is empty. Never raises for bad input."""
    outcomes = process_batch(store, analyzer, worker, size=1, timeout_s=timeout_s)
    return outcomes[0] if outcomes else None


def process_batch(
    store: Store,
    analyzer: Analyzer,
    worker: str,
    *,
    size: int = BATCH_SIZE,
    timeout_s: float = 120,
    lease: timedelta = LEASE,
) -> list[Outcome]:
    """Claim up to `size` queued items and process them; [] when the queue is empty."""
    claims = claim_batch(store.sessions, worker, size, lease=lease)
    if not claims:
        return []
    with Heartbeat(store, worker, [c.item_id for c in claims], lease):
        return process_claims(store, analyzer, worker, claims, timeout_s=timeout_s)


def process_claims(
    store: Store,
    analyzer: Analyzer,
    worker: str,
    claims: Sequence[Claim],
    *,
    timeout_s: float = 120,
) -> list[Outcome]:
    """Extract, analyse and save claimed items; one Outcome per claim, in order."""
    outcomes: dict[int, Outcome] = {}
    with STAGE_SECONDS.labels("extract").time():
        documents = _extract(store, worker, claims, outcomes, timeout_s)
    OCR_PAGES.inc(sum(p.ocr_confidence is not None for d, _ in documents.values() for p in d.parts))
    with STAGE_SECONDS.labels("analyse").time():
        analyses = _analyse(store, analyzer, worker, documents, outcomes)
    with STAGE_SECONDS.labels("related").time():
        identities = _identities(store, analyses)
        related, keys = _related(store, analyses, identities)
    batch = [
        Analysed(
            i,
            a,
            related.get(i),
            tuple(item_keys(a.entities, a.document.text, identities[i])),
            keys.get(i, ()),
        )
        for i, (a, _) in analyses.items()
    ]
    with STAGE_SECONDS.labels("save").time():
        saved = _save(store, worker, batch, outcomes)
    for item_id in analyses:
        if item_id not in outcomes:
            outcomes[item_id] = Outcome(item_id, "review" if item_id in saved else "lost")
    for outcome in outcomes.values():
        ITEMS_PROCESSED.labels(outcome.status).inc()
    return [outcomes[c.item_id] for c in claims]


def _extract(
    store: Store,
    worker: str,
    claims: Sequence[Claim],
    outcomes: dict[int, Outcome],
    timeout_s: float,
) -> dict[int, tuple[Document, datetime]]:
    ids = [c.item_id for c in claims]
    rows = claimed_sources(store.sessions, ids)
    jobs: list[tuple[int, Job]] = []
    for item_id in ids:
        row = rows.get(item_id)
        if row is None:
            outcomes[item_id] = Outcome(item_id, "lost")  # deleted meanwhile
            continue
        try:
            raw = store.blobs.get(row.content_sha256)
        except Exception as exc:
            outcomes[item_id] = _retry(store, item_id, worker, exc)
            continue
        mail = row.source == "email"
        job = Job(
            raw, None if mail else row.source_ref, row.source, row.media_type if mail else None
        )
        jobs.append((item_id, job))
    try:
        results: list[object] = list(
            extract_many_isolated([j for _, j in jobs], timeout_s=timeout_s)
        )
    except Exception as exc:  # the sandbox cannot start: every item waits for a retry
        results = [exc] * len(jobs)
    documents: dict[int, tuple[Document, datetime]] = {}
    for (item_id, _), result in zip(jobs, results, strict=True):
        if isinstance(result, ExtractionError):
            # The file itself is unreadable: retrying will not help. Keep it, say why.
            reason = str(result) or result.__class__.__name__
            outcomes[item_id] = _quarantine(store, item_id, worker, reason)
        elif isinstance(result, Exception):
            outcomes[item_id] = _retry(store, item_id, worker, result)
        else:
            assert isinstance(result, Document)
            documents[item_id] = (result, rows[item_id].received)
    return documents


def _analyse(
    store: Store,
    analyzer: Analyzer,
    worker: str,
    documents: dict[int, tuple[Document, datetime]],
    outcomes: dict[int, Outcome],
) -> dict[int, tuple[Analysis, datetime]]:
    if not documents:
        return {}
    ids = list(documents)
    try:
        # an item analysed again: the links reviewers rejected are not proposed again
        rejected = rejected_links(store.sessions, ids)
        found = analyzer.analyse_many(
            [documents[i][0] for i in ids],
            received=[documents[i][1] for i in ids],
            index=store.dossiers,
            rejected=[rejected.get(i, set()) for i in ids],
        )
        return {i: (a, documents[i][1]) for i, a in zip(ids, found, strict=True)}
    except Exception as exc:
        if len(ids) == 1:
            outcomes[ids[0]] = _retry(store, ids[0], worker, exc)
            return {}
        log.warning("analysing a batch of %d failed; analysing one by one", len(ids))
    analyses: dict[int, tuple[Analysis, datetime]] = {}
    for item_id in ids:
        document, received = documents[item_id]
        try:
            no = rejected_links(store.sessions, [item_id]).get(item_id, set())
            analyses[item_id] = (
                analyzer.analyse(document, received=received, index=store.dossiers, rejected=no),
                received,
            )
        except Exception as exc:
            outcomes[item_id] = _retry(store, item_id, worker, exc)
    return analyses


def _identities(
    store: Store, analyses: dict[int, tuple[Analysis, datetime]]
) -> dict[int, tuple[str | None, ...]]:
    """Each item's reporter; should the stored intake not be readable, its sender alone."""
    if not analyses:
        return {}
    try:
        return reporter_identities(store, analyses)
    except Exception:
        log.warning("items %s: reporter not known", list(analyses), exc_info=True)
        return {i: (a.document.sender,) for i, (a, _) in analyses.items()}


def _related(
    store: Store,
    analyses: dict[int, tuple[Analysis, datetime]],
    identities: dict[int, tuple[str | None, ...]],
) -> tuple[dict[int, list[dict[str, object]]], dict[int, tuple[str, ...]]]:
    """Duplicate-signal proposals and keys, the reporter's details left out. Best effort:
    an item goes to the queue without proposals (and, should the reporter's parts not be
    found, with the keys of all its entities)."""
    if not analyses:
        return {}, {}
    try:
        batch = analysed_batch(analyses, identities)
    except Exception:
        log.warning("items %s: reporter's parts not found", list(analyses), exc_info=True)
        batch = [
            ItemEntities(i, received, tuple((e.label, e.value) for e in a.entities))
            for i, (a, received) in analyses.items()
        ]
    keys = {n.item_id: related_keys_of(n.entities) for n in batch}
    try:
        found = related_for_batch(store, batch)
    except Exception:
        log.warning("items %s: related items not proposed", list(analyses), exc_info=True)
        return {}, keys
    related = {
        item_id: [
            {"item_id": r.item_id, "score": r.score, "evidence": list(r.evidence)} for r in items
        ]
        for item_id, items in found.items()
    }
    return related, keys


def _save(
    store: Store, worker: str, batch: list[Analysed], outcomes: dict[int, Outcome]
) -> set[int]:
    """One transaction for the batch; should it fail, one per item, so one bad row fails alone."""
    if not batch:
        return set()
    try:
        with store.sessions() as session, session.begin():
            return set(save_analyses(session, batch, worker))
    except Exception as exc:
        if len(batch) == 1:
            outcomes[batch[0].item_id] = _retry(store, batch[0].item_id, worker, exc)
            return set()
        log.warning("saving a batch of %d failed; saving one by one", len(batch))
    saved: set[int] = set()
    for one in batch:
        try:
            with store.sessions() as session, session.begin():
                saved.update(save_analyses(session, [one], worker))
        except Exception as exc:
            outcomes[one.item_id] = _retry(store, one.item_id, worker, exc)
    return saved


class Heartbeat:
    """Renews a worker's leases on its items every third of the lease, until closed."""

    def __init__(self, store: Store, worker: str, item_ids: list[int], lease: timedelta) -> None:
        self.store = store
        self.worker = worker
        self.item_ids = item_ids
        self.lease = lease
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"{worker}-lease", daemon=True)

    def _run(self) -> None:
        while not self.done.wait(self.lease.total_seconds() / 3):
            try:
                held = renew_leases(
                    self.store.sessions, self.worker, self.item_ids, lease=self.lease
                )
            except Exception as exc:  # the database is away; the lease may run out, that is all
                log.warning("%s: leases not renewed: %s: %s", self.worker, type(exc).__name__, exc)
                continue
            if not held:
                return

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.done.set()
        self.thread.join()


def _retry(store: Store, item_id: int, worker: str, exc: Exception) -> Outcome:
    log.warning("item %s: %s", item_id, "".join(traceback.format_exception_only(exc)).strip())
    error = f"{exc.__class__.__name__}: {exc}"
    status = record_failure(store.sessions, item_id, worker, error)
    return Outcome(item_id, status, error)


def _quarantine(store: Store, item_id: int, worker: str, reason: str) -> Outcome:
    log.warning("item %s quarantined: %s", item_id, reason)
    if not quarantine_claimed(store.sessions, item_id, worker, reason):
        return Outcome(item_id, "lost")
    return Outcome(item_id, ItemStatus.QUARANTINED, reason)
