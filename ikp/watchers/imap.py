"""The mailbox watcher: fetch, store (item + mailbox row in one transaction), then move.

Waits with IDLE where the server has it and polls where not; reconnects with
exponential backoff. A mail leaves the inbox only after it is stored (to the
done folder) or quarantined with its reason (to the quarantine folder).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import timedelta

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from ikp.config import Settings
from ikp.intake import mail_intake
from ikp.metrics import IMAP_RECONNECTS
from ingest.envelope import unreadable_reason
from store import Store
from store.items import Intake
from store.mailbox import (
    MOVED,
    MOVED_QUARANTINED,
    QUARANTINED,
    STORED,
    MailKey,
    mark_moved,
    quarantine_mail,
    states,
    store_mails,
)
from store.models import utcnow

log = logging.getLogger(__name__)

IDLE_RENEW_S = 300  # RFC 2177: re-issue IDLE well before the 29-minute server timeout
BATCH = 50


def _chunks(items: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


class ImapWatcher:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        stop: threading.Event,
        *,
        poll_interval_s: float = 5.0,
        max_backoff_s: float = 30.0,
        use_idle: bool = True,
        grace_s: float = 10.0,
        actor: str = "imap",
    ) -> None:
        self.settings = settings
        self.store = store
        self.stop = stop
        self.poll_interval_s = poll_interval_s
        self.max_backoff_s = max_backoff_s
        self.use_idle = use_idle
        self.actor = actor
        self.folder = settings.imap_folder
        self.grace_s = grace_s
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.connected = False  # for /readyz

    def is_connected(self) -> bool:
        return self.connected

    def run(self) -> None:
        """Until the stop event: connect, drain the folder, wait for more; reconnect on errors."""
        delay = 0.5
        while not self.stop.is_set():
            client: IMAPClient | None = None
            try:
                client = self.connect()
                self.connected = True
                delay = 0.5  # connected: the next outage starts its backoff afresh
                self._watch(client)
            except Exception as exc:  # network, server restart, database hiccup
                self.connected = False
                IMAP_RECONNECTS.inc()
                log.warning(
                    "mailbox watcher: %s: %s; retrying in %.1f s", type(exc).__name__, exc, delay
                )
                self.stop.wait(delay)
                delay = min(delay * 2, self.max_backoff_s)
            finally:
                if client is not None:
                    _close(client)

    def connect(self) -> IMAPClient:
        s = self.settings
        client = IMAPClient(s.imap_host, port=s.imap_effective_port, ssl=s.imap_ssl, timeout=30)
        client.login(s.imap_user or "", s.imap_password or "")
        for folder in (s.imap_done_folder, s.imap_failed_folder):
            if not client.folder_exists(folder):
                try:
                    client.create_folder(folder)
                except IMAPClientError:
                    if not client.folder_exists(folder):  # else another daemon just made it
                        raise
        log.info("mailbox watcher: connected to %s:%s", s.imap_host, s.imap_effective_port)
        return client

    def _watch(self, client: IMAPClient) -> None:
        can_idle = self.use_idle and client.has_capability("IDLE")
        while not self.stop.is_set():
            uidvalidity = int(client.select_folder(self.folder)[b"UIDVALIDITY"])
            handled, waiting = self.sync(client, uidvalidity)
            if handled:
                continue  # more may have arrived meanwhile
            if can_idle:
                self._idle(client, self.grace_s if waiting else IDLE_RENEW_S)
            else:
                self.stop.wait(self.poll_interval_s)
                client.noop()

    def _idle(self, client: IMAPClient, timeout_s: float) -> None:
        client.idle()
        try:
            deadline = time.monotonic() + timeout_s
            while not self.stop.is_set() and time.monotonic() < deadline:
                responses = client.idle_check(timeout=1)
                if any(r[:1] == (b"BYE",) for r in responses):
                    raise ConnectionError("server said BYE")
                if responses:
                    return
        finally:
            client.idle_done()

    def sync(self, client: IMAPClient, uidvalidity: int) -> tuple[int, int]:
        """Store and move the mails now in the folder.

        Returns (handled, waiting): waiting mails were recorded by another daemon
        moments ago; that daemon moves them, unless it has not done so within
        `grace_s` (it was killed), after which anyone may. Two daemons moving the
        same UID at once would leave two copies in the done folder.
        """
        uids = sorted(client.search(["NOT", "DELETED"]))
        if not uids:
            return 0, 0
        known = states(self.store.sessions, self.folder, uidvalidity, uids)
        cutoff = utcnow() - timedelta(seconds=self.grace_s)
        leftover = {
            u: k for u, k in known.items() if k.stored_by == self.owner or k.stored_at <= cutoff
        }
        # Stored or quarantined before a crash: only the move is left.
        self._move(
            client,
            uidvalidity,
            [u for u, k in leftover.items() if k.state in (STORED, MOVED)],
            self.settings.imap_done_folder,
        )
        self._move(
            client,
            uidvalidity,
            [u for u, k in leftover.items() if k.state in (QUARANTINED, MOVED_QUARANTINED)],
            self.settings.imap_failed_folder,
        )
        new = [u for u in uids if u not in known]
        for chunk in _chunks(new, BATCH):
            if self.stop.is_set():
                break
            done, failed = self._store_chunk(client, uidvalidity, chunk)
            self._move(client, uidvalidity, done, self.settings.imap_done_folder)
            self._move(client, uidvalidity, failed, self.settings.imap_failed_folder)
        return len(leftover) + len(new), len(known) - len(leftover)

    def _store_chunk(
        self, client: IMAPClient, uidvalidity: int, chunk: list[int]
    ) -> tuple[list[int], list[int]]:
        fetched = client.fetch(chunk, ["BODY.PEEK[]"])
        done: list[int] = []
        failed: list[int] = []
        readable: list[tuple[MailKey, Intake]] = []
        for uid in chunk:
            if uid not in fetched:
                continue  # expunged meanwhile, e.g. moved by another daemon
            raw = fetched[uid].get(b"BODY[]")
            key = MailKey(self.folder, uidvalidity, uid)
            reason = unreadable_reason(raw)
            intake = None
            if reason is None:
                try:
                    intake = mail_intake(raw)
                except Exception as exc:
                    reason = f"unreadable mail: {type(exc).__name__}: {exc}"
            if intake is not None:
                readable.append((key, intake))
                continue
            log.warning("mail uid %s quarantined: %s", uid, reason)
            outcome = quarantine_mail(
                self.store.sessions,
                self.store.blobs,
                key,
                raw or b"",
                reason or "",
                owner=self.owner,
            )
            if outcome.mine:
                failed.append(uid)
        # Blobs written side by side, then the chunk's rows in one transaction.
        outcomes = store_mails(
            self.store.sessions, self.store.blobs, readable, actor=self.actor, owner=self.owner
        )
        for (key, _), outcome in zip(readable, outcomes, strict=True):
            if not outcome.mine:
                continue  # recorded by another daemon, which moves it
            if outcome.state in (QUARANTINED, MOVED_QUARANTINED):
                failed.append(key.uid)
            else:
                done.append(key.uid)
                log.info(
                    "mail uid %s: item %s%s",
                    key.uid,
                    outcome.item_id,
                    "" if outcome.created else " (already stored)",
                )
        return done, failed

    def _move(self, client: IMAPClient, uidvalidity: int, uids: list[int], target: str) -> None:
        if not uids:
            return
        try:
            client.move(uids, target)  # UID MOVE
        except IMAPClientError as exc:
            if "EXPUNGEISSUED" not in str(exc):
                raise
            # Another daemon moved some of them after all; the next pass sorts out the rest.
            log.info("mailbox watcher: %s", exc)
            return
        mark_moved(self.store.sessions, self.folder, uidvalidity, uids)


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        with contextlib.suppress(Exception):
            client.shutdown()
