"""Outlook messages (.msg): headers, body and attachments via extract-msg.

Chain partners forward mails saved from Outlook, as attachments or into the
scan folder. A .msg is an OLE compound file; its header block (the transport
headers Outlook kept, or one built from its properties) is read like a mail's,
its body is plain text, else HTML, else RTF. Attachments go through the
registry like a mail's; an attached Outlook message is read the same way,
nested, and its parts keep the path they came by.
Older tools saved plain RFC 822 mails under the .msg name: those go to the
mail extractor.
"""

from __future__ import annotations

import email
import hashlib
import logging
from collections import Counter
from dataclasses import replace
from email.message import Message
from typing import TYPE_CHECKING

from contract.records import Part
from ingest.cleanup import clean_text
from ingest.html import decode_html, html_to_text
from ingest.mail import (
    NESTED_HEADER_LABELS,
    SMALL_INLINE_IMAGE,
    header,
    headers_of,
    message_id,
    received_at,
)
from ingest.mailpolicy import POLICY
from ingest.registry import (
    RFC822,
    ExtractContext,
    Extracted,
    ExtractionError,
    detect_media_type,
    extract_member,
    run_extractor,
    section,
)
from ingest.rtf import rtf_to_text

if TYPE_CHECKING:  # extract-msg (13 MB) is imported when an Outlook message arrives
    from extract_msg.msg_classes import MessageBase, MSGFile

MSG = "application/vnd.ms-outlook"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extract-msg logs every odd property at WARNING and above; the parts say what failed.
logging.getLogger("extract_msg").setLevel(logging.CRITICAL)


def _body(msg: MessageBase) -> str:
    """Plain text when it says something, else HTML, else RTF (Outlook keeps all or some)."""
    plain = msg.body
    if plain and plain.strip():
        return clean_text(plain)
    html = msg.htmlBody
    if html:
        return html_to_text(decode_html(html))
    rtf = msg.rtfBody
    if rtf:
        try:
            return rtf_to_text(rtf)
        except ExtractionError:
            return ""
    return ""


def _headers(msg: MessageBase) -> Message:
    """The header block, parsed again with policy.default (memoised, as for .eml):
    extract-msg's copy keeps RFC 2047 encoded words (`=?UTF-8?Q?...`) as they are."""
    try:
        return email.message_from_string(msg.header.as_string(), policy=POLICY)
    except Exception:  # a header that cannot be serialised: keep extract-msg's
        return msg.header


def _head(headers: Message, subject: str, top: bool) -> str:
    """The subject; for a nested message also who sent it to whom when (Dutch labels)."""
    if top:
        return subject
    found = ((label, header(headers, name)) for name, label in NESTED_HEADER_LABELS)
    lines = [f"{label}: {value}" for label, value in found if value]
    return "\n".join([*lines, f"Onderwerp: {subject}" if subject else ""])


def _name(attachment: object, number: int, embedded: bool) -> str:
    name = getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
    name = name or getattr(attachment, "displayName", None)
    name = " ".join(str(name or "").split()).strip("\x00 ").replace("/", "_").replace("\\", "_")
    return name[:200] or f"bijlage-{number}{'.msg' if embedded else '.bin'}"


