"""OCR page images stay in a private scratch folder that is gone after the sandbox,
also when the sandbox kills the extraction on timeout (issue 20, point 6)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

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


def _watch(folder: Path, seen: dict[Path, int], done: threading.Event) -> None:
    """Record every path under `folder` with its mode until `done`."""
    while not done.wait(0.02):
        with suppress(FileNotFoundError):  # removed while we looked
            for path in folder.rglob("*"):
                seen.setdefault(path.relative_to(folder), path.stat().st_mode & 0o777)


def test_ocr_scratch_is_private_and_removed_when_the_sandbox_times_out(
    corpora: Path, temp_folder: Path
) -> None:
    scan = (corpora / "pdfs" / "ocrmypdf-scans" / "multipage.pdf").read_bytes()
    seen: dict[Path, int] = {}
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(temp_folder, seen, done))
    watcher.start()
    try:
        with pytest.raises(ExtractionError, match="timed out"):
            sandbox.extract_bytes_isolated(scan, "multipage.pdf", timeout_s=10)
    finally:
        done.set()
        watcher.join()

    images = [path for path in seen if path.name.endswith(".pgm")]
    assert images, f"no OCR page image was written before the timeout: {sorted(seen)}"
    for image in images:
        assert len(image.parts) >= 2, f"{image} written straight into the temp folder"
        assert seen[Path(image.parts[0])] == 0o700, f"{image.parts[0]} is not private"
    assert list(temp_folder.iterdir()) == [], "the timed-out extraction left files behind"
