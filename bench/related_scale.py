"""Duplicate signals: the worker's cost per new item with 1,000 to 100,000 stored items.

    .venv/bin/python bench/related_scale.py [--sizes 1000 10000 100000] [--batches 20]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/ikp_bench_related]

The served path on real stores: SQLite files in a temporary directory, or PostgreSQL
databases `ikp_bench_related_<size>` made on the server of --database-url and dropped
afterwards. Each store is bulk-loaded (as bench/search_bench.py does) with invented
tips received at 300 a day (100,000 is about a year of intake): their entities and the
duplicate-signal keys the worker stores (`ikp.related.keys_of`). A tip names a person
(a rare invented surname, or one of a few common ones), an address with a postcode,
often an authority most tips name, sometimes a phone number or a V-nummer. Tips older
than 30 days are confirmed, except a backlog of 1 % still in review. Then batches of
16 new items (a fifth of them a repeat of a recent tip's person and address), held by
the bench's worker as the queue would, each timed for what the worker does for related
items: `ikp.related.related_for_batch` (candidates read by the batch's keys, masked for
the reporter, scored) and `store.items.save_analyses` (the suggestion with its related
items, and the new items' keys) in one transaction, as the worker saves. The sizes take
turns batch by batch, so a change in machine load falls on all of them. Prints p50 / p95
milliseconds per new item, wall clock and this process's CPU time (which other jobs on
the machine do not lengthen; with PostgreSQL the server's work is not in it).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from contract.records import (
    Analysis,
    Classification,
    Document,
    Entity,
    ItemEntities,
    Routing,
)
from ikp.related import keys_of, related_for_batch
from store import Store
from store.items import Analysed, save_analyses
from store.models import EntityRow, Item, RelatedKey

T0 = datetime(2026, 6, 1, tzinfo=UTC)
# Intake: 300 tips a day, so 100,000 stored items are about a year; a few older than
# 30 days are still in review.
PER_DAY = 300
BACKLOG = 0.01
BATCH = 16  # ikp.worker.BATCH_SIZE
WORKER = "bench-worker"
COMMON = ("Jansen", "de Vries", "Bakker", "Visser", "Smit", "El Amrani", "Yilmaz", "Nguyen")
FIRST = ("Anna", "Pieter", "Fatima", "Mohammed", "Sanne", "Wei", "Piotr", "Ayse", "Kwame")
AUTHORITIES = ("IND", "Politie", "Gemeente Rotterdam", "UWV", "Koninklijke Marechaussee")
STREETS = ("Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg", "Schoolstraat")


def tip(rng: random.Random) -> list[tuple[str, str]]:
    """An invented tip's entities (label, value)."""
    surname = (
        rng.choice(COMMON)
        if rng.random() < 0.3
        else "".join(rng.choice("bdgklmnprstvz") + rng.choice("aeiou") for _ in range(4))
    )
    entities = [
        ("PERSOON", f"{rng.choice(FIRST)} {surname[0].upper()}{surname[1:]}"),
        ("ADRES", f"{rng.choice(STREETS)} {rng.randint(1, 200)}"),
        ("POSTCODE", f"{rng.randint(1000, 9999)}{rng.choice('ABCDEFGH')}{rng.choice('KLMNPR')}"),
    ]
    if rng.random() < 0.7:
        entities.append(("ORGANISATIE", rng.choice(AUTHORITIES)))
    if rng.random() < 0.3:
        entities.append(("TELEFOON", f"+3161{rng.randrange(10**7):07d}"))
    if rng.random() < 0.4:
        entities.append(("V_NUMMER", f"{rng.randrange(10**10):010d}"))
    return entities


def _item_row(item_id: int, received: datetime, status: str) -> dict[str, object]:
    return {
        "id": item_id,
        "source": "email",
        "source_ref": f"bench-{item_id}",
        "content_sha256": f"{item_id:064x}",
        "media_type": "text/plain",
        "received": received,
        "stored_at": received,
        "status": status,
        "attempts": 1,
        "parts": [],
    }


def seed(store: Store, size: int, rng: random.Random) -> list[list[tuple[str, str]]]:
    """Bulk-load `size` tips received at PER_DAY before T0; their entities, in id order."""
    stored = []
    for base in range(0, size, 5000):
        items, entities, keys = [], [], []
        for n in range(base, min(base + 5000, size)):
            received = T0 - timedelta(days=(size - n) / PER_DAY)
            old = received < T0 - timedelta(days=30)
            status = "confirmed" if old and rng.random() > BACKLOG else "review"
            found = tip(rng)
            stored.append(found)
            items.append(_item_row(n + 1, received, status))
            entities += [
                {"item_id": n + 1, "label": label, "text": value, "value": value,
                 "start": i, "end": i + 1, "source": "rule"}
                for i, (label, value) in enumerate(found)
            ]  # fmt: skip
            keys += [{"item_id": n + 1, "key": k} for k in keys_of(found)]
        with store.sessions() as session, session.begin():
            session.execute(insert(Item), items)
            session.execute(insert(EntityRow), entities)
            session.execute(insert(RelatedKey), keys)
    return stored


def new_batch(
    store: Store, first_id: int, received: datetime, stored: list[list[tuple[str, str]]],
    rng: random.Random,
) -> list[ItemEntities]:  # fmt: skip
    """BATCH new items in the store, claimed by WORKER; a fifth repeat a recent tip."""
    batch = []
    for item_id in range(first_id, first_id + BATCH):
        found = tip(rng)
        if rng.random() < 0.2:
            earlier = rng.choice(stored[-20 * PER_DAY :])  # of the last 20 days
            found = earlier[:3] + found[3:]  # the same person and address
        batch.append(ItemEntities(item_id, received, tuple(found)))
    rows = [
        {**_item_row(n.item_id, received, "processing"), "locked_by": WORKER,
         "locked_until": datetime.now(UTC) + timedelta(hours=1)}
        for n in batch
    ]  # fmt: skip
    with store.sessions() as session, session.begin():
        session.execute(insert(Item), rows)
    return batch


