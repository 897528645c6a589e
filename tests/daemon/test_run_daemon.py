"""`run_daemon` in-process: scan intake, a clean stop, and a web queue that never blocks it."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from ikp.config import Settings, open_store
from ikp.daemon import run_daemon
from store.models import Item
from tests.factories.waiting import wait_for
from tests.services.dovecot import free_port


def test_run_daemon_stores_a_scan_and_stops_when_asked(tmp_path):
    scans = tmp_path / "scans"
    settings = Settings(data_dir=tmp_path / "data", scan_dir=scans, web_port=free_port())
    stop = threading.Event()
    result: list[int] = []
    thread = threading.Thread(
        target=lambda: result.append(run_daemon(settings, web=True, workers=0, stop=stop))
    )
    thread.start()
    wait_for(lambda: (scans / "verwerkt").is_dir(), 30, "the scan watcher")
    (scans / "brief.txt").write_text("Melding over Dorpsstraat 4 te Meppel.", encoding="utf-8")
    wait_for(lambda: (scans / "verwerkt" / "brief.txt").exists(), 15, "the scan to be moved")
    stop.set()
    started = time.monotonic()
    thread.join(15)
    assert not thread.is_alive()
    assert time.monotonic() - started < 12
    assert result == [0]
    with open_store(settings) as store, store.sessions() as session:
        assert [(i.source, i.source_ref) for i in session.scalars(select(Item))] == [
            ("scan", "brief.txt")
        ]
