"""The scan-folder watcher: store each completely written file, then move it aside.

A file counts as completely written when its size and modification time did not
change between two looks and it was last modified at least `settle_s` ago. It is
stored (deduplicated on content) before it is moved into `verwerkt/`, or kept in
the quarantine table and moved into `quarantaine/`; after a crash in between,
storing it again finds the stored item and only the move is repeated.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from pathlib import Path

from ikp.intake import file_intake
from store import Store
from store.items import add_item, quarantine

log = logging.getLogger(__name__)

DONE_DIR = "verwerkt"
QUARANTINE_DIR = "quarantaine"
# Names that writers use while a file is still incomplete.
PARTIAL_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", "~")


class ScanWatcher:
    def __init__(
        self,
        scan_dir: Path,
        store: Store,
        stop: threading.Event,
        *,
        poll_interval_s: float = 1.0,
        settle_s: float = 1.0,
        actor: str = "scan",
    ) -> None:
        self.scan_dir = scan_dir
        self.store = store
        self.stop = stop
        self.poll_interval_s = poll_interval_s
        self.settle_s = settle_s
        self.actor = actor
        self._last_seen: dict[str, tuple[int, int]] = {}

    def run(self) -> None:
        for sub in (DONE_DIR, QUARANTINE_DIR):
            (self.scan_dir / sub).mkdir(parents=True, exist_ok=True)
        delay = 1.0
        while not self.stop.is_set():
            try:
                self.scan_once()
                delay = 1.0
                self.stop.wait(self.poll_interval_s)
            except Exception as exc:  # e.g. the database is briefly away
                log.warning(
                    "scan watcher: %s: %s; retrying in %.0f s", type(exc).__name__, exc, delay
                )
                self.stop.wait(delay)
                delay = min(delay * 2, 60.0)

    def scan_once(self) -> int:
        """Store and move every file that is completely written; returns how many."""
        handled = 0
        seen: dict[str, tuple[int, int]] = {}
        for entry in sorted(os.scandir(self.scan_dir), key=lambda e: e.name):
            if self.stop.is_set():
                break
            name = entry.name
            if name.startswith(".") or name.endswith(PARTIAL_SUFFIXES):
                continue
            if not entry.is_file(follow_symlinks=False):
                continue
            st = entry.stat(follow_symlinks=False)
            signature = (st.st_size, st.st_mtime_ns)
            seen[name] = signature
            settled = time.time() - st.st_mtime >= self.settle_s
            if self._last_seen.get(name) != signature or not settled:
                continue  # still being written, or not yet looked at twice
            if self.handle(Path(entry.path)):
                handled += 1
                seen.pop(name, None)
        self._last_seen = seen
        return handled

    def handle(self, path: Path) -> bool:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return False  # taken by another daemon
        if not raw:
            reason = "empty file"
            log.warning("scan %s quarantined: %s", path.name, reason)
            quarantine(
                self.store.sessions,
                self.store.blobs,
                raw,
                source="scan",
                source_ref=path.name,
                reason=reason,
            )
            _move_aside(path, self.scan_dir / QUARANTINE_DIR)
            return True
        stored = add_item(
            self.store.sessions,
            self.store.blobs,
            file_intake(raw, path.name, source="scan"),
            actor=self.actor,
        )
        log.info(
            "scan %s: item %s%s",
            path.name,
            stored.id,
            "" if stored.created else " (already stored)",
        )
        _move_aside(path, self.scan_dir / DONE_DIR)
        return True


def _move_aside(path: Path, directory: Path) -> None:
    """Move without overwriting an earlier file of the same name."""
    directory.mkdir(exist_ok=True)
    target = directory / path.name
    n = 1
    while target.exists():
        target = directory / f"{path.stem}.{n}{path.suffix}"
        n += 1
    # FileNotFoundError: another daemon moved it first; it was stored either way.
    with contextlib.suppress(FileNotFoundError):
        path.rename(target)
