"""Dossier links reviewers judged ("Koppelen" / "Afwijzen" on the item page's dossier
pairs) as labelled examples for the link fit:
`python -m research.linking.fit_links --reviewed DATABASE_URL`.

`store.link_verdicts.labelled_links` exports each judged (item, dossier) pair; here each
gets the features the served linker would give it now: the item's analysed text and
stored entities, scored against the store's register as the worker scores them
(`linking.score_candidates`, rivals included). A pair the linker no longer finds (the
row left the register, or it has no evidence left) is left out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from contract.records import Entity
from ikp.pipeline import analysed_length
from linking.propose import score_candidates
from linking.scorer import features
from store import Store
from store.link_verdicts import labelled_links
from store.models import EntityRow, Item

Example = tuple[list[float], bool]


def reviewed_links(store: Store) -> list[Example]:
    """(features of the pair as served now, accepted?) of every judged link, oldest first."""
    labelled = labelled_links(store.sessions)
    ids = sorted({link.item_id for link in labelled})
    texts: dict[int, tuple[str, list[Entity], date]] = {}
    with store.sessions() as session:
        for item in session.scalars(select(Item).where(Item.id.in_(ids))) if ids else ():
            text = item.text or ""
            rows = session.scalars(
                select(EntityRow).where(EntityRow.item_id == item.id).order_by(EntityRow.start)
            )
            entities = [Entity(e.label, e.text, e.value, e.start, e.end) for e in rows]
            texts[item.id] = (text[: analysed_length(text)], entities, item.received.date())
    out: list[Example] = []
    found: dict[int, dict[str, list[float]]] = {}
    for link in labelled:
        if link.item_id not in texts:
            continue  # the item was deleted (retention) after the verdict
        if link.item_id not in found:
            text, entities, received = texts[link.item_id]
            candidates = score_candidates(text, entities, store.dossiers, received=received)
            found[link.item_id] = {c.record.dossier_id: features(c) for c in candidates}
        row = found[link.item_id].get(link.dossier_id)
        if row is not None:
            out.append((row, link.accepted))
    return out


def read(database_url: str, data_dir: Path) -> list[Example]:
    """`reviewed_links` of the store at `database_url` (its blob store in `data_dir`)."""
    with Store(database_url, data_dir) as store:
        return reviewed_links(store)
