"""Text mails per second end to end: Dovecot INBOX -> stored -> pipeline -> review queue.

    .venv/bin/python bench/throughput.py [--mails 200] [--workers 1 2] [--processes 1 2]
                                         [--db sqlite postgres] [--out bench-throughput.md]

For each database, process count and worker count (threads per process): a fresh
Dovecot on loopback and a fresh database; `run_daemon` in this process (the web
queue only with --metrics-out; with --processes > 1 it starts that many worker
processes); warm-up mails,
one at a time, until every worker process has analysed one, so the models and the
extraction sandboxes are loaded; then N fictional Dutch text mails are appended
as fast as IMAP takes them (MULTIAPPEND, 20 a time). Rates are measured from the
first APPEND: appended, intake (mail stored and moved out of the inbox) and end
to end (item in status `review`, i.e. extracted, analysed, linked and routed).
Memory: the daemon's process tree (this process, which runs `run_daemon`, plus its
worker processes and extraction sandboxes) is sampled every 0.2 s from the start to
the last item; the table gives the peak of the summed RSS (shared pages counted
once per process, as the issue measured), of the summed PSS (shared pages split
between the processes that share them) and, once the last item is in review, the
tree's resident pages counted once however many of its processes map them (from
/proc/PID/pagemap, as root: smem's "unique + shared", close to what a cgroup
around the tree would be charged for its mapped memory). CPU: user + system
seconds of the whole tree per 100 mails in the timed part, which the machine's
load hardly changes (the rates it does).
With --metrics-out FILE the daemon also serves the web queue, and /metrics is
scraped every --scrape-every seconds during the run (as Prometheus would, but from a
thread of this process, so the scraper's own CPU counts in the tree's; the last
scrape is written to FILE). Prints a Markdown table (and writes it with --out).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from array import array
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.services.dovecot when run as a script

from sqlalchemy import Engine, create_engine, text  # noqa: E402

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
    try:
        with _engine(url).connect() as conn:
            row = conn.execute(
                text(
                    "SELECT count(*), sum(CASE WHEN status = 'review' THEN 1 ELSE 0 END) "
                    "FROM items WHERE subject LIKE 'Melding woonfraude%'"
                )
            ).one()
            return int(row[0] or 0), int(row[1] or 0)
    except Exception:
        return 0, 0


ENGINES: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    # One per database: polled every 50 ms in the daemon's process, a new engine each
    # time would cost the daemon's threads CPU and the GIL.
    if url not in ENGINES:
        ENGINES[url] = create_engine(url)
    return ENGINES[url]


def close_engines() -> None:
    while ENGINES:
        ENGINES.popitem()[1].dispose()


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


PRESENT = 1 << 63  # /proc/PID/pagemap: page present; bits 0-54 its frame number
PFN = (1 << 55) - 1


def tree_pids(root: int) -> list[int]:
    """`root` and its descendants."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += _children(pid)
    return found


def tree_cpu_s(root: int) -> float:
    """User + system CPU seconds of the tree, with its reaped children's."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in tree_pids(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / tick


def resident_once_mb(pids: list[int]) -> float:
    """MB of the physical pages mapped by `pids`, each page counted once (needs root)."""
    frames: set[int] = set()
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in pids:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
            with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
                for line in maps:
                    start, end = (int(x, 16) for x in line.split()[0].split("-"))
                    if start >= 1 << 47:  # [vsyscall]
                        continue
                    pagemap.seek(start // page * 8)
                    entries = array("Q", pagemap.read((end - start) // page * 8))
                    frames.update(e & PFN for e in entries if e & PRESENT)
        except OSError:
            continue
    if frames == {0}:  # not root: the kernel hides the frame numbers
        return float("nan")
    return len(frames) * page / 2**20


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # gone meanwhile (an extraction sandbox that ended)
        return found
    for task in tasks:
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


class Scraper:
    """GET /metrics every `every_s` seconds in a thread of its own, as Prometheus would."""

    def __init__(self, url: str, every_s: float) -> None:
        self.url = url
        self.every_s = every_s
        self.seconds: list[float] = []
        self.failed = 0
        self.last = b""
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.every_s):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=30) as response:
                    self.last = response.read()
            except OSError:
                self.failed += 1
                continue
            self.seconds.append(time.monotonic() - started)

    def summary(self) -> str:
        if not self.seconds:
            return f"0 scrapes ({self.failed} failed)"
        return (
            f"{len(self.seconds)} scrapes every {self.every_s:g} s ({self.failed} failed), "
            f"median {statistics.median(self.seconds) * 1000:.0f} ms, "
            f"max {max(self.seconds) * 1000:.0f} ms"
        )

    def __enter__(self) -> Scraper:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(40)


def wait(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def measure(
    kind: str,
    processes: int,
    workers: int,
    mails: int,
    metrics_out: Path | None = None,
    scrape_every_s: float = 5.0,
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
            scraper = Scraper(f"http://127.0.0.1:{settings.web_port}/metrics", scrape_every_s)
            if metrics_out is not None:
                scraper.__enter__()
            cpu_before = tree_cpu_s(os.getpid())
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
            cpu = tree_cpu_s(os.getpid()) - cpu_before
            resident_once = resident_once_mb(tree_pids(os.getpid()))
            memory.__exit__()
            print(f"tree at its PSS peak:\n{memory.breakdown()}", file=sys.stderr, flush=True)
            client.logout()
            if metrics_out is not None:
                scraper.__exit__()
                print(f"/metrics: {scraper.summary()}", file=sys.stderr, flush=True)
                metrics_out.write_bytes(scraper.last)
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
                "once_mb": resident_once,
                "cpu_per_100": cpu / mails * 100,
                "web": "yes" if metrics_out is not None else "no",
            }
        finally:
            memory.__exit__()
            stop.set()
            daemon.join(30)
            close_engines()
            remove_dovecot(server)
            drop_database(handle)


def table(rows: list[dict[str, float | int | str]]) -> str:
    lines = [
        "| database | processes | workers | web + /metrics | mails | appended mails/s "
        "| intake (stored + moved) mails/s | end to end mails/s | load avg (1 min) "
        "| tree CPU s per 100 mails | peak tree RSS MB (summed) | peak tree PSS MB "
        "| tree resident MB at the end (each page once) |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['db']} | {r['processes']} | {r['workers']} | {r['web']} | {r['mails']} "
            f"| {r['append_per_s']:.0f} | {r['intake_per_s']:.1f} "
            f"| {r['e2e_per_s']:.1f} | {r['load']:.1f} | {r['cpu_per_100']:.1f} "
            f"| {r['peak_rss_mb']:.0f} | {r['peak_pss_mb']:.0f} | {r['once_mb']:.0f} |"
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
    parser.add_argument(
        "--metrics-out", type=Path, help="serve the web queue, scrape /metrics; the last scrape"
    )
    parser.add_argument("--scrape-every", type=float, default=5.0, help="seconds between scrapes")
    parser.add_argument("--log-level", default="WARNING", help="e.g. INFO to see every item")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    rows = []
    for kind in args.db:
        for processes in args.processes:
            for workers in args.workers:
                rows.append(
                    measure(
                        kind, processes, workers, args.mails, args.metrics_out, args.scrape_every
                    )
                )
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
