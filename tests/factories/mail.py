"""Fictional mails built in code."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime


def tip_mail(n: int, *, run: str = "t") -> bytes:
    """A small fictional tip; the Message-ID makes each one distinct."""
    msg = EmailMessage()
    msg["From"] = "handhaving@gemeente.example"
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = f"Melding {n}"
    msg["Message-ID"] = f"<tip-{run}-{n}@gemeente.example>"
    msg["Date"] = format_datetime(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))
    msg.set_content(f"Melding {n}: op Kerkstraat {n} in Zwolle wonen meer mensen dan ingeschreven.")
    return bytes(msg)


MELDING = (
    "Geachte heer, mevrouw,",
    "Mevrouw Annelies Vermeulen-Dekker woont niet meer op de Lindelaan 17.",
    "Het huwelijk is gesloten voor de papieren; er is geld betaald aan een bemiddelaar.",
)


def make_mail(
    subject: str = "Melding schijnhuwelijk",
    body: str | None = "\n".join(MELDING),
    *,
    html: str | None = None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    headers: tuple[tuple[str, str], ...] = (),
    message_id: str | None = "<melding-001@voorbeeld.nl>",
) -> EmailMessage:
    """A mail from a fictional citizen; attachments as (filename, data, media type)."""
    msg = EmailMessage()
    for name, value in headers:
        msg[name] = value
    msg["From"] = "Jan de Vries <j.devries@voorbeeld.nl>"
    msg["To"] = "meldpunt@ikp.example"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 04 Nov 2025 10:15:00 +0100"
    if message_id:
        msg["Message-ID"] = message_id
    if body is not None:
        msg.set_content(body)
    if html is not None:
        if body is None:
            msg.set_content(html, subtype="html")
        else:
            msg.add_alternative(html, subtype="html")
    for filename, data, media_type in attachments:
        maintype, subtype = media_type.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


# Hostile mails: what an outsider can send to the mailbox. Each keeps a readable body,
# so a mail that is handled within limits still reaches the review queue.
_HOSTILE_HEAD = (
    b"Received: from mx.example by ikp.example; Tue, 03 Nov 2026 10:15:00 +0100\r\n"
    b"Date: Tue, 03 Nov 2026 10:00:00 +0100\r\n"
)
_HOSTILE_BODY = b"Op Kerkstraat 7 in Zwolle wonen meer mensen dan er staan ingeschreven.\r\n"


def _hostile(name: str, headers: bytes, *, content_type: bytes = b"text/plain") -> bytes:
    return (
        _HOSTILE_HEAD
        + f"Message-ID: <hostile-{name}@aanvaller.example>\r\n".encode()
        + headers
        + b"MIME-Version: 1.0\r\nContent-Type: "
        + content_type
        + b"\r\n\r\n"
        + _HOSTILE_BODY
    )


def oversized_subject_mail(size: int = 1_250_000) -> bytes:
    """A Subject of encoded words `size` bytes long (ran intake out of memory at 3 GB)."""
    word = b"=?utf-8?q?Melding_over_een_adres?= "
    return _hostile(
        "subject", b"From: melder@example.org\r\nSubject: " + word * (size // len(word)) + b"\r\n"
    )


def many_recipients_mail(count: int = 100_000) -> bytes:
    """A To header with `count` addresses (one view took 46 s)."""
    to = b",\r\n ".join(b"ontvanger%d@example.org" % n for n in range(count))
    return _hostile("to", b"From: melder@example.org\r\nSubject: Melding\r\nTo: " + to + b"\r\n")


def nested_comments_mail(depth: int = 20_000) -> bytes:
    """A From with `depth` nested comments (RecursionError in the address parser)."""
    sender = b"(" * depth + b"x" + b")" * depth + b" <melder@example.org>"
    return _hostile("comments", b"From: " + sender + b"\r\nSubject: Melding\r\n")


def unknown_charset_mail() -> bytes:
    """A body and a Subject in a charset no codec knows."""
    return _hostile(
        "charset",
        b"From: melder@example.org\r\nSubject: =?x-bestaat-niet?q?Melding?=\r\n",
        content_type=b'text/plain; charset="x-bestaat-niet"',
    )


def many_headers_mail(count: int = 100_000) -> bytes:
    """`count` Received headers without a date before the real ones (several MB of header)."""
    received = b"Received: from relay.example by relay.example\r\n" * count
    return _hostile("headers", received + b"From: melder@example.org\r\nSubject: Melding\r\n")


# Plausible invented Dutch prose for long texts: every sentence draws a person, a street
# and a town, so the text neither repeats exactly nor compresses like a bomb.
_PEOPLE = ("Hendrik Molenkamp", "Ilse Broekhuis", "Teun Varkevisser", "Noor Vlietstra")
_STREETS = ("Kerkpad", "Lindelaan", "Wilgenhof", "Molensingel", "Esdoornstraat")
_TOWNS = ("Zandrecht", "Oudervaart", "Breeveld", "Hoogwolde")
_SENTENCES = (
    "Op {street} {n} in {town} wonen volgens de buren al maanden meer mensen dan er staan "
    "ingeschreven.",
    "{person} zegt dat er 's avonds busjes komen die arbeiders ophalen voor de kassen.",
    "De verhuurder vraagt per bed {n}0 euro per week en houdt de paspoorten in.",
    "Volgens {person} is het huwelijk op {street} alleen gesloten voor de verblijfspapieren.",
    "In {town} is het pand aan de {street} sinds het voorjaar verbouwd tot kamers.",
    "Niemand van de bewoners spreekt met de buren, en de gordijnen blijven dicht.",
)


def dutch_prose(chars: int, seed: int = 0) -> str:
    """About `chars` characters of invented Dutch prose in paragraphs; deterministic."""
    parts: list[str] = []
    size, n = 0, seed
    while size < chars:
        n += 1
        sentence = _SENTENCES[(n * 7 + n // 6) % len(_SENTENCES)].format(
            person=_PEOPLE[n % len(_PEOPLE)],
            street=_STREETS[(n // 3) % len(_STREETS)],
            town=_TOWNS[(n // 5) % len(_TOWNS)],
            n=n % 97 + 1,
        )
        parts.append(sentence + ("\n\n" if n % 5 == 0 else " "))
        size += len(parts[-1])
    return "".join(parts)[:chars]


def long_text_mail(chars: int = 1_100_000, *, name: str = "long") -> bytes:
    """A plain-text body of `chars` characters of prose (failed five times in spaCy);
    `name` goes into the Message-ID, so that two lengths are two mails."""
    body = dutch_prose(chars).encode().replace(b"\n", b"\r\n")
    return _hostile(name, b"From: melder@example.org\r\nSubject: Lange melding\r\n") + body


def thirty_mb_body_mail() -> bytes:
    """A body of 30 million characters (30 MB): held whole several times on its way from
    the sandbox to the store, it took the daemon and its sandbox past 1 GB."""
    return long_text_mail(30_000_000, name="long-30mb")


def nested_zip_mail(outer: int = 3, inner: int = 4, chars: int = 2_000_000) -> bytes:
    """A zip of `outer` zips of `inner` text files of `chars` characters each
    (24 million characters by default; nested zips of 28 M characters failed)."""
    zips = {
        f"deel{i}.zip": make_zip(
            {
                f"verslag{i}-{j}.txt": dutch_prose(chars, seed=i * 1000 + j).encode()
                for j in range(inner)
            }
        )
        for i in range(outer)
    }
    msg = make_mail(
        "Bijlagen bij melding", "Zie de bijlagen.", message_id="<hostile-zip@aanvaller.example>"
    )
    msg.add_attachment(
        make_zip(zips), maintype="application", subtype="zip", filename="stukken.zip"
    )
    return bytes(msg)


# Mails whose headers are built to break parsers (all sent 2026-11-03 09:15 UTC).
HOSTILE_HEADERS = {
    "oversized subject": oversized_subject_mail,
    "100,000 To addresses": many_recipients_mail,
    "20,000 nested comments": nested_comments_mail,
    "unknown charset": unknown_charset_mail,
    "100,000 header lines": many_headers_mail,
}
# ... and the abuse suite's whole set: those, and texts of millions of characters.
HOSTILE_MAILS = {
    **HOSTILE_HEADERS,
    "1.1 million characters of text": long_text_mail,
    "nested zips of 24 million characters": nested_zip_mail,
    "a body of 30 million characters": thirty_mb_body_mail,
}
