"""Legacy Word documents (.doc, Word 95-2003) via catdoc (Debian package catdoc).

catdoc rather than antiword: antiword refuses small files and those written by
LibreOffice or Word for Mac ("the text stream of this file is too small to
handle"), catdoc reads them. catdoc's exit status says little (it prints
whatever it finds in any file), so the file is first checked to be an OLE
compound file holding a WordDocument stream. Files named .doc that are RTF or
HTML (Word saves both under that name) go to those extractors.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import olefile

from ingest.cleanup import clean_text
from ingest.registry import (
    ExtractContext,
    Extracted,
    ExtractionError,
    detect_media_type,
    run_extractor,
)

DOC = "application/msword"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT = 60  # seconds; catdoc reads a 300-page document in well under one
_NOTES = ("[This was fast-saved", "[File is encrypted")


def word_streams(data: bytes) -> set[str]:
    """Top-level stream names of an OLE compound file; ExtractionError when it is none."""
    if not data.startswith(OLE_MAGIC):
        raise ExtractionError("not a Word document: no OLE compound file")
    try:
        with olefile.OleFileIO(data) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except (OSError, ValueError, IndexError, TypeError) as exc:  # olefile's OleFileError is OSError
        raise ExtractionError(f"damaged Word document: {exc}") from exc


def catdoc_text(data: bytes) -> str:
    """Text of a Word 95-2003 document; Western code page for 8-bit text."""
    if shutil.which("catdoc") is None:
        raise ExtractionError("reading .doc needs catdoc (apt-get install catdoc)")
    with tempfile.TemporaryDirectory(prefix="ikp-doc-") as tmp:
        path = Path(tmp) / "in.doc"
        path.write_bytes(data)
        done = subprocess.run(
            ["catdoc", "-w", "-s", "cp1252", "-d", "utf-8", str(path)],
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    out = done.stdout.decode("utf-8", "replace")
    error = done.stderr.decode("utf-8", "replace").strip()
    if "[File is encrypted" in out + error:
        raise ExtractionError("Word document is encrypted with a password")
    if done.returncode != 0 or (error and not out.strip()):
        raise ExtractionError(f"Word document cannot be read: {error[-200:] or done.returncode}")
    return "\n".join(line for line in out.splitlines() if not line.startswith(_NOTES))


class DocExtractor:
    name = "doc"
    media_types = (DOC, "application/vnd.ms-word", "application/x-msword")
    extensions = (".doc", ".dot")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        if not data.startswith(OLE_MAGIC):
            if data.lstrip()[:5] == b"{\\rtf":
                return run_extractor(data, filename, ctx, "application/rtf")[1]
            if detect_media_type(data) == "text/html":
                return run_extractor(data, filename, ctx, "text/html")[1]
        streams = word_streams(data)
        if "WordDocument" not in streams:
            raise ExtractionError("not a Word document: OLE file without a WordDocument stream")
        if "EncryptedPackage" in streams:
            raise ExtractionError("Word document is encrypted with a password")
        text = clean_text(catdoc_text(data))
        return Extracted(text=text, meta={} if text else {"warning": "Word document has no text"})
