import re
import time

import pytest

from ingest import ExtractionError, extract_bytes
from ingest.sandbox import Job, extract_bytes_isolated, extract_many_isolated


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


def test_a_batch_is_answered_in_order_each_file_with_its_own_outcome(text_pdf):
    slow = text_pdf([["traag"]], repeat_ops=60_000)
    jobs = [
        Job(b"eerste brief", "a.txt"),
        Job(b"%PDF-1.4\nkapot\n%%EOF\n", "kapot.pdf"),
        Job(slow, "traag.pdf"),
        Job(b"\x00\x01\x02\x03" * 100, "raar.bin"),
        Job(b"laatste brief", "b.txt"),
    ]
    # 2 s, not 0.5: under load the quick files' first PDF import alone took 0.5 s
    results = extract_many_isolated(jobs, timeout_s=2)
    assert [type(r).__name__ for r in results] == [
        "Document",
        "ExtractionError",
        "ExtractionError",
        "ExtractionError",
        "Document",
    ]
    assert results[0] == extract_bytes(b"eerste brief", "a.txt")
    assert str(results[1]).startswith("pdf is damaged or not a pdf")
    assert str(results[2]) == "timed out after 2 s"
    assert "no extractor for application/octet-stream" in str(results[3])
    assert results[4].text == "laatste brief"


def test_many_small_mails_in_one_batch_all_come_back(mail):
    data = [bytes(mail(body=f"Melding {n}: Kerkstraat {n} te Zwolle.")) for n in range(40)]
    results = extract_many_isolated([Job(d, source="email") for d in data])
    assert results == [extract_bytes(d, source="email") for d in data]


def test_memory_limit_holds_per_file_inside_a_batch():
    big = "Lindelaan 17\u00a0".encode() * 3_000_000
    results = extract_many_isolated(
        [Job(b"voor", "a.txt"), Job(big, "groot.txt"), Job(b"na", "b.txt")], memory_mb=200
    )
    assert [r.text for r in (results[0], results[2])] == ["voor", "na"]
    assert isinstance(results[1], ExtractionError)
    assert re.search(r"ran out of memory|more than 200 MB", str(results[1]))


def test_office_formats_are_read_in_the_worker_as_in_process():
    """The daemon reads files through the worker, which imports `ingest` alone."""
    from tests.ingest.officefactory import (
        doc_bytes,
        msg_bytes,
        ods_bytes,
        pptx_bytes,
        xls_bytes,
        xlsx_bytes,
    )

    rows = [["Naam", "V-nummer"], ["Karim El Amrani", 1234567890]]
    jobs = [
        Job(msg_bytes(("Melding", "Zie bijlage.", "", [("lijst.xls", xls_bytes({"P": rows}))])),
            "melding.msg"),
        Job(doc_bytes("Zij woont niet op de Lindelaan."), "brief.doc"),
        Job(xlsx_bytes({"P": rows}), "lijst.xlsx"),
        Job(ods_bytes({"P": rows}), "lijst.ods"),
        Job(pptx_bytes([("Casus", ["Karim El Amrani"], rows, "notitie", [])]), "casus.pptx"),
    ]  # fmt: skip
    results = extract_many_isolated(jobs)
    assert results == [extract_bytes(job.data, job.filename) for job in jobs]
    assert all("Karim El Amrani" in doc.text or "Lindelaan" in doc.text for doc in results)


LEARNING = """
import sys
from ingest import extraction_child
from ingest.wire import decode_answer

job = {"data": sys.stdin.buffer.read(), "filename": "casus.pptx",
       "source": "file", "media_type": None, "ocr": False, "timeout_s": 60, "memory_mb": 1024}
before = "pptx" in sys.modules
answers = []
extraction_child.run_jobs([job], answers.append)
status, document = decode_answer(answers[0])
print(before, "pptx" in sys.modules, status, "Karim El Amrani" in document.text)
"""


def test_the_worker_starts_lean_and_imports_what_a_child_needed_once_read():
    """A library a format needs is imported by the worker after a child needed it, not before."""
    import subprocess
    import sys
    from pathlib import Path

    from tests.ingest.officefactory import pptx_bytes

    data = pptx_bytes([("Casus", ["Karim El Amrani"], [], "", [])])
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", LEARNING], input=data, cwd=root, capture_output=True, check=True
    ).stdout
    assert out.split() == [b"False", b"True", b"ok", b"True"]


def test_the_worker_imports_no_module_a_child_names_outside_the_list():
    import json
    import sys

    from ingest.extraction_child import _learn

    _learn(json.dumps(["antigravity", "this"]).encode())
    _learn(b"not json")
    assert "antigravity" not in sys.modules and "this" not in sys.modules


def test_a_long_text_comes_back_cut_to_the_limit_with_its_whole_length():
    from contract.limits import MAX_TEXT_CHARS
    from tests.factories.mail import long_text_mail

    data = long_text_mail(MAX_TEXT_CHARS + 500_000)
    whole = extract_bytes(data, source="email")
    document = extract_bytes_isolated(data, source="email")
    assert document.whole_length == len(whole.text) > MAX_TEXT_CHARS
    assert len(document.text) <= MAX_TEXT_CHARS
    assert whole.text.startswith(document.text.split("\n\n--- tekst hierna niet overgenomen")[0])
    assert sum(len(p.text) for p in document.parts) <= MAX_TEXT_CHARS


def test_the_members_of_a_large_zip_come_back_within_the_limit_together():
    from contract.limits import MAX_TEXT_CHARS
    from tests.factories.mail import nested_zip_mail

    data = nested_zip_mail(outer=1, inner=3, chars=1_000_000)
    whole = extract_bytes(data, source="email")
    document = extract_bytes_isolated(data, source="email")
    assert document.whole_length == len(whole.text) > 3_000_000 > MAX_TEXT_CHARS
    assert len(document.text) <= MAX_TEXT_CHARS
    assert document.parts[:-1] == whole.parts[:-1]  # the body, the zips, two members whole
    assert whole.parts[-1].text.startswith(document.parts[-1].text)
    assert sum(len(p.text) for p in document.parts) == MAX_TEXT_CHARS
