"""CPU milliseconds per item of each worker stage: where a text mail's time goes.

    .venv/bin/python bench/worker_stages.py [--items 320] [--db sqlite|postgres]

Stores `--items` of throughput.py's fictional text mails directly (no IMAP), then
one worker (`ikp.worker.process_batch`, batches of 16) takes them all to review
after a warm-up batch. Each stage is timed with this thread's CPU time and with
wall time: claiming, extraction (the in-process part; the sandbox's own CPU is
read from /proc and shown as "sandbox"), entities, classification, linking,
routing, related items and saving. CPU time per stage is steadier than wall
time on a busy machine; the total also shows items per second of wall time.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from throughput import PG_SERVER, mail  # noqa: E402

import ikp.pipeline as pipeline  # noqa: E402
import ikp.worker as worker  # noqa: E402
import ingest.sandbox as sandbox  # noqa: E402
from classifiers import DEFAULT_MODEL_DIR  # noqa: E402
from ikp.intake import store_arrival  # noqa: E402
from ikp.pipeline import Analyzer  # noqa: E402
from store import Store  # noqa: E402

TIMES: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0])


def timed(owner: Any, name: str, key: str, *, consume: bool = False) -> None:
    """Replace owner.name by a wrapper adding its wall and thread CPU time to TIMES[key]."""
    real: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            result = real(*args, **kwargs)
            return list(result) if consume else result  # a generator runs inside the timer
        finally:
            TIMES[key][0] += time.perf_counter() - wall
            TIMES[key][1] += time.thread_time() - cpu

    setattr(owner, name, wrapper)


def sandbox_cpu() -> float:
    """CPU seconds of the idle extraction workers and their reaped children."""
    total = 0.0
    for w in sandbox._idle:
        stat = Path(f"/proc/{w.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += sum(int(x) for x in stat[11:15]) / os.sysconf("SC_CLK_TCK")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=320)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    from sqlalchemy import create_engine, text

    tmp = Path(tempfile.mkdtemp(prefix="ikp-stages-"))
    name = f"ikp_stages_{uuid.uuid4().hex[:8]}"
    admin = None
    if args.db == "postgres":
        admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = f"{PG_SERVER}/{name}"
    else:
        url = f"sqlite:///{tmp / 'ikp.sqlite3'}"

    for stage in ("claim_batch", "_extract", "_related", "_save"):
        timed(worker, stage, stage.strip("_").replace("_batch", ""))
    timed(pipeline, "propose_links", "linking")
    timed(pipeline, "route", "routing")
    analyzer = Analyzer.load(DEFAULT_MODEL_DIR)
    timed(analyzer.entities, "pipe", "entities", consume=True)
    timed(analyzer.classifier, "predict_many", "classify")
    try:
        with Store(url, tmp / "data") as store:
            for n in range(16):
                store_arrival(store, mail(-1 - n, "warm"), None)
            while worker.process_batch(store, analyzer, "bench"):
                pass
            for n in range(args.items):
                store_arrival(store, mail(n, "stages"), None)
            TIMES.clear()
            load = os.getloadavg()[0]
            sandbox0, wall0, cpu0 = sandbox_cpu(), time.perf_counter(), time.process_time()
            done = 0
            while outcomes := worker.process_batch(store, analyzer, "bench"):
                done += len(outcomes)
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            in_sandbox = sandbox_cpu() - sandbox0
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

    print(f"{done} items, {args.db}: {done / wall:.1f} items/s (one worker), load {load:.1f}")
    print("\n| stage | CPU ms/item | wall ms/item |\n|---|---:|---:|")
    for stage, (w, c) in sorted(TIMES.items(), key=lambda kv: -kv[1][1]):
        print(f"| {stage} | {1000 * c / done:.2f} | {1000 * w / done:.2f} |")
    print(f"| sandbox (extraction process) | {1000 * in_sandbox / done:.2f} | |")
    print(f"| whole process | {1000 * cpu / done:.2f} | {1000 * wall / done:.2f} |")


if __name__ == "__main__":
    main()
