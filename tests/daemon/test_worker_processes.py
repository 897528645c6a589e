"""`ikp run --processes 2`: worker processes share the queue, each item analysed exactly once,
and every child stops with the daemon (SIGTERM) or without it (the daemon killed)."""

from __future__ import annotations

import os
import re
import signal
import time

import pytest

from tests.factories.daemon import alive, analysed, descendants, parent_of, store_items
from tests.factories.waiting import wait_for

pytestmark = pytest.mark.slow

ITEMS = 96  # six batches: both processes get some once both are ready


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
    if db == "postgres":
        # Claims skip each other's locked rows, so an idle process always finds work. On
        # SQLite a process that claims again straight after its save can keep the one write
        # lock ahead of the other's busy wait (seen once in CI under load: one took all).
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


def started(log: str, what: str) -> list[int]:
    """Pids of every `what` ("fork server", "worker process") the log says started, in order."""
    return [int(pid) for pid in re.findall(rf"{what} \d+ started \(pid (\d+)\)", log)]


def test_worker_processes_are_forked_from_one_fork_server_and_come_back_after_kill_9(
    daemon_factory, tmp_path
):
    """daemon -> fork server (holds the models) -> worker processes; either one killed with
    SIGKILL is started again, and the queue goes on being worked, each item once."""
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data / 'ikp.sqlite3'}"
    daemon = daemon_factory(url, {}, workers=1)
    daemon.args += ["--processes", "2"]
    daemon.start()
    assert daemon.process is not None

    def loaded() -> int:
        return daemon.log_text().count("loaded; 1 worker(s)")

    wait_for(lambda: loaded() == 2, 120, "two worker processes")
    [server] = started(daemon.log_text(), "fork server")
    workers = started(daemon.log_text(), "worker process")
    assert parent_of(server) == daemon.process.pid
    assert [parent_of(w) for w in workers] == [server, server]
    assert daemon.log_text().count("loaded in the fork server") == 1  # loaded once, not per child

    os.kill(workers[0], signal.SIGKILL)
    wait_for(lambda: loaded() == 3, 60, "the killed worker process started again")
    assert parent_of(started(daemon.log_text(), "worker process")[-1]) == server
    store_items(url, data, "a", 32)
    wait_for(lambda: analysed(url)[0] == {"review": 32}, 120, "every item in review")

    os.kill(server, signal.SIGKILL)
    wait_for(lambda: not alive(set(workers[1:])), 30, "its worker processes to stop by themselves")
    wait_for(lambda: loaded() == 5, 120, "a new fork server and two worker processes")
    assert len(started(daemon.log_text(), "fork server")) == 2
    store_items(url, data, "b", 32)
    wait_for(lambda: analysed(url)[0] == {"review": 64}, 120, "every item in review")
    _, per_item, _ = analysed(url)
    assert set(per_item.values()) == {1}, "each item analysed exactly once"

    children = descendants(daemon.process.pid)
    assert daemon.terminate(30) == 0
    wait_for(lambda: not alive(children), 10, "every child process to end")
    assert "did not stop" not in daemon.log_text()
