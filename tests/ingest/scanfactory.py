"""Factories for realistic scans of a fictional Dutch letter, built in the test run.

Everything here is invented: names, numbers and addresses belong to nobody.
The page is rendered at 300 dpi with a real TrueType font, then degraded the way a
cheap office scanner does it: grey paper, speckles, slight blur and a skew.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Debian package fonts-dejavu-core provides these.
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)

LETTER_LINES = (
    "Aan de Immigratie- en Naturalisatiedienst",
    "Postbus 1234",
    "9700 AB Groningen",
    "",
    "Utrecht, 4 november 2025",
    "",
    "Betreft: melding over mevrouw Annelies Vermeulen-Dekker",
    "",
    "Geachte heer, mevrouw,",
    "",
    "Hierbij wil ik melding maken van een situatie in mijn straat. Mevrouw",
    "Annelies Vermeulen-Dekker, geboren op 12 maart 1990, V-nummer 1234567890,",
    "staat ingeschreven op het adres Lindelaan 17, 1234 AB Westerveld.",
    "Volgens mij woont zij daar al sinds de zomer niet meer. De brievenbus",
    "puilt uit en er brandt 's avonds nooit licht. Haar echtgenoot, de heer",
    "Pieter Bakhuizen, woont volgens de buren in Amersfoort.",
    "",
    "Ik heb gehoord dat het huwelijk alleen is gesloten voor de papieren.",
    "Er zou geld zijn betaald aan een bemiddelaar. Ik weet niet of dat klopt,",
    "maar ik vind dat u dit moet weten. U kunt mij bereiken op telefoonnummer",
    "06-12345678 of per e-mail via j.devries@voorbeeld.nl.",
    "",
    "Ik wil graag anoniem blijven en vertrouw erop dat u hier zorgvuldig",
    "mee omgaat. Alvast bedankt voor uw aandacht.",
    "",
    "Met vriendelijke groet,",
    "",
    "J. de Vries",
    "Kastanjelaan 3, 1234 AC Westerveld",
)

LETTER_TEXT = "\n".join(LETTER_LINES)
# The last lines of the page: the ones tesseract dropped on a skewed page.
BOTTOM_LINES = ("Met vriendelijke groet,", "J. de Vries", "Kastanjelaan 3, 1234 AC Westerveld")

# A short second page, so that page order and page numbers can be checked.
SECOND_PAGE_LINES = (
    "Bijlage bij mijn brief van 4 november 2025",
    "",
    "De bemiddelaar rijdt in een grijze bestelbus met kenteken AB-123-C.",
    "Hij komt meestal op dinsdagavond langs bij het adres Lindelaan 17.",
)
SECOND_PAGE_TEXT = "\n".join(SECOND_PAGE_LINES)

A4_300DPI = (2480, 3508)


def font_path() -> Path:
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    raise FileNotFoundError("no TrueType font found: apt-get install fonts-dejavu-core")


def render_page(
    lines: tuple[str, ...] = LETTER_LINES,
    *,
    dpi: int = 300,
    point_size: float = 11.0,
    skew_degrees: float = -2.5,
    noise: float = 12.0,
    speckles: int = 1500,
    blur: float = 0.8,
    shading: float = 0.0,
    seed: int = 7,
) -> Image.Image:
    """A greyscale A4 page with the lines typeset, then blurred, skewed and noised.

    `shading` darkens the page towards its right edge by up to that many grey
    levels, as a lid left ajar or a curled sheet does.
    """
    scale = dpi / 300
    size = (round(A4_300DPI[0] * scale), round(A4_300DPI[1] * scale))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(font_path()), round(point_size * dpi / 72))
    line_height = round(point_size * dpi / 72 * 1.45)
    x, y = round(250 * scale), round(300 * scale)
    for line in lines:
        draw.text((x, y), line, font=font, fill=20)
        y += line_height

    rng = np.random.default_rng(seed)
    page = page.filter(ImageFilter.GaussianBlur(radius=blur * scale))
    # Negative angles turn clockwise, as a sheet fed crookedly into the scanner.
    page = page.rotate(skew_degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(page, dtype=np.float32) * 0.93  # grey recycled paper
    pixels -= np.linspace(0.0, shading, pixels.shape[1])[np.newaxis, :]
    pixels += rng.normal(0.0, noise, pixels.shape)
    ys = rng.integers(0, pixels.shape[0], speckles)
    xs = rng.integers(0, pixels.shape[1], speckles)
    pixels[ys, xs] = rng.integers(0, 90, speckles)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    image.info["dpi"] = (dpi, dpi)
    return image


def png_bytes(page: Image.Image) -> bytes:
    buf = io.BytesIO()
    page.copy().save(buf, format="PNG", dpi=page.info.get("dpi", (300, 300)))
    return buf.getvalue()


# Savers work on copies: Pillow keeps a save's encoder settings on the image, and a later
# save of the same (cached) page in another format would be handed them.


def jpeg_bytes(page: Image.Image, quality: int = 70) -> bytes:
    buf = io.BytesIO()
    page.copy().save(buf, format="JPEG", quality=quality, dpi=page.info.get("dpi", (300, 300)))
    return buf.getvalue()


def tiff_bytes(pages: list[Image.Image]) -> bytes:
    """A multi-page TIFF, compressed as scanners do (LZW)."""
    buf = io.BytesIO()
    pages = [p.copy() for p in pages]
    pages[0].save(
        buf,
        format="TIFF",
        save_all=True,
        append_images=pages[1:],
        compression="tiff_lzw",
        dpi=pages[0].info.get("dpi", (300, 300)),
    )
    return buf.getvalue()


def image_pdf_bytes(pages: list[Image.Image]) -> bytes:
    """A PDF holding only page images, no text layer, like a copier's scan-to-mail."""
    buf = io.BytesIO()
    dpi = pages[0].info.get("dpi", (300, 300))[0]
    pages = [p.copy() for p in pages]
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buf.getvalue()


def fax_tiff_bytes(page: Image.Image) -> bytes:
    """A fax: black and white, 204x196 dpi, CCITT group 4, as a fax server stores it."""
    dpi = page.info.get("dpi", (300, 300))[0]
    size = (round(page.width * 204 / dpi), round(page.height * 196 / dpi))
    bilevel = page.resize(size, Image.Resampling.LANCZOS).point(lambda v: 255 if v > 128 else 0)
    buf = io.BytesIO()
    bilevel.convert("1").save(buf, format="TIFF", compression="group4", dpi=(204, 196))
    return buf.getvalue()


def masked_image_pdf_bytes(page: Image.Image) -> bytes:
    """A one-page PDF whose scan is hidden by a soft mask that is transparent everywhere.

    The page shows nothing although its one image holds a letter: what a reader
    sees is the rendered page, not the stored pixels. Written by hand; PIL
    writes no masks.
    """
    width, height = page.size
    dpi = page.info.get("dpi", (300, 300))[0]
    size = f"{width * 72 / dpi:.2f} {height * 72 / dpi:.2f}"
    pixels, mask = page.convert("L").tobytes(), bytes(width * height)

    def image(data: bytes, extra: str) -> bytes:
        head = f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
        head += f"/ColorSpace /DeviceGray /BitsPerComponent 8 {extra}/Length {len(data)} >>"
        return head.encode() + b"\nstream\n" + data + b"\nendstream"

    content = f"q {size.split()[0]} 0 0 {size.split()[1]} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {size}] "
        "/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        image(pixels, "/SMask 6 0 R "),
        image(mask, ""),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    out += trailer % (len(objects) + 1, xref)
    return out
