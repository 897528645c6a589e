from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from ikp.cli import main
from store import Store
from store.models import Item

DEMO = Path(__file__).resolve().parents[2] / "demo"


@pytest.mark.slow
def test_a_second_report_about_the_same_person_is_proposed_as_related(tmp_path, monkeypatch):
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    first = (DEMO / "mail" / "01-gemeente-adres.eml").read_bytes()
    second = (
        first.replace(b"20261123081230.4711@utrecht.example", b"buurvrouw-2@webmail.example")
        .replace(
            b"Team Adreskwaliteit <adreskwaliteit@utrecht.example>", b"buurvrouw@webmail.example"
        )
        .replace(b"Bij een huisbezoek op 18 november 2026", b"Ik zie al maanden niemand")
    )
    (tmp_path / "a.eml").write_bytes(first)
    (tmp_path / "b.eml").write_bytes(second)
    assert main(["ingest", str(tmp_path / "a.eml")]) == 0
    assert main(["ingest", str(tmp_path / "b.eml")]) == 0
    url = f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}"
    with Store(url, tmp_path / "data") as store, store.sessions() as session:
        items = session.scalars(select(Item).order_by(Item.id)).all()
        assert len(items) == 2
        related = items[1].suggestions[-1].related
    assert related, "the second report names the same V-nummer, address and birth date"
    assert related[0]["item_id"] == items[0].id
    assert related[0]["evidence"]
