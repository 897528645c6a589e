"""Mail (message/rfc822): subject, body, every attachment through the registry.

Parsed with `email` and `policy.default` (headers memoised: ingest.mailpolicy).
Leaf parts are decoded with `get_payload(decode=True)` and the declared charset
by `ingest.text`, not with `get_content()`: that raises KeyError or LookupError on
27 of the 300 corpus mails (lost boundaries, unknown charsets), and one path for
all keeps them alike.
Forwarded mails (message/rfc822 parts) are read as nested mails with a small
header block, because signals often sit in the forwarded part.
"""

from __future__ import annotations

import binascii
import email
import hashlib
import mimetypes
import quopri
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime

from contract.records import Part
from ingest.cleanup import clean_text
from ingest.mailpolicy import POLICY
from ingest.registry import (
    RFC822,
    ExtractContext,
    Extracted,
    ExtractionError,
    extract_member,
    section,
)

MAX_MIME_DEPTH = 40  # multipart inside multipart; real mails stay below 10
SMALL_INLINE_IMAGE = 20_000  # bytes; logos and icons of HTML layout, not worth OCR
MAX_KEPT_VALUE = 1000  # characters of a header value that are stored and shown
MAX_RECEIVED = 50  # Received headers looked at for the moment of receipt; real mails have < 20
# What the review page shows of a mail, in this order; the ones naming the sender also
# tell it whom to mask for roles without reporter access (review.routes.items).
KEPT_HEADERS = (
    "From",
    "Sender",
    "Reply-To",
    "Return-Path",
    "To",
    "Cc",
    "Date",
    "Subject",
    "Message-ID",
    "In-Reply-To",
)
# Dutch labels for the header block of a forwarded mail inside the text.
NESTED_HEADER_LABELS = (("From", "Van"), ("To", "Aan"), ("Cc", "Cc"), ("Date", "Datum"))


def header(msg: Message, name: str) -> str | None:
    """A header's decoded value; malformed encodings fall back to the raw text."""
    try:
        value = msg.get(name)
        return None if value is None else " ".join(str(value).split())
    except Exception:  # the header parser of policy.default raises several kinds
        for key, raw in msg.raw_items():
            if key.lower() == name.lower():
                return " ".join(str(raw).split())
    return None


def parse_date(value: str | None) -> datetime | None:
    """An RFC 2822 date, timezone-aware (UTC when the mail says -0000 or nothing)."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def received_at(msg: Message) -> datetime | None:
    """When our server got the mail: the newest (first) Received header that has a
    date after its last `;`, else the Date header.

    Read from the raw values (only the date is needed), and only the first
    MAX_RECEIVED of them: a hostile mail may carry thousands."""
    received = (raw for key, raw in msg.raw_items() if key.lower() == "received")
    for _, value in zip(range(MAX_RECEIVED), received, strict=False):
        if when := parse_date(str(value)[-MAX_KEPT_VALUE:].rpartition(";")[2]):
            return when
    return parse_date(header(msg, "Date"))


def message_id(msg: Message) -> str | None:
    value = header(msg, "Message-ID")
    if not value:
        return None
    found = re.search(r"<([^<>\s]+)>", value)
    return found.group(1) if found else value.strip("<> ") or None


def payload_bytes(part: Message) -> bytes:
    """The part's body with its transfer encoding undone (base64, qp, uuencode)."""
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


_UU_BEGIN = re.compile(rb"^begin [0-7]{3,4} (\S.*?)\s*$")


def _uu_line(line: bytes) -> bytes:
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        # Some encoders pad lines with garbage; trust the length byte (as the old uu module).
        nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
        try:
            return binascii.a2b_uu(line[:nbytes])
        except binascii.Error:
            return b""


