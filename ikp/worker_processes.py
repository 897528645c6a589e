"""`ikp run --processes N`: worker processes forked from one that holds the models.

    daemon --spawn--> fork server (loads the models once) --fork--> N worker processes

A fresh interpreter that imports the pipeline and loads the models takes about
270 + 100 MB, most of it written once and then only read. The fork server, a
spawned child of the daemon, does that once, analyses one made-up text (what the
models build on first use, caches and lazily imported modules, is then built
once, not in every worker process), runs `gc.freeze()` (so the cyclic collector
never writes to those objects' pages) and only then forks the worker processes:
they share those pages copy-on-write, and each pays only for the pages it writes
(bench/worker_memory.py measures what that saves). What none of them needs stays out:
the classifier comes from a child process (ikp.model_child, so skops is never imported
here), alembic is never imported, and the C heap that loading freed is given back before
the fork (`release_free_heap`).

The fork server runs no thread of its own, so a fork copies no lock held by
another thread (the daemon does run threads, hence spawn for the fork server).
It starts a worker process again that died, passes SIGTERM on to them, and
stops when the daemon is gone; a worker process stops when the fork server is
gone, and the daemon starts a fork server again that died. When a new model is
promoted, each worker process loads it on its own (ikp.hotreload), so from
then on that classifier is that process's own copy, not shared; a worker
process started later by the same fork server starts with the old one, shared,
and loads the new one too.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from ikp.config import Settings
from ikp.daemon import (
    JOIN_TIMEOUT_S,
    MODELS_FAILED,
    _install_signal_handlers,
    load_models,
    start_workers,
)
from store import Store

if TYPE_CHECKING:
    from ikp.hotreload import Signature
    from ikp.pipeline import Analyzer

log = logging.getLogger("ikp.daemon")

# One thread per numerical library in every worker process: the processes are the
# parallelism, and a fork must not copy a thread pool (OpenMP's cannot survive it).
SINGLE_THREADED = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# Made up: every kind of entity the models look for, so their first use happens here.
WARM_UP_TEXT = (
    "Geachte heer/mevrouw,\n\nOp de Dorpsstraat 3, 1234 AB Utrecht wonen sinds maart "
    "meer mensen dan er staan ingeschreven. De verhuurder, Piet de Boer van Bouwbedrijf "
    "Noordkust B.V., vraagt contant geld per bed. Telefoon 06-11223344, e-mail "
    "p.deboer@voorbeeld.nl, V-nummer 1234567890, kenteken 12-ABC-3.\n\nMet groet,\nAnna"
)


class Children:
    """`count` child processes made by `start(n)`; one that died is started again."""

    RESTART_DELAY_S = 5.0

    def __init__(self, start: Callable[[int], BaseProcess], count: int, what: str) -> None:
        self.start_one = start
        self.count = count
        self.what = what
        self.processes: list[BaseProcess | None] = [None] * count
        self.restart_at: list[float] = [0.0] * count

    def start(self) -> None:
        for n in range(self.count):
            self._start(n)

    def _start(self, n: int) -> None:
        process = self.start_one(n)
        self.processes[n] = process
        log.info("%s %d started (pid %s)", self.what, n + 1, process.pid)

    def alive(self) -> bool:
        return all(p is not None and p.is_alive() for p in self.processes)

    def check(self, died: Callable[[int], None] = lambda n: None) -> bool:
        """Start again the children that died; False when one cannot load the models."""
        for n, process in enumerate(self.processes):
            if process is None:
                if time.monotonic() >= self.restart_at[n]:
                    self._start(n)
                continue
            if process.is_alive():
                continue
            process.join()
            died(n)
            from ikp.metrics import process_died

            if process.pid is not None:
                process_died(process.pid)
            if process.exitcode == MODELS_FAILED:
                log.error("%s %d cannot load the models; stopping", self.what, n + 1)
                return False
            log.warning(
                "%s %d (pid %s) ended with %s; starting it again in %.0f s",
                self.what,
                n + 1,
                process.pid,
                process.exitcode,
                self.RESTART_DELAY_S,
            )
            self.processes[n] = None
            self.restart_at[n] = time.monotonic() + self.RESTART_DELAY_S
        return True

    def stop(self, timeout_s: float) -> None:
        """SIGTERM to every child, then wait; one that does not stop in time is killed."""
        running = [p for p in self.processes if p is not None]
        for process in running:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + timeout_s
        for process in running:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                log.warning("%s pid %s did not stop; killed", self.what, process.pid)
                process.kill()
                process.join()
        self.processes = [None] * self.count


class WorkerProcesses:
    """The daemon's side: one fork server, which keeps `count` worker processes running."""

    def __init__(self, settings: Settings, count: int, threads: int) -> None:
        self.settings = settings
        self.count = count
        self.threads = threads
        # spawn, not fork: the daemon already runs threads (watchers, web), and a fork
        # copies their locks in whatever state they are in.
        self.context = multiprocessing.get_context("spawn")
        # set by each worker process once it runs (readiness); cleared when it died
        self.loaded = [self.context.Event() for _ in range(count)]
        self.server = Children(self._start, 1, "fork server")

    def _start(self, _n: int) -> BaseProcess:
        for event in self.loaded:
            event.clear()
        for name, value in SINGLE_THREADED.items():  # inherited by the spawned fork server
            os.environ.setdefault(name, value)
        process = self.context.Process(
            target=fork_server,
            args=(self.settings, self.count, self.threads, os.getpid(), self.loaded),
            name="ikp-fork-server",
        )
        process.start()
        return process

    def start(self) -> None:
        self.server.start()

    def ready(self) -> bool:
        """The fork server and every worker process are running, with the models loaded."""
        return self.server.alive() and all(e.is_set() for e in self.loaded)

    def check(self) -> bool:
        """Start the fork server again if it died; False when it cannot load the models."""
        return self.server.check()

    def stop(self) -> None:
        # The fork server waits up to JOIN_TIMEOUT_S + 5 for its worker processes.
        self.server.stop(JOIN_TIMEOUT_S + 10)


