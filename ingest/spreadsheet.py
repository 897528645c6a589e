"""Spreadsheets (.xlsx, .xls, .ods): each sheet under its name, one line per row, cells
separated by tabs.

Chain partners often send lists of persons as spreadsheets. .xlsx is read with
openpyxl in read-only mode (it streams the sheet XML), .xls (Excel 97-2003) with
xlrd. .ods is read with lxml's iterparse over content.xml: odfpy builds the whole
document as Python objects and pandas' reader on top of it expands repeated cells
without a limit.

The size of a sheet is a claim of the file: a sheet may announce A1:XFD1048576 or
repeat one cell a million times. Every reader streams rows and is asked for no more
than MAX_COLUMNS (+1, to notice wider rows) cells of a row; the text stops at
MAX_ROWS rows with content per sheet, MAX_SHEETS sheets and MAX_CELLS filled cells
in all. What was left out is said at the end of the text and in the part's error.
"""

from __future__ import annotations

import contextlib
import io
import math
import warnings
import zipfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import IO

from lxml import etree

from ingest.archive import check_limits, open_zip
from ingest.cleanup import clean_text
from ingest.odf import content_member, paragraph_text
from ingest.registry import (
    OLE_MAGIC,
    XLS,
    XLSX,
    ExtractContext,
    Extracted,
    ExtractionError,
    detect_media_type,
    ole_streams,
    run_extractor,
)

MAX_SHEETS = 100
MAX_ROWS = 10_000  # rows with content, per sheet
MAX_COLUMNS = 256  # Excel 97-2003's own width; wider sheets are data dumps
MAX_CELLS = 250_000  # filled cells in the whole workbook

ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODS_MAX_REPEAT = 1_048_576  # rows in a sheet of LibreOffice Calc

Row = Sequence[object]
Sheets = Iterable[tuple[str, Iterable[Row]]]
SheetReader = Generator[tuple[str, Iterator[Row]], None, None]


