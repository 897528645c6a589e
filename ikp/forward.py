"""Forwarding: the daemon's sender thread mails each outbox row to its team's address.

One row at a time: claim (a lease), build the mail, one SMTP transaction, mark it
sent. A crash after the server accepted a mail and before the mark sends it again
once the lease has run out, with the same Message-ID (see store.outbox). The
original is attached as bytes, never parsed here: the daemon only ever reads
untrusted mail inside the workers' sandbox.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import threading
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate

from ikp.config import Settings
from store import Store
from store.outbox import OutboxClaim, claim_next, forward_of, mark_sent, record_failure

log = logging.getLogger("ikp.forward")

_SUFFIX = {
    "message/rfc822": ".eml",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "image/tiff": ".tif",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


class NoAddress(Exception):
    """No team address is configured for a destination."""


def compose(settings: Settings, store: Store, claim: OutboxClaim, recipient: str) -> EmailMessage:
    """The mail for one outbox row: the confirmed decision in the body, the original attached."""
    fwd = forward_of(store.sessions, claim)
    if fwd is None:
        raise LookupError(f"item {claim.item_id} or decision {claim.decision_id} is gone")
    msg = EmailMessage()
    msg["Message-ID"] = claim.message_id
    msg["Date"] = formatdate(localtime=False)
    msg["From"] = settings.smtp_from
    msg["To"] = recipient
    role = "ter behandeling" if claim.role == "primary" else "ter informatie"
    # No reporter data in headers or body: the subject of the original may name the reporter.
    msg["Subject"] = f"IKP-melding {fwd.item_id} {role}: {', '.join(fwd.signal_types)}"
    msg["X-IKP-Item"] = str(fwd.item_id)
    msg["X-IKP-Destination"] = claim.destination
    lines = [
        f"IKP-melding {fwd.item_id}, {role} voor {claim.destination}.",
        "",
        f"Signaaltypen: {', '.join(fwd.signal_types)}",
        f"Dossiers: {', '.join(fwd.dossier_ids) or '(geen)'}",
        f"Termijn: {fwd.due or '(geen)'}",
        f"Prioriteit: {fwd.priority}",
        f"Primair: {fwd.primary}",
        f"Ter informatie: {', '.join(fwd.inform) or '(geen)'}",
        f"Ontvangen: {fwd.received.isoformat()} ({fwd.source})",
        f"Bevestigd door {fwd.decided_by} op {fwd.decided_at.isoformat()}",
    ]
    if fwd.note:
        lines += ["", "Notitie:", fwd.note]
    lines += ["", "Het origineel is bijgevoegd."]
    msg.set_content("\n".join(lines) + "\n")
    original = store.blobs.get(fwd.content_sha256)
    msg.add_attachment(
        original,
        maintype="application",
        subtype="octet-stream",
        filename=f"ikp-{fwd.item_id}-origineel{_SUFFIX.get(fwd.media_type, '.bin')}",
    )
    return msg


def send(settings: Settings, msg: EmailMessage, recipient: str) -> None:
    """One SMTP transaction; raises on anything but acceptance by the server."""
    assert settings.smtp_host is not None
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_s
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(msg, from_addr=settings.smtp_from, to_addrs=[recipient])


class Forwarder:
    """The sender loop of `ikp run`; any number of daemons may run one (leases)."""

    def __init__(self, settings: Settings, store: Store, stop: threading.Event) -> None:
        self.settings = settings
        self.store = store
        self.stop = stop
        self.name = f"{socket.gethostname()}:{os.getpid()}:forward"
        # Longer than one SMTP transaction can take, so a live sender keeps its row.
        self.lease = timedelta(seconds=3 * settings.smtp_timeout_s)
        self.retry = timedelta(seconds=settings.forward_retry_s)

    def run(self, idle_s: float = 1.0) -> None:
        delay = 1.0
        while not self.stop.is_set():
            try:
                sent = self.step()
            except Exception as exc:  # the database is away: wait, then retry
                log.warning("forward: %s: %s; retrying in %.0f s", type(exc).__name__, exc, delay)
                self.stop.wait(delay)
                delay = min(delay * 2, 60.0)
                continue
            delay = 1.0
            if not sent:
                self.stop.wait(idle_s)

    def step(self) -> bool:
        """Send the next due message, if any; True when there was one."""
        claim = claim_next(self.store.sessions, self.name, lease=self.lease)
        if claim is None:
            return False
        try:
            recipient = self.settings.forward.get(claim.destination)
            if not recipient:
                raise NoAddress(f"no address for {claim.destination} (IKP_FORWARD_...)")
            msg = compose(self.settings, self.store, claim, recipient)
            send(self.settings, msg, recipient)
        except Exception as exc:
            status = record_failure(
                self.store.sessions,
                claim,
                self.name,
                f"{type(exc).__name__}: {exc}",
                base=self.retry,
            )
            log.warning(
                "forward: item %s to %s, attempt %d: %s: %s (%s)",
                claim.item_id,
                claim.destination,
                claim.attempt,
                type(exc).__name__,
                exc,
                status,
            )
            return True
        mark_sent(self.store.sessions, claim, self.name, recipient)
        log.info("forward: item %s sent to %s", claim.item_id, claim.destination)
        return True
