"""Render demo/brief-scan.txt as a scanned letter (PNG, 300 dpi, slightly skewed).

The demo's scan folder gets a real image, so the OCR path runs, without a binary
file in the repository. Usage: python scripts/demo_scan.py OUT.png
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def render(text: str, out: Path) -> None:
    page = Image.new("L", (2480, 3508), 245)  # A4 at 300 dpi, grey paper
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 40)
    y = 250
    for line in text.splitlines():
        draw.text((230, y), line, fill=25, font=font)
        y += 62
    page.rotate(-1.5, fillcolor=245, resample=Image.Resampling.BICUBIC).save(out, dpi=(300, 300))


if __name__ == "__main__":
    source = Path(__file__).resolve().parents[1] / "demo" / "brief-scan.txt"
    render(source.read_text(encoding="utf-8"), Path(sys.argv[1]))
