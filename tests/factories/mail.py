"""Fictional mails built in code."""

from __future__ import annotations

import io
import zipfile
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


MELDING = (
    "Geachte heer, mevrouw,",
    "Mevrouw Annelies Vermeulen-Dekker woont niet meer op de Lindelaan 17.",
    "Het huwelijk is gesloten voor de papieren; er is geld betaald aan een bemiddelaar.",
)


def make_mail(
    subject: str = "Melding schijnhuwelijk",
    body: str | None = "\n".join(MELDING),
    *,
    html: str | None = None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    headers: tuple[tuple[str, str], ...] = (),
    message_id: str | None = "<melding-001@voorbeeld.nl>",
) -> EmailMessage:
    """A mail from a fictional citizen; attachments as (filename, data, media type)."""
    msg = EmailMessage()
    for name, value in headers:
        msg[name] = value
    msg["From"] = "Jan de Vries <j.devries@voorbeeld.nl>"
    msg["To"] = "meldpunt@ikp.example"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 04 Nov 2025 10:15:00 +0100"
    if message_id:
        msg["Message-ID"] = message_id
    if body is not None:
        msg.set_content(body)
    if html is not None:
        if body is None:
            msg.set_content(html, subtype="html")
        else:
            msg.add_alternative(html, subtype="html")
    for filename, data, media_type in attachments:
        maintype, subtype = media_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()
