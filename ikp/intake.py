"""Turning an arriving mail or file into a stored, queued item (nothing else)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import PurePath

from ingest.envelope import read_envelope
from ingest.registry import guess_media_type
from store import Store
from store.blobs import sha256_hex
from store.items import Intake, StoredItem, add_item


def is_mail(data: bytes, filename: str | None) -> bool:
    if filename and PurePath(filename).suffix.lower() == ".eml":
        return True
    return guess_media_type(data, filename) == "message/rfc822"


def mail_intake(raw: bytes, *, now: datetime | None = None) -> Intake:
    envelope = read_envelope(raw)
    return Intake(
        raw=raw,
        source="email",
        source_ref=envelope.message_id or f"sha256:{sha256_hex(raw)}",
        message_id=envelope.message_id,
        media_type="message/rfc822",
        received=envelope.received or now or datetime.now(UTC),
        subject=envelope.subject,
        sender=envelope.sender,
    )


def file_intake(
    raw: bytes, filename: str, *, source: str = "file", now: datetime | None = None
) -> Intake:
    return Intake(
        raw=raw,
        source=source,
        source_ref=PurePath(filename).name,
        media_type=guess_media_type(raw, filename),
        received=now or datetime.now(UTC),
    )


def store_arrival(
    store: Store,
    raw: bytes,
    filename: str | None,
    *,
    source: str = "file",
    actor: str = "system",
    received: datetime | None = None,
) -> StoredItem:
    """Store a mail (by content or `.eml` name) or any other file as a queued item, once.
    `received` overrides the receipt time (a letter registered earlier than it is stored)."""
    if is_mail(raw, filename):
        intake = mail_intake(raw)
    else:
        intake = file_intake(raw, filename or "onbekend", source=source)
    if received is not None:
        intake = dataclasses.replace(intake, received=received)
    return add_item(store.sessions, store.blobs, intake, actor=actor)
