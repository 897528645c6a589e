"""`ikp run`: mailbox watcher, scan-folder watcher, workers and the web queue in one process.

Every part is a thread; SIGTERM/SIGINT set one stop event that each thread
checks at least every second or so. Nothing here holds state that a `kill -9`
could lose: mails and scans are stored before they are moved, and queued items
are leased, so a killed daemon's work is picked up again after a restart (or by
another daemon) once the lease has run out. A newly promoted model is loaded by a
thread of its own and used from the next batch on (ikp.hotreload).
"""

from __future__ import annotations

import importlib
import logging
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from ikp.config import Settings
from store import Store

if TYPE_CHECKING:
    from ikp.pipeline import Analyzer

log = logging.getLogger("ikp.daemon")

JOIN_TIMEOUT_S = 10.0


def run_daemon(
    settings: Settings,
    *,
    web: bool = True,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> int:
    """Run until SIGTERM/SIGINT (or `stop` is set); returns the exit status."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = stop or threading.Event()
    _install_signal_handlers(stop)
    log.info("starting: %s", settings.redacted())
    store = Store.from_settings(settings)
    threads: list[threading.Thread] = []
    try:
        if settings.imap_enabled:
            from ingest.watchers.imap import ImapWatcher

            threads.append(_thread("imap", ImapWatcher(settings, store, stop).run))
        else:
            log.info("no IKP_IMAP_HOST: no mailbox watcher")
        if settings.scan_dir is not None:
            from ingest.watchers.scans import ScanWatcher

            settings.scan_dir.mkdir(parents=True, exist_ok=True)
            threads.append(_thread("scans", ScanWatcher(settings.scan_dir, store, stop).run))
        else:
            log.info("no IKP_SCAN_DIR: no scan watcher")
        if web:
            serve = _web_server()
            if serve is not None:
                threads.append(_thread("web", lambda: _serve_web(serve, settings, stop)))
        for t in threads:
            t.start()
        # Intake first: loading the models takes seconds, mail should not wait for it.
        if workers > 0 and not stop.is_set():
            try:
                pool = _workers(settings, store, stop, workers)
            except Exception:
                log.exception("cannot load the models; stopping")
                return 1
            for t in pool:
                t.start()
            threads.extend(pool)
        while not stop.wait(0.5):
            pass
        log.info("stopping")
    finally:
        stop.set()
        for t in threads:
            if t.ident is not None:
                t.join(JOIN_TIMEOUT_S)
                if t.is_alive():
                    log.warning("%s did not stop within %.0f s", t.name, JOIN_TIMEOUT_S)
        store.close()
    log.info("stopped")
    return 0


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
    from ikp.hotreload import ModelReloader, pointer_signature
    from ikp.models import active_model_dir
    from ikp.pipeline import Analyzer

    # The pointer before the model it names is read: a promote meanwhile is not missed.
    signature = pointer_signature(settings)
    # One analyzer for all workers: predicting and reading spaCy's pipeline are thread-safe.
    analyzer = Analyzer.load(active_model_dir(settings))
    log.info("model %s loaded; %d worker(s)", analyzer.model_version, count)
    reloader = ModelReloader(settings, analyzer, signature)
    return [
        _thread("models", lambda: reloader.run(stop)),
        *(
            _thread(f"worker-{n}", lambda n=n: worker_loop(store, analyzer, stop, _worker_id(n)))
            for n in range(1, count + 1)
        ),
    ]


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
    serve: Callable[[Settings, threading.Event], None], settings: Settings, stop: threading.Event
) -> None:
    try:
        serve(settings, stop)
    except Exception:
        log.exception("the web queue stopped; the rest of the daemon goes on")


def _web_server() -> Callable[[Settings, threading.Event], None] | None:
    try:
        module = importlib.import_module("review.app")
    except Exception as exc:  # missing, or broken: the rest of the daemon runs regardless
        log.warning("the web queue is not available (%s: %s)", type(exc).__name__, exc)
        return None
    serve = getattr(module, "serve", None)
    if not callable(serve):
        log.warning("the web queue is not available: review.app has no serve()")
        return None
    return serve
