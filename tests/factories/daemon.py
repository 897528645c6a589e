"""What the tests of `ikp run --processes N` look at: queued text items, who analysed
them, and the process tree under the daemon."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from store import Store
from store.items import Intake, add_item


def store_items(url: str, data_dir: Path, run: str, count: int) -> None:
    """`count` short made-up text reports, queued as files."""
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


def parent_of(pid: int) -> int | None:
    """The parent's pid; None when the process is gone (a zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return None if fields[0] == "Z" else int(fields[1])


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    while todo:
        parent = todo.pop()
        for p in pids:
            if p not in found and parent_of(p) == parent:
                found.add(p)
                todo.append(p)
    return found


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if parent_of(p) is not None}
