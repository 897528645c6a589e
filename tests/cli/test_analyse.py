from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from ikp.cli import main
from tests.factories.pdf import make_text_pdf

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo"
CONTRACT_KEYS = {
    "file",
    "source",
    "text",
    "signal_types",
    "uncertain",
    "entities",
    "dossier_links",
    "routing",
    "model_version",
}


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[dict]]:
    """One call over a mail, a text file, a text PDF, a broken PDF and a missing file."""
    tmp = tmp_path_factory.mktemp("analyse")
    letter = tmp / "brief.txt"
    letter.write_text(
        "Geachte heer, mevrouw,\n\nDe heer Oluwaseun Adebayo, geboren op 2 november 1988, "
        "heeft mij verteld dat hij een valse identiteit gebruikt en met een paspoort van "
        "zijn broer reist.\n",
        encoding="utf-8",
    )
    pdf = tmp / "verzoek.pdf"
    pdf.write_bytes(
        make_text_pdf(
            [["Vordering art. 126nd Sv", "Graag de verblijfsgegevens van BSN 162275869."]]
        )
    )
    broken = tmp / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF")
    files = [DEMO / "mail" / "01-gemeente-adres.eml", letter, pdf, broken, tmp / "weg.txt"]
    argv = ["analyse", "--json", "--dossiers", str(DEMO / "register.csv")]
    argv += ["--received", "2026-11-23T10:00:00+01:00", *map(str, files)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_line_per_file_in_order_and_non_zero_exit_for_failures(analysed):
    code, lines = analysed
    assert code == 1
    assert [Path(line["file"]).name for line in lines] == [
        "01-gemeente-adres.eml",
        "brief.txt",
        "verzoek.pdf",
        "kapot.pdf",
        "weg.txt",
    ]


def test_every_analysed_file_follows_the_contract(analysed):
    _, lines = analysed
    for line in lines[:3]:
        assert set(line) == CONTRACT_KEYS, line["file"]
        for entity in line["entities"]:
            assert line["text"][entity["start"] : entity["end"]] == entity["text"]
        assert set(line["routing"]) == {"primary", "inform", "priority", "due"}
        scores = [s["score"] for s in line["signal_types"]]
        assert scores == sorted(scores, reverse=True)
    assert [line["source"] for line in lines[:3]] == ["email", "file", "file"]


def test_broken_and_missing_files_get_an_error_line(analysed):
    _, lines = analysed
    for line in lines[3:]:
        assert set(line) == {"file", "error"}
        assert line["error"]


def test_the_mail_is_read_linked_and_routed(analysed):
    _, lines = analysed
    mail = lines[0]
    assert "verblijfsfraude" in [s["code"] for s in mail["signal_types"]]
    assert {"label": "V_NUMMER", "value": "3049582716"}.items() <= {
        k: v for e in mail["entities"] if e["label"] == "V_NUMMER" for k, v in e.items()
    }.items()
    assert mail["dossier_links"][0]["dossier_id"] == "D-000123"
    assert "V_NUMMER exact" in mail["dossier_links"][0]["evidence"]
    # --received overrides the mail's own date: Monday 23 Nov -> due Monday 30 Nov.
    assert mail["routing"]["due"] == "2026-11-30"


def test_the_pdf_text_is_extracted_and_classified(analysed):
    _, lines = analysed
    pdf = lines[2]
    assert "126nd" in pdf["text"]
    assert [s["code"] for s in pdf["signal_types"]][:1] == ["informatieverzoek"]
    assert pdf["routing"]["primary"] == "juridisch"
    assert any(e["label"] == "BSN" and e["value"] == "162275869" for e in pdf["entities"])
