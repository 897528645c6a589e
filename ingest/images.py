"""Scanned letters as images (PNG, JPEG, multi-page TIFF): text by OCR."""

from __future__ import annotations

from ingest.registry import ExtractContext, Extracted


class ImageExtractor:
    name = "image-ocr"
    media_types = ("image/png", "image/jpeg", "image/tiff")
    extensions = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        if not ctx.ocr:
            return Extracted(text="", meta={"warning": "image not read: OCR is switched off"})
        from ingest.ocr import ocr_image_bytes  # numpy, Pillow, pypdfium2: only for scans

        return ocr_image_bytes(data, ctx)
