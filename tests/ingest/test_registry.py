import pytest

from ingest import extract_bytes
from ingest.registry import DOCX, PPTX, RFC822, XLSB, XLSX, ExtractionError, detect_media_type


def test_magic_bytes_win_over_a_lying_file_name(text_pdf):
    assert detect_media_type(text_pdf([["x"]]), "foto.jpg") == "application/pdf"


def test_stored_mail_without_eml_extension_is_recognised():
    data = b"Received: from a by b; Tue, 4 Nov 2025 10:15:00 +0100\nFrom: a@b.nl\n\nbody"
    assert detect_media_type(data, "bericht.txt") == RFC822
    assert detect_media_type(data, None) == RFC822


def test_letter_that_merely_starts_with_a_label_stays_text():
    data = b"Betreft: melding\nDatum: 4 november 2025\n\nGeachte heer,"
    assert detect_media_type(data, "brief.txt") == "text/plain"


def test_a_body_declared_text_plain_that_quotes_headers_stays_text():
    data = b"From: iemand@voorbeeld.nl\nTo: ander@voorbeeld.nl\nSubject: fw\n\ntekst"
    assert detect_media_type(data, None, "text/plain") == "text/plain"


def test_docx_is_told_from_a_zip_by_its_content(zip_of):
    assert detect_media_type(zip_of({"word/document.xml": b"<w/>"}), "bijlage.bin") == DOCX
    assert detect_media_type(zip_of({"a.txt": b"x"}), "bijlage.docx") == "application/zip"


def test_declared_type_is_used_when_there_is_no_magic():
    assert detect_media_type(b"<p>hoi</p>", "x", "text/html") == "text/html"
    assert detect_media_type(b"\x01\x02\x03\x00\xff", None) == "application/octet-stream"


@pytest.mark.parametrize(
    ("main_part", "kind"),
    [("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("xl/workbook.bin", XLSB),
     ("ppt/presentation.xml", PPTX)],
)  # fmt: skip
def test_office_open_xml_is_told_from_a_zip_by_its_main_part(zip_of, main_part, kind):
    assert (
        detect_media_type(zip_of({"[Content_Types].xml": b"<Types/>", main_part: b"<x/>"})) == kind
    )


def test_binary_excel_workbook_is_refused_rather_than_read_as_a_zip(zip_of):
    """.xlsb has no reader here; its members are binary records, not text."""
    with pytest.raises(ExtractionError, match="no extractor for " + XLSB):
        extract_bytes(zip_of({"xl/workbook.bin": b"\x83\x01\x00"}), "lijst.xlsb")
