"""Seconds per scanned page: our `ocr_pdf_bytes` against bare tesseract on the same page.

    .venv/bin/python bench/ocr_bench.py [--repeat 3]

Pages: a fictional Dutch letter rendered, noised and skewed -2.5° (from the
test factory), and OCRmyPDF's `skew.pdf` and `linn.pdf` from the shared corpus
(`skew.pdf` is `linn.pdf` scanned crooked). Bare tesseract reads a 300 dpi grey
PNG rendered beforehand; ours starts from the PDF bytes, so its time includes
opening the PDF, taking out the page's scan (or rendering the page), background
check, deskew and OSD when needed. Every run uses one
OpenMP thread (OMP_THREAD_LIMIT=1), as `ingest.ocr` does. Prints Markdown.

Character accuracy (rapidfuzz normalised Levenshtein similarity, whitespace
collapsed) is against the letter's source text, and for the corpus pages
against bare tesseract `--psm 3` on the straight `linn.pdf`.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.ingest.scanfactory when run as a script

import pypdfium2 as pdfium  # noqa: E402

from ingest.ocr import OcrPage, ocr_image, ocr_pdf_bytes, render_page  # noqa: E402
from ingest.registry import ExtractContext  # noqa: E402
from tests.ingest import scanfactory  # noqa: E402

SCANS = ROOT / ".." / "shared" / "corpora" / "pdfs" / "ocrmypdf-scans"
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def timed(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds (own process plus children) of each run.

    The runs are interleaved so that other jobs on a shared machine slow all
    of them alike; CPU time is the steadier figure when the machine is busy.
    """
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            cpu0, wall0 = _cpu(), time.perf_counter()
            run()
            samples[name].append((time.perf_counter() - wall0, _cpu() - cpu0))
    return {
        name: (statistics.median(w for w, _ in got), statistics.median(c for _, c in got))
        for name, got in samples.items()
    }


def _cpu() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def accuracy(reference: str, text: str) -> float:
    def collapse(t: str) -> str:
        return re.sub(r"\s+", " ", t).strip()

    return Levenshtein.normalized_similarity(collapse(reference), collapse(text))


def bare(png: Path, psm: int) -> str:
    out = png.with_name(f"{png.stem}-psm{psm}")
    cmd = ["tesseract", str(png), str(out), "-l", "nld", "--psm", str(psm)]
    subprocess.run(cmd, env=ENV, capture_output=True, check=True)
    return out.with_suffix(".txt").read_text(encoding="utf-8")


def rendered(pdf: bytes) -> OcrPage:
    """Our path for a page that is not one stored scan: pdfium renders it, then OCR."""
    document = pdfium.PdfDocument(pdf)
    try:
        return ocr_image(render_page(document[0]))
    finally:
        document.close()


def render_png(pdf: bytes, tmp: Path, name: str) -> Path:
    (tmp / f"{name}.pdf").write_bytes(pdf)
    cmd = ["pdftoppm", "-r", "300", "-gray", "-png", "-singlefile", f"{name}.pdf", name]
    subprocess.run(cmd, cwd=tmp, check=True)
    return tmp / f"{name}.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not SCANS.is_dir():
        sys.exit(f"corpus not found: {SCANS}")

    letter = scanfactory.render_page(skew_degrees=-2.5)
    pages = {
        "letter −2.5° (synthetic)": scanfactory.image_pdf_bytes([letter]),
        "skew.pdf (corpus)": (SCANS / "skew.pdf").read_bytes(),
        "linn.pdf (corpus)": (SCANS / "linn.pdf").read_bytes(),
    }
    ctx = ExtractContext(origin="bench")
    rows = []
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp_name:
        tmp = Path(tmp_name)
        linn_reference = bare(render_png(pages["linn.pdf (corpus)"], tmp, "reference"), 3)
        for index, (name, pdf) in enumerate(pages.items()):
            png = render_png(pdf, tmp, f"page{index}")
            reference = scanfactory.LETTER_TEXT if "letter" in name else linn_reference
            ours = ocr_pdf_bytes(pdf, ctx).text
            with Image.open(png) as image:
                image.load()
            image.info["dpi"] = (300, 300)
            runs = {
                "bare3": lambda png=png: bare(png, 3),
                "bare6": lambda png=png: bare(png, 6),
                "ours": lambda pdf=pdf: ocr_pdf_bytes(pdf, ctx),
                "rendered": lambda pdf=pdf: rendered(pdf),
            }
            rows.append(
                {
                    "page": name,
                    **timed(runs, args.repeat),
                    "acc_bare3": accuracy(reference, bare(png, 3)),
                    "acc_bare6": accuracy(reference, bare(png, 6)),
                    "acc_ours": accuracy(reference, ours),
                    "acc_rendered": accuracy(reference, rendered(pdf).text),
                    "acc_ours6": accuracy(reference, ocr_image(image, psm=6).text),
                }
            )

    print(f"Median of {args.repeat} interleaved runs per page, OMP_THREAD_LIMIT=1; ", end="")
    print(f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.\n")
    print(
        "| page | seconds | bare `--psm 3` | bare `--psm 6` | ours | ours vs psm 3 "
        "| ours, page rendered | rendered vs psm 3 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        for kind, i in (("wall", 0), ("CPU", 1)):
            overhead = (r["ours"][i] / r["bare3"][i] - 1) * 100
            rendered_overhead = (r["rendered"][i] / r["bare3"][i] - 1) * 100
            print(
                f"| {r['page']} | {kind} | {r['bare3'][i]:.2f} | {r['bare6'][i]:.2f} "
                f"| {r['ours'][i]:.2f} | {overhead:+.0f} % "
                f"| {r['rendered'][i]:.2f} | {rendered_overhead:+.0f} % |"
            )
    print("\nCharacter accuracy (1.0 = identical to the reference).\n")
    print(
        "| page | bare psm 3 | bare psm 6 | deskewed psm 3 (ours) | ours, page rendered "
        "| deskewed psm 6 |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['page']} | {r['acc_bare3']:.3f} | {r['acc_bare6']:.3f} "
            f"| {r['acc_ours']:.3f} | {r['acc_rendered']:.3f} | {r['acc_ours6']:.3f} |"
        )


if __name__ == "__main__":
    main()
