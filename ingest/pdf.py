"""PDF: the text layer via pdfplumber, pdfium when pdfminer cannot parse the file,
OCR (ingest.ocr) for pages that hold only an image.

pdfium repairs broken cross-reference tables that pdfminer gives up on (it read
10 of the 48 damaged corpus PDFs that pdfplumber refused). Both can be slow or
crash on hostile files: run untrusted PDFs through `ingest.sandbox`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from contract.records import Part
from ingest.cleanup import clean_text
from ingest.registry import ExtractContext, Extracted, ExtractionError

ENCRYPTED = "pdf is encrypted with a password"
_CID = re.compile(r"\(cid:\d+\)")
_PAGE_SUFFIX = re.compile(r"#page=(\d+)$")


@dataclass(frozen=True)
class _Pages:
    texts: list[str]
    images: list[bool]  # per page: does it hold an image (a scan)?
    total: int  # pages in the file, read or not


def _reason(exc: BaseException) -> str:
    """A readable reason from what pdfminer raised (pdfplumber wraps most of it)."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    detail = str(inner)[:200]
    if isinstance(inner, PDFPasswordIncorrect):
        return ENCRYPTED
    if isinstance(inner, PDFEncryptionError):
        return f"pdf uses an encryption that cannot be read ({detail[:60]})"
    if isinstance(inner, PDFSyntaxError) and "/Root" in detail:
        return "pdf is damaged or not a pdf: no document catalogue (/Root) found"
    if isinstance(inner, PSException | PDFSyntaxError):
        return f"pdf is damaged: {detail or type(inner).__name__}"
    return f"pdf cannot be read: {type(inner).__name__}: {detail}".rstrip(": ")


def _with_pdfplumber(data: bytes, max_pages: int) -> _Pages:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            total = len(pdf.pages)
            texts, images = [], []
            for page in pdf.pages[:max_pages]:
                texts.append(page.extract_text() or "")
                images.append(bool(page.images))
                page.close()  # drops the page's layout cache; long PDFs stay small
    except MemoryError:
        raise
    except Exception as exc:  # pdfplumber lets TypeError, ValueError, ... through unwrapped
        raise ExtractionError(_reason(exc)) from exc
    return _Pages(texts, images, total)


def _with_pdfium(data: bytes, max_pages: int) -> _Pages:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(data)
    try:
        texts, images = [], []
        for index in range(min(len(document), max_pages)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            images.append(any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])))
            textpage.close()
            page.close()
        return _Pages(texts, images, len(document))
    finally:
        document.close()


def read_pages(data: bytes, max_pages: int) -> _Pages:
    """Text of each page; pdfium when pdfminer fails, pdfminer's reason when both do."""
    try:
        pages = _with_pdfplumber(data, max_pages)
    except ExtractionError as first:
        try:
            return _with_pdfium(data, max_pages)
        except MemoryError:
            raise
        except Exception as second:  # PdfiumError; keep pdfminer's (more specific) reason
            if "password" in str(second).lower():
                raise ExtractionError(ENCRYPTED) from first
            raise first from second
    if pages.total and any(map(_has_text, pages.texts)):
        return pages
    # pdfminer found no pages or no text: pdfium reads some page trees and fonts it cannot.
    try:
        other = _with_pdfium(data, max_pages)
    except MemoryError:
        raise
    except Exception:  # PdfiumError; pdfminer's answer stands
        return pages
    better = other.total > pages.total or any(map(_has_text, other.texts))
    return other if better else pages


def _has_text(text: str) -> bool:
    """False for empty pages and for fonts without a Unicode map, which give `(cid:12)`."""
    return len(_CID.sub("", text).strip()) >= 3 or (bool(text.strip()) and "(cid:" not in text)


def _ocr(data: bytes, ctx: ExtractContext, pages: list[int]) -> Extracted:
    """OCR of the given pages (1-based); ExtractionError when it cannot be done."""
    if not ctx.ocr:
        raise ExtractionError("OCR is switched off")
    try:
        from ingest.ocr import ocr_pdf_bytes
    except ImportError as exc:
        raise ExtractionError(f"OCR is not available ({exc})") from exc
    return ocr_pdf_bytes(data, ctx, pages=pages)


def _merge_ocr(texts: list[str], scanned: list[int], ocr: Extracted) -> list[str]:
    """Put each OCR'd page's text in its place; unplaceable text goes at the end."""
    merged = list(texts)
    placed = False
    for part in ocr.parts:
        found = _PAGE_SUFFIX.search(part.origin)
        if found and 1 <= int(found.group(1)) <= len(merged) and part.text:
            merged[int(found.group(1)) - 1] = part.text
            placed = True
    if not placed and ocr.text:
        merged.append(ocr.text)
    return merged


class PdfExtractor:
    name = "pdf"
    media_types = ("application/pdf", "application/x-pdf")
    extensions = (".pdf",)

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        pages = read_pages(data, ctx.max_pages)
        texts = [clean_text(t) if _has_text(t) else "" for t in pages.texts]
        scanned = [
            n
            for n, (t, img) in enumerate(zip(texts, pages.images, strict=True), 1)
            if not t and img
        ]
        warnings = []
        if pages.total > len(texts):
            warnings.append(f"only the first {len(texts)} of {pages.total} pages were read")
        meta: dict[str, str] = {"pages": str(pages.total)}
        parts: tuple[Part, ...] = ()
        if scanned:
            try:
                ocr = _ocr(data, ctx, scanned)
            except ExtractionError as exc:
                if not any(texts):
                    raise ExtractionError(f"pdf has no text layer (a scan): {exc}") from exc
                listed = ", ".join(map(str, scanned))
                warnings.append(f"pages {listed} have no text layer and were not read: {exc}")
            else:
                texts = _merge_ocr(texts, scanned, ocr)
                parts = ocr.parts
                meta["ocr_pages"] = str(len(scanned))
                if confidence := ocr.meta.get("ocr_confidence"):
                    meta["ocr_confidence"] = confidence
        text = clean_text("\n\n".join(t for t in texts if t))
        if not text and not warnings:
            warnings.append("pdf contains no text")
        if warnings:
            meta["warning"] = "; ".join(warnings)
        return Extracted(text=text, parts=parts, meta=meta)
