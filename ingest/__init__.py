"""Text extraction from mails and files: `extract_bytes`, `extract_file`.

One module per format defines an extractor; `ingest.catalogue` lists them all,
and importing this package imports it. For untrusted input in the daemon use
`ingest.sandbox.extract_bytes_isolated`, which runs the same code in a child
process with a time and memory limit.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from contract.records import Document
from ingest.registry import (
    ExtractContext,
    ExtractionError,
    detect_media_type,
    run_extractor,
    with_own_part,
)

if TYPE_CHECKING:
    from ingest.registry import Extractor

__all__ = ["EXTRACTORS", "ExtractionError", "extract_bytes", "extract_file"]


def __getattr__(name: str) -> tuple[Extractor, ...]:
    # The catalogue (every format module, BeautifulSoup and lxml among them) loads on
    # first use: the daemon and its worker processes import ingest for its nouns and
    # the sandbox client only, and extract nothing themselves.
    if name == "EXTRACTORS":
        from ingest.catalogue import EXTRACTORS

        return EXTRACTORS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_bytes(
    data: bytes,
    filename: str | None = None,
    *,
    source: str = "file",
    media_type: str | None = None,
    ocr: bool = True,
) -> Document:
    """Text and provenance of one mail or file; ExtractionError when it has no readable text.

    `source` is one of contract.SOURCES and is passed through; `media_type`
    overrides detection; `ocr=False` reports scanned pages instead of reading them.
    Attachments that cannot be read do not fail the mail: their part carries the error.
    """
    ctx = ExtractContext(ocr=ocr)
    kind = media_type or detect_media_type(data, filename)
    extractor, result = run_extractor(data, filename, ctx, kind)
    if getattr(extractor, "container", False):
        parts = result.parts  # the file itself is the mail or archive: no part of its own
    else:
        parts = with_own_part(extractor, result, data, filename, ctx, kind).parts
    meta = result.meta
    received = meta.get("received")
    return Document(
        source=source,
        source_ref=meta.get("message_id") or filename or _digest(data),
        text=result.text,
        media_type=kind,
        received=datetime.fromisoformat(received) if received else None,
        subject=meta.get("subject") or None,
        sender=meta.get("sender") or None,
        headers=result.headers,
        parts=parts,
    )


def extract_file(path: Path, *, source: str = "file", ocr: bool = True) -> Document:
    """`extract_bytes` on a file's content, named by its file name."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return extract_bytes(data, Path(path).name, source=source, ocr=ocr)


def _digest(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"
