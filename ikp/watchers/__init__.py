"""Watchers that bring mail and scans into the store: `ImapWatcher`, `ScanWatcher`."""

from ikp.watchers.imap import ImapWatcher
from ikp.watchers.scans import ScanWatcher

__all__ = ["ImapWatcher", "ScanWatcher"]
