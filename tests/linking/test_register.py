import contextlib
import csv
from datetime import date
from pathlib import Path

import pytest

from contract.vocabulary import DOSSIER_COLUMNS
from linking import RegisterError, propose_links, read_register_csv
from linking.register import RegisterFile, RejectReport, TooManyRejects

HEADER = ",".join(DOSSIER_COLUMNS)
# The contract's example rows (fictional).
CONTRACT_ROWS = [
    "D-000123,persoon,1234567890,123456782,Ahmed Karim,El Amrani,1990-03-12,Marokkaanse,"
    "Kerkstraat 12,1234AB,Utrecht,+31612345678,,,",
    "R-000045,organisatie,,,,,,,Stationsweg 4,3511AA,Utrecht,,,Bright Minds Consultancy B.V.,"
    "12345678",
]


def write(tmp_path: Path, *lines: str, bom: bool = False, raw: bytes = b"") -> Path:
    path = tmp_path / "register.csv"
    data = ("\n".join(lines) + "\n").encode("utf-8") + raw
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def row(**cells: str) -> str:
    return ",".join(cells.get(column, "") for column in DOSSIER_COLUMNS)


def test_contract_example_parses(tmp_path: Path) -> None:
    person, organisation = read_register_csv(write(tmp_path, HEADER, *CONTRACT_ROWS))
    assert person.dossier_id == "D-000123"
    assert (person.v_nummer, person.bsn, person.postcode) == ("1234567890", "123456782", "1234AB")
    assert person.geboortedatum == date(1990, 3, 12)
    assert (person.telefoon, person.email, person.naam, person.kvk) == (
        "+31612345678",
        None,
        None,
        None,
    )
    assert (organisation.soort, organisation.naam, organisation.kvk) == (
        "organisatie",
        "Bright Minds Consultancy B.V.",
        "12345678",
    )


def test_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    records = list(read_register_csv(write(tmp_path, HEADER, *CONTRACT_ROWS, bom=True)))
    assert [r.dossier_id for r in records] == ["D-000123", "R-000045"]


def test_identifiers_are_normalised(tmp_path: Path) -> None:
    line = row(
        dossier_id=" D-1 ",
        soort="persoon",
        v_nummer="12 345 678 90",
        bsn="1234.56.782",
        postcode="1234 ab",
        telefoon="06-12345678",
        email="A.Sahin@Voorbeeld.NL",
        geboortedatum="12-03-1990",
        kvk="1234 5678",
    )
    [record] = read_register_csv(write(tmp_path, HEADER, line))
    assert record.dossier_id == "D-1"
    assert (record.v_nummer, record.bsn, record.kvk) == ("1234567890", "123456782", "12345678")
    assert (record.postcode, record.telefoon) == ("1234AB", "+31612345678")
    assert (record.email, record.geboortedatum) == ("a.sahin@voorbeeld.nl", date(1990, 3, 12))


def test_columns_in_another_order_are_read_by_name(tmp_path: Path) -> None:
    columns = list(reversed(DOSSIER_COLUMNS))
    cells = {"dossier_id": "D-2", "soort": "persoon", "achternaam": "Jansen"}
    path = write(tmp_path, ",".join(columns), ",".join(cells.get(c, "") for c in columns))
    [record] = read_register_csv(path)
    assert (record.dossier_id, record.achternaam) == ("D-2", "Jansen")


def test_missing_column_in_header_is_an_error_on_line_1(tmp_path: Path) -> None:
    header = HEADER.replace(",kvk", "")
    with pytest.raises(RegisterError, match=r"^line 1: missing columns kvk"):
        list(read_register_csv(write(tmp_path, header)))