def fork_server(
    settings: Settings, count: int, threads: int, daemon: int, loaded: list[Any]
) -> None:
    """Load the models, fork `count` worker processes and keep them running until SIGTERM."""
    _logging(settings)
    stop = threading.Event()
    _install_signal_handlers(stop)
    try:
        analyzer, signature = load_models(settings)
        _warm_up(analyzer, settings)
    except Exception:
        log.exception("the fork server cannot load the models")
        sys.exit(MODELS_FAILED)
    log.info("model %s loaded in the fork server", analyzer.model_version)
    # Objects that survive from here on are never moved by the collector, so their pages
    # stay shared with the worker processes.
    gc.collect()
    gc.freeze()
    release_free_heap()
    context = multiprocessing.get_context("fork")  # safe here: this process has one thread

    def start(n: int) -> BaseProcess:
        process = context.Process(
            target=worker_process,
            args=(settings, threads, n + 1, os.getpid(), loaded[n], analyzer, signature),
            name=f"ikp-workers-{n + 1}",
        )
        process.start()
        return process

    children = Children(start, count, "worker process")
    try:
        children.start()
        while not stop.wait(0.5):
            if os.getppid() != daemon:  # the daemon is gone (kill -9): stop too
                log.warning("fork server: the daemon is gone; stopping")
                break
            children.check(died=lambda n: loaded[n].clear())
    finally:
        children.stop(JOIN_TIMEOUT_S + 5)


def worker_process(
    settings: Settings,
    threads: int,
    number: int,
    parent: int,
    loaded: Any,
    analyzer: Analyzer,
    signature: Signature,
) -> None:
    """A worker process: its own store and worker threads, the fork server's models."""
    stop = threading.Event()
    _install_signal_handlers(stop)
    store = Store(settings.effective_database_url, settings.data_dir, apply_migrations=False)
    pool: list[threading.Thread] = []
    try:
        pool = start_workers(settings, store, stop, threads, analyzer, signature, process=number)
        loaded.set()
        while not stop.wait(0.5):
            if os.getppid() != parent:  # the fork server is gone (kill -9): stop too
                log.warning("worker process %d: the fork server is gone; stopping", number)
                break
    finally:
        stop.set()
        for t in pool:
            if t.ident is not None:
                t.join(JOIN_TIMEOUT_S)
        store.close()
        from ikp.metrics import process_died

        process_died(os.getpid())  # its model gauge; the fork server may be gone (kill -9)


def release_free_heap() -> bool:
    """Give the C heap's free pages back to the system (glibc's malloc_trim); False where
    there is no glibc.

    Loading leaves about 20 MB of freed but resident heap in the fork server (temporaries
    of reading the models, glibc keeps them for reuse). Forked, those pages would count
    once in the tree for nothing, and a worker process that reuses them copies them."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
    return True


def _warm_up(analyzer: Analyzer, settings: Settings) -> None:
    """What every worker process would otherwise import and build on its own."""
    from datetime import UTC, datetime

    from sqlalchemy.engine import make_url

    import ikp.worker  # noqa: F401  (and with it the store, the queue, the sandbox client)
    from contract.records import Document
    from linking.memory import MemoryDossierIndex

    make_url(settings.effective_database_url).get_dialect().import_dbapi()  # no connection
    document = Document("email", "warm-up", WARM_UP_TEXT, "text/plain")
    analyzer.analyse(document, received=datetime.now(UTC), index=MemoryDossierIndex([]))


def _logging(settings: Settings) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from ikp.logs import configure

    configure(settings.log_format)
