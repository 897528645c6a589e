"""Small builders for test data (fictional people only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from contract.records import (
    Analysis,
    Classification,
    Document,
    DossierLink,
    Entity,
    Routing,
    SignalScore,
)
from ikp.related import keys_of
from store import Store
from store.items import Intake, add_item
from store.models import EntityRow, Item
from store.queue import claim_batch, quarantine_claimed, record_failure
from store.related import replace_related_keys

RECEIVED = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def mail_bytes(
    *,
    message_id: str = "<tip-1@gemeente.example>",
    body: str = "Dhr. K. Bakkali woont niet op het adres Kerkstraat 12.",
    received_hops: tuple[str, ...] = ("mx1.example",),
) -> bytes:
    msg = EmailMessage()
    for hop in received_hops:
        msg["Received"] = f"from {hop} by ikp.example; {format_datetime(RECEIVED)}"
    msg["From"] = "handhaving@gemeente.example"
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = "Melding adresfraude"
    msg["Message-ID"] = message_id
    msg["Date"] = format_datetime(RECEIVED)
    msg.set_content(body)
    return bytes(msg)


def mail_intake(raw: bytes, message_id: str | None = "tip-1@gemeente.example") -> Intake:
    return Intake(
        raw=raw,
        source="email",
        source_ref=message_id or "sha256:x",
        message_id=message_id,
        media_type="message/rfc822",
        received=RECEIVED,
        subject="Melding adresfraude",
    )


def analysis(text: str = "Dhr. K. Bakkali, V-nummer 1234567890.") -> Analysis:
    start = text.index("1234567890")
    return Analysis(
        document=Document(
            source="email",
            source_ref="tip-1@gemeente.example",
            text=text,
            media_type="message/rfc822",
        ),
        entities=(Entity("V_NUMMER", "1234567890", "1234567890", start, start + 10),),
        classification=Classification(
            signal_types=(SignalScore("verblijfsfraude", 0.91, ("woont niet",)),),
            uncertain=False,
            model_version="signals-test",
            scores={"verblijfsfraude": 0.91},
        ),
        dossier_links=(DossierLink("D-000123", 0.97, ("V_NUMMER exact",)),),
        routing=Routing(
            "primair_proces", ("hik",), "normaal", date(2026, 11, 30), ("een_dossier",)
        ),
        received=RECEIVED,
    )


def add_item_with_entities(
    store: Store, n: int, received: datetime, status: str, *entities: tuple[str, str]
) -> int:
    """An item `tip-n` in `status` whose entities are (label, value) pairs; returns its id."""
    with store.sessions() as session, session.begin():
        item = Item(
            source="email",
            source_ref=f"tip-{n}",
            content_sha256=f"{n:064d}",
            media_type="message/rfc822",
            received=received,
            status=status,
        )
        item.entities = [
            EntityRow(label=label, text=value, value=value, start=i, end=i + 1)
            for i, (label, value) in enumerate(entities)
        ]
        session.add(item)
        session.flush()
        # The duplicate-signal keys the worker stores with an analysis.
        replace_related_keys(session, {item.id: keys_of(entities)})
        return item.id


def unprocessed_items(store: Store) -> tuple[int, int]:
    """A failed and a quarantined item, brought there by a worker through the real queue."""
    failed = add_item(store.sessions, store.blobs, file_intake(b"Kapotte bijlage.", "a.txt")).id
    quarantined = add_item(store.sessions, store.blobs, file_intake(b"%PDF-1.4 kapot", "b.pdf")).id
    claim_batch(store.sessions, "w1", 2)
    record_failure(store.sessions, failed, "w1", "MemoryError: spaCy", max_attempts=1)
    quarantine_claimed(store.sessions, quarantined, "w1", "pdf is damaged or not a pdf")
    return failed, quarantined


def file_intake(raw: bytes, name: str) -> Intake:
    return Intake(
        raw=raw, source="file", source_ref=name, media_type="text/plain", received=RECEIVED
    )
