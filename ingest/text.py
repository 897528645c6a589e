"""Plain text: find the encoding (BOM, the container's charset, UTF-8, else cp1252)."""

from __future__ import annotations

import codecs

from ingest.cleanup import clean_text
from ingest.registry import ExtractContext, Extracted, ExtractionError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that mean "whatever the sender's machine used": decide from the bytes instead.
_VAGUE = {"ascii", "us-ascii", "unknown-8bit", "unknown", "x-unknown", "default", "none", "8bit"}
# Browsers read Latin-1 labels as cp1252 (WHATWG), and so do Dutch mails with € and ‘’.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252"}


def codec_for(label: str | None) -> str | None:
    """A Python codec for a declared charset label, or None when unknown or too vague."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _VAGUE:
        return None
    label = _ALIASES.get(label, label)
    # "x-" first: libraries (extract-msg) register their own codecs for x- names
    for candidate in (label.removeprefix("x-"), label, label.replace("_", "-")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    if label in ("ks_c_5601-1987", "ks_c_5601"):
        return "cp949"
    return None


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode with a BOM if present, else the declared charset, else UTF-8, else cp1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    codec = codec_for(declared)
    if codec and codec not in ("utf-8", "ascii"):
        return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _looks_like_utf16(data):
        return data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    return data.decode("cp1252", errors="replace")


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of Latin text is NUL."""
    sample = data[:2000]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 3


class TextExtractor:
    name = "text"
    media_types = ("text/plain", "text/csv", "text/markdown", "text/x-log", "text/*")
    extensions = (".txt", ".text", ".csv", ".md", ".log")

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        text = decode_text(data, ctx.charset)
        if text.count("\x00") > len(text) // 10 + 1:
            raise ExtractionError("binary data, not text")
        return Extracted(text=clean_text(text))
