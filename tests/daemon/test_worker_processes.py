"""`ikp run --processes 2`: worker processes share the queue, each item analysed exactly once,
and every child stops with the daemon (SIGTERM) or without it (the daemon killed)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store import Store
from store.items import Intake, add_item
from tests.factories.waiting import wait_for

pytestmark = pytest.mark.slow

ITEMS = 96  # six batches: both processes get some once both are ready


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return None if fields[0] == "Z" else int(fields[1])  # a zombie counts as gone


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    while todo:
        parent = todo.pop()
        for p in pids:
            if p not in found and _ppid(p) == parent:
                found.add(p)
                todo.append(p)
    return found


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if _ppid(p) is not None}


def store_items(url: str, data_dir: Path, run: str, count: int) -> None:
    from datetime import UTC, datetime

    with Store(url, data_dir) as store:
        for n in range(count):
            body = (
                f"Melding {run}-{n}: op Kerkstraat {n} in Zwolle wonen meer mensen dan opgegeven."
            )
            add_item(
                store.sessions,
                store.blobs,
                Intake(
                    raw=body.encode(),
                    source="file",
                    source_ref=f"{run}-{n}.txt",
                    media_type="text/plain",
                    received=datetime.now(UTC),
                ),
                actor="test",
            )


def analysed(url: str) -> tuple[dict[str, int], dict[int, int], set[str]]:
    """Statuses with counts, item.analysed entries per item, and the pids that analysed."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            statuses = dict(
                conn.execute(text("SELECT status, count(*) FROM items GROUP BY 1")).all()
            )
            rows = conn.execute(
                text("SELECT item_id, actor FROM audit_log WHERE action = 'item.analysed'")
            ).all()
    except Exception:  # schema not there yet
        return {}, {}, set()
    finally:
        engine.dispose()
    per_item: dict[int, int] = {}
    for item_id, _ in rows:
        per_item[item_id] = per_item.get(item_id, 0) + 1
    return statuses, per_item, {actor.split(":")[1] for _, actor in rows}


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_worker_processes_take_every_item_once_and_stop_on_sigterm(
    db, daemon_factory, tmp_path, request
):
    data = tmp_path / "data"
    data.mkdir()
    url = (
        f"sqlite:///{data / 'ikp.sqlite3'}" if db == "sqlite" else request.getfixturevalue("pg_url")
    )
    store_items(url, data, "a", 8)  # waiting before the workers are up
    daemon = daemon_factory(url, {}, workers=1)
    daemon.args += ["--processes", "2"]
    daemon.start()
    assert daemon.process is not None
    wait_for(lambda: daemon.log_text().count("loaded; 1 worker(s)") == 2, 120, "two processes")
    store_items(url, data, "b", ITEMS)
    wait_for(lambda: analysed(url)[0] == {"review": ITEMS + 8}, 180, "every item in review")
    _, per_item, pids = analysed(url)
    assert len(per_item) == ITEMS + 8 and set(per_item.values()) == {1}, "each item exactly once"
    assert str(daemon.process.pid) not in pids, "the daemon itself runs no worker"
    assert len(pids) == 2, f"both worker processes took items: {pids}"

    children = descendants(daemon.process.pid)
    assert len(children) >= 2
    started = time.monotonic()
    assert daemon.terminate(30) == 0
    assert time.monotonic() - started < 15
    wait_for(lambda: not alive(children), 10, "every child process to end")
    assert "did not stop" not in daemon.log_text()
    assert "Traceback" not in daemon.log_text()


def test_worker_processes_stop_when_the_daemon_is_killed(daemon_factory, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data / 'ikp.sqlite3'}"
    daemon = daemon_factory(url, {}, workers=1)
    daemon.args += ["--processes", "2"]
    daemon.start()
    assert daemon.process is not None
    wait_for(lambda: daemon.log_text().count("loaded; 1 worker(s)") == 2, 120, "two processes")
    children = descendants(daemon.process.pid)
    assert len(children) >= 2
    daemon.process.send_signal(signal.SIGKILL)
    daemon.process.wait(10)
    wait_for(lambda: not alive(children), 15, "the orphaned worker processes to end")
