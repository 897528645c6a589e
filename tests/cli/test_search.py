"""`ikp search --json` on items the real `ikp ingest` stored: the worker's search keys, a
query in another written form, the fields of `ikp items --json`, best first, audited."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from sqlalchemy import select

from ikp.cli import main
from ikp.config import load_settings, open_store
from store.models import AuditEntry

LETTER = (
    "Melding over onderverhuur.\n"
    "De heer Bartholomeus Verzonnen, V-nummer 1234567890, woont niet op het adres "
    "Kerkstraat 12, 1234 AB Voorbeeldstad. Hij verhuurt de woning door.\n"
    "Zijn telefoonnummer is 06-12345678.\n"
)
OTHER = "Melding over een schijnhuwelijk in Voorbeeldstad; de partners wonen apart.\n"


def _lines(argv: list[str]) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(argv) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.slow
def test_ikp_search_finds_an_ingested_item_by_identifier_in_another_form(
    database_url, tmp_path, monkeypatch
):
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "brief.txt").write_text(LETTER, encoding="utf-8")
    (tmp_path / "ander.txt").write_text(OTHER, encoding="utf-8")
    assert main(["ingest", str(tmp_path / "brief.txt"), str(tmp_path / "ander.txt")]) == 0
    items = {i["source_ref"]: i for i in _lines(["items", "--json"])}
    letter = items["brief.txt"]
    for query in ("12.345.678.90", "+31 6 1234 5678", "Kerkstr. 12", "1234ab 12"):
        hits = _lines(["search", "--json", query])
        assert [h["id"] for h in hits] == [letter["id"]], query
        assert {k: hits[0][k] for k in letter} == letter  # every field of ikp items --json
        assert hits[0]["matched"]
    both = _lines(["search", "--json", "Voorbeeldstad"])
    assert {h["id"] for h in both} == {i["id"] for i in items.values()}
    assert [h["score"] for h in both] == sorted((h["score"] for h in both), reverse=True)
    assert _lines(["search", "--json", "Voorbeeldstad", "--source", "scan"]) == []
    assert _lines(["search", "--json", "Voorbeeldstad", "--until", "2000-01-01"]) == []
    with open_store(load_settings(None)) as store, store.sessions() as session:
        queries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "search").order_by(AuditEntry.id)
        ).all()
    assert [e.detail["query"] for e in queries][:2] == ["12.345.678.90", "+31 6 1234 5678"]
    assert all(e.actor.startswith("cli:") for e in queries)
