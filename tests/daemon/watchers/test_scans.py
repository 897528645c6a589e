"""The scan-folder watcher: complete files only, stored before they are moved, once."""

from __future__ import annotations

import os
import threading
import time

from sqlalchemy import select

from ikp.intake import file_intake
from ikp.watchers.scans import ScanWatcher
from store.items import add_item
from store.models import Item, Quarantined

PDF = b"%PDF-1.4\n% fictieve scan van een brief\n%%EOF\n"


def items(store) -> list[tuple[str, str, str]]:
    with store.sessions() as session:
        return [(i.source, i.source_ref, i.status) for i in session.scalars(select(Item))]


def watcher(tmp_path, store, stop) -> ScanWatcher:
    scan_dir = tmp_path / "scans"
    scan_dir.mkdir(exist_ok=True)
    return ScanWatcher(scan_dir, store, stop, poll_interval_s=0.05, settle_s=0.2)


def age(path, seconds: float) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def test_a_complete_file_is_stored_then_moved_to_verwerkt(tmp_path, sqlite_store, stop):
    w = watcher(tmp_path, sqlite_store, stop)
    scan = w.scan_dir / "brief.pdf"
    scan.write_bytes(PDF)
    age(scan, 5)
    assert w.scan_once() == 0, "a file is taken only after it was seen unchanged twice"
    assert w.scan_once() == 1
    assert items(sqlite_store) == [("scan", "brief.pdf", "queued")]
    assert not scan.exists()
    assert (w.scan_dir / "verwerkt" / "brief.pdf").read_bytes() == PDF


def test_a_file_still_being_written_is_left_alone(tmp_path, sqlite_store, stop):
    w = watcher(tmp_path, sqlite_store, stop)
    scan = w.scan_dir / "brief.pdf"
    scan.write_bytes(PDF[:10])
    w.scan_once()
    with open(scan, "ab") as fh:
        fh.write(PDF[10:])
    assert w.scan_once() == 0, "the size changed since the last look"
    assert w.scan_once() == 0, "modified less than settle_s ago"
    time.sleep(0.25)
    assert w.scan_once() == 1
    assert items(sqlite_store) == [("scan", "brief.pdf", "queued")]


def test_partial_and_hidden_names_are_ignored(tmp_path, sqlite_store, stop):
    w = watcher(tmp_path, sqlite_store, stop)
    for name in ("brief.pdf.part", ".brief.pdf", "brief.pdf.tmp"):
        (w.scan_dir / name).write_bytes(PDF)
        age(w.scan_dir / name, 5)
    w.scan_once()
    assert w.scan_once() == 0
    assert items(sqlite_store) == []


def test_a_file_stored_before_a_crash_is_moved_without_a_second_item(tmp_path, sqlite_store, stop):
    w = watcher(tmp_path, sqlite_store, stop)
    scan = w.scan_dir / "brief.pdf"
    scan.write_bytes(PDF)
    age(scan, 5)
    # Killed after the store, before the move: the item exists, the file is still there.
    add_item(
        sqlite_store.sessions, sqlite_store.blobs, file_intake(PDF, "brief.pdf", source="scan")
    )
    (w.scan_dir / "verwerkt").mkdir()
    (w.scan_dir / "verwerkt" / "brief.pdf").write_bytes(b"%PDF-1.4 een eerdere brief")
    w.scan_once()
    assert w.scan_once() == 1
    assert len(items(sqlite_store)) == 1
    assert not scan.exists()
    assert (w.scan_dir / "verwerkt" / "brief.1.pdf").read_bytes() == PDF
    assert (w.scan_dir / "verwerkt" / "brief.pdf").read_bytes() == b"%PDF-1.4 een eerdere brief"


def test_an_empty_file_goes_to_quarantaine_with_its_reason(tmp_path, sqlite_store, stop):
    w = watcher(tmp_path, sqlite_store, stop)
    scan = w.scan_dir / "leeg.pdf"
    scan.write_bytes(b"")
    age(scan, 5)
    w.scan_once()
    assert w.scan_once() == 1
    assert (w.scan_dir / "quarantaine" / "leeg.pdf").exists()
    assert items(sqlite_store) == []
    with sqlite_store.sessions() as session:
        assert [(q.source_ref, q.reason) for q in session.scalars(select(Quarantined))] == [
            ("leeg.pdf", "empty file")
        ]


def test_the_watcher_thread_stops_within_a_second(tmp_path, sqlite_store, stop):
    w = watcher(tmp_path, sqlite_store, stop)
    thread = threading.Thread(target=w.run)
    thread.start()
    time.sleep(0.2)
    stop.set()
    thread.join(1.0)
    assert not thread.is_alive()
    assert (w.scan_dir / "verwerkt").is_dir() and (w.scan_dir / "quarantaine").is_dir()
