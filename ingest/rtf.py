"""RTF documents (and the RTF bodies Outlook puts in winmail.dat), via striprtf."""

from __future__ import annotations

import codecs
import re

from striprtf.striprtf import rtf_to_text as _strip

from ingest.cleanup import clean_text
from ingest.registry import ExtractContext, Extracted, ExtractionError

_CODEPAGE = re.compile(r"\\ansicpg(\d+)")


def rtf_to_text(data: bytes) -> str:
    """Plain text of RTF; its \\'xx escapes use the \\ansicpg code page (cp1252 by default)."""
    markup = data.decode("cp1252", errors="replace")
    if not markup.lstrip().startswith("{\\rtf"):
        raise ExtractionError("not an RTF document")
    encoding = "cp1252"
    if (found := _CODEPAGE.search(markup[:2000])) and _known(f"cp{found.group(1)}"):
        encoding = f"cp{found.group(1)}"
    try:
        return clean_text(_strip(markup, encoding=encoding, errors="replace"))
    except (ValueError, IndexError, LookupError) as exc:
        raise ExtractionError(f"rtf cannot be read: {exc}") from exc


class RtfExtractor:
    name = "rtf"
    media_types = ("text/rtf", "application/rtf", "text/richtext")
    extensions = (".rtf",)

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        return Extracted(text=rtf_to_text(data))


def _known(codec: str) -> bool:
    try:
        codecs.lookup(codec)
    except LookupError:
        return False
    return True
