"""Office files built in the test run: Outlook messages (.msg), Word 97 (.doc),
spreadsheets (.xlsx, .xls, .ods) and presentations (.pptx).

.msg, .doc and .xls are OLE compound files, written with extract-msg's OLE writer. The .msg
holds what Outlook stores for a received mail: the message class, subject,
body, transport headers and attachments, an attached message as an embedded
storage ([MS-OXMSG]). The .doc is the smallest Word 97 file catdoc reads: a
file information block and the text in one piece ([MS-DOC]); the .xls likewise
the smallest set of BIFF8 records xlrd reads ([MS-XLS]). .xlsx and .pptx are
written by openpyxl and python-pptx, or by hand where a hostile file is needed.
Everything here is invented.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from datetime import datetime

from extract_msg.ole_writer import OleWriter

# An attachment: (file name, its bytes), or (file name, Message) for an attached message.
Message = tuple[str, str, str, Sequence[tuple[str, "bytes | Message"]]]

ATTACH_BY_VALUE, ATTACH_EMBEDDED_MSG = 1, 5


def _properties(header: bytes, longs: Sequence[tuple[int, int]] = ()) -> bytes:
    """A property stream: its header, then 16-byte entries (tag, flags, value)."""
    return header + b"".join(struct.pack("<IIi4x", tag, 6, value) for tag, value in longs)


def _add_message(ole: OleWriter, at: list[str], message: Message, top: bool) -> None:
    subject, body, headers, attachments = message

    def text(prop: str, value: str) -> None:
        ole.addEntry([*at, f"__substg1.0_{prop}001F"], value.encode("utf-16-le"))

    text("001A", "IPM.Note")
    text("0037", subject)
    text("1000", body)
    if headers:
        text("007D", headers)  # PR_TRANSPORT_MESSAGE_HEADERS
    for number, (name, content) in enumerate(attachments):
        store = [*at, f"__attach_version1.0_#{number:08X}"]
        ole.addEntry(store, storage=True)
        if isinstance(content, tuple):
            ole.addEntry([*store, "__substg1.0_3701000D"], storage=True)
            _add_message(ole, [*store, "__substg1.0_3701000D"], content, top=False)
            method = ATTACH_EMBEDDED_MSG
        else:
            ole.addEntry([*store, "__substg1.0_37010102"], content)
            method = ATTACH_BY_VALUE
        ole.addEntry([*store, "__substg1.0_3707001F"], name.encode("utf-16-le"))
        ole.addEntry(
            [*store, "__properties_version1.0"], _properties(bytes(8), [(0x37050003, method)])
        )
    count = len(attachments)
    header = bytes(8) + struct.pack("<IIII", 0, count, 0, count) + (bytes(8) if top else b"")
    ole.addEntry([*at, "__properties_version1.0"], _properties(header))


def msg_bytes(message: Message) -> bytes:
    """An Outlook .msg file of `message` = (subject, body, transport headers, attachments)."""
    ole = OleWriter()
    ole.addEntry(["__nameid_version1.0"], storage=True)
    for stream in ("00020102", "00030102", "00040102"):  # named properties: none
        ole.addEntry(["__nameid_version1.0", f"__substg1.0_{stream}"], b"")
    _add_message(ole, [], message, top=True)
    out = io.BytesIO()
    ole.write(out)
    return out.getvalue()


def doc_bytes(text: str, *, unicode: bool = True, encrypted: bool = False) -> bytes:
    """A Word 97 document holding `text` as one piece, UTF-16 or 8-bit Windows-1252."""
    body = text.replace("\n", "\r") + "\r"
    encoded = body.encode("utf-16-le" if unicode else "cp1252")
    start = 0x800  # the text starts after the FIB, at a round offset
    # FibBase: wIdent, nFib (Word 97), unused, lid (nl-NL), pnNext, flags
    # (fWhichTblStm: 1Table; fExtChar: UTF-16 text; fEncrypted), nFibBack, lKey,
    # envr, flags, reserved, fcMin, fcMac.
    flags = 0x0200 | (0x1000 if unicode else 0) | (0x0100 if encrypted else 0)
    fib = struct.pack("<HHHHHHHIBBHH", 0xA5EC, 0xC1, 0, 0x0413, 0, flags, 0xBF, 0, 0, 0, 0, 0)
    fib += struct.pack("<II", start, start + len(encoded))
    fib += struct.pack("<H", 14) + bytes(28)  # FibRgW97
    longs = [0] * 22
    longs[0], longs[3] = start + len(encoded), len(body)  # cbMac, ccpText
    fib += struct.pack("<H22I", 22, *longs)
    # Piece table: one piece, character positions 0..len at `start`; 8-bit text is
    # marked by bit 30 of the offset, which then counts in half bytes.
    position = start if unicode else (start * 2) | 0x40000000
    pieces = struct.pack("<II", 0, len(body)) + struct.pack("<HIH", 0, position, 0)
    clx = b"\x02" + struct.pack("<I", len(pieces)) + pieces
    pairs = [(0, 0)] * 93
    pairs[33] = (0, len(clx))  # fcClx, lcbClx: where the piece table sits in 1Table
    fib += struct.pack("<H", 93) + b"".join(struct.pack("<II", *p) for p in pairs)
    fib += struct.pack("<H", 0)
    stream = fib + bytes(start - len(fib)) + encoded
    ole = OleWriter()
    # Word pads its streams; below 4096 bytes they would go to the mini stream.
    ole.addEntry("WordDocument", stream + bytes(max(4096 - len(stream), -len(stream) % 512)))
    ole.addEntry("1Table", clx)
    out = io.BytesIO()
    ole.write(out)
    return out.getvalue()


# Spreadsheets and presentations. A cell value: str, int, float, bool, datetime or None.
Sheet = Sequence[Sequence[object]]


def xlsx_bytes(sheets: dict[str, Sheet]) -> bytes:
    """An .xlsx workbook written by openpyxl, one sheet per entry, rows from A1."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_package(sheet_xml: str, *, shared_strings: Sequence[str] = ()) -> bytes:
    """A minimal .xlsx by hand, one sheet of raw <sheetData> markup: for what no writer
    produces (a lying dimension, a cell at XFD1048576)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    strings = "".join(f"<si><t>{s}</t></si>" for s in shared_strings)
    members = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Lijst" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}">{sheet_xml}</worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{strings}</sst>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return out.getvalue()


def _biff(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _biff_cell(row: int, col: int, value: object) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bool):  # BOOLERR
        return _biff(0x0205, struct.pack("<HHHBB", row, col, 0, int(value), 0))
    if isinstance(value, datetime):  # NUMBER with XF 1, a date format
        serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
        return _biff(0x0203, struct.pack("<HHHd", row, col, 1, serial))
    if isinstance(value, int | float):  # NUMBER
        return _biff(0x0203, struct.pack("<HHHd", row, col, 0, float(value)))
    text = str(value).encode("utf-16-le")  # LABEL, a UTF-16 string
    return _biff(0x0204, struct.pack("<HHHHB", row, col, 0, len(text) // 2, 1) + text)


def xls_bytes(sheets: dict[str, Sheet], *, encrypted: bool = False) -> bytes:
    """An Excel 97-2003 (BIFF8) workbook as the smallest set of records xlrd reads:
    BOF, two cell formats (general; a built-in date format), one BOUNDSHEET per
    sheet, EOF; then per sheet BOF, its cells (LABEL, NUMBER, BOOLERR), EOF ([MS-XLS])."""
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0)
    globals_ = _biff(0x0809, bof)
    if encrypted:  # FILEPASS: what Excel writes before everything else when a password is set
        globals_ += _biff(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48))
    globals_ += _biff(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    for format_key in (0, 14):  # XF 0: General; XF 1: built-in date format 14
        globals_ += _biff(0x00E0, struct.pack("<HHHBBBBIiH", 0, format_key, 1, 0, 0, 0, 0, 0, 0, 0))
    streams = []
    for rows in sheets.values():
        body = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0))
        for r, row in enumerate(rows):
            body += b"".join(_biff_cell(r, c, value) for c, value in enumerate(row))
        streams.append(body + _biff(0x000A, b""))
    names = [name.encode("utf-16-le") for name in sheets]
    boundsheets_size = sum(4 + 8 + len(name) for name in names)
    offset = len(globals_) + boundsheets_size + 4  # + the globals' EOF
    for name, stream in zip(names, streams, strict=True):
        globals_ += _biff(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name) // 2, 1) + name)
        offset += len(stream)
    workbook = globals_ + _biff(0x000A, b"") + b"".join(streams)
    ole = OleWriter()
    ole.addEntry("Workbook", workbook + bytes(max(4096 - len(workbook), 0)))
    out = io.BytesIO()
    ole.write(out)
    return out.getvalue()


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: object) -> str:
    """An OpenDocument cell as LibreOffice writes it: the typed value in attributes, the
    text it shows (Dutch formats) in <text:p>."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        kind, shown = f'boolean" office:boolean-value="{str(value).lower()}', str(value).upper()
    elif isinstance(value, datetime):
        kind, shown = f'date" office:date-value="{value.isoformat()}', f"{value:%d-%m-%Y}"
    elif isinstance(value, int | float):
        kind, shown = f'float" office:value="{value}', str(value).replace(".", ",")
    else:
        kind, shown = "string", str(value)
    return (
        f'<table:table-cell office:value-type="{kind}"><text:p>{shown}</text:p></table:table-cell>'
    )


