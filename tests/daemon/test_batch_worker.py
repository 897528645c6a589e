"""ikp.worker.process_batch: one batch, each item with its own outcome, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from classifiers import DEFAULT_MODEL_DIR
from contract.statuses import ItemStatus
from ikp.intake import store_arrival
from ikp.pipeline import Analyzer
from ikp.register import import_register
from ikp.worker import process_batch
from review.link_pairs import link_panel, proposal
from store.link_verdicts import record_link_verdict
from store.models import AuditEntry, Item, Suggestion
from tests.factories.namesakes import LINK_REGISTER, LINK_TEXT
from tests.store.factories import mail_bytes

pytestmark = pytest.mark.slow

BODY = (
    "Mevrouw A. Jansen, V-nummer 1234567890, woont volgens de buren niet op Kerkstraat 12 "
    "in Zwolle maar staat daar wel ingeschreven. Bericht {n}."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.load(DEFAULT_MODEL_DIR)


def test_a_batch_gives_each_item_its_own_outcome(store, analyzer):
    mails = [
        store_arrival(store, mail_bytes(message_id=f"<m{n}@x>", body=BODY.format(n=n)), None).id
        for n in range(3)
    ]
    broken = store_arrival(store, b"%PDF-1.4\nkapot\n%%EOF\n", "kapot.pdf").id
    missing = store_arrival(store, b"Een brief waarvan het origineel zoek is.", "zoek.txt").id
    with store.sessions() as s:
        store.blobs.path_for(s.get(Item, missing).content_sha256).unlink()

    outcomes = process_batch(store, analyzer, "w1", size=10)

    assert [(o.item_id, o.status) for o in outcomes] == [
        *((i, "review") for i in mails),
        (broken, "quarantined"),
        (missing, "queued"),
    ]
    assert outcomes[3].error.startswith("pdf is damaged or not a pdf")
    assert "FileNotFoundError" in outcomes[4].error
    assert process_batch(store, analyzer, "w1", size=10) == [], "the retry waits for its backoff"
    with store.sessions() as s:
        items = {i.id: i for i in s.scalars(select(Item))}
        analysed = s.scalars(select(AuditEntry.item_id).where(AuditEntry.action == "item.analysed"))
        assert sorted(analysed) == mails
        for item_id in mails:
            item = items[item_id]
            assert (item.status, item.locked_by, item.error) == ("review", None, None)
            assert item.text and "1234567890" in item.text
            assert ("V_NUMMER", "1234567890") in {(e.label, e.value) for e in item.entities}
            [suggestion] = item.suggestions
            assert suggestion.model_version == analyzer.model_version
            assert item.primary == suggestion.routing["primary"]
        # Items of one batch see each other (received at the same moment: both ways).
        for item_id in mails:
            related = items[item_id].suggestions[0].related
            assert sorted(r["item_id"] for r in related) == [i for i in mails if i != item_id]
            assert all("V_NUMMER 1234567890" in r["evidence"] for r in related)
        assert items[broken].status == "quarantined"
        assert items[missing].attempts == 1 and items[missing].next_attempt_at is not None


def test_the_worker_stores_the_mails_headers_and_body_text_for_the_review_page(store, analyzer):
    body = BODY.format(n=1)
    item_id = store_arrival(store, mail_bytes(body=body), None).id
    [outcome] = process_batch(store, analyzer, "w1", size=10)
    assert outcome.status == "review"
    with store.sessions() as s:
        item = s.get(Item, item_id)
    assert item.headers[0] == ["From", "handhaving@gemeente.example"]
    assert ["Subject", "Melding adresfraude"] in item.headers
    [stored_body] = [part for part in item.parts if part["origin"] == "body"]
    assert stored_body["text"] == body


def test_a_text_over_a_million_characters_is_analysed_not_failed(store, analyzer):
    # spaCy refuses texts over 1,000,000 characters (E088): such an item used to fail five
    # times and end as `failed`. Long words keep the network's share of the time small.
    filler = ("x" * 999 + " ") * 1_050
    text = "Mevrouw A. Jansen, V-nummer 1234567890.\n\n" + filler + "\n\nBSN 123456782\n"
    long_id = store_arrival(store, text.encode(), "lang.txt").id
    mail_id = store_arrival(
        store, mail_bytes(message_id="<kort@x>", body=BODY.format(n=1)), None
    ).id

    outcomes = process_batch(store, analyzer, "w1", size=10)

    assert [(o.item_id, o.status) for o in outcomes] == [(long_id, "review"), (mail_id, "review")]
    with store.sessions() as s:
        item = s.get(Item, long_id)
        assert len(item.text) > 1_000_000
        found = {(e.label, e.value): (e.start, e.end) for e in item.entities}
        assert ("V_NUMMER", "1234567890") in found
        start, end = found[("BSN", "123456782")]
        assert item.text[start:end] == "123456782" and start > 1_000_000


def _analysed_again(store, analyzer, item_id: int) -> Suggestion:
    """Queue the item again (as a retry does) and let a worker analyse it anew."""
    with store.sessions() as s, s.begin():
        s.get(Item, item_id).status = ItemStatus.QUEUED
    [outcome] = process_batch(store, analyzer, "w2", size=10)
    assert (outcome.item_id, outcome.status) == (item_id, "review")
    with store.sessions() as s:
        return s.get(Item, item_id).suggestions[-1]


def _linked(suggestion: Suggestion) -> tuple[list[str], list[str]]:
    return (
        [link["dossier_id"] for link in suggestion.dossier_links],
        [link["dossier_id"] for link in suggestion.possible_links],
    )


def test_a_rejected_link_is_not_proposed_again_when_the_item_is_analysed_again(store, analyzer):
    import_register(store, LINK_REGISTER)
    item_id = store_arrival(store, mail_bytes(body=LINK_TEXT), None).id
    process_batch(store, analyzer, "w1", size=10)
    with store.sessions() as s:
        first = s.get(Item, item_id).suggestions[-1]
    proposed, possible = _linked(first)
    assert sorted(proposed + possible) == ["D-000101", "D-000202"], "both namesakes found"
    rejected, accepted = (proposed + possible)[0], (proposed + possible)[1]
    moment = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    for dossier_id, verdict in ((rejected, "reject"), (accepted, "accept")):
        shown = proposal(first, dossier_id)  # as the page's form stores it
        record_link_verdict(
            store.sessions,
            item_id,
            dossier_id,
            verdict,
            "anna",
            score=shown["score"],
            evidence=shown["evidence"],
            now=moment,
        )

    again = _analysed_again(store, analyzer, item_id)

    proposed, possible = _linked(again)
    assert rejected not in proposed + possible
    assert accepted in proposed + possible, "an accepted link stays"
    with store.sessions() as s:
        item = s.get(Item, item_id)
        panel = link_panel(s, item, item.suggestions[-1], None)
    [shown] = [p for p in panel.judged if p.dossier_id == rejected]
    assert (shown.judged.verdict, shown.judged.decided_by) == ("reject", "anna")
    assert shown.judged.decided_at == moment
    assert shown.evidence, "shown with the evidence it was rejected on"
    assert rejected not in [p.dossier_id for p in panel.open]
