"""What must be known about a mail before it is stored: read from its headers only.

Storing must be fast and must not fail on a broken body, so the full extraction
happens later, in a worker's sandbox; here only the header block is parsed. This
runs in the daemon itself on bytes anyone can send, so it reads within fixed
limits: the header block is cut at MAX_HEADER_BLOCK bytes (at a line end), each
value at ingest.mailpolicy.MAX_HEADER_VALUE characters before it is parsed, and
what is kept at MAX_KEPT_VALUE characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.parser import BytesHeaderParser

from ingest.mail import MAX_KEPT_VALUE, header, message_id, received_at
from ingest.mailpolicy import POLICY

MAX_HEADER_BLOCK = 256 * 1024  # bytes; real header blocks stay below 50 KB
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True)
class Envelope:
    message_id: str | None
    received: datetime | None  # newest Received: header, else Date:
    subject: str | None
    sender: str | None


def header_block(raw: bytes) -> bytes:
    """The mail's header block up to its blank line, at most MAX_HEADER_BLOCK bytes long.

    A longer block is cut at the limit, also inside a line (an oversized Subject
    keeps its start); the headers past the cut are not read here (the sandboxed
    extraction reads the whole mail).
    """
    head = raw[: MAX_HEADER_BLOCK + 4]
    if end := _BLANK_LINE.search(head):
        return head[: end.start()]
    return head[:MAX_HEADER_BLOCK]


def _headers(raw: bytes) -> Message:
    return BytesHeaderParser(policy=POLICY).parsebytes(header_block(raw) + b"\r\n\r\n")


def _kept(value: str | None) -> str | None:
    return value[:MAX_KEPT_VALUE] if value else value


def read_envelope(raw: bytes) -> Envelope:
    msg = _headers(raw)
    found = message_id(msg)
    return Envelope(
        message_id=found[:998] if found else None,  # longest line RFC 5322 allows
        received=received_at(msg),
        subject=_kept(header(msg, "Subject")),
        sender=_kept(header(msg, "From")),
    )


def unreadable_reason(raw: bytes | None) -> str | None:
    """Why a fetched mail cannot be stored as an item at all, or None when it can."""
    if raw is None or not raw.strip():
        return "empty message"
    try:
        headers = _headers(raw)
    except Exception as exc:  # the parser is lenient; anything raised means garbage
        return f"unparsable message: {exc.__class__.__name__}"
    if not headers.keys():
        return "not a mail: no header lines"
    return None
