import codecs

from ingest import extract_bytes
from ingest.text import codec_for, decode_text


def test_utf8_with_bom_loses_the_bom():
    assert decode_text(codecs.BOM_UTF8 + "één".encode()) == "één"


def test_utf16_with_bom_is_decoded():
    assert decode_text("Zoë woont in Enschede".encode("utf-16")) == "Zoë woont in Enschede"


def test_utf16_without_bom_is_recognised():
    assert decode_text("Zoë woont in Enschede".encode("utf-16-le")) == "Zoë woont in Enschede"


def test_invalid_utf8_falls_back_to_cp1252():
    assert decode_text("€ 250,- per maand aan ‘huur’".encode("cp1252")) == (
        "€ 250,- per maand aan ‘huur’"
    )


def test_declared_charset_is_used_when_python_knows_it():
    assert decode_text("Łódź".encode("iso-8859-2"), "iso-8859-2") == "Łódź"


def test_latin1_label_is_read_as_cp1252_like_browsers_do():
    assert decode_text("€".encode("cp1252"), "iso-8859-1") == "€"


def test_unknown_and_x_prefixed_charsets_are_resolved_or_ignored():
    assert codec_for("x-mac-cyrillic") == "mac-cyrillic"
    assert codec_for("unknown-8bit") is None
    assert codec_for("no-such-charset") is None
    assert decode_text("plain utf-8 é".encode(), "no-such-charset") == "plain utf-8 é"


def test_text_file_becomes_a_document_named_after_the_file():
    data = b"Melding\r\n\r\n\r\n\r\nGeen adres bekend.  \r\n"
    document = extract_bytes(data, "melding.txt")
    assert document.text == "Melding\n\nGeen adres bekend."
    assert document.source_ref == "melding.txt"
    assert document.media_type == "text/plain"
    assert [(p.origin, p.size) for p in document.parts] == [("file", len(data))]
