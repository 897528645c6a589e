"""Builders for the review tests: fictional users, mails and analysed items."""

from __future__ import annotations

import email
import re
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage

from fastapi.testclient import TestClient
from sqlalchemy import select

from contract.clock import local_today
from contract.records import (
    Analysis,
    Classification,
    Document,
    DossierLink,
    Entity,
    Part,
    Routing,
    SignalScore,
)
from ingest.mail import headers_of
from ingest.mailpolicy import POLICY
from store import Store
from store.items import Intake, add_item, save_analysis
from store.models import Item, Suggestion, User
from store.users import add_user
from tests.factories.namesakes import LINK_ENTITIES, LINK_REGISTER, LINK_TEXT

PASSWORD = "correct horse battery"
USERS = {
    "anna": "medewerker",
    "bram": "medewerker",
    "carla": "beheerder",
    "dirk": "analist",
    "eva": "datascientist",
}
RECEIVED = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)
PIXEL_HOST = "pixel.tracker.example"


def add_users(store: Store) -> None:
    """The users of USERS, one of each role, all with PASSWORD."""
    add_user(store.sessions, "anna", USERS["anna"], PASSWORD)  # the real path, once
    with store.sessions() as session, session.begin():
        digest = session.scalars(select(User.password_hash)).one()
        for name, role in list(USERS.items())[1:]:
            # argon2 is slow on purpose; the other users share anna's hash
            session.add(User(username=name, role=role, password_hash=digest))


def mail(subject: str, body: str, *, html: str | None = None, n: int = 0) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Melder Fictief <melder@voorbeeld.example>"
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<review-{n}@voorbeeld.example>"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return bytes(msg)


REPORTER = "Joost van Fictief"
REPORTER_ADDRESS = "joost.fictief@voorbeeld.example"
REPORTER_BODY = (
    "Mijn buurman Kees Verzonnen (V-nummer 1234567890) woont niet op Kerkpad 4.\n"
    "Joost van Fictief heeft dit zelf gezien. Bel me op 06 0000 1111.\n"
    "Ik woon op Verzonnenstraat 7 in Voorbeelddorp.\n\n"
    "Met vriendelijke groet,\n\nJ. van Fictief\nVerzonnenstraat 7\n1234 AB Voorbeelddorp\n"
)


def reporter_mail(n: int) -> bytes:
    """A fictional reporter who signs with name, address and phone number."""
    msg = EmailMessage()
    msg["From"] = f"{REPORTER} <{REPORTER_ADDRESS}>"
    msg["Reply-To"] = REPORTER_ADDRESS
    msg["To"] = "ikp@ind.example"
    msg["Subject"] = f"Melding van {REPORTER}"
    msg["Message-ID"] = f"<review-{n}@voorbeeld.example>"
    msg.set_content(REPORTER_BODY)
    return bytes(msg)


def seed_reported_item(store: Store, n: int) -> int:
    """An analysed item from reporter_mail, with the sender stored as the pipeline does."""
    item_id = seed_item(
        store, n=n, subject=f"Melding van {REPORTER}", text=REPORTER_BODY, raw=reporter_mail(n)
    )
    with store.sessions() as session, session.begin():
        item = session.get(Item, item_id)
        assert item is not None
        item.sender = f"{REPORTER} <{REPORTER_ADDRESS}>"
    return item_id


def seed_item(
    store: Store,
    *,
    n: int,
    subject: str = "Melding schijnhuwelijk",
    text: str = "Jan Fictief (V-nummer 1234567890) woont niet samen met zijn partner.",
    types: tuple[tuple[str, float], ...] = (("schijnhuwelijk", 0.88),),
    links: tuple[tuple[str, float], ...] = (("D-000101", 0.93), ("D-000202", 0.61)),
    due: date = date(2026, 11, 30),
    priority: str = "normaal",
    primary: str = "primair_proces",
    raw: bytes | None = None,
    received: datetime = RECEIVED,
    headers: tuple[tuple[str, str], ...] | None = None,
    parts: tuple[Part, ...] = (),
    entities: tuple[Entity, ...] | None = None,
    dossier_links: tuple[DossierLink, ...] | None = None,
    possible_links: tuple[DossierLink, ...] = (),
) -> int:
    """An analysed item as the worker saves it; `headers` default to those ingest reads
    from `raw` (give them to skip reading a mail that is built to break parsers);
    `entities` and `dossier_links` replace the V-nummer and the `links` of the default."""
    raw = raw or mail(subject, text, n=n)
    if headers is None:
        headers = headers_of(email.message_from_bytes(raw, policy=POLICY))
    stored = add_item(
        store.sessions,
        store.blobs,
        Intake(
            raw=raw,
            source="email",
            source_ref=f"review-{n}@voorbeeld.example",
            message_id=f"review-{n}@voorbeeld.example",
            media_type="message/rfc822",
            received=received,
            subject=subject,
        ),
    )
    if entities is None and "1234567890" in text:
        start = text.index("1234567890")
        entities = (Entity("V_NUMMER", "1234567890", "1234567890", start, start + 10),)
    if dossier_links is None:
        dossier_links = tuple(DossierLink(d, s, ("V_NUMMER exact",)) for d, s in links)
    analysis = Analysis(
        document=Document(
            "email",
            f"review-{n}",
            text,
            "message/rfc822",
            subject=subject,
            headers=headers,
            parts=parts,
        ),
        entities=entities or (),
        classification=Classification(
            signal_types=tuple(SignalScore(c, s, (f"woorden bij {c}",)) for c, s in types),
            uncertain=False,
            model_version="signals-test",
            scores=dict(types),
        ),
        dossier_links=dossier_links,
        routing=Routing(primary, ("hik",), priority, due, ("test_regel",)),
        received=received,
        possible_links=possible_links,
    )
    with store.sessions() as session, session.begin():
        item = session.get(Item, stored.id)
        assert item is not None
        save_analysis(session, item, analysis)
    return stored.id


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "page has no CSRF token"
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in and return the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/").text)