def test_unknown_column_in_header_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match=r"^line 1: unknown columns religie"):
        list(read_register_csv(write(tmp_path, HEADER + ",religie")))


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(RegisterError, match=r"^line 1: empty file"):
        list(read_register_csv(path))


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (row(soort="persoon"), "line 3: dossier_id is empty"),
        (row(dossier_id="D-3"), "line 3: soort must be one of persoon, organisatie"),
        (row(dossier_id="D-3", soort="bedrijf"), "line 3: soort must be one of"),
        (row(dossier_id="D-3", soort="persoon", bsn="123456789"), "line 3: bsn '123456789'"),
        (row(dossier_id="D-3", soort="persoon", v_nummer="12345"), "line 3: v_nummer '12345'"),
        (row(dossier_id="D-3", soort="organisatie", kvk="1234567"), "line 3: kvk"),
        (row(dossier_id="D-3", soort="persoon", postcode="0123AB"), "line 3: postcode"),
        (row(dossier_id="D-3", soort="persoon", email="geen-adres"), "line 3: email"),
        (row(dossier_id="D-3", soort="persoon", telefoon="bel me"), "line 3: telefoon"),
        (row(dossier_id="D-3", soort="persoon", geboortedatum="1990/03/12"), "geboortedatum"),
        ("D-3,persoon,,", "line 3: expected 15 fields, found 4"),
    ],
)
def test_bad_row_is_reported_with_its_line_number(
    tmp_path: Path, bad_row: str, message: str
) -> None:
    with pytest.raises(RegisterError, match=message):
        list(read_register_csv(write(tmp_path, HEADER, CONTRACT_ROWS[0], bad_row)))


def test_rows_before_a_bad_row_are_yielded_first(tmp_path: Path) -> None:
    records = read_register_csv(write(tmp_path, HEADER, CONTRACT_ROWS[0], row(soort="persoon")))
    assert next(records).dossier_id == "D-000123"
    with pytest.raises(RegisterError, match="line 3"):
        next(records)


def test_line_numbers_count_physical_lines_of_quoted_multiline_cells(tmp_path: Path) -> None:
    multiline = row(dossier_id="D-4", soort="persoon", adres='"Kerkstraat 12\nachterhuis"')
    path = write(tmp_path, HEADER, multiline, "", row(dossier_id="D-5", soort="x"))
    records = read_register_csv(path)
    assert next(records).adres == "Kerkstraat 12\nachterhuis"
    with pytest.raises(RegisterError, match=r"^line 5: soort"):
        next(records)


def test_invalid_utf8_is_reported_on_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, CONTRACT_ROWS[0], raw=b"D-6,persoon,,,,M\xfcller" + b"," * 9)
    with pytest.raises(RegisterError, match=r"^line 3: not UTF-8"):
        list(read_register_csv(path))


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    records = list(read_register_csv(write(tmp_path, HEADER, "", CONTRACT_ROWS[0], "", "")))
    assert [r.dossier_id for r in records] == ["D-000123"]


def test_register_read_from_csv_links_a_signal(tmp_path: Path, make_index, entity) -> None:
    index = make_index(*read_register_csv(write(tmp_path, HEADER, *CONTRACT_ROWS)))
    text = "Betreft: dhr. A. El Amrani, geboren 12-03-1990, werkt bij Bright Minds Consultancy BV"
    entities = [entity(text, "GEBOORTEDATUM", "12-03-1990", "1990-03-12")]
    links = propose_links(text, entities, index)
    assert [x.dossier_id for x in links] == ["D-000123", "R-000045"]
    assert links[0].score > links[1].score >= 0.5


def lenient_read(path: Path, max_rejects: int | None = None) -> tuple[list, list, RejectReport]:
    """Read leniently as an import does: (records loaded, reject report rows, report)."""
    report = path.with_name("rejects.csv")
    records = []
    with RejectReport(report, max_rejects=max_rejects) as rejects:
        for register_row in RegisterFile(path, rejects).rows():
            with contextlib.suppress(RegisterError):
                records.append(register_row.record())
    if not report.exists():
        return records, [], rejects
    with open(report, newline="", encoding="utf-8") as handle:
        return records, list(csv.DictReader(handle)), rejects


