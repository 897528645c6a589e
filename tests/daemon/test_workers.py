"""`ikp run` with workers: mail and scans go through the whole pipeline into the review queue."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text

from tests.factories.mail import tip_mail
from tests.factories.waiting import wait_for

pytestmark = [pytest.mark.imap, pytest.mark.slow]


def statuses(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return dict(conn.execute(text("SELECT source_ref, status FROM items")).all())
    except Exception:  # schema not migrated yet
        return {}
    finally:
        engine.dispose()


def test_daemon_takes_mail_and_scans_to_review_and_stops_on_sigterm(
    dovecot, daemon_factory, tmp_path
):
    (tmp_path / "data").mkdir()
    url = f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}"
    scans = tmp_path / "scans"
    scans.mkdir()
    client = dovecot.client()
    client.append("INBOX", tip_mail(1))
    client.logout()
    (scans / "brief.txt").write_text(
        "Geachte heer, op het adres Dorpsstraat 4 te Meppel staan zes personen ingeschreven.",
        encoding="utf-8",
    )
    daemon = daemon_factory(url, {**dovecot.env(), "IKP_SCAN_DIR": str(scans)}, workers=2)
    daemon.start()
    wait_for(
        lambda: statuses(url) == {"tip-t-1@gemeente.example": "review", "brief.txt": "review"},
        90,
        "both items in the review queue",
    )
    assert (scans / "verwerkt" / "brief.txt").exists()
    assert dovecot.count("Verwerkt") == 1
    started = time.monotonic()
    assert daemon.terminate() == 0
    assert time.monotonic() - started < 8, "every thread stops within a few seconds"
    assert "web queue" not in daemon.log_text(), "--no-web leaves the web queue out"
