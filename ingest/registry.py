"""Dispatch to the extractor for a media type; the shared nouns of every format module.

Each format lives in its own module and defines an extractor class; the one list
of them, in order, is `ingest.catalogue.EXTRACTORS`. Nothing here knows about any
particular format (after Aleph's ingest-file): `extract_member` detects the media
type, runs the matching extractor and turns the outcome, text or failure, into
`Part`s; containers (mail, zip, winmail.dat) call it for each thing they hold.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import Protocol

from contract.records import Part

log = logging.getLogger(__name__)

OCTET_STREAM = "application/octet-stream"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSB = "application/vnd.ms-excel.sheet.binary.macroenabled.12"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
RFC822 = "message/rfc822"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .msg, .doc, .xls, .ppt


class ExtractionError(Exception):
    """The file cannot be turned into text; the message says why, for the quarantine."""


@dataclass(frozen=True)
class Extracted:
    """What an extractor returns: the text to analyse and every part it came from."""

    text: str
    parts: tuple[Part, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)  # e.g. subject, sender, message_id, date
    headers: tuple[tuple[str, str], ...] = ()  # a mail's useful headers, in order


@dataclass(frozen=True)
class ExtractContext:
    """Limits and position of the current file inside a container (mail, zip)."""

    origin: str = "file"  # where this data sits, e.g. "attachment:scan.pdf"
    depth: int = 0  # nesting depth of containers; extractors refuse past max_depth
    max_depth: int = 5
    max_pages: int = 200
    max_bytes: int = 50 * 1024 * 1024
    ocr: bool = True  # False: pages without a text layer are reported, not read
    charset: str | None = None  # declared by the container (a mail part); not inherited

    def nested(self, origin: str) -> ExtractContext:
        return replace(
            self,
            origin=f"{self.origin}/{origin}" if self.origin != "file" else origin,
            depth=self.depth + 1,
            charset=None,
        )


class Extractor(Protocol):
    name: str
    media_types: tuple[str, ...]
    extensions: tuple[str, ...]  # lower case, with the dot

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted: ...


# Header names that start a stored mail (or an mbox "From " line).
_MAIL_HEADER = re.compile(
    rb"^(?:From |(?:received|return-path|delivered-to|message-id|mime-version|from|to|subject"
    rb"|date|reply-to|x-[\w-]+|content-type):)",
    re.IGNORECASE,
)
_HEADER_LINE = re.compile(rb"^(?:From |[\x21-\x39\x3b-\x7e]+:)")
_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<p[ >])", re.I)


def _looks_like_mail(data: bytes) -> bool:
    """A header block from line one: mostly header lines (or folded continuations; broken
    mailers fold badly) up to the first blank line, one of them a known mail header."""
    lines = data[:8192].lstrip(b"\r\n").splitlines()[:60]
    if not lines or not _HEADER_LINE.match(lines[0]):
        return False
    known = others = 0
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t") or _HEADER_LINE.match(line):
            known += bool(_MAIL_HEADER.match(line))
        else:
            others += 1
    return known > 0 and others <= known


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head and sum(b < 9 or 13 < b < 32 for b in head) < len(head) // 50 + 1


# Office Open XML packages by their main part; anything else with these would be
# read as a zip of XML members.
_OOXML_MAIN = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "xl/workbook.bin": XLSB,
    "ppt/presentation.xml": PPTX,
}


def _zip_kind(data: bytes) -> str:
    """A docx, xlsx, pptx, an OpenDocument or a plain zip, from the names inside."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            for main, kind in _OOXML_MAIN.items():
                if main in names:
                    return kind
            if "mimetype" in names:
                kind = zf.read("mimetype")[:100].decode("ascii", "replace").strip()
                if kind.startswith("application/vnd.oasis.opendocument"):
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError):
        pass
    return "application/zip"


def _magic(data: bytes) -> str | None:
    head = data[:16]
    if b"%PDF-" in data[:1024]:  # some writers put junk before the header; readers accept it
        return "application/pdf"
    if head.startswith(b"\x89PNG"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\x78\x9f\x3e\x22"):
        return "application/ms-tnef"
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data)
    return None


