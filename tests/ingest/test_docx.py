import io

import docx
import pytest

from ingest import ExtractionError, extract_bytes


def _docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Stichting Voorbeeld Wonen"
    document.add_paragraph("Melding over Lindelaan 17")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Naam"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Annelies Vermeulen-Dekker"
    table.cell(1, 0).text = "Woonplaats"
    table.cell(1, 1).text = "Westerveld"
    table.cell(1, 2).text = "sinds 2023"
    document.add_paragraph("Zij woont er niet meer.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_paragraphs_and_tables_are_read_in_order_and_the_header_after_them():
    text = extract_bytes(_docx(), "melding.docx").text
    assert text == (
        "Melding over Lindelaan 17\n"
        "Naam\tAnnelies Vermeulen-Dekker\n"
        "Woonplaats\tWesterveld\tsinds 2023\n"
        "Zij woont er niet meer.\n\n"
        "Stichting Voorbeeld Wonen"
    )


def test_docx_is_recognised_without_its_extension():
    assert extract_bytes(_docx(), None).media_type.endswith("wordprocessingml.document")


def test_broken_docx_raises_a_readable_reason(zip_of):
    data = zip_of({"word/document.xml": b"<niet-af", "[Content_Types].xml": b"<x/>"})
    with pytest.raises(ExtractionError, match="docx cannot be read"):
        extract_bytes(data, "kapot.docx")
