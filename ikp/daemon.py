"""`ikp run`: mailbox watcher, scan-folder watcher, workers and the web queue in one process.

Every part is a thread; SIGTERM/SIGINT set one stop event that each thread
checks at least every second or so. With `processes` > 1 the workers run in that
many child processes instead (each with its own database engine and `workers`
threads), since one Python process analyses on one core at a time; they share the
queue as several daemons do (SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on
SQLite). They are forked from one process that loaded the models, so they share
them (ikp.worker_processes). SIGTERM is passed on to them and waited for; a child
that died is started again; a child whose parent died stops by itself.

Nothing here holds state that a `kill -9` could lose: mails and scans are stored
before they are moved, and queued items are leased, so a killed daemon's work is
picked up again after a restart (or by another daemon) once the lease has run out.
A newly promoted model is loaded by a thread of its own and used from the next
batch on (ikp.hotreload).
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import signal
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ikp.config import Settings, open_store
from store import Store

if TYPE_CHECKING:
    from ikp.hotreload import Signature
    from ikp.pipeline import Analyzer
    from ikp.worker_processes import WorkerProcesses

log = logging.getLogger("ikp.daemon")

JOIN_TIMEOUT_S = 10.0


def run_daemon(
    settings: Settings,
    *,
    web: bool = True,
    workers: int = 2,
    processes: int = 1,
    stop: threading.Event | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set); returns the exit status.

    `workers` threads per process; `processes` > 1 runs them in child processes.
    """
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from ikp.logs import configure

    configure(settings.log_format)
    stop = stop or threading.Event()
    _install_signal_handlers(stop)
    log.info("starting: %s", settings.redacted())
    prepare_metrics_dir(settings.data_dir)
    store = open_store(settings, migrate="child")  # alembic stays out of the daemon
    threads: list[threading.Thread] = []
    children: WorkerProcesses | None = None
    mailbox_connected: Callable[[], bool] | None = None
    loaded = threading.Event()
    models_loaded: Callable[[], bool] | None = None
    if workers > 0:
        models_loaded = (lambda: children.ready()) if processes > 1 else loaded.is_set
    try:
        if settings.imap_enabled:
            from ikp.watchers.imap import ImapWatcher

            watcher = ImapWatcher(settings, store, stop)
            mailbox_connected = watcher.is_connected
            threads.append(_thread("imap", watcher.run))
        else:
            log.info("no IKP_IMAP_HOST: no mailbox watcher")
        if settings.scan_dir is not None:
            from ikp.watchers.scans import ScanWatcher

            settings.scan_dir.mkdir(parents=True, exist_ok=True)
            threads.append(_thread("scans", ScanWatcher(settings.scan_dir, store, stop).run))
        else:
            log.info("no IKP_SCAN_DIR: no scan watcher")
        if settings.retention_daily:
            from store.retention import Policy

            policy = Policy.load(settings.retention_policy)  # a bad file stops the start
            threads.append(_thread("retention", lambda: retention_loop(store, policy, stop)))
        if settings.forwarding_enabled:
            from ikp.forward import Forwarder

            threads.append(_thread("forward", Forwarder(settings, store, stop).run))
        else:
            log.info("no IKP_SMTP_HOST: confirmed items are not forwarded by mail")
        if web:
            threads.append(
                _thread("web", lambda: _serve_web(settings, stop, mailbox_connected, models_loaded))
            )
        for t in threads:
            t.start()
        # Intake first: loading the models takes seconds, mail should not wait for it.
        if workers > 0 and processes > 1 and not stop.is_set():
            from ikp.worker_processes import WorkerProcesses

            children = WorkerProcesses(settings, processes, workers)
            children.start()
        elif workers > 0 and not stop.is_set():
            try:
                threads.extend(_workers(settings, store, stop, workers))
            except Exception:
                log.exception("cannot load the models; stopping")
                return 1
            loaded.set()
        while not stop.wait(0.5):
            if children is not None and not children.check():
                return 1
        log.info("stopping")
    finally:
        stop.set()
        if children is not None:
            children.stop()
        for t in threads:
            if t.ident is not None:
                t.join(JOIN_TIMEOUT_S)
                if t.is_alive():
                    log.warning("%s did not stop within %.0f s", t.name, JOIN_TIMEOUT_S)
        store.close()
    log.info("stopped")
    return 0


RETENTION_EVERY_S = 24 * 3600.0
RETENTION_FIRST_S = 300.0  # after start: not in the way of the first intake


def retention_loop(
    store: Store,
    policy: object,
    stop: threading.Event,
    *,
    first_s: float = RETENTION_FIRST_S,
    every_s: float = RETENTION_EVERY_S,
) -> None:
    """Apply the retention policy daily (store.retention); an error waits for the next day."""
    from store.retention import Policy, apply

    assert isinstance(policy, Policy)
    if stop.wait(first_s):
        return
    while True:
        try:
            report = apply(store.sessions, store.blobs, policy, actor="retention:daemon")
            log.info("retention: deleted %s, %d blob(s) removed", report.deleted, report.blobs)
        except Exception:
            log.exception("retention: failed; trying again in %.0f s", every_s)
        if stop.wait(every_s):
            return


