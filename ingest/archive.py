"""Zip archives: every member through the registry, within limits against zip bombs.

Sizes in the central directory are claims; each member is read with a cap one
byte past what is left of the budget, so a lying header cannot get past it.
"""

from __future__ import annotations

import io
import zipfile

from ingest.cleanup import clean_text
from ingest.registry import (
    ExtractContext,
    Extracted,
    ExtractionError,
    extract_member,
    section,
)

MAX_MEMBERS = 500
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed, all members together
MAX_RATIO = 100  # uncompressed / compressed; text compresses ~10x, bombs ~1000x
RATIO_FLOOR = 1024 * 1024  # small members may compress well without being a bomb
_BAD_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError)


def open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (*_BAD_ZIP, KeyError, NotImplementedError) as exc:
        raise ExtractionError(f"zip is damaged: {exc}") from exc


def check_limits(zf: zipfile.ZipFile, max_total: int = MAX_TOTAL_BYTES) -> None:
    """Refuse archives whose directory already announces a bomb (docx uses this too)."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ExtractionError(f"zip holds {len(infos)} files; the limit is {MAX_MEMBERS}")
    total = sum(info.file_size for info in infos)
    if total > max_total:
        raise ExtractionError(f"zip unpacks to {total} bytes; the limit is {max_total}")
    for info in infos:
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ExtractionError(
                f"zip member {info.filename!r} is compressed {ratio}x; a zip bomb is likely"
            )


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, never more than `budget` whatever its header claims."""
    if info.flag_bits & 0x1:
        raise ExtractionError("member is encrypted with a password")
    try:
        with zf.open(info) as handle:
            data = handle.read(budget + 1)
    except (*_BAD_ZIP, RuntimeError, NotImplementedError, zipfile.BadZipFile) as exc:
        raise ExtractionError(f"member cannot be unpacked: {exc}") from exc
    if len(data) > budget:
        raise ExtractionError("member unpacks beyond the size limit; a zip bomb is likely")
    return data


class ZipExtractor:
    name = "zip"
    media_types = ("application/zip", "application/x-zip-compressed", "application/x-zip")
    extensions = (".zip",)
    container = True

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        if ctx.depth >= ctx.max_depth:
            raise ExtractionError(f"zip nested more than {ctx.max_depth} containers deep")
        with open_zip(data) as zf:
            check_limits(zf)
            budget = MAX_TOTAL_BYTES
            members = []
            for info in zf.infolist():
                if info.is_dir():
                    continue
                name = info.filename
                member_ctx = ctx.nested(f"attachment:{name}")
                try:
                    content = read_member(zf, info, min(budget, ctx.max_bytes))
                except ExtractionError as exc:
                    members.append((member_ctx.origin, _refused(member_ctx, name, str(exc))))
                    if "zip bomb" in str(exc):
                        break
                    continue
                budget -= len(content)
                basename = name.rsplit("/", 1)[-1]
                members.append((member_ctx.origin, extract_member(content, basename, member_ctx)))
        text = "".join(section(origin, member) for origin, member in members)
        parts = tuple(p for _, member in members for p in member.parts)
        return Extracted(text=clean_text(text), parts=parts)


def _refused(ctx: ExtractContext, name: str, reason: str) -> Extracted:
    from contract.records import Part

    part = Part(ctx.origin, "application/octet-stream", name, error=reason)
    return Extracted("", (part,), {"error": reason})
