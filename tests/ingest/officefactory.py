"""Outlook messages (.msg) and Word 97 documents (.doc) built in the test run.

Both are OLE compound files, written with extract-msg's OLE writer. The .msg
holds what Outlook stores for a received mail: the message class, subject,
body, transport headers and attachments, an attached message as an embedded
storage ([MS-OXMSG]). The .doc is the smallest Word 97 file catdoc reads: a
file information block and the text in one piece ([MS-DOC]). Everything here
is invented.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence

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