def ods_bytes(sheets: dict[str, Sheet] | None = None, *, tables: str | None = None) -> bytes:
    """An .ods spreadsheet, from rows of values or from raw <table:table> markup."""
    if tables is None:
        tables = "".join(
            f'<table:table table:name="{name}">'
            + "".join(
                "<table:table-row>" + "".join(map(ods_cell, row)) + "</table:table-row>"
                for row in rows
            )
            + "</table:table>"
            for name, rows in (sheets or {}).items()
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content)
    return out.getvalue()


# A slide: (title, body lines, table rows or None, speaker notes or None, grouped texts)
Slide = tuple[str, Sequence[str], "Sheet | None", "str | None", Sequence[str]]


def pptx_bytes(slides: Sequence[Slide]) -> bytes:
    """A .pptx written by python-pptx: per slide a title, a body text box, optionally a
    table, notes and a group of text boxes."""
    from pptx import Presentation
    from pptx.util import Cm

    presentation = Presentation()
    layout = presentation.slide_layouts[5]  # title only
    for title, body, table, notes, grouped in slides:
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = title
        if body:
            box = slide.shapes.add_textbox(Cm(1), Cm(4), Cm(20), Cm(3))
            box.text_frame.text = "\n".join(body)
        if table:
            shape = slide.shapes.add_table(len(table), len(table[0]), Cm(1), Cm(8), Cm(20), Cm(4))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    shape.table.cell(r, c).text = str(value)
        if grouped:
            group = slide.shapes.add_group_shape()
            for number, text in enumerate(grouped):
                box = group.shapes.add_textbox(Cm(1 + 5 * number), Cm(14), Cm(4), Cm(2))
                box.text_frame.text = text
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def encrypted_ooxml_bytes() -> bytes:
    """What Office writes for a .docx/.xlsx/.pptx with a password: an OLE compound file
    holding the encrypted package ([MS-OFFCRYPTO]); the content here is filler."""
    ole = OleWriter()
    ole.addEntry("EncryptionInfo", struct.pack("<HHI", 4, 4, 0x40) + bytes(4092))
    ole.addEntry("EncryptedPackage", bytes(8192))
    out = io.BytesIO()
    ole.write(out)
    return out.getvalue()
