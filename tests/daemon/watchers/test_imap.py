"""The mailbox watcher in-process against a real Dovecot."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from sqlalchemy import select

from ikp.config import Settings
from ikp.intake import mail_intake
from ikp.watchers.imap import ImapWatcher
from store.mailbox import MOVED, MailKey, states, store_mail
from store.models import Item
from tests.factories.mail import tip_mail
from tests.factories.waiting import wait_for

pytestmark = pytest.mark.imap


def settings_for(dovecot) -> Settings:
    return Settings(
        imap_host="127.0.0.1",
        imap_port=dovecot.port,
        imap_user="ikp",
        imap_password="ikp",
        imap_ssl=False,
    )


def message_ids(store) -> list[str]:
    with store.sessions() as session:
        return list(session.scalars(select(Item.message_id)))


def test_a_mail_stored_before_a_crash_is_only_moved_after_a_grace(dovecot, sqlite_store, stop):
    client = dovecot.client()
    client.append("INBOX", tip_mail(1))
    uidvalidity = int(client.select_folder("INBOX")[b"UIDVALIDITY"])
    (uid,) = client.search(["ALL"])
    # The previous daemon stored it and was killed before the MOVE.
    store_mail(
        sqlite_store.sessions,
        sqlite_store.blobs,
        MailKey("INBOX", uidvalidity, uid),
        mail_intake(tip_mail(1)),
    )
    watcher = ImapWatcher(settings_for(dovecot), sqlite_store, stop, grace_s=0.5)
    assert watcher.sync(client, uidvalidity) == (0, 1), "at first, its storer may still move it"
    assert dovecot.count("INBOX") == 1
    time.sleep(0.6)
    assert watcher.sync(client, uidvalidity) == (1, 0)
    assert message_ids(sqlite_store) == ["tip-t-1@gemeente.example"]
    assert {u: k.state for u, k in states(sqlite_store.sessions, "INBOX", uidvalidity).items()} == {
        uid: MOVED
    }
    assert dovecot.count("INBOX") == 0
    assert dovecot.count("Verwerkt") == 1
    client.logout()


def test_without_idle_the_watcher_polls(dovecot, sqlite_store, stop):
    watcher = ImapWatcher(
        settings_for(dovecot), sqlite_store, stop, poll_interval_s=0.2, use_idle=False
    )
    thread = threading.Thread(target=watcher.run)
    thread.start()
    try:
        client = dovecot.client()
        client.append("INBOX", tip_mail(2))
        client.logout()
        wait_for(lambda: message_ids(sqlite_store) == ["tip-t-2@gemeente.example"], 5, "a poll")
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive(), "the watcher stops within seconds"


def test_missing_folders_are_created(dovecot, sqlite_store, stop):
    settings = replace(
        settings_for(dovecot), imap_done_folder="Klaar", imap_failed_folder="Afgekeurd"
    )
    client = ImapWatcher(settings, sqlite_store, stop).connect()
    try:
        assert client.folder_exists("Klaar") and client.folder_exists("Afgekeurd")
    finally:
        client.logout()


def test_a_server_that_is_away_is_retried_with_backoff(sqlite_store, stop, caplog):
    from tests.services.dovecot import free_port

    settings = Settings(imap_host="127.0.0.1", imap_port=free_port(), imap_ssl=False)
    watcher = ImapWatcher(settings, sqlite_store, stop, max_backoff_s=0.4)
    thread = threading.Thread(target=watcher.run)
    thread.start()
    time.sleep(1.6)
    stop.set()
    thread.join(2)
    assert not thread.is_alive()
    delays = [
        r.getMessage().rsplit("retrying in ", 1)[1]
        for r in caplog.records
        if "retrying in" in r.getMessage()
    ]
    assert len(delays) >= 2
    assert delays[0] == "0.5 s"
    assert set(delays[1:]) == {"0.4 s"}, "doubling, capped at max_backoff_s"
