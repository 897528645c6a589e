"""ingest.envelope: what is known of a mail before it is stored, and whether it can be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ingest.envelope import MAX_HEADER_BLOCK, header_block, read_envelope, unreadable_reason
from ingest.mail import MAX_KEPT_VALUE
from tests.factories.mail import (
    HOSTILE_HEADERS,
    HOSTILE_MAILS,
    many_headers_mail,
    oversized_subject_mail,
)

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


@pytest.mark.parametrize("name", sorted(HOSTILE_HEADERS))
def test_hostile_header_values_are_read_within_limits(name):
    envelope = read_envelope(HOSTILE_HEADERS[name]())
    assert envelope.message_id.startswith("hostile-")
    assert envelope.received == datetime(2026, 11, 3, 9, 15, tzinfo=UTC)
    assert len(envelope.subject or "") <= MAX_KEPT_VALUE
    assert len(envelope.sender or "") <= MAX_KEPT_VALUE
    assert unreadable_reason(HOSTILE_HEADERS[name]()) is None


def test_an_oversized_subject_keeps_its_start():
    envelope = read_envelope(oversized_subject_mail())
    assert envelope.subject.startswith("Melding over een adres")
    assert len(envelope.subject) == MAX_KEPT_VALUE


def test_headers_past_the_header_block_limit_are_not_read_at_intake():
    raw = many_headers_mail()
    assert raw.index(b"From:") > MAX_HEADER_BLOCK
    assert len(header_block(raw)) == MAX_HEADER_BLOCK
    assert read_envelope(raw).sender is None


def test_the_header_block_ends_at_the_blank_line():
    assert header_block(MAIL).endswith(b"+0100") and b"Tekst" not in header_block(MAIL)
    assert header_block(b"Subject: x\n\nbody") == b"Subject: x"


_UNDER_1_GB = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
from ingest.envelope import read_envelope
from tests.factories.mail import HOSTILE_MAILS
for name, make in HOSTILE_MAILS.items():
    raw = make()
    envelope = read_envelope(raw)
    print(json.dumps([name, len(raw), len(envelope.subject or "")]))
"""


def test_every_hostile_mail_is_read_in_under_1_gb_of_address_space():
    # A child process with RLIMIT_AS: the 1.25 MB Subject once needed 3 GB here.
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _UNDER_1_GB], capture_output=True, text=True, env=env, cwd=root
    )
    assert done.returncode == 0, done.stderr[-2000:]
    read = [json.loads(line)[0] for line in done.stdout.splitlines()]
    assert read == list(HOSTILE_MAILS)
