"""winmail.dat (application/ms-tnef): Outlook's body and attachments, via tnefparse.

The body comes as plain text, HTML or compressed RTF (decompressed by
compressed_rtf, which tnefparse uses when installed); attachments go through
the registry like a mail's.
"""

from __future__ import annotations

import logging

from tnefparse import TNEF

from contract.records import Part
from ingest.cleanup import clean_text
from ingest.html import decode_html, html_to_text
from ingest.registry import (
    ExtractContext,
    Extracted,
    ExtractionError,
    extract_member,
    section,
)
from ingest.rtf import rtf_to_text

# tnefparse logs every unknown attribute at WARNING; they say nothing about our data.
logging.getLogger("tnefparse").setLevel(logging.ERROR)


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _body(tnef: TNEF) -> str:
    if tnef.body:
        body = tnef.body
        return clean_text(body if isinstance(body, str) else body.decode("cp1252", "replace"))
    if tnef.htmlbody:
        html = tnef.htmlbody
        return html_to_text(html if isinstance(html, str) else decode_html(html))
    rtf = tnef.rtfbody
    if rtf and rtf.lstrip().startswith(b"{\\rtf"):  # still compressed when compressed_rtf is absent
        try:
            return rtf_to_text(rtf)
        except ExtractionError:
            return ""
    return ""


class TnefExtractor:
    name = "tnef"
    media_types = ("application/ms-tnef", "application/vnd.ms-tnef")
    extensions = (".dat", ".tnef")
    container = True

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        try:
            tnef = TNEF(data, do_checksum=False)
            body = _body(tnef)
            files = [(a.long_filename() or a.name, _as_bytes(a.data)) for a in tnef.attachments]
        except MemoryError:
            raise
        except Exception as exc:  # tnefparse raises whatever its byte slicing hits
            raise ExtractionError(f"winmail.dat cannot be read: {type(exc).__name__}") from exc
        members = []
        for number, (name, content) in enumerate(files, start=1):
            name = str(name).strip("\x00 ").replace("/", "_") or f"bijlage-{number}.bin"
            member_ctx = ctx.nested(f"attachment:{name}")
            members.append((member_ctx.origin, extract_member(content, name, member_ctx)))
        body_part = Part(ctx.nested("body").origin, "text/plain", size=len(body), text=body)
        text = body + "".join(section(origin, member) for origin, member in members)
        parts = (body_part, *(p for _, member in members for p in member.parts))
        return Extracted(text=clean_text(text), parts=parts)