def prepare_metrics_dir(data_dir: Path) -> Path:
    """This daemon's directory for prometheus-client's multiprocess files (ikp.metrics).

    Set in the environment before any metric exists, so this process and the worker
    processes it spawns all write there. One directory per daemon (several may share
    a data dir); those of daemons on this host that are gone are removed. This one is
    removed when the process exits, not when `run_daemon` returns: the process's own
    metrics keep their files there for as long as it lives (a test or a bench that
    runs the daemon in its own process goes on using them).
    """
    root = data_dir / "metrics"
    host = socket.gethostname()
    if root.is_dir():
        for old in root.iterdir():
            name, _, pid = old.name.rpartition("-")
            if name == host and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
    directory = (root / f"{host}-{os.getpid()}").resolve()
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _install_signal_handlers(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # signals can only be handled in the main thread (e.g. when embedded in a test)

    def handler(signum: int, _frame: object) -> None:
        log.info("%s received", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _thread(name: str, target: Callable[[], None]) -> threading.Thread:
    # Daemon threads: a thread stuck in a long extraction cannot keep the process alive.
    return threading.Thread(target=target, name=name, daemon=True)


def _workers(
    settings: Settings, store: Store, stop: threading.Event, count: int
) -> list[threading.Thread]:
    analyzer, signature = load_models(settings)
    return start_workers(settings, store, stop, count, analyzer, signature)


def load_models(settings: Settings) -> tuple[Analyzer, Signature]:
    """The analyzer of the active model, and the pointer as it was before it was read."""
    from ikp.hotreload import pointer_signature
    from ikp.model_child import load_active_classifier

    # The pointer before the model it names is read: a promote meanwhile is not missed.
    signature = pointer_signature(settings)
    # The classifier comes from a child process (skops stays out of this one), started
    # before this process imports the pipeline, so that the two peaks do not add up.
    model_dir, classifier = load_active_classifier(settings)
    from ikp.pipeline import Analyzer

    return Analyzer.load(model_dir, classifier=classifier), signature


def start_workers(
    settings: Settings,
    store: Store,
    stop: threading.Event,
    count: int,
    analyzer: Analyzer,
    signature: Signature,
    *,
    process: int = 0,
) -> list[threading.Thread]:
    """`count` worker threads sharing `analyzer`, and the thread that reloads its model."""
    from ikp.hotreload import ModelReloader
    from ikp.metrics import MODEL_INFO

    log.info("model %s loaded; %d worker(s)", analyzer.model_version, count)
    MODEL_INFO.labels(analyzer.model_version).set(1)
    prefix = f"p{process}-" if process else ""
    # One analyzer for all workers: predicting and reading spaCy's pipeline are thread-safe.
    reloader = ModelReloader(settings, analyzer, signature)
    threads = [
        _thread("models", lambda: reloader.run(stop)),
        *(
            _thread(
                f"{prefix}worker-{n}",
                lambda n=n: worker_loop(store, analyzer, stop, _worker_id(n)),
            )
            for n in range(1, count + 1)
        ),
    ]
    for t in threads:
        t.start()
    return threads


MODELS_FAILED = 3  # exit status of a worker process that cannot load the models


def _worker_id(n: int) -> str:
    import os
    import socket

    return f"{socket.gethostname()}:{os.getpid()}:worker-{n}"


def worker_loop(
    store: Store,
    analyzer: Analyzer,
    stop: threading.Event,
    worker: str,
    *,
    idle_s: float = 0.5,
    batch_size: int | None = None,
) -> None:
    """Process queued items batch by batch until `stop`; one item's error never stops others."""
    from ikp.worker import BATCH_SIZE, process_batch

    delay = 1.0
    while not stop.is_set():
        try:
            outcomes = process_batch(store, analyzer, worker, size=batch_size or BATCH_SIZE)
        except Exception as exc:  # the database or the sandbox is away: wait, then retry
            log.warning("%s: %s: %s; retrying in %.0f s", worker, type(exc).__name__, exc, delay)
            stop.wait(delay)
            delay = min(delay * 2, 60.0)
            continue
        delay = 1.0
        if not outcomes:
            stop.wait(idle_s)
        for outcome in outcomes:
            if outcome.status not in ("review", "lost"):
                log.info("item %s: %s %s", outcome.item_id, outcome.status, outcome.error or "")


def _serve_web(
    settings: Settings,
    stop: threading.Event,
    mailbox_connected: Callable[[], bool] | None,
    models_loaded: Callable[[], bool] | None,
) -> None:
    from ikp.web import serve_web  # FastAPI and uvicorn load only when the web queue runs

    try:
        serve_web(settings, stop, mailbox_connected=mailbox_connected, models_loaded=models_loaded)
    except Exception:
        log.exception("the web queue stopped; the rest of the daemon goes on")
