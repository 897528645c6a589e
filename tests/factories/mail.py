"""Fictional mails built in code."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime


def tip_mail(n: int, *, run: str = "t") -> bytes:
    """A small fictional tip; the Message-ID makes each one distinct."""
    msg = EmailMessage()
    msg["From"] = "handhaving@gemeente.example"
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = f"Melding {n}"
    msg["Message-ID"] = f"<tip-{run}-{n}@gemeente.example>"
    msg["Date"] = format_datetime(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    msg.set_content(f"Melding {n}: op Kerkstraat {n} in Zwolle wonen meer mensen dan ingeschreven.")
    return bytes(msg)
