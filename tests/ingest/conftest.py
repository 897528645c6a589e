"""Factories for the ingest tests: small files built in the test run.

Everything is invented: names, numbers and addresses belong to nobody.
Factories are handed out as fixtures (import mode is importlib: test files
cannot import each other).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.factories.mail import MELDING, make_mail, make_zip  # noqa: F401  (fixtures, tests)
from tests.factories.pdf import make_text_pdf

SHARED = Path(
    os.environ.get("IKP_SHARED_DIR", Path(__file__).resolve().parents[2] / ".." / "shared")
)
CORPORA = SHARED / "corpora"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def render_lines(lines: tuple[str, ...] | list[str], size: int = 40) -> Image.Image:
    """A clean white page with black text, large enough for fast, sure OCR."""
    font = ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)
    page = Image.new("L", (2000, 120 + len(lines) * size * 2), 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((60, 60 + number * size * 2), line, fill=0, font=font)
    return page


def make_scan_pdf(lines: tuple[str, ...] | list[str]) -> bytes:
    """An image-only PDF (no text layer), as a scanner writes it."""
    buffer = io.BytesIO()
    render_lines(lines).save(buffer, format="PDF", resolution=200)
    return buffer.getvalue()


@pytest.fixture
def text_pdf() -> Callable[..., bytes]:
    return make_text_pdf


@pytest.fixture
def scan_pdf() -> Callable[..., bytes]:
    return make_scan_pdf


@pytest.fixture
def mail() -> Callable[..., EmailMessage]:
    return make_mail


@pytest.fixture
def zip_of() -> Callable[[dict[str, bytes]], bytes]:
    return make_zip


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The shared corpora beside the repository; fails (not skips) when they are missing."""
    path = CORPORA.resolve()
    if not (path / "emails").is_dir() or not (path / "pdfs").is_dir():
        pytest.fail(f"shared corpora not found at {path} (../shared/corpora; set IKP_SHARED_DIR)")
    return path
