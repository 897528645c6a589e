import io
import zipfile

import pytest

from ingest import ExtractionError, extract_bytes
from ingest.archive import MAX_MEMBERS


def test_each_member_is_extracted_with_its_origin(zip_of, text_pdf, mail):
    data = zip_of(
        {
            "brief.pdf": text_pdf([["Brief in het archief"]]),
            "map/notitie.txt": b"Notitie: zie Lindelaan 17",
            "bericht.eml": bytes(mail(subject="Uit het archief", body="Mail in zip.")),
        }
    )
    document = extract_bytes(data, "bijlagen.zip")
    assert [p.origin for p in document.parts] == [
        "attachment:brief.pdf",
        "attachment:map/notitie.txt",
        "attachment:bericht.eml",
        "attachment:bericht.eml/body",
    ]
    assert "--- bijlage: map/notitie.txt ---\nNotitie: zie Lindelaan 17" in document.text
    assert "--- bijlage: bericht.eml ---\nVan: Jan de Vries" in document.text


def test_zip_inside_a_mail_gets_nested_origins(zip_of, mail):
    msg = mail(attachments=(("stukken.zip", zip_of({"a.txt": b"tekst a"}), "application/zip"),))
    document = extract_bytes(bytes(msg), "m.eml")
    assert [p.origin for p in document.parts] == [
        "body",
        "attachment:stukken.zip",
        "attachment:stukken.zip/attachment:a.txt",
    ]
    assert document.text.endswith("--- bijlage: stukken.zip/a.txt ---\ntekst a")


def test_highly_compressed_member_is_refused_as_a_zip_bomb(zip_of):
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract_bytes(zip_of({"nullen.txt": b"\x00" * (20 * 1024 * 1024)}), "bom.zip")


def test_too_many_members_are_refused(zip_of):
    data = zip_of({f"f{i}.txt": b"x" for i in range(MAX_MEMBERS + 1)})
    with pytest.raises(ExtractionError, match=f"the limit is {MAX_MEMBERS}"):
        extract_bytes(data, "veel.zip")


def test_member_whose_header_lies_about_its_size_is_cut_off():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("groot.txt", b"a" * 5000)
    data = bytearray(buffer.getvalue())
    # Shrink the size claimed in the central directory; the real data stays 5000 bytes.
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    document = extract_bytes(bytes(data), "gelogen.zip")
    assert document.parts[0].error  # refused or reported, never silently 5000 bytes
    assert "a" * 100 not in document.text


def test_nesting_beyond_the_depth_limit_is_refused_but_reported(zip_of):
    data = zip_of({"kern.txt": b"diepste tekst"})
    for level in range(8):
        data = zip_of({f"laag{level}.zip": data})
    document = extract_bytes(data, "diep.zip")
    assert "diepste tekst" not in document.text
    assert any(p.error and "deep" in p.error for p in document.parts)


def test_damaged_zip_raises_a_readable_reason():
    with pytest.raises(ExtractionError, match="zip is damaged"):
        extract_bytes(b"PK\x03\x04" + b"\x00" * 40, "kapot.zip")