def cell_text(value: object) -> str:
    """A cell as a reader sees it: whole numbers without ".0" (a BSN stored as a number
    must stay nine digits), dates in ISO form, text on one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and math.isfinite(value):
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return " ".join(str(value).split())  # line breaks and tabs inside a cell


def render(sheets: Sheets) -> Extracted:
    """The text of all sheets within the limits; a warning says what was left out."""
    lines: list[str] = []
    cut: list[str] = []
    cells_left = MAX_CELLS
    for number, (name, rows) in enumerate(sheets, start=1):
        if number > MAX_SHEETS:
            cut.append(f"only the first {MAX_SHEETS} sheets read")
            break
        lines += ["", f"--- blad: {name} ---"]
        filled_rows, wide = 0, False
        for row in rows:
            if row.count(None) == len(row):  # fast: openpyxl pads the gaps of a sheet
                continue
            if len(row) > MAX_COLUMNS and not wide:
                wide = any(cell_text(value) for value in row[MAX_COLUMNS:])
            cells = [cell_text(value) for value in row[:MAX_COLUMNS]]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if filled_rows == MAX_ROWS:
                cut.append(f"sheet {name!r}: only the first {MAX_ROWS} rows with content read")
                break
            filled = sum(1 for cell in cells if cell)
            if filled > cells_left:
                cells_left = -1
                break
            cells_left -= filled
            filled_rows += 1
            lines.append("\t".join(cells).rstrip())
        if wide:
            cut.append(f"sheet {name!r}: only the first {MAX_COLUMNS} columns read")
        if cells_left < 0:
            cut.append(f"stopped at the limit of {MAX_CELLS} filled cells")
            break
    text = clean_text("\n".join(lines))
    if cut:
        warning = "; ".join(cut)
        return Extracted(f"{text}\n\n[niet alles gelezen: {warning}]", meta={"warning": warning})
    if cells_left == MAX_CELLS:
        return Extracted(text, meta={"warning": "spreadsheet has no filled cells"})
    return Extracted(text)


def _refuse_ole(data: bytes, what: str) -> None:
    """An Office Open XML file with a password is an OLE file holding an EncryptedPackage."""
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage" in ole_streams(data):
            raise ExtractionError(f"{what} is encrypted with a password")
        raise ExtractionError(f"not a {what}: an OLE compound file")


def _xlsx_sheets(data: bytes) -> SheetReader:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no default style", unsupported extensions
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    try:
        for sheet in book.worksheets:
            # The stored dimension is a claim: read the cells that are there. Without
            # max_col a row is as long as its last cell (at most XFD, 16384), so cells
            # past MAX_COLUMNS are seen and reported, not silently dropped.
            sheet.reset_dimensions()
            yield sheet.title, sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _xls_sheets(data: bytes) -> SheetReader:
    import xlrd

    # on_demand: one sheet in memory at a time; ragged_rows: rows are not padded
    # to the widest; logfile: xlrd prints its warnings there.
    book = xlrd.open_workbook(
        file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO()
    )
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            yield sheet.name, _xls_rows(sheet, book.datemode)
            book.unload_sheet(index)
    finally:
        book.release_resources()


def _xls_rows(sheet: object, datemode: int) -> Iterator[Row]:
    import xlrd

    for number in range(sheet.nrows):  # type: ignore[attr-defined]
        types = sheet.row_types(number, 0, MAX_COLUMNS + 1)  # type: ignore[attr-defined]
        values = sheet.row_values(number, 0, MAX_COLUMNS + 1)  # type: ignore[attr-defined]
        row: list[object] = []
        for kind, value in zip(types, values, strict=True):
            if kind == xlrd.XL_CELL_DATE:
                # a number formatted as a date that is none: keep the number
                with contextlib.suppress(ValueError, OverflowError, xlrd.xldate.XLDateError):
                    value = xlrd.xldate_as_datetime(value, datemode)
            elif kind == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            elif kind == xlrd.XL_CELL_ERROR:
                value = xlrd.error_text_from_code.get(value, "#ERROR")
            row.append(value)
        yield row


# OpenDocument tags and attributes
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT_P = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
_TABLE, _ROW = f"{{{_TABLE_NS}}}table", f"{{{_TABLE_NS}}}table-row"
_CELLS = {f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell"}
_COLUMNS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
_ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
_VALUES = tuple(
    f"{{{_OFFICE_NS}}}{name}"
    for name in ("string-value", "date-value", "time-value", "value", "boolean-value")
)


def _repeated(element: etree._Element, attribute: str) -> int:
    """A repeat count, at most ODS_MAX_REPEAT (int() of a huge digit string is slow)."""
    count = element.get(attribute, "1")
    if not (count.isascii() and count.isdigit()):
        return 1
    return max(1, min(int(count[:8]), ODS_MAX_REPEAT)) if len(count) <= 8 else ODS_MAX_REPEAT


def _ods_cell(cell: etree._Element) -> str:
    """The text shown in the cell (its paragraphs), else its stored value."""
    shown = " ".join(paragraph_text(p) for p in cell if p.tag == _TEXT_P)
    if shown.strip():
        return shown
    return next((value for name in _VALUES if (value := cell.get(name))), "")


def _ods_row(row: etree._Element) -> list[str]:
    """Cells of one row, repeated cells expanded up to one past MAX_COLUMNS."""
    cells: list[str] = []
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        room = MAX_COLUMNS + 1 - len(cells)
        cells += [_ods_cell(cell)] * min(_repeated(cell, _COLUMNS_REPEATED), room)
        if len(cells) > MAX_COLUMNS:
            break
    return cells


def _ods_sheets(content: IO[bytes]) -> SheetReader:
    """Sheets of content.xml as they stream past; rows of a sheet the reader gave up
    on are skipped without being expanded."""
    events = etree.iterparse(
        content,
        events=("start", "end"),
        tag=(_TABLE, _ROW),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    depth = 0  # tables inside cells (rare) are not sheets

    def rows() -> Iterator[Row]:
        nonlocal depth
        for event, element in events:
            if element.tag == _TABLE:
                depth += 1 if event == "start" else -1
                if depth == 0:
                    element.clear()
                    return
            elif event == "end" and depth == 1:
                cells, repeat = _ods_row(element), _repeated(element, _ROWS_REPEATED)
                _forget(element)
                if any(cells):  # an empty row repeated a million times is nothing
                    for _ in range(repeat):
                        yield cells

    for event, element in events:
        if element.tag == _TABLE and event == "start" and depth == 0:
            depth = 1
            sheet_rows = rows()
            yield element.get(f"{{{_TABLE_NS}}}name") or "?", sheet_rows
            sheet_rows.close()
            _skip_sheet(events, depth)
            depth = 0
        elif element.tag == _TABLE:
            depth += 1 if event == "start" else -1


def _skip_sheet(events: Iterator[tuple[str, etree._Element]], depth: int) -> None:
    """Parse past the rest of a sheet the reader stopped early on, expanding nothing."""
    if depth == 0:
        return
    for event, element in events:
        if element.tag == _TABLE:
            depth += 1 if event == "start" else -1
            if depth == 0:
                element.clear()
                return
        elif event == "end":
            _forget(element)


def _forget(row: etree._Element) -> None:
    """Drop a row read by iterparse and the rows before it: memory stays one row."""
    row.clear(keep_tail=True)
    parent = row.getparent()
    while parent is not None and row.getprevious() is not None:
        del parent[0]


def _read(what: str, sheets: SheetReader, errors: tuple[type[BaseException], ...]) -> Extracted:
    """`render` with the readers' own exceptions turned into ExtractionError."""
    try:
        return render(sheets)
    except (ExtractionError, MemoryError, RecursionError):
        raise
    except errors as exc:
        raise ExtractionError(f"{what} cannot be read: {type(exc).__name__}: {exc}"[:300]) from exc
    finally:
        sheets.close()  # a reader stopped early closes its file