def test_an_invalid_cell_is_reported_with_its_line_and_left_empty(tmp_path: Path) -> None:
    dirty = row(dossier_id="D-3", soort="persoon", achternaam="Bos", postcode="0123AB", bsn="1")
    records, report, rejects = lenient_read(write(tmp_path, HEADER, CONTRACT_ROWS[0], dirty))
    assert [r.dossier_id for r in records] == ["D-000123", "D-3"]
    assert (records[1].achternaam, records[1].postcode, records[1].bsn) == ("Bos", None, None)
    assert [(r["line"], r["dossier_id"], r["column"], r["value"], r["action"]) for r in report] == [
        ("3", "D-3", "bsn", "1", "cell left empty"),
        ("3", "D-3", "postcode", "0123AB", "cell left empty"),
    ]
    assert "not a Dutch postcode" in report[1]["problem"]
    assert (rejects.rows_rejected, rejects.rows_partial) == (0, 1)


@pytest.mark.parametrize(
    ("bad_row", "column", "problem"),
    [
        (row(soort="persoon", postcode="0123AB"), "dossier_id", "dossier_id is empty"),
        (row(dossier_id="D-3", soort="bedrijf"), "soort", "soort must be one of"),
        (row(dossier_id="D-3" * 30, soort="persoon"), "dossier_id", "longer than 64"),
        ("D-3,persoon,,", "", "expected 15 fields, found 4"),
    ],
)
def test_a_row_without_dossier_id_or_soort_is_rejected_whole(
    tmp_path: Path, bad_row: str, column: str, problem: str
) -> None:
    path = write(tmp_path, HEADER, CONTRACT_ROWS[0], bad_row, CONTRACT_ROWS[1])
    records, report, rejects = lenient_read(path)
    assert [r.dossier_id for r in records] == ["D-000123", "R-000045"]
    [reject] = report
    assert (reject["line"], reject["column"], reject["action"]) == ("3", column, "row rejected")
    assert problem in reject["problem"]
    assert (rejects.rows_rejected, rejects.rows_partial) == (1, 0)


def test_bytes_that_are_not_utf8_reject_their_row_and_later_lines_keep_their_numbers(
    tmp_path: Path,
) -> None:
    multiline = row(dossier_id="D-4", soort="persoon", adres='"Kerkstraat 12\nachter\xfchuis"')
    lines = [HEADER, CONTRACT_ROWS[0]]
    data = ("\n".join(lines) + "\n").encode() + multiline.encode("latin-1") + b"\n"
    data += (row(dossier_id="D-5", soort="persoon", postcode="x") + "\n").encode()
    path = tmp_path / "register.csv"
    path.write_bytes(data)
    records, report, _ = lenient_read(path)
    assert [r.dossier_id for r in records] == ["D-000123", "D-5"]
    assert [(r["line"], r["dossier_id"], r["action"]) for r in report] == [
        ("4", "D-4", "row rejected"),  # the second physical line of the row holds the byte
        ("5", "D-5", "cell left empty"),
    ]
    assert report[0]["problem"].startswith("not UTF-8")


def test_more_rows_with_rejects_than_allowed_stop_the_read(tmp_path: Path) -> None:
    bad = [row(dossier_id=f"D-{i}", soort="persoon", email="nee") for i in range(4)]
    path = write(tmp_path, HEADER, *bad)
    lenient_read(path, max_rejects=4)  # four is allowed
    with pytest.raises(TooManyRejects, match=r"^line 5: more than 3 rows"):
        lenient_read(path, max_rejects=3)


def test_strict_reading_still_raises_on_the_first_invalid_cell(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, row(dossier_id="D-3", soort="persoon", postcode="0123AB"))
    with pytest.raises(RegisterError, match=r"^line 2: postcode '0123AB'"):
        list(RegisterFile(path).records())


def test_a_clean_register_writes_no_reject_report(tmp_path: Path) -> None:
    records, report, rejects = lenient_read(write(tmp_path, HEADER, *CONTRACT_ROWS))
    assert (len(records), report, rejects.rows) == (2, [], 0)
    assert not (tmp_path / "rejects.csv").exists()
