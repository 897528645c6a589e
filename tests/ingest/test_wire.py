from __future__ import annotations

from datetime import UTC, datetime

from contract.records import Document, Part
from ingest.wire import decode_answer, decode_job, encode_answer, encode_job


def test_a_document_survives_the_wire_unchanged():
    doc = Document(
        source="email",
        source_ref="a@b",
        text="tekst",
        media_type="message/rfc822",
        received=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        headers=(("From", "x@y"),),
        parts=(Part(origin="body", media_type="text/plain", size=5, text="tekst"),),
    )
    assert decode_answer(encode_answer("ok", doc)) == ("ok", doc)


def test_jobs_carry_bytes_and_errors_carry_text():
    job = {"data": b"\x00\xff%PDF", "filename": "x.pdf", "timeout_s": 5}
    assert decode_job(encode_job(job)) == job
    assert decode_answer(encode_answer("error", "timed out after 5 s")) == (
        "error",
        "timed out after 5 s",
    )


def test_the_wire_is_not_pickle():
    assert encode_answer("error", "x").startswith(b"{")
