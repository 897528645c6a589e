"""Extractors registered by what they accept; the best match wins.

Each format lives in its own module and registers itself with `@register`.
Nothing here knows about any particular format (after Aleph's ingest-file).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Protocol

from ikp.records import Part


class ExtractionError(Exception):
    """The file cannot be turned into text; the message says why, for the quarantine."""


@dataclass(frozen=True)
class Extracted:
    """What an extractor returns: the text to analyse and every part it came from."""

    text: str
    parts: tuple[Part, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)  # e.g. subject, sender, message_id, date


@dataclass(frozen=True)
class ExtractContext:
    """Limits and position of the current file inside a container (mail, zip)."""

    origin: str = "file"  # where this data sits, e.g. "attachment:scan.pdf"
    depth: int = 0  # nesting depth of containers; extractors refuse past max_depth
    max_depth: int = 5
    max_pages: int = 200
    max_bytes: int = 50 * 1024 * 1024

    def nested(self, origin: str) -> ExtractContext:
        return ExtractContext(
            origin=f"{self.origin}/{origin}" if self.origin != "file" else origin,
            depth=self.depth + 1,
            max_depth=self.max_depth,
            max_pages=self.max_pages,
            max_bytes=self.max_bytes,
        )


class Extractor(Protocol):
    name: str
    media_types: tuple[str, ...]
    extensions: tuple[str, ...]  # lower case, with the dot

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted: ...


_EXTRACTORS: list[Extractor] = []


def register(cls: Callable[[], Extractor]) -> Callable[[], Extractor]:
    """Class decorator: instantiate and register an extractor."""
    _EXTRACTORS.append(cls())
    return cls


def guess_media_type(data: bytes, filename: str | None) -> str:
    """Media type from magic bytes first (files lie about their names), then the name."""
    head = data[:16]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith(b"PK\x03\x04") and filename and filename.lower().endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"\x78\x9f\x3e\x22"):
        return "application/ms-tnef"
    if filename:
        suffix = PurePath(filename).suffix.lower()
        if suffix in (".eml", ".msg822"):
            return "message/rfc822"
        guessed, _ = mimetypes.guess_type(filename)
        if guessed:
            return guessed
    return "application/octet-stream"


def find_extractor(media_type: str, filename: str | None = None) -> Extractor | None:
    """The registered extractor for a media type, else by file extension."""
    for extractor in _EXTRACTORS:
        if media_type in extractor.media_types:
            return extractor
    if filename:
        suffix = PurePath(filename).suffix.lower()
        for extractor in _EXTRACTORS:
            if suffix in extractor.extensions:
                return extractor
    return None


def registered() -> tuple[Extractor, ...]:
    return tuple(_EXTRACTORS)
