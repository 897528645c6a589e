"""`ikp run` against a real Dovecot: stored within seconds, exactly once, whatever happens."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.factories.mail import tip_mail
from tests.factories.waiting import wait_for

pytestmark = pytest.mark.imap


def stored_message_ids(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT message_id FROM items"))]
    except Exception:  # schema not migrated yet
        return []
    finally:
        engine.dispose()


def query(url: str, sql: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def sqlite_url(tmp_path: Path) -> str:
    (tmp_path / "data").mkdir(exist_ok=True)
    return f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}"


def test_appended_mail_is_stored_within_seconds_through_idle(dovecot, daemon_factory, tmp_path):
    url = sqlite_url(tmp_path)
    daemon = daemon_factory(url, dovecot.env()).start()
    wait_for(lambda: "connected" in daemon.log_text(), 20, "the daemon to connect")
    time.sleep(0.5)  # now in IDLE
    client = dovecot.client()
    client.append("INBOX", tip_mail(1))
    appended = time.monotonic()
    wait_for(lambda: stored_message_ids(url) == ["tip-t-1@gemeente.example"], 5, "the mail")
    assert time.monotonic() - appended < 3
    wait_for(lambda: dovecot.count("Verwerkt") == 1, 5, "the move to Verwerkt")
    assert dovecot.count("INBOX") == 0
    started = time.monotonic()
    assert daemon.terminate() == 0
    assert time.monotonic() - started < 5, "SIGTERM stops the daemon within a few seconds"
    client.logout()


def test_mail_without_headers_goes_to_quarantine_with_its_reason(dovecot, daemon_factory, tmp_path):
    url = sqlite_url(tmp_path)
    client = dovecot.client()
    client.append("INBOX", b"dit is geen mail, alleen wat losse tekst\r\n")
    client.append("INBOX", tip_mail(2))
    daemon = daemon_factory(url, dovecot.env()).start()
    wait_for(lambda: dovecot.count("INBOX") == 0, 20, "the inbox to empty")
    assert dovecot.count("Quarantaine") == 1
    assert dovecot.count("Verwerkt") == 1
    assert query(url, "SELECT reason FROM quarantine") == [("not a mail: no header lines",)]
    assert stored_message_ids(url) == ["tip-t-2@gemeente.example"]
    assert daemon.terminate() == 0
    client.logout()


def _append_slowly(dovecot, count: int, pause: float, run: str) -> threading.Thread:
    def append() -> None:
        client = dovecot.client()
        for n in range(count):
            client.append("INBOX", tip_mail(n, run=run))
            time.sleep(pause)
        client.logout()

    thread = threading.Thread(target=append)
    thread.start()
    return thread


@pytest.mark.slow
@pytest.mark.postgres
def test_kill_9_at_random_moments_loses_no_mail_and_stores_none_twice(
    dovecot, daemon_factory, pg_url
):
    rng = random.Random(20261123)
    expected = {f"tip-k-{n}@gemeente.example" for n in range(200)}
    appender = _append_slowly(dovecot, 200, 0.05, "k")
    kills = []
    for round_ in range(1, 5):
        daemon = daemon_factory(pg_url, dovecot.env()).start()
        # Kill while it works, not while Python starts: after it has connected, at random.
        wait_for(lambda r=round_, d=daemon: d.log_text().count("connected") >= r, 30, "connecting")
        time.sleep(rng.uniform(0.05, 1.0))
        daemon.kill()
        kills.append(len(stored_message_ids(pg_url)))
    appender.join()
    daemon = daemon_factory(pg_url, dovecot.env()).start()
    wait_for(lambda: dovecot.count("INBOX") == 0, 60, "the inbox to empty after restart")
    assert daemon.terminate() == 0
    ids = stored_message_ids(pg_url)
    assert len(ids) == len(set(ids)) == 200
    assert set(ids) == expected
    assert dovecot.count("Verwerkt") == 200
    assert query(pg_url, "SELECT count(*), count(DISTINCT item_id) FROM mailbox_messages") == [
        (200, 200)
    ]
    assert kills[0] > 0 and kills[-1] < 200, f"the kills fell while mail arrived: {kills}"


@pytest.mark.slow
def test_dovecot_restarted_during_idle_loses_nothing(dovecot, daemon_factory, tmp_path):
    url = sqlite_url(tmp_path)
    client = dovecot.client()
    for n in range(5):
        client.append("INBOX", tip_mail(n, run="r"))
    client.logout()
    daemon = daemon_factory(url, dovecot.env()).start()
    wait_for(lambda: len(stored_message_ids(url)) == 5, 20, "the first five mails")
    time.sleep(0.5)  # back in IDLE
    dovecot.stop()
    time.sleep(1.0)
    dovecot.start()
    client = dovecot.client()
    for n in range(5, 10):
        client.append("INBOX", tip_mail(n, run="r"))
    client.logout()
    wait_for(lambda: len(stored_message_ids(url)) == 10, 40, "the mails after the restart")
    wait_for(lambda: dovecot.count("INBOX") == 0, 10, "the inbox to empty")
    assert sorted(stored_message_ids(url)) == sorted(
        f"tip-r-{n}@gemeente.example" for n in range(10)
    )
    assert dovecot.count("Verwerkt") == 10
    assert daemon.running(), "the daemon survived the server restart"
    assert daemon.terminate() == 0


@pytest.mark.slow
@pytest.mark.postgres
def test_two_daemons_on_one_database_and_mailbox_store_no_duplicates(
    dovecot, daemon_factory, pg_url
):
    first = daemon_factory(pg_url, dovecot.env(), name="d1").start()
    second = daemon_factory(pg_url, dovecot.env(), name="d2").start()
    wait_for(
        lambda: "connected" in first.log_text() and "connected" in second.log_text(),
        30,
        "both daemons to connect",
    )
    _append_slowly(dovecot, 100, 0.005, "two").join()
    wait_for(lambda: dovecot.count("INBOX") == 0, 60, "the inbox to empty")
    assert first.terminate() == 0
    assert second.terminate() == 0
    ids = stored_message_ids(pg_url)
    assert len(ids) == len(set(ids)) == 100
    assert dovecot.count("Verwerkt") == 100
