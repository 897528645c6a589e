"""Memory of two worker processes by how they are started: what copy-on-write would save.

    PYTHONPATH=$PWD .venv/bin/python bench/worker_memory.py spawn|forkserver|forkserver-models

spawn: as `ikp run --processes 2` starts them today (each imports and loads the
models). forkserver: the imports preloaded in a fork server, models loaded per
child. forkserver-models: imports and models loaded in the fork server
(bench/preloaded_models.py, then gc.freeze), children forked from it. Each child
analyses 30 short texts, then the RSS and PSS of every process of the tree
(this one, the resource tracker, the fork server, the children) are printed.
"""

from __future__ import annotations

import glob
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

TEXT = "Melding: op Kerkstraat 4 in Zwolle wonen meer mensen dan er staan ingeschreven."


def memory(pid: int) -> tuple[float, float]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith(("Rss:", "Pss:")):
            values[line[:3]] = int(line.split()[1]) / 1024
    return values["Rss"], values["Pss"]


def child(ready: Any, done: Any, preloaded: bool) -> None:
    from contract.records import Document
    from linking.memory import MemoryDossierIndex

    if preloaded:
        from bench.preloaded_models import ANALYZER as analyzer
    else:
        from ikp.config import Settings
        from ikp.model_versions import active_model_dir
        from ikp.pipeline import Analyzer

        data = Path(os.environ["IKP_DATA_DIR"])
        analyzer = Analyzer.load(active_model_dir(Settings(data_dir=data)))
    index = MemoryDossierIndex([])
    for _ in range(30):
        analyzer.analyse(
            Document("file", "x.txt", TEXT, "text/plain"), received=datetime.now(UTC), index=index
        )
    ready.set()
    done.wait()


def main() -> None:
    mode = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    os.environ.setdefault("IKP_DATA_DIR", tempfile.mkdtemp(prefix="ikp-mem-"))
    context = multiprocessing.get_context("spawn" if mode == "spawn" else "forkserver")
    preloaded = mode == "forkserver-models"
    if mode != "spawn":
        context.set_forkserver_preload(
            ["ikp.worker", "ikp.pipeline", *(["bench.preloaded_models"] if preloaded else [])]
        )
    ready = [context.Event() for _ in range(2)]
    done = context.Event()
    children = [context.Process(target=child, args=(r, done, preloaded)) for r in ready]
    for p in children:
        p.start()
    for r in ready:
        if not r.wait(300):
            raise SystemExit("a child did not get ready")
    time.sleep(1)
    pids: set[int] = set()
    todo = [os.getpid()]
    while todo:  # the whole tree: the fork server's children are not ours
        pid = todo.pop()
        pids.add(pid)
        for task in glob.glob(f"/proc/{pid}/task/*/children"):
            todo += [int(x) for x in Path(task).read_text().split()]
    rows = {pid: memory(pid) for pid in sorted(pids)}
    total_rss = sum(r for r, _ in rows.values())
    total_pss = sum(p for _, p in rows.values())
    print(f"{mode}: tree RSS {total_rss:.0f} MB, PSS {total_pss:.0f} MB")
    for pid, (rss, pss) in rows.items():
        name = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:70].decode()
        print(f"  {pid}: RSS {rss:.0f} MB, PSS {pss:.0f} MB  {name}")
    done.set()
    for p in children:
        p.join(30)


if __name__ == "__main__":
    main()
