import io

import pytest

from ingest import ExtractionError, extract_bytes
from ingest.ocr import tesseract_available
from ingest.pdf import PdfExtractor
from ingest.registry import ExtractContext


def _encrypt(data: bytes, user_password: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")  # test-only dependency: writes encrypted PDFs
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user_password, owner_password="eigenaar", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_text_layer_is_read_page_by_page_with_dutch_characters(text_pdf):
    data = text_pdf([["Geachte heer, mevrouw,", "Zij is naar België gereisd."], ["Pagina twee"]])
    document = extract_bytes(data, "brief.pdf")
    assert document.text == "Geachte heer, mevrouw,\nZij is naar België gereisd.\n\nPagina twee"
    assert document.media_type == "application/pdf"
    assert document.source_ref == "brief.pdf"
    assert document.parts[0].origin == "file"
    assert document.parts[0].error is None


def test_pdf_encrypted_with_an_empty_user_password_is_read(text_pdf):
    data = _encrypt(text_pdf([["Vertrouwelijk: melding over Lindelaan 17"]]), "")
    assert extract_bytes(data, "beveiligd.pdf").text == "Vertrouwelijk: melding over Lindelaan 17"


def test_pdf_with_an_unknown_password_raises_a_clear_reason(text_pdf):
    data = _encrypt(text_pdf([["Geheim"]]), "wachtwoord")
    with pytest.raises(ExtractionError, match=r"^pdf is encrypted with a password$"):
        extract_bytes(data, "geheim.pdf")


def test_pdf_without_a_catalogue_raises_a_readable_reason():
    with pytest.raises(ExtractionError, match=r"pdf is damaged or not a pdf"):
        extract_bytes(b"%PDF-1.4\nniets bruikbaars hier\n%%EOF\n", "kapot.pdf")


def test_pdf_with_a_broken_cross_reference_table_is_still_read(text_pdf):
    data = text_pdf([["Tekst na een kapotte xref"]])
    start = data.rindex(b"xref")
    broken = data[:start] + b"xref\n0 9\nGARBAGE GARBAGE\n" + data[data.index(b"trailer") :]
    assert extract_bytes(broken, "kapot.pdf").text == "Tekst na een kapotte xref"


def test_only_max_pages_are_read_and_the_part_says_so(text_pdf):
    data = text_pdf([["een"], ["twee"], ["drie"]])
    result = PdfExtractor().extract(data, "lang.pdf", ExtractContext(max_pages=2))
    assert result.text == "een\n\ntwee"
    assert result.meta["warning"] == "only the first 2 of 3 pages were read"


def test_scan_without_text_layer_and_ocr_off_raises_the_reason(scan_pdf):
    with pytest.raises(ExtractionError, match=r"no text layer .*OCR is switched off"):
        extract_bytes(scan_pdf(["Geachte heer"]), "scan.pdf", ocr=False)


@pytest.mark.ocr
def test_scanned_pages_are_read_by_ocr_in_their_place(text_pdf, scan_pdf):
    pypdf = pytest.importorskip("pypdf")
    assert tesseract_available(), "tesseract with Dutch data is needed for this test"
    writer = pypdf.PdfWriter()
    writer.append(io.BytesIO(text_pdf([["Eerste pagina met tekstlaag"]])))
    writer.append(io.BytesIO(scan_pdf(["Tweede pagina is een scan", "Lindelaan 17 Westerveld"])))
    writer.append(io.BytesIO(text_pdf([["Derde pagina met tekstlaag"]])))
    out = io.BytesIO()
    writer.write(out)
    document = extract_bytes(out.getvalue(), "gemengd.pdf")
    text = document.text
    assert text.startswith("Eerste pagina met tekstlaag\n\n")
    assert text.endswith("\n\nDerde pagina met tekstlaag")
    assert text.index("Tweede pagina is een scan") < text.index("Lindelaan 17 Westerveld")
    own = document.parts[0]
    assert own.ocr_confidence is not None and own.ocr_confidence > 0.5
    assert [p.origin for p in document.parts[1:]] == ["file#page=2"]
