"""Text mails per second end to end: Dovecot INBOX -> stored -> pipeline -> review queue.

    .venv/bin/python bench/throughput.py [--mails 200] [--workers 1 2] [--processes 1 2]
                                         [--db sqlite postgres] [--out bench-throughput.md]

For each database, process count and worker count (threads per process): a fresh
Dovecot on loopback and a fresh database; `run_daemon` in this process (no web
queue; with --processes > 1 it starts that many worker processes); warm-up mails,
one at a time, until every worker process has analysed one, so the models and the
extraction sandboxes are loaded; then N fictional Dutch text mails are appended
as fast as IMAP takes them (MULTIAPPEND, 20 a time). Rates are measured from the
first APPEND: appended, intake (mail stored and moved out of the inbox) and end
to end (item in status `review`, i.e. extracted, analysed, linked and routed).
Memory: the daemon's process tree (this process, which runs `run_daemon`, plus its
worker processes and extraction sandboxes) is sampled every 0.2 s from the start to
the last item; the table gives the peak of the summed RSS (shared pages counted
once per process, as the issue measured) and of the summed PSS (shared pages split
between the processes that share them: what the tree really occupies). With --web
the daemon also serves /metrics, scraped once at the end (--metrics-out FILE).
Prints a Markdown table (and writes it with --out) for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.services.dovecot when run as a script

from sqlalchemy import create_engine, text  # noqa: E402

from ikp.config import Settings  # noqa: E402
from ikp.daemon import run_daemon  # noqa: E402
from tests.services.dovecot import free_port, remove_dovecot, start_dovecot  # noqa: E402

# Mails per MULTIAPPEND. One APPEND per mail took ~17 ms (≈ 60 mails/s at load 7, with
# the daemon's threads in this process): the bench's own feed capped the rates it measured.
APPEND_BATCH = 20
PG_SERVER = os.environ.get("IKP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
BODY = (
    "Geachte heer/mevrouw,\n\nIk wil melden dat op het adres Kerkstraat {n} in Zwolle sinds "
    "maanden meer mensen wonen dan er staan ingeschreven. De verhuurder, J. de Vries, vraagt "
    "contant geld per bed en de bewoners werken volgens mij zonder vergunning bij een "
    "uitzendbureau in Kampen. Telefoon van de verhuurder: 06-12345678.\n\nMet vriendelijke groet,"
    "\nEen bezorgde buurtbewoner\n"
)


def mail(n: int, run: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "melder@example.org"
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = f"Melding woonfraude {n}"
    msg["Message-ID"] = f"<bench-{run}-{n}@example.org>"
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg.set_content(BODY.format(n=n))
    return bytes(msg)


def counts(url: str) -> tuple[int, int]:
    """(stored, in review) among the bench's mails."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT count(*), sum(CASE WHEN status = 'review' THEN 1 ELSE 0 END) "
                    "FROM items WHERE subject LIKE 'Melding woonfraude%'"
                )
            ).one()
            return int(row[0] or 0), int(row[1] or 0)
    except Exception:
        return 0, 0
    finally:
        engine.dispose()


