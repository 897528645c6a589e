"""Secret, CSRF tokens, security headers, the body limit and the client address for the
review app."""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.datastructures import FormData
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Larger request bodies are refused before any page, login or CSRF check reads them:
# the largest form (a phone signal's text) is far smaller.
MAX_BODY_BYTES = 2 * 1024 * 1024
# No inline script or style anywhere: every asset comes from /static.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cache-control", b"no-store"),
]


def load_secret(data_dir: Path) -> str:
    """The session signing key in IKP_DATA_DIR/secret, created 0600 on first use."""
    path = data_dir / "secret"
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))
    return path.read_text().strip()


class SecurityHeaders:
    """Adds the headers above to every response, errors and static files included.

    An exception no handler took becomes a plain 500 here, with the headers: Starlette's
    own 500 page is sent from outside every middleware, so it would go without them.
    """

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        # HSTS only when served over https: on plain http it would be meaningless.
        self.headers = HEADERS + [(b"strict-transport-security", b"max-age=31536000")] * hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            if not started:
                await _plain(with_headers, 500, "Er ging iets mis op de server.")
            raise  # on to the server's log


async def _plain(send: Send, status: int, text: str) -> None:
    """A short text/plain response."""
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text.encode()})


class BodyLimit:
    """413 for a request body over `limit` bytes, before any page reads it.

    A declared Content-Length is checked before a byte of the body is read; a chunked
    body is read here, at most `limit` bytes, and handed on only when it fits.
    """

    def __init__(self, app: ASGIApp, *, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > self.limit:
                await _plain(send, 413, "Het verzoek is te groot.")
                return
        elif b"transfer-encoding" in headers:
            body = await self._read_within_limit(receive)
            if body is None:
                await _plain(send, 413, "Het verzoek is te groot.")
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    async def _read_within_limit(self, receive: Receive) -> list[Message] | None:
        """The body's messages, or None as soon as they pass the limit."""
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > self.limit:
                return None
            if message["type"] != "http.request" or not message.get("more_body"):
                return messages


def _replay(messages: Sequence[Message], receive: Receive) -> Receive:
    """`receive` that first hands out `messages` again."""
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


Network = IPv4Network | IPv6Network


def client_address(request: Request, trusted_proxies: Sequence[Network]) -> str:
    """The client's address: the socket peer's, or, when the peer is a trusted proxy, the
    last address in X-Forwarded-For that is not a trusted proxy (addresses to the left
    of it are the client's own claims and prove nothing)."""
    peer = request.client.host if request.client else "?"
    if not _within(peer, trusted_proxies):
        return peer
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _within(hop, trusted_proxies):
            return hop if _is_address(hop) else peer
    return hops[0] if hops else peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _within(text: str, networks: Sequence[Network]) -> bool:
    try:
        address = ip_address(text)
    except ValueError:
        return False
    return any(address in network for network in networks)


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


class Refused(HTTPException):
    """403 that the app writes to the audit log as `action` (review.app)."""

    def __init__(self, action: str, detail: str) -> None:
        super().__init__(status_code=403, detail=detail)
        self.action = action


async def checked_form(request: Request) -> FormData:
    """The POSTed form, after checking its CSRF token against the session's."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
        raise Refused("csrf.refused", "CSRF-token ontbreekt of klopt niet")
    return form
