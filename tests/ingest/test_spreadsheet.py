"""Spreadsheets (.xlsx, .xls, .ods): files built here, read through `ingest` as text,
sheet by sheet and row by row, alone, inside a zip and attached to a mail; hostile
sizes are cut off and said so."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import pytest

import ingest.spreadsheet as spreadsheet
from ingest import extract_bytes
from ingest.registry import ExtractionError, detect_media_type
from tests.factories.mail import make_mail, make_zip
from tests.ingest.officefactory import (
    Sheet,
    encrypted_ooxml_bytes,
    ods_bytes,
    xls_bytes,
    xlsx_bytes,
    xlsx_package,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

# A list of persons as a chain partner sends it (everything invented): dates, a BSN
# stored as a number, a boolean, a decimal, empty cells inside and at the end of a row,
# an empty row, and a second sheet.
PERSONS: dict[str, Sheet] = {
    "Personen": [
        ["Naam", "Geboortedatum", "BSN", "Nationaliteit", "Actief", "Bedrag"],
        ["Annelies Vermeulen-Dekker", datetime(1990, 3, 12), 123456782, "Nederlandse", True, 12.5],
        ["Karim El Amrani", datetime(1985, 11, 2), 162275869, None, False, None],
        [],
        [None, None, "alleen de derde kolom"],
    ],
    "Adressen": [["Lindelaan 17", "1234 AB", "Westerveld"]],
}
EXPECTED = (
    "--- blad: Personen ---\n"
    "Naam\tGeboortedatum\tBSN\tNationaliteit\tActief\tBedrag\n"
    "Annelies Vermeulen-Dekker\t{1990-03-12}\t123456782\tNederlandse\tTRUE\t{12.5}\n"
    "Karim El Amrani\t{1985-11-02}\t162275869\t\tFALSE\n"
    "\t\talleen de derde kolom\n"
    "\n"
    "--- blad: Adressen ---\n"
    "Lindelaan 17\t1234 AB\tWesterveld"
)
ISO = EXPECTED.replace("{", "").replace("}", "")
# ODS cells hold the text LibreOffice shows (here Dutch formats), which is what is read.
SHOWN = ISO.replace("1990-03-12", "12-03-1990").replace("1985-11-02", "02-11-1985")
SHOWN = SHOWN.replace("12.5", "12,5")

Builder = Callable[[dict[str, Sheet]], bytes]
FORMATS: list[tuple[str, Builder, str, str]] = [  # id, builder, media type, expected text
    ("xlsx", xlsx_bytes, XLSX, ISO),
    ("xls", xls_bytes, XLS, ISO),
    ("ods", ods_bytes, ODS, SHOWN),
]
each_format = pytest.mark.parametrize(
    ("suffix", "build", "media_type", "expected"), FORMATS, ids=[f[0] for f in FORMATS]
)


@each_format
def test_sheets_are_read_row_by_row_under_their_names(suffix, build, media_type, expected):
    document = extract_bytes(build(PERSONS), f"personen.{suffix}")
    assert document.media_type == media_type
    assert document.text == expected
    assert document.parts[0].error is None


@each_format
def test_spreadsheet_is_recognised_by_its_content(suffix, build, media_type, expected):
    data = build(PERSONS)
    assert detect_media_type(data) == media_type
    assert extract_bytes(data, "bijlage.bin").text == expected


@each_format
def test_spreadsheet_inside_a_zip_and_attached_to_a_mail(suffix, build, media_type, expected):
    data = build(PERSONS)
    zipped = extract_bytes(make_zip({f"lijsten/personen.{suffix}": data}), "lijsten.zip")
    assert f"--- bijlage: lijsten/personen.{suffix} ---\n{expected}" in zipped.text
    # A mail client may declare any type; the content decides.
    attachment = (f"personen.{suffix}", data, "application/octet-stream")
    mail = make_mail(attachments=(attachment,)).as_bytes()
    mailed = extract_bytes(mail, "melding.eml")
    assert f"--- bijlage: personen.{suffix} ---\n{expected}" in mailed.text
    assert [p.media_type for p in mailed.parts if p.filename == f"personen.{suffix}"] == [
        media_type
    ]
    for text in (zipped.text, mailed.text):
        assert "<?xml" not in text and "<c r=" not in text and "table:table" not in text


LIMITS = [  # limit, lowered to, what the text and the part's error say, second sheet read?
    ("MAX_ROWS", 2, "sheet 'Personen': only the first 2 rows with content read", True),
    ("MAX_COLUMNS", 3, "sheet 'Personen': only the first 3 columns read", True),
    ("MAX_CELLS", 8, "stopped at the limit of 8 filled cells", False),
    ("MAX_SHEETS", 1, "only the first 1 sheets read", False),
]


@each_format
@pytest.mark.parametrize(("limit", "value", "said", "second"), LIMITS, ids=[x[0] for x in LIMITS])
def test_limits_cut_the_text_and_say_so(
    monkeypatch, suffix, build, media_type, expected, limit, value, said, second
):
    monkeypatch.setattr(spreadsheet, limit, value)
    document = extract_bytes(build(PERSONS), f"personen.{suffix}")
    assert document.text.startswith("--- blad: Personen ---\nNaam\t")
    assert document.text.endswith(f"[niet alles gelezen: {said}]")
    assert document.parts[0].error == said
    assert ("--- blad: Adressen ---\nLindelaan 17" in document.text) is second


def test_xlsx_whose_dimension_claims_the_whole_grid_is_read_by_what_is_there():
    """A1:XFD1048576 announced, three cells filled at the far corners."""
    sheet = (
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1" t="s"><v>1</v></c></row>'
        '<row r="1048576"><c r="A1048576" t="s"><v>2</v></c></row>'
        "</sheetData>"
    )
    data = xlsx_package(sheet, shared_strings=["Jan de Vries", "ver weg", "laatste rij"])
    started = time.monotonic()
    document = extract_bytes(data, "lijst.xlsx")
    assert time.monotonic() - started < 20
    lines = document.text.splitlines()
    assert lines[:3] == ["--- blad: Lijst ---", "Jan de Vries", "laatste rij"]
    assert document.parts[0].error == "sheet 'Lijst': only the first 256 columns read"


def test_ods_cell_repeated_across_the_whole_grid_stops_at_the_limits():
    tables = (
        '<table:table table:name="Bom">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    started = time.monotonic()
    document = extract_bytes(ods_bytes(tables=tables), "bom.ods")
    assert time.monotonic() - started < 20
    assert document.parts[0].error == (
        "sheet 'Bom': only the first 256 columns read; stopped at the limit of 250000 filled cells"
    )
    assert len(document.text) < 2 * 250_000 + 1000


def test_ods_empty_rows_repeated_a_million_times_cost_nothing_and_later_sheets_are_read():
    tables = (
        '<table:table table:name="Eerste">'
        "<table:table-row><table:table-cell><text:p>boven</text:p></table:table-cell>"
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"
        '<table:table table:name="Tweede"><table:table-row>'
        '<table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="float" office:value="3">'
        "<text:p>3</text:p></table:table-cell></table:table-row></table:table>"
    )
    document = extract_bytes(ods_bytes(tables=tables), "lijst.ods")
    assert document.text == "--- blad: Eerste ---\nboven\n\n--- blad: Tweede ---\n\t\t3"
    assert document.parts[0].error is None


def test_sheets_after_a_sheet_cut_short_are_still_read(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 1)
    sheets = {"Een": [["a"], ["b"]], "Twee": [["c"]]}
    for build, name in ((xlsx_bytes, "x.xlsx"), (xls_bytes, "x.xls"), (ods_bytes, "x.ods")):
        text = extract_bytes(build(sheets), name).text
        assert text.startswith("--- blad: Een ---\na\n\n--- blad: Twee ---\nc\n\n[niet alles"), name


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("kapot.xlsx", xlsx_bytes(PERSONS)[:500], "zip is damaged"),
        ("kapot.ods", ods_bytes(PERSONS)[:200], "zip is damaged"),
        ("kapot.xls", xls_bytes(PERSONS)[:1536], "Excel 97-2003 workbook cannot be read"),
        ("geheim.xls", xls_bytes(PERSONS, encrypted=True), "encrypted with a password"),
        ("geheim.xlsx", encrypted_ooxml_bytes(), "Excel workbook is encrypted with a password"),
        ("leeg.ods", make_zip({"mimetype": ODS.encode()}), "OpenDocument without content.xml"),
        ("ruis.xls", bytes(range(256)) * 4, "not an Excel 97-2003 workbook"),
    ],
    ids=["xlsx-truncated", "ods-truncated", "xls-truncated", "xls-password", "xlsx-password",
         "ods-no-content", "xls-noise"],
)  # fmt: skip
def test_unreadable_spreadsheets_are_refused_with_the_reason(name, data, reason):
    with pytest.raises(ExtractionError, match=reason):
        extract_bytes(data, name)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<html><body><table><tr><td>Jan</td><td>1990</td></tr></table></body></html>",
         "Jan\t1990"),
        (b"Naam;Geboren\nJan de Vries;12-03-1990\n", "Naam;Geboren\nJan de Vries;12-03-1990"),
    ],
    ids=["html-table", "csv"],
)  # fmt: skip
def test_web_exports_named_xls_are_read_for_what_they_are(data, expected):
    assert extract_bytes(data, "export.xls").text == expected


def test_empty_workbook_says_it_has_no_filled_cells():
    document = extract_bytes(xlsx_bytes({"Leeg": []}), "leeg.xlsx")
    assert document.text == "--- blad: Leeg ---"
    assert document.parts[0].error == "spreadsheet has no filled cells"
