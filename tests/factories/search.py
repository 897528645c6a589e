"""Items for search tests: fictional texts analysed by nlp's real rule recognisers and saved
through the store with the application's search keys, as the worker saves them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from contract.records import (
    Analysis,
    Classification,
    Document,
    DossierLink,
    Entity,
    Routing,
    SignalScore,
)
from ikp.search import item_keys, rule_extractor
from store import Store
from store.items import Intake, add_item, save_analysis
from store.models import Item

RECEIVED = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)


def add_analysed(
    store: Store,
    n: int,
    text: str,
    *,
    received: datetime = RECEIVED,
    code: str = "verblijfsfraude",
    primary: str = "primair_proces",
    persons: tuple[str, ...] = (),
    sender: str | None = None,
    source: str = "email",
    links: tuple[str, ...] = (),
    subject: str | None = None,
) -> int:
    """Store item `n` with `text`; its entities come from the rule recognisers plus a
    PERSOON entity for each of `persons` (a name the NER would find) found in the text."""
    found = list(rule_extractor().extract(text))
    for name in persons:
        start = text.index(name)
        found.append(Entity("PERSOON", name, name, start, start + len(name), "ner"))
    entities = tuple(sorted(found, key=lambda e: e.start))
    stored = add_item(
        store.sessions,
        store.blobs,
        Intake(
            raw=f"{n}:{text}".encode(),
            source=source,
            source_ref=f"zoek-{n}@voorbeeld.example",
            media_type="text/plain",
            received=received,
            subject=subject or f"Melding {n}",
            sender=sender,
        ),
    )
    analysis = Analysis(
        document=Document(source, f"zoek-{n}", text, "text/plain"),
        entities=entities,
        classification=Classification(
            signal_types=(SignalScore(code, 0.9, ()),),
            uncertain=False,
            model_version="signals-test",
            scores={code: 0.9},
        ),
        dossier_links=tuple(DossierLink(d, 0.9, ("test",)) for d in links),
        routing=Routing(primary, (), "normaal", date(2026, 10, 12), ()),
        received=received,
    )
    with store.sessions() as session, session.begin():
        item = session.get(Item, stored.id)
        assert item is not None
        save_analysis(session, item, analysis, sorted(item_keys(entities, text, (sender,))))
    return stored.id