def split_uuencoded(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """Take `begin 644 name ... end` blocks out of a text body, decoded."""
    if b"begin " not in data:
        return data, []
    kept: list[bytes] = []
    files: list[tuple[str, bytes]] = []
    current: tuple[str, list[bytes]] | None = None
    for line in data.split(b"\n"):
        stripped = line.rstrip(b"\r")
        if current is None:
            if found := _UU_BEGIN.match(stripped):
                current = (found.group(1).decode("utf-8", "replace"), [])
            else:
                kept.append(line)
        elif stripped.strip() == b"end":
            files.append((current[0], b"".join(current[1])))
            current = None
        elif stripped:
            current[1].append(_uu_line(stripped))
    if current is not None:
        files.append((current[0], b"".join(current[1])))
    return b"\n".join(kept), files


@dataclass
class _Walk:
    """Collects the bodies and attachments of one message, in order."""

    ctx: ExtractContext
    bodies: list[Extracted] = field(default_factory=list)
    attachments: list[tuple[str, Extracted]] = field(default_factory=list)
    names: Counter[str] = field(default_factory=Counter)

    def walk(self, part: Message, depth: int = 0, related: bool = False) -> None:
        ctype = part.get_content_type()
        if depth > MAX_MIME_DEPTH:
            self._note(part, f"MIME parts nested more than {MAX_MIME_DEPTH} deep were skipped")
        elif ctype in (RFC822, "message/global"):
            self.nested_mail(part)
        elif ctype == "message/delivery-status":  # a bounce: header blocks, read as text
            blocks = part.get_payload() if part.is_multipart() else []
            blocks = [block for block in blocks if isinstance(block, Message)]
            lines = [f"{k}: {v}" for block in blocks for k, v in block.raw_items()]
            text = "\n".join(" ".join(line.split()) for line in lines).encode("utf-8")
            origin = self._unique("body")
            self.bodies.append(extract_member(text, None, self.ctx.nested(origin), "text/plain"))
        elif part.is_multipart():
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            if part.get_content_subtype() == "alternative" and children:
                children = [_best_alternative(children)]
            for child in children:
                is_related = related or part.get_content_subtype() == "related"
                self.walk(child, depth + 1, is_related)
        elif _is_body(part):
            self.body(part)
        else:
            self.attachment(part, related)

    def _unique(self, name: str) -> str:
        self.names[name] += 1
        return name if self.names[name] == 1 else f"{name} ({self.names[name]})"

    def _note(self, part: Message, reason: str) -> None:
        origin = self.ctx.nested(self._unique("skipped")).origin
        failed = Part(origin, part.get_content_type(), error=reason)
        self.attachments.append((origin, Extracted("", (failed,), {"error": reason})))

    def body(self, part: Message) -> None:
        data = payload_bytes(part)
        declared = part.get_content_type()
        if declared.startswith("multipart/"):  # its boundary was never found: read it as text
            declared = "text/plain"
        if declared == "text/plain":
            data, files = split_uuencoded(data)
        else:
            files = []
        origin = self._unique("body")
        ctx = replace(self.ctx.nested(origin), charset=part.get_content_charset())
        self.bodies.append(extract_member(data, None, ctx, declared))
        for name, content in files:
            self.add_attachment(content, name, None, None)

    def attachment(self, part: Message, related: bool) -> None:
        data = payload_bytes(part)
        ctype = part.get_content_type()
        name = _filename(part) or f"naamloos{mimetypes.guess_extension(ctype) or '.bin'}"
        if related and part.get_content_maintype() == "image" and len(data) < SMALL_INLINE_IMAGE:
            origin = self.ctx.nested(f"attachment:{self._unique(name)}").origin
            reason = "small image in the HTML layout (logo or icon), not read"
            skipped = Part(origin, ctype, name, size=len(data), error=reason)
            self.bodies.append(Extracted("", (skipped,)))  # listed, but no separator in the text
            return
        self.add_attachment(data, name, ctype, part.get_content_charset())

    def add_attachment(
        self, data: bytes, name: str, declared: str | None, charset: str | None
    ) -> None:
        ctx = replace(self.ctx.nested(f"attachment:{self._unique(name)}"), charset=charset)
        self.attachments.append((ctx.origin, extract_member(data, name, ctx, declared)))

    def nested_mail(self, part: Message) -> None:
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if not isinstance(inner, Message) or encoding in ("base64", "quoted-printable"):
            # Encoded despite RFC 2046: the parser saw only encoded text. Decode, then parse.
            name = _filename(part) or "doorgestuurd.eml"
            self.add_attachment(_decode_nested(part, inner, encoding), name, RFC822, None)
            return
        subject = header(inner, "Subject")
        name = _filename(part) or f"{_safe_name(subject) or 'doorgestuurd'}.eml"
        ctx = self.ctx.nested(f"attachment:{self._unique(name)}")
        if ctx.depth > ctx.max_depth:
            reason = f"nested more than {ctx.max_depth} containers deep"
            failed = Part(ctx.origin, RFC822, name, error=reason)
            self.attachments.append((ctx.origin, Extracted("", (failed,), {"error": reason})))
            return
        result = extract_message(inner, ctx, top=False)
        own = Part(ctx.origin, RFC822, name, size=_size(inner))
        self.attachments.append((ctx.origin, replace(result, parts=(own, *result.parts))))


def _decode_nested(part: Message, inner: Message | None, encoding: str) -> bytes:
    if inner is None:
        return payload_bytes(part)
    raw = _as_bytes(inner)
    if encoding == "base64":
        raw = re.sub(rb"[^A-Za-z0-9+/]", b"", raw)
        return binascii.a2b_base64(raw[: len(raw) // 4 * 4])
    return quopri.decodestring(raw)


def _as_bytes(msg: Message) -> bytes:
    try:
        return msg.as_bytes()
    except Exception:  # re-serialising a broken mail can fail
        return str(msg.get_payload()).encode("utf-8", "surrogateescape")


def _is_body(part: Message) -> bool:
    if part.get_content_maintype() == "multipart":
        return True  # not parsed into parts (lost boundary): its raw text is all there is
    if part.get_content_type() not in ("text/plain", "text/html"):
        return False
    return part.get_content_disposition() != "attachment" and not _filename(part)


def _best_alternative(children: list[Message]) -> Message:
    """Plain text when it says something, else HTML (or a related group holding it), else last."""
    for child in children:
        if child.get_content_type() == "text/plain" and payload_bytes(child).strip():
            return child
    for child in children:
        if child.get_content_type() == "text/html" or child.is_multipart():
            return child
    return children[-1]


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except Exception:
        name = part.get_param("name")
        name = name if isinstance(name, str) else None
    if not name:
        return None
    name = " ".join(str(name).split()).replace("/", "_").replace("\\", "_")
    return name[:200] or None


def _safe_name(text: str | None) -> str:
    return re.sub(r"[^\w .,()-]+", "_", text or "").strip(" ._")[:60]


def _size(msg: Message) -> int:
    return len(_as_bytes(msg))


def headers_of(msg: Message) -> tuple[tuple[str, str], ...]:
    kept = []
    for name in KEPT_HEADERS:
        if value := header(msg, name):
            kept.append((name, value[:MAX_KEPT_VALUE]))
    return tuple(kept)


def extract_message(
    msg: Message, ctx: ExtractContext, *, raw: bytes | None = None, top: bool = True
) -> Extracted:
    """Text and parts of a parsed mail. A nested mail's text starts with who sent it when."""
    walk = _Walk(ctx)
    walk.walk(msg)
    subject = header(msg, "Subject")
    if top:
        head = subject or ""
    else:
        lines = [
            f"{label}: {v}" for name, label in NESTED_HEADER_LABELS if (v := header(msg, name))
        ]
        head = "\n".join([*lines, f"Onderwerp: {subject}" if subject else ""])
    bodies = "\n\n".join(b.text for b in walk.bodies if b.text)
    text = "\n\n".join(t for t in (head.strip(), bodies) if t)
    text += "".join(section(origin, member) for origin, member in walk.attachments)
    meta = {"subject": subject or "", "sender": header(msg, "From") or ""}
    if mid := message_id(msg):
        meta["message_id"] = mid
    elif raw is not None:
        meta["message_id"] = f"sha256:{hashlib.sha256(raw).hexdigest()}"
    if when := received_at(msg):
        meta["received"] = when.isoformat()
    parts = [p for b in walk.bodies for p in b.parts]
    parts += [p for _, member in walk.attachments for p in member.parts]
    return Extracted(clean_text(text), tuple(parts), meta, headers_of(msg))


class MailExtractor:
    name = "mail"
    media_types = (RFC822, "message/global")
    extensions = (".eml", ".mbox", ".msg822")
    container = True

    def extract(self, data: bytes, filename: str | None, ctx: ExtractContext) -> Extracted:
        try:
            msg = email.message_from_bytes(data, policy=POLICY)
        except Exception as exc:  # the parser is lenient; this is a last resort
            raise ExtractionError(f"mail cannot be parsed: {type(exc).__name__}: {exc}") from exc
        return extract_message(msg, ctx, raw=data, top=ctx.depth == 0)
