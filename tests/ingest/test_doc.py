"""Legacy Word (.doc): Word 97 files built here, read through the registry with catdoc."""

from __future__ import annotations

import shutil

import pytest

from ingest import extract_bytes
from ingest.doc import DOC, DocExtractor
from ingest.registry import ExtractContext, ExtractionError, detect_media_type
from tests.ingest.officefactory import doc_bytes, msg_bytes

LETTER = (
    "Geachte heer, mevrouw,\n"
    "Mevrouw Annelies Vermeulen-Dekker woont niet meer op Lindelaan 17, 1234 AB Westerveld.\n"
    "Één keer per week komt er een bestelbus (kenteken AB-123-C); kosten € 50."
)


@pytest.fixture(autouse=True)
def catdoc() -> None:
    assert shutil.which("catdoc"), "apt-get install catdoc"


@pytest.mark.parametrize("unicode", [True, False], ids=["utf-16", "windows-1252"])
def test_word_97_document_is_read_with_dutch_characters(unicode: bool) -> None:
    doc = extract_bytes(doc_bytes(LETTER, unicode=unicode), "melding.doc")
    assert doc.media_type == DOC
    assert doc.text == LETTER
    assert doc.parts[0].filename == "melding.doc" and doc.parts[0].error is None


def test_word_document_is_recognised_by_its_content_without_a_name() -> None:
    data = doc_bytes(LETTER)
    assert detect_media_type(data) == DOC
    assert detect_media_type(data, "scan_0001.bin") == DOC
    assert "Vermeulen-Dekker" in extract_bytes(data).text


def test_outlook_message_named_doc_is_not_taken_for_a_word_document() -> None:
    data = msg_bytes(("Melding", "Tekst", "", ()))
    assert detect_media_type(data, "brief.doc") == "application/vnd.ms-outlook"
    with pytest.raises(ExtractionError, match="without a WordDocument stream"):
        DocExtractor().extract(data, "brief.doc", ExtractContext())


def test_encrypted_word_document_is_refused_with_the_reason() -> None:
    with pytest.raises(ExtractionError, match="encrypted"):
        extract_bytes(doc_bytes(LETTER, encrypted=True), "geheim.doc")


def test_damaged_word_document_is_refused_with_the_reason() -> None:
    data = doc_bytes(LETTER)
    with pytest.raises(ExtractionError, match="damaged Word document"):
        extract_bytes(data[:600], "kapot.doc")


def test_file_named_doc_that_is_no_word_file_is_refused() -> None:
    with pytest.raises(ExtractionError, match="not a Word document"):
        DocExtractor().extract(b"\x00\x01binary junk\x00" * 40, "rommel.doc", ExtractContext())


def test_rtf_and_html_saved_as_doc_are_read_as_what_they_are() -> None:
    rtf = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}} \f0 Mevrouw woont op Lindelaan 17.\par}"
    html = b"<html><body><p>Mevrouw woont op <b>Lindelaan 17</b>.</p></body></html>"
    for data in (rtf, html):
        doc = extract_bytes(data, "brief.doc")
        assert doc.media_type == DOC
        assert doc.text.strip() == "Mevrouw woont op Lindelaan 17."
