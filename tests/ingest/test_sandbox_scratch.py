"""OCR page images stay in a private scratch folder that is gone after the sandbox,
also when the sandbox kills the extraction on timeout (issue 20, point 6)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pypdfium2
import pytest

from ingest import sandbox
from ingest.registry import ExtractionError


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The system temporary folder of a fresh sandbox worker: TMPDIR of its process."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    sandbox.shutdown()  # idle workers were started with another TMPDIR
    yield folder
    sandbox.shutdown()


def _repeated(scan: Path, times: int) -> bytes:
    """The scan's pages `times` over in one PDF: OCR that surely outlasts the timeout."""
    source = pypdfium2.PdfDocument(scan)
    joined = pypdfium2.PdfDocument.new()
    for _ in range(times):
        joined.import_pages(source)
    out = io.BytesIO()
    joined.save(out)
    return out.getvalue()


def _watch(folder: Path, seen: dict[Path, int], done: threading.Event) -> None:
    """Record every path under `folder` with its mode until `done`."""
    while not done.wait(0.02):
        with suppress(FileNotFoundError):  # removed while we looked
            for path in folder.rglob("*"):
                seen.setdefault(path.relative_to(folder), path.stat().st_mode & 0o777)


def test_ocr_scratch_is_private_and_removed_when_the_sandbox_times_out(
    corpora: Path, temp_folder: Path
) -> None:
    # Six scanned pages OCR in about 9 s on an idle machine; 60 take a minute and more.
    scan = _repeated(corpora / "pdfs" / "ocrmypdf-scans" / "multipage.pdf", 10)
    seen: dict[Path, int] = {}
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(temp_folder, seen, done))
    watcher.start()
    try:
        with pytest.raises(ExtractionError, match="timed out"):
            sandbox.extract_bytes_isolated(scan, "multipage.pdf", timeout_s=15)
    finally:
        done.set()
        watcher.join()

    images = [path for path in seen if path.name.endswith(".pgm")]
    assert images, f"no OCR page image was written before the timeout: {sorted(seen)}"
    for image in images:
        assert len(image.parts) >= 2, f"{image} written straight into the temp folder"
        assert seen[Path(image.parts[0])] == 0o700, f"{image.parts[0]} is not private"
    assert list(temp_folder.iterdir()) == [], "the timed-out extraction left files behind"
