"""Outlook .msg: messages built here (and one real one from the shared corpus), read
through the registry: header block, body, attachments, attached messages."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from ingest import extract_bytes
from ingest.doc import DOC
from ingest.msg import MSG, MsgExtractor
from ingest.registry import ExtractContext, ExtractionError, detect_media_type
from tests.ingest.officefactory import Message, doc_bytes, msg_bytes

HEADERS = (
    "From: Jan de Vries <j.devries@voorbeeld.nl>\r\n"
    "To: meldingen@ikp.example\r\n"
    "Subject: =?utf-8?q?Melding_over_Lindelaan_17_=E2=80=93_dringend?=\r\n"
    "Date: Tue, 4 Nov 2025 12:00:00 +0100\r\n"
    "Message-ID: <melding-17@voorbeeld.nl>\r\n"
)
FORWARDED: Message = (
    "Doorgestuurd: bestelbus",
    "De bemiddelaar rijdt in een grijze bestelbus.",
    "From: buurman@voorbeeld.nl\r\nDate: Mon, 3 Nov 2025 09:30:00 +0100\r\n",
    [("kenteken.txt", b"Kenteken AB-123-C")],
)
REPORT: Message = (
    "Melding over Lindelaan 17 – dringend",
    "Geachte heer, mevrouw,\r\nMevrouw Vermeulen-Dekker woont daar niet meer.",
    HEADERS,
    [
        ("notitie.txt", b"V-nummer 1234567890, geboren 12 maart 1990"),
        ("verklaring.doc", doc_bytes("Verklaring: het huwelijk is gesloten voor de papieren.")),
        ("doorgestuurd.msg", FORWARDED),
    ],
)
CORPUS_MSG = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora" / "emails" / "spamscope"
) / "mail_outlook_1"


@pytest.fixture(scope="module")
def report() -> bytes:
    return msg_bytes(REPORT)


def test_outlook_message_gives_header_block_body_and_attachments(report: bytes) -> None:
    doc = extract_bytes(report, "melding.msg", source="scan_folder")
    assert doc.media_type == MSG
    assert doc.subject == "Melding over Lindelaan 17 – dringend"
    assert doc.sender == "Jan de Vries <j.devries@voorbeeld.nl>"
    assert doc.source_ref == "melding-17@voorbeeld.nl"
    assert doc.received is not None and doc.received.isoformat() == "2025-11-04T12:00:00+01:00"
    assert ("To", "meldingen@ikp.example") in doc.headers
    assert doc.text.startswith("Melding over Lindelaan 17 – dringend\n\nGeachte heer, mevrouw,")
    assert "--- bijlage: notitie.txt ---\nV-nummer 1234567890" in doc.text
    assert "--- bijlage: verklaring.doc ---\nVerklaring: het huwelijk" in doc.text


def test_attached_message_is_read_nested_and_its_parts_remember_the_path(report: bytes) -> None:
    doc = extract_bytes(report, "melding.msg")
    by_origin = {p.origin: p for p in doc.parts}
    assert list(by_origin) == [
        "body",
        "attachment:notitie.txt",
        "attachment:verklaring.doc",
        "attachment:doorgestuurd.msg",
        "attachment:doorgestuurd.msg/body",
        "attachment:doorgestuurd.msg/attachment:kenteken.txt",
    ]
    assert by_origin["attachment:verklaring.doc"].media_type == DOC
    assert by_origin["attachment:doorgestuurd.msg"].media_type == MSG
    assert by_origin["attachment:doorgestuurd.msg/attachment:kenteken.txt"].text == (
        "Kenteken AB-123-C"
    )
    # The forwarded message says who sent it when, in the text the NLP stage reads.
    assert (
        "--- bijlage: doorgestuurd.msg ---\nVan: buurman@voorbeeld.nl\n"
        "Datum: Mon, 03 Nov 2025 09:30:00 +0100\nOnderwerp: Doorgestuurd: bestelbus\n\n"
        "De bemiddelaar rijdt in een grijze bestelbus."
    ) in doc.text
    assert "--- bijlage: doorgestuurd.msg/kenteken.txt ---\nKenteken AB-123-C" in doc.text


def test_outlook_message_attached_to_a_mail_is_read(report: bytes) -> None:
    mail = EmailMessage()
    mail["From"] = "ketenpartner@gemeente.example"
    mail["Subject"] = "Doorgestuurde melding"
    mail.set_content("Zie de bijgevoegde melding.")
    mail.add_attachment(report, "application", "octet-stream", filename="melding.msg")
    doc = extract_bytes(mail.as_bytes())
    origins = [p.origin for p in doc.parts]
    assert "attachment:melding.msg/attachment:doorgestuurd.msg/body" in origins
    assert "--- bijlage: melding.msg ---\nVan: Jan de Vries <j.devries@voorbeeld.nl>" in doc.text
    assert "Onderwerp: Melding over Lindelaan 17 – dringend" in doc.text
    assert "--- bijlage: melding.msg/doorgestuurd.msg/kenteken.txt ---" in doc.text


def test_outlook_message_is_recognised_by_its_content(report: bytes) -> None:
    assert detect_media_type(report) == MSG
    assert detect_media_type(report, "scan.pdf") == MSG


def test_plain_mail_saved_as_msg_goes_to_the_mail_extractor() -> None:
    mail = b"From: a@voorbeeld.nl\r\nSubject: Oud formaat\r\n\r\nTekst van de mail.\r\n"
    assert extract_bytes(mail, "oud.msg").media_type == "message/rfc822"
    result = MsgExtractor().extract(mail, "oud.msg", ExtractContext())
    assert result.meta["subject"] == "Oud formaat" and "Tekst van de mail." in result.text


def test_messages_nested_past_the_limit_are_listed_with_the_reason() -> None:
    message: Message = ("Binnenste", "Diep verstopt.", "", [])
    for depth in range(7):
        message = (f"Laag {depth}", "Tekst.", "", [(f"laag{depth}.msg", message)])
    doc = extract_bytes(msg_bytes(message), "diep.msg")
    failed = [p for p in doc.parts if p.error]
    assert len(failed) == 1 and "nested more than 5 containers deep" in (failed[0].error or "")
    assert "Diep verstopt." not in doc.text


def test_damaged_outlook_message_is_refused_with_the_reason(report: bytes) -> None:
    with pytest.raises(ExtractionError, match="Outlook message cannot be read"):
        MsgExtractor().extract(report[:2048], "kapot.msg", ExtractContext())


def test_binary_file_named_msg_is_refused_with_the_reason() -> None:
    with pytest.raises(ExtractionError, match="not an Outlook message"):
        extract_bytes(b"\x00\x01binary junk\x00" * 40, "rommel.msg")


def test_word_document_named_msg_is_read_as_a_word_document() -> None:
    doc = extract_bytes(doc_bytes("Verklaring van de buurman."), "verklaring.msg")
    assert doc.media_type == DOC and doc.text == "Verklaring van de buurman."


def test_real_outlook_message_from_the_corpus() -> None:
    assert CORPUS_MSG.is_file(), f"shared corpus missing: {CORPUS_MSG}"
    doc = extract_bytes(CORPUS_MSG.read_bytes(), "mail_outlook_1", ocr=False)
    assert doc.media_type == MSG
    assert doc.subject == "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz"
    assert doc.source_ref == "20170918100018.6AE0948009C@www.w-vwa.de"
    assert "Sehr geehrte Frau Gaiser-Schönenborn" in doc.text
    skipped = [p.filename for p in doc.parts if p.error and "logo or icon" in p.error]
    assert skipped == ["spacer.gif", "image004.jpg", "image006.jpg", "image008.jpg"]
    assert "attachment:newsletter.png" in [p.origin for p in doc.parts]
