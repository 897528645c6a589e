"""What must be known about a mail before it is stored: read from its headers only.

Storing must be fast and must not fail on a broken body, so the full extraction
happens later, in a worker; here only the header block is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.parser import BytesHeaderParser

from ingest.mail import header, message_id, received_at
from ingest.mailpolicy import POLICY


@dataclass(frozen=True)
class Envelope:
    message_id: str | None
    received: datetime | None  # newest Received: header, else Date:
    subject: str | None
    sender: str | None


def read_envelope(raw: bytes) -> Envelope:
    msg = BytesHeaderParser(policy=POLICY).parsebytes(raw)
    return Envelope(
        message_id=message_id(msg),
        received=received_at(msg),
        subject=header(msg, "Subject"),
        sender=header(msg, "From"),
    )


def unreadable_reason(raw: bytes | None) -> str | None:
    """Why a fetched mail cannot be stored as an item at all, or None when it can."""
    if raw is None or not raw.strip():
        return "empty message"
    try:
        headers = BytesHeaderParser(policy=POLICY).parsebytes(raw)
    except Exception as exc:  # the parser is lenient; anything raised means garbage
        return f"unparsable message: {exc.__class__.__name__}"
    if not headers.keys():
        return "not a mail: no header lines"
    return None
