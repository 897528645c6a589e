"""Prometheus metrics of `ikp run`, across the daemon and its worker processes.

Counters and histograms live where the work happens (worker processes, the
mailbox watcher), so they use prometheus-client's multiprocess mode: `ikp run`
points PROMETHEUS_MULTIPROC_DIR at an emptied directory under IKP_DATA_DIR
(ikp.daemon.prepare_metrics_dir) before this module is imported, its spawned
children inherit it, and /metrics adds up the files of all of them. What the
database knows (items by status, the oldest queued item, the outbox) is read from
it at scrape time, so every daemon on one database reports the same numbers.

Without the variable (`ikp ingest`, tests in one process) the metrics are the
process's own, which is what a single process needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from store import Store
from store.models import utcnow
from store.outbox import oldest_pending, state_counts
from store.queue import item_counts, oldest_queued

ENV = "PROMETHEUS_MULTIPROC_DIR"

STAGE_SECONDS = Histogram(
    "ikp_stage_batch_seconds",
    "Time a worker spent on one batch in a pipeline stage (extract, analyse, related, save)",
    ["stage"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
ITEMS_PROCESSED = Counter(
    "ikp_items_processed_total", "Items a worker finished, by outcome", ["outcome"]
)
OCR_PAGES = Counter("ikp_ocr_pages_total", "Pages read by OCR")
IMAP_RECONNECTS = Counter(
    "ikp_imap_reconnects_total", "Times the mailbox watcher lost or could not get its connection"
)
MODEL_INFO = Gauge(
    "ikp_model_info",
    "Signal classifier version in use by a worker process (1; 0 for one it replaced)",
    ["version"],
    multiprocess_mode="liveall",
)


def process_died(pid: int) -> None:
    """Drop a dead worker process's live gauges (its counters stay in the totals)."""
    if os.environ.get(ENV):
        multiprocess.mark_process_dead(pid)


class DatabaseCollector(Collector):
    """Figures from the database, read at each scrape."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self.store.reading() as session:
            counts = item_counts(session)
            oldest = oldest_queued(session)
            outbox = state_counts(session)
            oldest_mail = oldest_pending(session)
        now = utcnow()
        items = GaugeMetricFamily("ikp_items", "Stored items by status", labels=["status"])
        for status, n in sorted(counts.items()):
            items.add_metric([status], n)
        yield items
        yield GaugeMetricFamily(
            "ikp_oldest_queued_seconds",
            "Age of the oldest item waiting for a worker (0 when none waits)",
            value=_age(oldest, now),
        )
        backlog = GaugeMetricFamily(
            "ikp_outbox_messages", "Forwarding mails by state", labels=["state"]
        )
        for state in ("pending", "sent", "failed"):
            backlog.add_metric([state], outbox.get(state, 0))
        yield backlog
        yield GaugeMetricFamily(
            "ikp_outbox_oldest_pending_seconds",
            "Age of the oldest mail not yet sent (0 when none waits)",
            value=_age(oldest_mail, now),
        )


def _age(moment: datetime | None, now: datetime) -> float:
    return max(0.0, (now - moment).total_seconds()) if moment else 0.0


def exposition(store: Store) -> tuple[bytes, str]:
    """The text a Prometheus scrape gets, and its content type."""
    if os.environ.get(ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Own())
    registry.register(DatabaseCollector(store))
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Own(Collector):
    """This process's metrics (the default registry) next to the database's."""

    def collect(self) -> Iterator[object]:  # type: ignore[override]
        yield from REGISTRY.collect()
