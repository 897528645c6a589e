"""What the daemon's long-lived processes do not import, for memory (BENCHMARKS.md, memory
of the daemon tree): skops (≈ 20 MB: it imports every scikit-learn estimator) and alembic
(≈ 11 MB with mako) stay out of the daemon, the fork server and so the worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.dovecot import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

# What the fork server does before it forks (ikp.worker_processes.fork_server).
FORK_SERVER = """
import sys
from pathlib import Path
from ikp.config import Settings
from ikp.worker_processes import _warm_up, load_models
settings = Settings(data_dir=Path(sys.argv[1]))
analyzer, _ = load_models(settings)
_warm_up(analyzer, settings)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""

# The daemon with its web queue, until /readyz and /metrics have answered.
DAEMON = """
import sys, threading, time, urllib.request
from pathlib import Path
from ikp.config import Settings
from ikp.daemon import run_daemon
settings = Settings(data_dir=Path(sys.argv[1]), web_port=int(sys.argv[2]), retention_daily=False)
stop = threading.Event()
daemon = threading.Thread(target=run_daemon, args=(settings,), kwargs={"workers": 0, "stop": stop})
daemon.start()
deadline = time.monotonic() + 120
while True:
    try:
        for path in ("/readyz", "/metrics"):
            urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}{path}", timeout=10).read()
        break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.3)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
stop.set()
daemon.join()
"""


def modules_of(script: str, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    return set(done.stdout.split())


def test_the_fork_server_holds_neither_skops_nor_alembic(tmp_path):
    modules = modules_of(FORK_SERVER, str(tmp_path))
    assert {"sklearn", "spacy", "sqlalchemy"} <= modules, "the models and the store are loaded"
    assert "skops" not in modules and "alembic" not in modules


def test_the_daemon_migrates_and_serves_its_web_queue_without_alembic(tmp_path):
    modules = modules_of(DAEMON, str(tmp_path), str(free_port()))
    assert {"fastapi", "sqlalchemy"} <= modules, "the web queue ran"
    assert "alembic" not in modules and "skops" not in modules
    assert (tmp_path / "ikp.sqlite3").is_file()


# 48 MB in 16 KB pieces from the C heap, each followed by a small piece that stays, so the
# freed ones lie between used memory (as a loaded model's temporaries do), not at its top.
FREED_HEAP = """
import os
from ikp.worker_processes import release_free_heap
def rss_mb():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
pieces, kept = [], []
for n in range(3000):
    pieces.append(bytes(16 * 1024) + bytes([n % 256]))
    kept.append(bytes(1024) + bytes([n % 256]))
del pieces
before = rss_mb()
print(release_free_heap(), before - rss_mb())
"""


def test_the_fork_server_gives_freed_heap_back_before_it_forks():
    done = subprocess.run(
        [sys.executable, "-c", FREED_HEAP], capture_output=True, text=True, cwd=ROOT, check=True
    )
    released, dropped_mb = done.stdout.split()
    assert released == "True" and float(dropped_mb) > 30
