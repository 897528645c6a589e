"""`ikp analyse --json` on the real mails and PDFs of ../shared/corpora/, chosen through
their manifest.tsv: every mail but one, and the Dutch government PDFs with the smaller
pdfplumber and pypdf samples (text layers, a scan, damaged files that still open, stubs
and a password: those must give an error line, and the rest go on)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.acceptance.textcheck import OFFICE_MARKUP, markup_in

pytestmark = pytest.mark.slow

# large_text.eml (1.1 MB of text, ~40 s of CPU) has its own acceptance test through the
# installed ikp in tests/nlp/test_long_text.py; left out here to keep this run short.
MAILS_LEFT_OUT = {"large_text.eml"}
# Its text/plain body is an ADF lead, which is XML: that text is the mail's own.
BODY_IS_XML = {"new_line_in_to_header.eml"}

PDF_GROUPS = ("dutch-gov-plooi", "pdfplumber", "pypdf-sample-files")
PDFPLUMBER_MAX_BYTES = 400_000  # its six larger US reports add minutes and nothing new
# pdfs/SOURCES.md: stubs and non-PDFs with a .pdf name, and a password we do not know.
NOT_READABLE = {
    "IAmWrongPDF.pdf": "not a pdf",
    "beslisnota-s-bij-amvb-studiesucces-mbo.pdf": "not a pdf",
    "test_broken.pdf": "not a pdf",
    "empty.pdf": "not a pdf",
    "password-example.pdf": "encrypted with a password",
}
SCANS = {"blg-1007826.pdf"}  # image-only annex of a Dutch government publication: OCR
NO_WORDS = {"issue-297-example.pdf", "cmyk-image.pdf"}  # an empty page; a photo


def manifest(corpus: Path) -> list[dict[str, str]]:
    """The rows of a corpus' manifest.tsv (group, file, source_path, sha256_12, bytes)."""
    with (corpus / "manifest.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _chosen_pdf(row: dict[str, str]) -> bool:
    if row["group"] == "pdfplumber":
        return int(row["bytes"]) < PDFPLUMBER_MAX_BYTES
    return row["group"] in PDF_GROUPS


@pytest.fixture(scope="module")
def mails(shared_dir, ikp_analyse):
    corpus = shared_dir / "corpora" / "emails"
    rows = [row for row in manifest(corpus) if row["file"] not in MAILS_LEFT_OUT]
    files = [corpus / row["group"] / row["file"] for row in rows]
    assert len(files) >= 290
    return ikp_analyse(files)


@pytest.fixture(scope="module")
def pdfs(shared_dir, ikp_analyse):
    corpus = shared_dir / "corpora" / "pdfs"
    files = [corpus / row["group"] / row["file"] for row in manifest(corpus) if _chosen_pdf(row)]
    assert len(files) >= 40
    return ikp_analyse(files)


def test_every_mail_is_analysed_without_an_error(mails):
    code, lines = mails
    assert {str(f): line["error"] for f, line in lines.items() if "error" in line} == {}
    assert code == 0


def test_no_mail_text_is_office_xml(mails):
    _, lines = mails
    found = {
        f.name: markup_in(
            line["text"], OFFICE_MARKUP[1:] if f.name in BODY_IS_XML else OFFICE_MARKUP
        )
        for f, line in lines.items()
    }
    assert {name: markers for name, markers in found.items() if markers} == {}


def test_office_attachments_of_real_mails_are_read_as_text(shared_dir, mails):
    """A .docx, .odt, .pdf and a forwarded mail in one (php-mime-mail-parser issue274)."""
    _, lines = mails
    text = lines[shared_dir / "corpora/emails/php-mime-mail-parser/issue274.eml"]["text"]
    for name in ("docx", "odt", "pdf"):
        section = text.split(f"--- bijlage: Hello from SwiftMailer.{name} ---\n")[1]
        assert section.startswith("Hello"), (name, section[:200])


def test_pdfs_with_a_text_layer_are_read_and_unreadable_ones_say_why(pdfs):
    code, lines = pdfs
    errors = {f.name: line.get("error") for f, line in lines.items()}
    for name, reason in NOT_READABLE.items():
        assert reason in (errors.pop(name) or ""), name
    assert {name: error for name, error in errors.items() if error} == {}
    empty = {f.name for f, line in lines.items() if not line.get("text", "").strip()}
    assert empty - set(NOT_READABLE) == NO_WORDS
    assert {f.name: markup_in(line.get("text", "")) for f, line in lines.items()} == {
        f.name: [] for f in lines
    }
    assert code == 1  # for the unreadable ones


@pytest.mark.ocr
def test_a_scanned_pdf_is_read_by_ocr(pdfs):
    _, lines = pdfs
    for f, line in lines.items():
        if f.name in SCANS:
            assert len(line["text"].split()) > 200, f.name