def read_message(msg: MSGFile, ctx: ExtractContext, raw: bytes | None = None) -> Extracted:
    """Text and parts of an opened message; attachments and nested messages recursively."""
    from extract_msg.enums import AttachmentType
    from extract_msg.msg_classes import MessageBase

    if not isinstance(msg, MessageBase):
        kind = getattr(msg, "classType", None) or "?"
        raise ExtractionError(f"Outlook item of class {kind} holds no message")
    headers = _headers(msg)
    subject = msg.subject or header(headers, "Subject") or ""
    body = _body(msg)
    names: Counter[str] = Counter()
    members: list[tuple[str, Extracted]] = []
    parts: list[Part] = []
    for number, attachment in enumerate(msg.attachments, start=1):
        embedded = attachment.type == AttachmentType.MSG
        name = _name(attachment, number, embedded)
        names[name] += 1
        unique = name if names[name] == 1 else f"{name} ({names[name]})"
        member_ctx = ctx.nested(f"attachment:{unique}")
        if embedded:
            members.append((member_ctx.origin, _nested(attachment.data, name, member_ctx)))
        elif attachment.type == AttachmentType.DATA and isinstance(attachment.data, bytes):
            data = attachment.data
            mime = attachment.mimetype or ""
            inline = attachment.hidden or attachment.cid
            if inline and mime.startswith("image/") and len(data) < SMALL_INLINE_IMAGE:
                # Logos and icons of the HTML layout, skipped as ingest.mail does.
                reason = "small image in the HTML layout (logo or icon), not read"
                parts.append(Part(member_ctx.origin, mime, name, size=len(data), error=reason))
                continue
            members.append((member_ctx.origin, extract_member(data, name, member_ctx)))
        else:
            reason = f"Outlook attachment of type {attachment.type.name} cannot be read"
            failed = Part(member_ctx.origin, "application/octet-stream", name, error=reason)
            members.append((member_ctx.origin, Extracted("", (failed,), {"error": reason})))
    head = _head(headers, subject, top=ctx.depth == 0)
    text = "\n\n".join(t for t in (head.strip(), body) if t)
    text += "".join(section(origin, member) for origin, member in members)
    body_part = Part(ctx.nested("body").origin, "text/plain", size=len(body), text=body)
    parts = [body_part, *parts, *(p for _, member in members for p in member.parts)]
    meta = {"subject": subject, "sender": header(headers, "From") or msg.sender or ""}
    if mid := message_id(headers) or (msg.messageId or "").strip("<> "):
        meta["message_id"] = mid
    elif raw is not None:
        meta["message_id"] = f"sha256:{hashlib.sha256(raw).hexdigest()}"
    if when := received_at(headers) or msg.date:
        meta["received"] = when.isoformat()
    return Extracted(clean_text(text), tuple(parts), meta, headers_of(headers))


def _nested(inner: object, name: str, ctx: ExtractContext) -> Extracted:
    """An Outlook message attached to one: read in place, with a part of its own first."""
    from extract_msg.msg_classes import MSGFile

    if ctx.depth > ctx.max_depth:
        reason = f"nested more than {ctx.max_depth} containers deep"
    elif not isinstance(inner, MSGFile):
        reason = "attached Outlook message cannot be opened"
    else:
        try:
            result = read_message(inner, ctx)
        except ExtractionError as exc:
            reason = str(exc)
        else:
            own = Part(ctx.origin, MSG, name)
            return replace(result, parts=(own, *result.parts))
    failed = Part(ctx.origin, MSG, name, error=reason)
    return Extracted("", (failed,), {"error": reason})


class MsgExtractor:
    name = "msg"
    media_types = (MSG, "application/x-msg")
    extensions = (".msg",)
    container = True

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        if not data.startswith(OLE_MAGIC):
            if detect_media_type(data) == RFC822:
                return run_extractor(data, filename, ctx, RFC822)[1]
            raise ExtractionError("not an Outlook message: no OLE compound file")
        import extract_msg

        try:
            msg = extract_msg.openMsg(data, strict=False, delayAttachments=False)
        except MemoryError:
            raise
        except Exception as exc:  # olefile and extract-msg raise many kinds on damaged files
            reason = f"{type(exc).__name__}: {exc}"[:200]
            raise ExtractionError(f"Outlook message cannot be read: {reason}") from exc
        try:
            return read_message(msg, ctx, raw=data)
        except (ExtractionError, MemoryError, RecursionError):
            raise
        except Exception as exc:  # a property extract-msg cannot decode
            reason = f"{type(exc).__name__}: {exc}"[:200]
            raise ExtractionError(f"Outlook message cannot be read: {reason}") from exc
        finally:
            msg.close()
