"""The image extractor: listed for scans, reads them through OCR."""

from __future__ import annotations

import pytest

from ingest.ocr import tesseract_available
from ingest.registry import ExtractContext, extract_member, find_extractor
from tests.ingest import scanfactory as scans


@pytest.mark.parametrize("media_type", ["image/png", "image/jpeg", "image/tiff"])
def test_scanned_image_types_find_the_ocr_extractor(media_type: str) -> None:
    assert find_extractor(media_type).name == "image-ocr"


@pytest.mark.parametrize("name", ["scan.PNG", "foto.jpg", "brief.jpeg", "fax.tif", "fax.TIFF"])
def test_image_file_names_find_the_ocr_extractor(name: str) -> None:
    assert find_extractor("application/octet-stream", name).name == "image-ocr"


def test_image_is_reported_unread_when_ocr_is_switched_off() -> None:
    data = scans.png_bytes(scans.render_page(dpi=100))
    result = extract_member(data, "scan.png", ExtractContext(origin="scan.png", ocr=False))
    assert result.text == ""
    assert "OCR is switched off" in result.parts[0].error


@pytest.mark.ocr
def test_scanned_png_goes_through_the_registry_to_text() -> None:
    assert tesseract_available(), "apt-get install tesseract-ocr tesseract-ocr-nld"
    data = scans.png_bytes(scans.render_page(scans.SECOND_PAGE_LINES))
    result = extract_member(data, "scan.png", ExtractContext(origin="attachment:scan.png"))
    own, page = result.parts
    assert own.media_type == "image/png" and own.error is None
    assert own.ocr_confidence is not None and own.ocr_confidence > 0.8
    assert page.origin == "attachment:scan.png#page=1"
    assert "AB-123-C" in result.text
