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