def analysis(item: ItemEntities) -> Analysis:
    """A minimal analysis of a new item: its entities, one type, a routing."""
    text_ = " ".join(value for _, value in item.entities)
    return Analysis(
        document=Document("email", f"bench-{item.item_id}", text_, "text/plain"),
        entities=tuple(Entity(label, v, v, i, i + 1) for i, (label, v) in enumerate(item.entities)),
        classification=Classification((), True, "bench"),
        dossier_links=(),
        routing=Routing("primair_proces", (), "normaal", date(2026, 6, 8)),
        received=item.received,
    )


def load(store: Store, size: int, rng: random.Random) -> list[list[tuple[str, str]]]:
    t = time.perf_counter()
    stored = seed(store, size, rng)
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as conn:  # planner statistics, as autovacuum would
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    print(f"  {size:,} items loaded in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    return stored


class Sized:
    """One store of `size` items and the batches measured on it."""

    def __init__(self, store: Store, size: int) -> None:
        self.store, self.size, self.rng = store, size, random.Random(size)
        self.stored = load(store, size, self.rng)
        self.next_id, self.batches = size + 1, 0
        self.times: dict[str, list[float]] = {"related": [], "save": [], "total": [], "cpu": []}
        self.proposed: list[float] = []

    def measure_batch(self, keep: bool = True) -> None:
        """What the worker does for related items, for one batch of new items."""
        received = T0 + timedelta(minutes=self.batches)
        batch = new_batch(self.store, self.next_id, received, self.stored, self.rng)
        self.next_id, self.batches = self.next_id + BATCH, self.batches + 1
        t, cpu = time.perf_counter(), time.process_time()
        found = related_for_batch(self.store, batch)
        t_related = time.perf_counter()
        analysed = [
            Analysed(
                n.item_id,
                analysis(n),
                [{"item_id": r.item_id, "score": r.score, "evidence": list(r.evidence)}
                 for r in found[n.item_id]],
                (),
                keys_of(n.entities),
            )
            for n in batch
        ]  # fmt: skip
        with self.store.sessions() as session, session.begin():
            saved = save_analyses(session, analysed, WORKER)
        t_saved, cpu_saved = time.perf_counter(), time.process_time()
        assert len(saved) == BATCH, "the bench's worker lost its items"
        if keep:
            self.times["related"].append((t_related - t) * 1000 / BATCH)
            self.times["save"].append((t_saved - t_related) * 1000 / BATCH)
            self.times["total"].append((t_saved - t) * 1000 / BATCH)
            self.times["cpu"].append((cpu_saved - cpu) * 1000 / BATCH)
            self.proposed.append(sum(len(r) for r in found.values()) / BATCH)


@contextmanager
def stores(url: str | None, sizes: list[int]) -> Iterator[list[Store]]:
    """A fresh store per size: SQLite files in a temporary directory, or PostgreSQL
    databases `<url's database>_<size>` made on the url's server and dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="ikp-related-scale-") as tmp, ExitStack() as stack:
        if url is None:
            urls = [f"sqlite:///{Path(tmp) / f'bench{size}.sqlite3'}" for size in sizes]
        else:
            base = make_url(url)
            if not (base.database or "").startswith("ikp_bench"):
                raise SystemExit("--database-url: a database name starting with ikp_bench")
            names = [f"{base.database}_{size}" for size in sizes]
            admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
            stack.callback(admin.dispose)
            with admin.connect() as conn:
                for name in names:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                    conn.execute(text(f'CREATE DATABASE "{name}"'))

            def drop() -> None:
                with admin.connect() as conn:
                    for name in names:
                        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

            stack.callback(drop)
            urls = [base.set(database=name).render_as_string(hide_password=False) for name in names]
        yield [
            stack.enter_context(Store(u, Path(tmp) / f"data{size}"))
            for u, size in zip(urls, sizes, strict=True)
        ]


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(0.95 * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--database-url", help="postgresql+psycopg://…/ikp_bench…; default SQLite")
    args = parser.parse_args()
    with stores(args.database_url, args.sizes) as made:
        sized = [Sized(store, size) for store, size in zip(made, args.sizes, strict=True)]
        # The bench's own copy of every stored tip is no part of the worker: out of the
        # garbage collector's way, or its full passes over it land in random batches.
        gc.collect()
        gc.freeze()
        dialect = made[0].engine.dialect.name
        for round_ in range(-2, args.batches):  # two warm-up rounds: older items' keys, caches
            for s in sized:  # the sizes take turns, so a change of machine load hits all
                s.measure_batch(keep=round_ >= 0)
    print(
        "| database | stored items | related p50 | related p95 | save p50 | save p95 "
        "| total p50 | total p95 | CPU p50 | CPU p95 | related items proposed per new item |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in sized:
        t = s.times
        print(
            f"| {dialect} | {s.size:,} | {statistics.median(t['related']):.1f} "
            f"| {_p95(t['related']):.1f} | {statistics.median(t['save']):.1f} "
            f"| {_p95(t['save']):.1f} | {statistics.median(t['total']):.1f} "
            f"| **{_p95(t['total']):.1f}** | {statistics.median(t['cpu']):.1f} "
            f"| {_p95(t['cpu']):.1f} | {statistics.mean(s.proposed):.2f} |"
        )


if __name__ == "__main__":
    main()
