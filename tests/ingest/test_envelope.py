"""ingest.envelope: what is known of a mail before it is stored, and whether it can be."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ingest.envelope import read_envelope, unreadable_reason

MAIL = (
    b"Received: from mx by ikp; Tue, 03 Nov 2026 10:15:00 +0100\r\n"
    b"From: Melder <melder@example.org>\r\n"
    b"Subject: Signaal\r\n"
    b"Message-ID: <envelope-1@example.org>\r\n"
    b"Date: Mon, 02 Nov 2026 09:00:00 +0100\r\n"
    b"\r\n"
    b"Tekst.\r\n"
)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "empty message"),
        (b"", "empty message"),
        (b"\r\n\r\n", "empty message"),
        (b"losse tekst zonder kopregels\r\n", "not a mail: no header lines"),
    ],
)
def test_mails_without_content_or_headers_are_unreadable(raw, reason):
    assert unreadable_reason(raw) == reason


def test_a_normal_mail_is_readable():
    assert unreadable_reason(MAIL) is None


def test_envelope_takes_the_newest_received_header_as_the_moment_of_receipt():
    envelope = read_envelope(MAIL)
    assert envelope.message_id == "envelope-1@example.org"
    assert envelope.received == datetime(2026, 11, 3, 9, 15, tzinfo=UTC)
    assert envelope.subject == "Signaal"
