from ingest import extract_bytes


def _odt(body: str) -> bytes:
    import io
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
    return buffer.getvalue()


def test_odt_paragraphs_headings_spaces_and_spans_are_read():
    body = (
        "<text:h>Melding</text:h>"
        '<text:p>Zij woont <text:span>niet</text:span> meer<text:s text:c="2"/>hier.</text:p>'
        "<text:p>Tel<text:tab/>06-12345678</text:p>"
    )
    document = extract_bytes(_odt(body), "melding.odt")
    assert document.media_type == "application/vnd.oasis.opendocument.text"
    assert document.text == "Melding\nZij woont niet meer  hier.\nTel\t06-12345678"


def test_rtf_is_turned_into_plain_text_with_its_code_page():
    rtf = rb"{\rtf1\ansi\ansicpg1252 {\b Melding}\par Zo\'eb woont in Utrecht.\par}"
    document = extract_bytes(rtf, "brief.rtf")
    assert document.text == "Melding\nZoë woont in Utrecht."