def ole_streams(data: bytes) -> set[str]:
    """Top-level stream and storage names of an OLE compound file; empty when it is none."""
    try:
        import olefile  # comes with extract-msg

        with olefile.OleFileIO(data) as ole:
            return {entry[0] for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # not installed, or OSError, ValueError, IndexError on damaged files
        return set()


def _ole_kind(data: bytes) -> str:
    """An Outlook message, a Word, Excel or PowerPoint 97-2003 file, or another OLE file
    (a password-protected .docx/.xlsx is one too: its name says what it is), from its streams."""
    names = ole_streams(data)
    if "WordDocument" in names:
        return "application/msword"
    if "__properties_version1.0" in names:
        return "application/vnd.ms-outlook"
    if "Workbook" in names or "Book" in names:  # BIFF8 (Excel 97-2003), BIFF5 (Excel 5/95)
        return XLS
    if "PowerPoint Document" in names:
        return PPT
    return "application/x-ole-storage"


def detect_media_type(data: bytes, filename: str | None = None, declared: str | None = None) -> str:
    """Media type: magic bytes first (files lie about their names), then what the
    container declared, then the name, then a look at the content."""
    if found := _magic(data):
        if found == "application/x-ole-storage" and filename:
            return mimetypes.guess_type(filename)[0] or found
        return found
    declared = (declared or "").lower().strip() or None
    by_name = None
    if filename:
        suffix = PurePath(filename).suffix.lower()
        by_name = RFC822 if suffix in (".eml", ".msg822", ".mbox") else None
        by_name = by_name or mimetypes.guess_type(filename)[0]
    generic = (None, OCTET_STREAM, "application/x-unknown", "binary/octet-stream")
    if declared not in generic:
        # A container's "text/plain" is kept as is: a body that quotes "From:/To:" is no mail.
        return declared  # type: ignore[return-value]
    if by_name not in (*generic, "text/plain"):
        return by_name  # type: ignore[return-value]
    if _looks_like_mail(data):  # stored mails often end in .txt or have no extension
        return RFC822
    if _HTML_START.match(data[:1024]):
        return "text/html"
    if by_name == "text/plain" or _looks_like_text(data):
        return "text/plain"
    return OCTET_STREAM


def guess_media_type(data: bytes, filename: str | None) -> str:
    """Media type from magic bytes first (files lie about their names), then the name."""
    return detect_media_type(data, filename)


def extractors() -> tuple[Extractor, ...]:
    """Every extractor, in the catalogue's order."""
    # Imported on use, not at the top: each format module imports this one (for the
    # shared nouns, and containers to read what they hold) and the catalogue imports
    # every format module. `import ingest` has loaded it before any extraction runs.
    from ingest.catalogue import EXTRACTORS

    return EXTRACTORS


def find_extractor(media_type: str, filename: str | None = None) -> Extractor | None:
    """The extractor for a media type, else by file extension, else for `text/*`."""
    catalogue = extractors()
    media_type = media_type.lower()  # declared types come as written ("macroEnabled")
    for extractor in catalogue:
        if media_type in extractor.media_types:
            return extractor
    if filename:
        suffix = PurePath(filename).suffix.lower()
        for extractor in catalogue:
            if suffix in extractor.extensions:
                return extractor
    family = media_type.split("/")[0] + "/*"
    for extractor in catalogue:
        if family in extractor.media_types:
            return extractor
    return None


def run_extractor(
    data: bytes, filename: str | None, ctx: ExtractContext, media_type: str
) -> tuple[Extractor, Extracted]:
    """Run the extractor for `media_type`; raises ExtractionError when there is none or it fails."""
    if len(data) > ctx.max_bytes:
        raise ExtractionError(f"file of {len(data)} bytes exceeds the limit of {ctx.max_bytes}")
    if ctx.depth > ctx.max_depth:
        raise ExtractionError(f"nested more than {ctx.max_depth} containers deep")
    extractor = find_extractor(media_type, filename)
    if extractor is None:
        raise ExtractionError(f"no extractor for {media_type}")
    return extractor, extractor.extract(data, filename, ctx)


def extract_member(
    data: bytes, filename: str | None, ctx: ExtractContext, declared: str | None = None
) -> Extracted:
    """Extract one thing inside a container; never raises for the thing's own faults.

    The result's first part describes the thing itself (with `error` when it could
    not be read); a container's own part has no text and its members follow it.
    """
    media_type = detect_media_type(data, filename, declared)
    try:
        extractor, result = run_extractor(data, filename, ctx, media_type)
    except ExtractionError as exc:
        return _failed(data, filename, ctx, media_type, str(exc) or type(exc).__name__)
    except RecursionError:
        return _failed(data, filename, ctx, media_type, "structure nested too deeply to read")
    except MemoryError:
        return _failed(data, filename, ctx, media_type, "ran out of memory")
    except Exception as exc:  # a bug or an unwrapped library error: keep the rest of the mail
        log.exception("extractor failed on %s", ctx.origin)
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return _failed(data, filename, ctx, media_type, reason[:500])
    return with_own_part(extractor, result, data, filename, ctx, media_type)


def with_own_part(
    extractor: Extractor,
    result: Extracted,
    data: bytes,
    filename: str | None,
    ctx: ExtractContext,
    media_type: str,
) -> Extracted:
    """`result` with a first part for the thing itself; a container's own part has no text."""
    container = getattr(extractor, "container", False)
    confidence = result.meta.get("ocr_confidence")
    own = Part(
        origin=ctx.origin,
        media_type=media_type,
        filename=filename,
        size=len(data),
        text="" if container else result.text,
        error=result.meta.get("warning"),
        ocr_confidence=float(confidence) if confidence else None,
    )
    return replace(result, parts=(own, *result.parts))


def _failed(
    data: bytes, filename: str | None, ctx: ExtractContext, media_type: str, reason: str
) -> Extracted:
    part = Part(ctx.origin, media_type, filename, size=len(data), error=reason)
    return Extracted(text="", parts=(part,), meta={"error": reason})


def display_origin(origin: str) -> str:
    """`attachment:a.eml/attachment:b.pdf` -> `a.eml/b.pdf`, for separator lines."""
    return "/".join(step.removeprefix("attachment:") for step in origin.split("/"))


def section(origin: str, member: Extracted) -> str:
    """The text of one attachment under a separator line that names it (and why it is empty)."""
    error = member.meta.get("error") or (not member.text and member.meta.get("warning"))
    name = display_origin(origin)
    if error:
        return f"\n\n--- bijlage: {name} (niet gelezen: {error}) ---\n"
    return f"\n\n--- bijlage: {name} ---\n{member.text}"
