"""OCR of scanned letters: straighten the page, then tesseract with Dutch data.

Tesseract's layout analysis silently drops paragraphs of a page that is a few
degrees skewed (FIELD_NOTES; reproduced in tests/ingest/test_ocr.py), so every
page is deskewed first with a cheap projection profile. After deskewing, page
segmentation mode 3 (automatic layout) reads letters as well as mode 6 and
keeps the columns and pictures of other scans apart, where mode 6 mixes them
(bench/README.md has the measurements).
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from contract.records import Part
from ingest.cleanup import clean_text
from ingest.registry import ExtractContext, Extracted, ExtractionError

PSM = 3  # tesseract page segmentation mode, chosen by measurement (see module docstring)
RENDER_DPI = 300
A4_LONG_SIDE = 11.69  # inches
MAX_SIDE = 5000  # pixels, A3 at 300 dpi; larger pages are scaled down (time, memory)
MAX_SKEW = 5.0  # degrees searched either way
MIN_SKEW = 0.2  # below this rotating costs more than it gains
PAGE_TIMEOUT = 180  # seconds per tesseract call
UNEVEN_BACKGROUND = 40  # grey levels between light and dark paper that call for flattening
BLANK_INK = 40  # dark pixels at ~800 px width; "Ja" in 11 pt leaves 71, "Pagina 2" 233
LOW_CONFIDENCE = 0.5  # below this the page may be upside down or sideways: ask OSD


@dataclass(frozen=True)
class OcrPage:
    number: int
    text: str
    confidence: float  # mean word confidence, 0..1; 0 when no word was read


def tesseract_available() -> bool:
    """True when tesseract and its Dutch data are installed."""
    return _languages() >= {"nld"}


@functools.cache
def _languages() -> frozenset[str]:
    if shutil.which("tesseract") is None:
        return frozenset()
    out = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return frozenset(line.strip() for line in out.stdout.splitlines()[1:])


def _env() -> dict[str, str]:
    # OpenMP threads fight over a small shared machine: one thread per page took
    # 1.2 s instead of 4.4 s wall time in one measurement; workers give parallelism.
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


def skew_angle(small: Image.Image, max_degrees: float = MAX_SKEW) -> float:
    """Degrees to rotate (counter-clockwise, as PIL does) to make text lines level.

    Projection profile on a binarised page (pass a ~800 px wide copy: enough
    for 0.1°, and fast): the angle at which the dark pixels fall into the
    sharpest rows wins; 0.5° steps, then 0.1°.
    """
    pixels = np.asarray(small)
    lo, hi = np.percentile(pixels, (1, 99))
    if hi - lo < 32:  # blank or nearly uniform page
        return 0.0
    ys, xs = np.nonzero(pixels < (lo + hi) / 2)
    if ys.size < 100:
        return 0.0
    xs = xs - pixels.shape[1] / 2

    def sharpness(degrees: float) -> float:
        rows = np.round(ys - xs * np.tan(np.radians(degrees))).astype(np.int64)
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        return float(np.sum(np.diff(profile) ** 2))

    best = max(np.arange(-max_degrees, max_degrees + 1e-9, 0.5), key=sharpness)
    best = max(np.arange(best - 0.4, best + 0.4 + 1e-9, 0.1), key=sharpness)
    return round(float(best), 1)


def paper_brightness(small: Image.Image) -> Image.Image | None:
    """The paper's brightness across the page when it is uneven, else None.

    Curled sheets, a lid left ajar and phone photos darken part of the page;
    tesseract's global threshold then drops that part (character accuracy 0.47
    on a test page shaded by 120 grey levels). Text is removed by a max filter
    on a ~256 px copy, what remains is the paper.
    """
    tiny = small.reduce(max(1, small.width // 256))
    paper = tiny.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(4))
    lo, hi = np.percentile(np.asarray(paper), (5, 95))
    return paper if hi - lo >= UNEVEN_BACKGROUND else None


def divide_out(gray: Image.Image, paper: Image.Image) -> Image.Image:
    light = np.asarray(paper.resize(gray.size, Image.Resampling.BILINEAR), dtype=np.float32)
    flat = np.asarray(gray, dtype=np.float32) * (255.0 / np.maximum(light, 1.0))
    return Image.fromarray(np.clip(flat, 0, 255).astype(np.uint8))


def whiten_paper(page: Image.Image) -> Image.Image:
    """Turn the paper and its grain pure white, leave ink as it is.

    On a page with little ink tesseract's global (Otsu) threshold splits the
    paper's grain instead of ink from paper: a noisy page holding one line
    came back empty, a page saying "Pagina 2" as 200 lines of garbage. Grey
    levels lighter than the paper's median minus five times its noise (median
    absolute deviation) become white; measured: no loss on dense pages.
    """
    sample = np.asarray(page)[::5, ::5]
    paper = float(np.median(sample))
    grain = 1.4826 * float(np.median(np.abs(sample - paper)))
    cut = round(paper - max(5 * grain, 8))
    return page.point([v if v < cut else 255 for v in range(256)])


def is_blank(small: Image.Image) -> bool:
    """No ink: fewer dark pixels on the ~800 px copy than one short word leaves."""
    pixels = np.asarray(small)
    return int(np.count_nonzero(pixels < np.median(pixels) - 80)) < BLANK_INK


def straighten(page: Image.Image) -> Image.Image | None:
    """Even out the background when needed, whiten the paper, deskew; None if blank.

    Cheap on straight clean pages; blank pages (backs of duplex scans) skip
    tesseract, whose model alone takes ~0.8 s CPU to load.
    """
    small = page.reduce(max(1, round(page.width / 800)))
    if np.median(np.asarray(small)) < 100:  # light text on a dark page (corpus: bad DeviceN)
        page, small = ImageOps.invert(page), ImageOps.invert(small)
    paper = paper_brightness(small)
    if paper is not None:
        page, small = divide_out(page, paper), divide_out(small, paper)
    if is_blank(small):
        return None
    page = whiten_paper(page)
    angle = skew_angle(small)
    if abs(angle) < MIN_SKEW:
        return page
    # Bilinear: as accurate as bicubic here (0.998 on skew.pdf) at half the time.
    return page.rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=255)


def _grayscale(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image.convert("RGBA"))
    return image if image.mode == "L" else image.convert("L")


def _normalise_resolution(image: Image.Image, dpi: tuple[float, float]) -> tuple[Image.Image, int]:
    """Square pixels (faxes are 204x196 dpi), at most 300 dpi and MAX_SIDE pixels.

    Phone photos and screenshots say 72 dpi or nothing: then the page is taken
    to be A4 and its resolution follows from its long side.
    """
    x_dpi, y_dpi = (float(d) for d in dpi)
    if min(x_dpi, y_dpi) < 100:
        x_dpi = y_dpi = max(image.size) / A4_LONG_SIDE
    if abs(x_dpi - y_dpi) > 1:
        image = image.resize((image.width, round(image.height * x_dpi / y_dpi)))
    scale = min(1.0, RENDER_DPI / x_dpi, MAX_SIDE / max(image.size))
    if scale < 0.95:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.LANCZOS)
        x_dpi *= scale
    return image, max(70, round(x_dpi))


def _tesseract(path: Path, lang: str, dpi: int, psm: int = PSM) -> tuple[str, float]:
    """Text and mean word confidence from one tesseract run (txt and tsv at once)."""
    out = path.with_suffix("")
    cmd = ["tesseract", str(path), str(out), "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
    done = subprocess.run(
        [*cmd, "txt", "tsv"], capture_output=True, env=_env(), timeout=PAGE_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise ExtractionError(f"tesseract failed: {done.stderr.decode(errors='replace')[-300:]}")
    text = out.with_suffix(".txt").read_text(encoding="utf-8")
    confidences = []
    for row in out.with_suffix(".tsv").read_text(encoding="utf-8").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) == 12 and cells[0] == "5" and cells[11].strip() and float(cells[10]) >= 0:
            confidences.append(float(cells[10]) / 100)
    return text, (sum(confidences) / len(confidences) if confidences else 0.0)


def _osd_rotation(path: Path, dpi: int) -> int:
    """Degrees (multiple of 90) tesseract's orientation detection says to turn the page."""
    done = subprocess.run(
        ["tesseract", str(path), "-", "--psm", "0", "--dpi", str(dpi)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=PAGE_TIMEOUT,
        check=False,
    )
    found = re.search(r"Rotate: (\d+)", done.stdout)
    return int(found.group(1)) if found else 0


def ocr_image(image: Image.Image, *, lang: str = "nld", number: int = 1, psm: int = PSM) -> OcrPage:
    """OCR one page: greyscale, 300 dpi at most, even background, deskewed; OSD when
    it reads badly. `number` is the page number recorded in the result."""
    page, dpi = _normalise_resolution(_grayscale(image), image.info.get("dpi", (0, 0)))
    page = straighten(page)
    if page is None:
        return OcrPage(number=number, text="", confidence=0.0)
    if not tesseract_available():
        raise ExtractionError("tesseract with Dutch data (tesseract-ocr-nld) is not installed")
    with tempfile.TemporaryDirectory(prefix="ikp-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"  # uncompressed: cheaper to write and read than PNG
        page.save(path)
        text, confidence = _tesseract(path, lang, dpi, psm)
        # Garbled words at low confidence: maybe sideways or upside down. A page
        # with no words at all is blank or a picture; OSD would find nothing either.
        if text.strip() and confidence < LOW_CONFIDENCE and (turn := _osd_rotation(path, dpi)):
            # OSD's "Rotate: 90" means turn 90° clockwise; PIL turns counter-clockwise.
            page.rotate(-turn, expand=True).save(path)
            turned_text, turned_confidence = _tesseract(path, lang, dpi, psm)
            if turned_confidence > confidence:
                text, confidence = turned_text, turned_confidence
    return OcrPage(number=number, text=clean_text(text), confidence=round(confidence, 4))


def _page_part(ctx: ExtractContext, media_type: str, page: OcrPage) -> Part:
    return Part(
        origin=f"{ctx.origin}#page={page.number}",
        media_type=media_type,
        text=page.text,
        ocr_confidence=page.confidence,
    )


def _result(
    ctx: ExtractContext, media_type: str, pages: Iterable[OcrPage | Part], total: int
) -> Extracted:
    """Collect pages (or Parts recording why a page failed) into one Extracted.

    `total` is the number of pages there were to read; more than were read
    when ctx.max_pages cut them short, which meta["warning"] then says.
    """
    parts = [p if isinstance(p, Part) else _page_part(ctx, media_type, p) for p in pages]
    read = [p for p in parts if p.error is None]
    if parts and not read:
        raise ExtractionError(f"no page could be read: {parts[0].error}")
    confidences = [p.ocr_confidence for p in read if p.text and p.ocr_confidence is not None]
    meta = {"pages": str(total), "ocr_pages": str(len(read))}
    if confidences:
        meta["ocr_confidence"] = f"{sum(confidences) / len(confidences):.3f}"
    warnings = [p.error for p in parts if p.error]
    if total > len(parts):
        warnings.append(f"only the first {len(parts)} of {total} pages were read (max_pages)")
    if warnings:
        meta["warning"] = "; ".join(warnings)
    text = "\n\n".join(p.text for p in read if p.text)
    return Extracted(text=text, parts=tuple(parts), meta=meta)


def _check_size(data: bytes, ctx: ExtractContext) -> None:
    if len(data) > ctx.max_bytes:
        raise ExtractionError(f"file of {len(data)} bytes exceeds the limit of {ctx.max_bytes}")


def ocr_image_bytes(data: bytes, ctx: ExtractContext) -> Extracted:
    """OCR a PNG, JPEG or (multi-page) TIFF; one Part per page."""
    _check_size(data, ctx)
    try:
        image = Image.open(io.BytesIO(data))
        total = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ExtractionError(f"not a readable image: {exc}") from exc
    media_type = Image.MIME.get(image.format or "", "application/octet-stream")
    return _result(ctx, media_type, _read_frames(image, total, media_type, ctx), total)


def _read_frames(
    image: Image.Image, total: int, media_type: str, ctx: ExtractContext
) -> Iterable[OcrPage | Part]:
    """One frame at a time: a 200-page fax must not sit in memory decoded."""
    for number in range(1, min(total, ctx.max_pages) + 1):
        try:
            image.seek(number - 1)
            page = ImageOps.exif_transpose(image)  # phone photos carry their orientation
            page.info["dpi"] = image.info.get("dpi", (0, 0))
            yield ocr_image(page, number=number)
        except (
            OSError,
            SyntaxError,
            ValueError,
            subprocess.SubprocessError,
            ExtractionError,
        ) as exc:
            yield _failed_part(ctx, media_type, number, exc)  # a damaged frame or a tesseract crash


def _failed_part(ctx: ExtractContext, media_type: str, number: int, exc: Exception) -> Part:
    detail = getattr(exc, "stderr", None) or str(exc)
    if isinstance(detail, bytes):
        detail = detail.decode(errors="replace")
    return Part(
        origin=f"{ctx.origin}#page={number}",
        media_type=media_type,
        error=f"page {number}: {str(detail).strip()[-300:]}",
    )


def ocr_pdf_bytes(
    data: bytes, ctx: ExtractContext, *, pages: Sequence[int] | None = None
) -> Extracted:
    """OCR PDF pages: the scanned image itself when a page is one, else rendered by pdfium.

    `pages` (1-based) limits OCR to pages without a text layer; default all,
    at most ctx.max_pages of them.
    """
    _check_size(data, ctx)
    if not tesseract_available():
        raise ExtractionError("OCR needs tesseract-ocr and tesseract-ocr-nld")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"unreadable PDF: {exc}") from exc
    try:
        asked = range(1, len(document) + 1) if pages is None else pages
        wanted = [n for n in asked if 1 <= n <= len(document)]
        results = list(_read_pdf_pages(document, wanted[: ctx.max_pages], ctx))
    finally:
        document.close()
    return _result(ctx, "application/pdf", results, len(wanted))


def _read_pdf_pages(
    document: pdfium.PdfDocument, numbers: list[int], ctx: ExtractContext
) -> Iterable[OcrPage | Part]:
    for number in numbers:
        try:
            yield ocr_image(pdf_page_image(document, number - 1), number=number)
        except (pdfium.PdfiumError, subprocess.SubprocessError, OSError, ExtractionError) as exc:
            yield _failed_part(ctx, "application/pdf", number, exc)


def pdf_page_image(document: pdfium.PdfDocument, index: int) -> Image.Image:
    """One page as an image with its resolution in info["dpi"].

    In-process: spawning pdftoppm and pdfinfo cost 0.2-0.4 s CPU per page, up
    to a fifth of tesseract's own time on a sparse page (bench/README.md).
    """
    page = document[index]
    try:
        scan = embedded_scan(page)
        return scan if scan is not None else render_page(page)
    finally:
        page.close()


def render_page(page: pdfium.PdfPage) -> Image.Image:
    """The page drawn in grey at 300 dpi (less when that would exceed MAX_SIDE)."""
    width, height = page.get_size()
    dpi = min(RENDER_DPI, int(MAX_SIDE * 72 / max(width, height, 1)))
    image = page.render(scale=dpi / 72, grayscale=True).to_pil()
    image.info["dpi"] = (dpi, dpi)
    return image


def embedded_scan(page: pdfium.PdfPage) -> Image.Image | None:
    """The page's scan as stored, when the page is one image covering it; else None.

    Scanners and copiers write one image per page at the scan's resolution;
    decoding it takes 30-50 ms where rendering the page took 0.3-0.7 s. A
    placement turned by a few degrees is dropped (the stored image is then
    straighter than the page; deskewing levels whatever remains). Whatever the
    checks miss (a soft mask, an inverting decode array) a 24 dpi render catches.
    """
    objects = list(page.get_objects(max_depth=0))
    if page.get_rotation() or len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    stored = objects[0]
    if stored.get_metadata().colorspace not in _SCAN_COLOURS:
        return None
    a, b, c, d, _, _ = matrix = stored.get_matrix().get()
    tilt = np.tan(np.radians(MAX_SKEW))
    if a <= 0 or d <= 0 or abs(b) > a * tilt or abs(c) > d * tilt:
        return None  # mirrored, turned sideways or upside down: leave it to the renderer
    left, bottom, right, top = stored.get_bounds()
    x0, y0, x1, y1 = page.get_cropbox()
    covered = max(0.0, min(right, x1) - max(left, x0)) * max(0.0, min(top, y1) - max(bottom, y0))
    if covered < 0.9 * (x1 - x0) * (y1 - y0):
        return None
    width, height = stored.get_px_size()
    x_dpi, y_dpi = width * 72 / float(np.hypot(a, b)), height * 72 / float(np.hypot(c, d))
    # Below 300 dpi scale up as rendering did (tesseract reads small print better
    # so); above it, or huge, let the renderer scale down while it decodes.
    size = (round(width * RENDER_DPI / x_dpi), round(height * RENDER_DPI / y_dpi))
    if max(x_dpi, y_dpi) > RENDER_DPI * 1.05 or max(width, height, *size) > MAX_SIDE:
        return None
    image = _grayscale(stored.get_bitmap(render=False).to_pil())
    if not _looks_like_page(page, image, matrix):
        return None
    if min(x_dpi, y_dpi) < RENDER_DPI * 0.95:
        image = image.resize(size, Image.Resampling.BICUBIC)
        x_dpi = y_dpi = RENDER_DPI
    image.info["dpi"] = (x_dpi, y_dpi)
    return image


# pdfium colour spaces whose stored pixels read as they look; CMYK, DeviceN and
# Separation go through the renderer.
_SCAN_COLOURS = frozenset({1, 2, 4, 5, 7, 10})  # gray, RGB, CalGray, CalRGB, ICCBased, Indexed
CHECK_DPI = 24
# Mean grey-level difference after a blur that hides how each resamples: the
# corpus scans differ by 0-6, a masked or inverted image by 14 and more.
CHECK_TOLERANCE = 8


def _looks_like_page(page: pdfium.PdfPage, image: Image.Image, matrix: tuple[float, ...]) -> bool:
    """Does the stored image, placed as the page places it, look like the rendered page?"""
    render = page.render(scale=CHECK_DPI / 72, grayscale=True).to_pil()
    factor = max(1, image.width // (2 * render.width))
    small = image.reduce(factor)
    a, b, c, d, e, f = matrix
    x0, _, _, y1 = page.get_cropbox()
    det, s, w, h = a * d - b * c, CHECK_DPI / 72, small.width, small.height
    # Output pixel (X, Y) is page point (x0 + X/s, y1 - Y/s); invert the placement
    # to find the stored pixel (w*u, h*(1-v)) it shows.
    u = (d * (x0 - e) - c * (y1 - f)) / det
    v = (a * (y1 - f) - b * (x0 - e)) / det
    coefficients = (w * d / (s * det), w * c / (s * det), w * u)
    coefficients += (h * b / (s * det), h * a / (s * det), h * (1 - v))
    placed = small.transform(
        render.size, Image.Transform.AFFINE, coefficients, Image.Resampling.BILINEAR, fillcolor=255
    )
    blur = ImageFilter.BoxBlur(2)
    placed_px = np.asarray(placed.filter(blur), np.int16)
    difference = np.abs(placed_px - np.asarray(render.filter(blur), np.int16))
    return float(difference.mean()) < CHECK_TOLERANCE
