import time

import pytest

from ingest import ExtractionError, extract_bytes
from ingest.sandbox import extract_bytes_isolated


def test_isolated_extraction_gives_the_same_document_as_in_process(mail, text_pdf):
    msg = mail(attachments=(("brief.pdf", text_pdf([["Brief"]]), "application/pdf"),))
    data = bytes(msg)
    assert extract_bytes_isolated(data, "m.eml", source="email") == extract_bytes(
        data, "m.eml", source="email"
    )


def test_extractor_reason_reaches_the_caller_unchanged():
    with pytest.raises(ExtractionError, match=r"^pdf is damaged or not a pdf"):
        extract_bytes_isolated(b"%PDF-1.4\nkapot\n%%EOF\n", "kapot.pdf")


def test_slow_file_is_stopped_at_the_time_limit_and_the_worker_goes_on(text_pdf):
    slow = text_pdf([["traag"]], repeat_ops=60_000)  # several seconds of pdfminer
    started = time.monotonic()
    with pytest.raises(ExtractionError, match=r"^timed out after 0\.5 s$"):
        extract_bytes_isolated(slow, "traag.pdf", timeout_s=0.5)
    assert time.monotonic() - started < 3
    assert extract_bytes_isolated(b"daarna gewoon door", "na.txt").text == "daarna gewoon door"


def test_file_that_needs_more_memory_than_allowed_runs_out_of_memory():
    big = "Lindelaan 17\u00a0".encode() * 3_000_000  # 42 MB; decoding and cleanup copy it
    with pytest.raises(ExtractionError, match=r"ran out of memory|more than 200 MB"):
        extract_bytes_isolated(big, "groot.txt", memory_mb=200)


def test_unknown_format_is_an_extraction_error_not_a_crash():
    with pytest.raises(ExtractionError, match=r"no extractor for application/octet-stream"):
        extract_bytes_isolated(b"\x00\x01\x02\x03" * 100, "raar.bin")


def test_a_worker_that_died_between_files_is_replaced():
    import ingest.sandbox as sandbox

    extract_bytes_isolated(b"eerste", "a.txt")
    for worker in list(sandbox._idle):
        worker.process.kill()
        worker.process.wait()
    assert extract_bytes_isolated(b"tweede", "b.txt").text == "tweede"
