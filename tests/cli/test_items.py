from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from ikp.cli import main

DEMO = Path(__file__).resolve().parents[2] / "demo"


@pytest.mark.slow
def test_ingesting_the_same_mail_twice_gives_one_item(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    mail = DEMO / "mail" / "03-politie-vordering.eml"
    copy = tmp_path / "kopie.eml"
    copy.write_bytes(mail.read_bytes())
    assert main(["dossiers", "import", str(DEMO / "register.csv")]) == 0
    assert main(["ingest", str(mail)]) == 0
    assert main(["ingest", str(copy)]) == 0
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["items", "--json"]) == 0
    items = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(items) == 1
    [item] = items
    assert item["source"] == "email"
    assert item["source_ref"] == "ON-2026-4471-verzoek@politie.example"
    assert item["status"] == "review"
    assert item["signal_types"] == ["informatieverzoek"]
    assert item["primary"] == "juridisch"
    assert item["received"] == "2026-11-25T09:03:00+00:00"
    assert item["due"] == "2026-12-02"
