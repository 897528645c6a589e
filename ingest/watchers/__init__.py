"""Watchers that bring mail and scans into the store: `ImapWatcher`, `ScanWatcher`."""

from ingest.watchers.imap import ImapWatcher
from ingest.watchers.scans import ScanWatcher

__all__ = ["ImapWatcher", "ScanWatcher"]
