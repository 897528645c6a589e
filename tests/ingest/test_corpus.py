"""Every real mail and PDF of the shared corpora: a Document or a readable ExtractionError.

Runs through the sandbox as the daemon does, 20 s per file, OCR off (the OCR
tests cover scans; 22 scanned PDFs would add minutes). Two files at a time.
"""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ingest import ExtractionError
from ingest.sandbox import extract_bytes_isolated

TIMEOUT_S = 15  # the slowest corpus PDFs take 6-16 s; a few time out, as they should


def _files(root: Path) -> list[Path]:
    skip = {"SOURCES.md", "manifest.tsv"}
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in skip)


def _run(path: Path) -> tuple[Path, str, object]:
    source = "email" if "emails" in path.parts else "file"
    try:
        document = extract_bytes_isolated(
            path.read_bytes(), path.name, source=source, timeout_s=TIMEOUT_S, ocr=False
        )
    except ExtractionError as exc:
        return path, "error", str(exc)
    return path, "ok", document


@pytest.mark.slow
def test_every_corpus_mail_and_pdf_gives_a_document_or_a_readable_reason(corpora):
    files = _files(corpora / "emails") + _files(corpora / "pdfs")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_run, files))
    elapsed = time.monotonic() - started

    reasons = Counter(str(value)[:60] for _, status, value in results if status == "error")
    ok = Counter(
        path.relative_to(corpora).parts[0] for path, status, _ in results if status == "ok"
    )
    print(f"\n{len(files)} files in {elapsed:.0f} s; ok: {dict(ok)}")
    for reason, count in reasons.most_common():
        print(f"  {count:3d}  {reason}")
    for path, status, value in results:
        if status == "error" and str(value).startswith("timed out"):
            print(f"  timed out: {path.relative_to(corpora)}")

    assert all(str(value).strip() for _, status, value in results if status == "error")
    internal = [(p.name, v) for p, s, v in results if s == "error" and "internal" in str(v)]
    assert not internal, internal
    broken_parts = [
        (path.name, part.origin, part.error)
        for path, status, document in results
        if status == "ok"
        for part in document.parts
        if part.error and part.error.startswith("internal error")
    ]
    assert not broken_parts, broken_parts
    assert ok["emails"] >= 295  # 302 files; the Outlook .msg has no extractor
    # 92 PDFs read without a time limit; on a loaded machine more of them hit it.
    timed_out = sum(1 for _, s, v in results if s == "error" and str(v).startswith("timed out"))
    assert ok["pdfs"] + timed_out >= 92
    assert reasons["pdf is encrypted with a password"] >= 15