class XlsxExtractor:
    name = "xlsx"
    media_types = (
        XLSX,
        "application/vnd.ms-excel.sheet.macroenabled.12",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
        "application/vnd.ms-excel.template.macroenabled.12",
    )
    extensions = (".xlsx", ".xlsm", ".xltx", ".xltm")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        _refuse_ole(data, "Excel workbook")
        with open_zip(data) as zf:
            check_limits(zf, max_total=ctx.max_bytes * 4)
        # openpyxl raises KeyError, ValueError, TypeError, zipfile and XML errors
        return _read("Excel workbook", _xlsx_sheets(data), (Exception,))


class XlsExtractor:
    name = "xls"
    media_types = (XLS, "application/x-msexcel", "application/x-excel", "application/excel")
    extensions = (".xls", ".xlt")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        if not data.startswith(OLE_MAGIC):
            # Web applications export HTML tables and CSV under the .xls name.
            kind = detect_media_type(data)
            if kind in ("text/html", "text/plain"):
                return run_extractor(data, filename, ctx, kind)[1]
            raise ExtractionError("not an Excel 97-2003 workbook: no OLE compound file")
        try:
            return _read("Excel 97-2003 workbook", _xls_sheets(data), (Exception,))
        except ExtractionError as exc:
            if "encrypted" in str(exc).lower():
                raise ExtractionError("Excel workbook is encrypted with a password") from exc
            raise


class OdsExtractor:
    name = "ods"
    media_types = (ODS, "application/vnd.oasis.opendocument.spreadsheet-template")
    extensions = (".ods", ".ots")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        with open_zip(data) as zf:
            info = content_member(zf, ctx)
            if info.flag_bits & 0x1:
                raise ExtractionError("spreadsheet is encrypted with a password")
            # zipfile stops at the size check_limits accepted, whatever the data says
            with zf.open(info) as content:
                errors = (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError)
                return _read("OpenDocument spreadsheet", _ods_sheets(content), errors)