def analysing_processes(url: str) -> int:
    """Worker processes (pids in the worker ids) that have analysed an item."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            actors = conn.execute(
                text("SELECT DISTINCT actor FROM audit_log WHERE action = 'item.analysed'")
            ).scalars()
            return len({a.split(":")[1] for a in actors if a and a.count(":") >= 2})
    except Exception:
        return 0
    finally:
        engine.dispose()


def fresh_database(kind: str, tmp: Path) -> tuple[str, object]:
    if kind == "sqlite":
        return f"sqlite:///{tmp / 'data' / 'ikp.sqlite3'}", None
    name = f"ikp_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return f"{PG_SERVER}/{name}", (admin, name)


def drop_database(handle: object) -> None:
    if handle is None:
        return
    admin, name = handle  # type: ignore[misc]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree_memory(root: int) -> dict[int, tuple[str, float, float, float]]:
    """Name, RSS, PSS and USS (its own pages) in MB of `root` and each descendant, by pid."""
    found: dict[int, tuple[str, float, float, float]] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        todo += _children(pid)
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            name = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:80]
        except OSError:
            continue
        rss = pss = uss = 0
        for line in rollup.splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                uss += int(line.split()[1])
        found[pid] = (name.decode(errors="replace"), rss / 1024, pss / 1024, uss / 1024)
    return found


class MemorySampler:
    """Peak tree RSS/PSS, sampled in a thread of its own until stopped."""

    def __init__(self, interval_s: float = 0.2) -> None:
        self.interval_s = interval_s
        self.peak_rss = self.peak_pss = 0.0
        self.at_peak: dict[int, tuple[str, float, float, float]] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.interval_s):
            tree = tree_memory(os.getpid())
            rss = sum(r for _, r, _, _ in tree.values())
            pss = sum(p for _, _, p, _ in tree.values())
            if pss > self.peak_pss:
                self.at_peak = tree
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)

    def breakdown(self) -> str:
        """The processes at the PSS peak, for stderr."""
        return "\n".join(
            f"  pid {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB, USS {uss:.0f} MB  {name}"
            for pid, (name, rss, pss, uss) in sorted(self.at_peak.items())
        )

    def __enter__(self) -> MemorySampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(5)


def wait(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def measure(
    kind: str, processes: int, workers: int, mails: int, metrics_out: Path | None = None
) -> dict[str, float | int | str]:
    with tempfile.TemporaryDirectory(prefix="ikp-bench-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "data").mkdir()
        server = start_dovecot()
        url, handle = fresh_database(kind, tmp)
        stop = threading.Event()
        settings = Settings(
            data_dir=tmp / "data",
            database_url=url,
            imap_host="127.0.0.1",
            imap_port=server.port,
            imap_user="ikp",
            imap_password="ikp",
            imap_ssl=False,
            web_port=free_port(),
            retention_daily=False,
        )
        daemon = threading.Thread(
            target=run_daemon,
            args=(settings,),
            kwargs={
                "web": metrics_out is not None,
                "workers": workers,
                "processes": processes,
                "stop": stop,
            },
        )
        memory = MemorySampler()
        try:
            memory.__enter__()
            daemon.start()
            client = server.client()
            run = uuid.uuid4().hex[:6]
            warm = 0  # warm-up: models and sandboxes loaded in every worker process
            while warm < 10 * processes + workers and (
                warm < workers or analysing_processes(url) < processes
            ):
                warm += 1
                client.append("INBOX", mail(-warm, run))
                if not wait(lambda: counts(url)[1] >= warm, 600):  # noqa: B023
                    raise RuntimeError("warm-up mails did not reach review")
            started = time.monotonic()
            for first in range(0, mails, APPEND_BATCH):  # MULTIAPPEND: one round trip each
                last = min(first + APPEND_BATCH, mails)
                client.multiappend("INBOX", [mail(n, run) for n in range(first, last)])
            appended = time.monotonic() - started
            total = mails + warm
            wait(lambda: counts(url)[0] >= total and server.count("INBOX") == 0, 600)
            intake = time.monotonic() - started
            wait(lambda: counts(url)[1] >= total, 1800)
            end_to_end = time.monotonic() - started
            memory.__exit__()
            print(f"tree at its PSS peak:\n{memory.breakdown()}", file=sys.stderr, flush=True)
            client.logout()
            if metrics_out is not None:
                url_ = f"http://127.0.0.1:{settings.web_port}/metrics"
                with urllib.request.urlopen(url_, timeout=30) as response:
                    metrics_out.write_bytes(response.read())
            return {
                "db": kind,
                "processes": processes,
                "workers": workers,
                "mails": mails,
                "append_s": appended,
                "append_per_s": mails / appended,
                "intake_per_s": mails / intake,
                "e2e_per_s": mails / end_to_end,
                "load": os.getloadavg()[0],
                "peak_rss_mb": memory.peak_rss,
                "peak_pss_mb": memory.peak_pss,
            }
        finally:
            memory.__exit__()
            stop.set()
            daemon.join(30)
            remove_dovecot(server)
            drop_database(handle)


def table(rows: list[dict[str, float | int | str]]) -> str:
    lines = [
        "| database | processes | workers | mails | appended mails/s "
        "| intake (stored + moved) mails/s | end to end mails/s | load avg (1 min) "
        "| peak tree RSS MB | peak tree PSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['db']} | {r['processes']} | {r['workers']} | {r['mails']} "
            f"| {r['append_per_s']:.0f} | {r['intake_per_s']:.1f} "
            f"| {r['e2e_per_s']:.1f} | {r['load']:.1f} "
            f"| {r['peak_rss_mb']:.0f} | {r['peak_pss_mb']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="worker threads per process"
    )
    parser.add_argument("--processes", type=int, nargs="+", default=[1], help="worker processes")
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--out", type=Path)
    parser.add_argument("--metrics-out", type=Path, help="serve /metrics; write the last scrape")
    parser.add_argument("--log-level", default="WARNING", help="e.g. INFO to see every item")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    rows = []
    for kind in args.db:
        for processes in args.processes:
            for workers in args.workers:
                rows.append(measure(kind, processes, workers, args.mails, args.metrics_out))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    report = (
        f"Text mails end to end (`bench/throughput.py --mails {args.mails}`), "
        f"{os.cpu_count()} cores, goal >= 50 mails/s.\n\n{table(rows)}\n"
    )
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