def days_ago(n: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=n)


DEMO_TYPES = (
    ("schijnhuwelijk", "Samenwonen klopt niet", "primair_proces"),
    ("mensenhandel", "Uitbuiting in nagelsalon", "emm"),
    ("identiteitsfraude", "Twee paspoorten op één naam", "primair_proces"),
    ("referentfraude", "Referent woont op ander adres", "primair_proces"),
    ("openbare_orde", "Melding van de wijkagent", "toezicht"),
    ("algemene_vraag", "Vraag over de status van een aanvraag", "ketenservicelijn"),
)


def seed_demo(store: Store, count: int = 36) -> int:
    """A plausible mix of open and confirmed items for screenshots; returns an open item."""
    from store.review import DecisionInput, claim, confirm

    today = local_today()  # the real clock, as the live app's
    first_open = 0
    for n in range(count):
        code, subject, primary = DEMO_TYPES[n % len(DEMO_TYPES)]
        received = datetime.now(UTC) - timedelta(days=(n * 2) % 40, hours=n)
        item_id = seed_item(
            store,
            n=100 + n,
            subject=subject,
            text=f"{subject}. Jan Fictief, V-nummer 1234567890, Voorbeeldstraat {n}.",
            types=((code, 0.55 + (n % 5) / 10),),
            due=today + timedelta(days=(n % 9) - 3),
            priority=("normaal", "hoog", "spoed")[n % 3 if n % 4 == 0 else 0],
            primary=primary,
            received=received,
        )
        if n % 4 == 3:  # a quarter confirmed, some with a corrected type
            claim(store.sessions, item_id, "carla", now=received + timedelta(days=1))
            final = code if n % 6 != 5 else "verblijfsfraude"
            confirm(
                store.sessions,
                item_id,
                "carla",
                DecisionInput(
                    (final,), ("D-000101",), (), primary, ("hik",), "normaal", None, None
                ),
                now=received + timedelta(days=1 + n % 4),
            )
        elif not first_open and code == "schijnhuwelijk":
            first_open = item_id
    return first_open


def seed_weeks(
    store: Store,
    counts: list[int],
    code: str,
    *,
    first_id: int,
    last_monday: date = date(2026, 11, 30),
) -> None:
    """counts[i] items of type `code` in week i, the last week starting `last_monday`."""
    weeks = len(counts)
    n = first_id
    with store.sessions() as session, session.begin():
        for w, count in enumerate(counts):
            monday = last_monday - timedelta(weeks=weeks - 1 - w)
            for k in range(count):
                received = datetime.combine(monday, time(), UTC) + timedelta(hours=k)
                item = Item(
                    source="email" if k % 2 else "scan",
                    source_ref=f"trend-{n}",
                    content_sha256=f"{n:064d}",
                    media_type="text/plain",
                    received=received,
                    status="review",
                    primary="hik",
                    parts=[],
                )
                item.suggestions.append(
                    Suggestion(
                        model_version="m",
                        signal_types=[{"code": code, "score": 0.9, "why": []}],
                        scores={},
                        dossier_links=[],
                        routing={},
                    )
                )
                session.add(item)
                n += 1


LATER_TEXT = "Kees Verzonnen (V-nummer 1234567890) is weer gezien op Kerkpad 4."


def propose(store: Store, later: int, earlier: int, *evidence: str, score: float = 0.97) -> None:
    """What the worker stores: the later item's suggestion names the earlier one."""
    with store.sessions() as session, session.begin():
        item = session.get(Item, later)
        assert item is not None
        item.suggestions[-1].related = [
            {"item_id": earlier, "score": score, "evidence": list(evidence)}
        ]


def seed_pair(store: Store, n: int = 1) -> tuple[int, int]:
    """An earlier tip (mail n) whose reporter signs it, and a later one (mail n + 1)
    proposed as its repeat."""
    earlier = seed_reported_item(store, n=n)
    later = seed_item(
        store,
        n=n + 1,
        text=LATER_TEXT,
        types=(("verblijfsfraude", 0.8),),
        received=RECEIVED + timedelta(days=3),
    )
    propose(store, later, earlier, "V_NUMMER 1234567890", f"persoon {REPORTER}")
    return earlier, later


def seed_link_item(store: Store, n: int) -> int:
    """An item about one of the LINK_REGISTER namesakes, its proposed and possible links
    found by the real linker over the store's register, as the worker finds them."""
    from ikp.register import import_register
    from linking import link_bands

    import_register(store, LINK_REGISTER)
    entities = tuple(
        Entity(label, surface, surface, start, start + len(surface))
        for label, surface in LINK_ENTITIES
        for start in [LINK_TEXT.index(surface)]
    )
    proposed, possible = link_bands(LINK_TEXT, entities, store.dossiers, received=RECEIVED.date())
    return seed_item(
        store,
        n=n,
        text=LINK_TEXT,
        entities=entities,
        dossier_links=tuple(proposed),
        possible_links=tuple(possible),
    )
