"""`ikp ingest --queue-only --received`: a letter stored with its registration time, unprocessed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ikp.cli import main
from store import Store
from store.models import Item


def test_a_queued_letter_keeps_the_receipt_time_given(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte heer, hierbij meld ik een verdachte situatie.\n", encoding="utf-8")
    received = "2026-03-02T10:15:00+01:00"
    assert main(["ingest", "--queue-only", "--received", received, str(letter)]) == 0
    with Store(database_url, tmp_path / "data") as store, store.sessions() as session:
        [item] = session.scalars(select(Item)).all()
        assert item.status == "queued"
        assert item.received.astimezone(UTC) == datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
