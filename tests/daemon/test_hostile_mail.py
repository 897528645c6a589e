"""Hostile mails through intake and the worker: stored within limits, then reviewed or
quarantined with a reason; never an exhausted daemon (tests/factories/mail.py builds them)."""

from __future__ import annotations

import pytest

from classifiers import DEFAULT_MODEL_DIR
from ikp.intake import store_arrival
from ikp.pipeline import Analyzer
from ikp.worker import process_batch
from ingest.mail import MAX_KEPT_VALUE
from store.models import Item
from tests.factories.mail import HOSTILE_HEADERS, HOSTILE_MAILS


@pytest.mark.parametrize("name", sorted(HOSTILE_MAILS))
def test_intake_stores_a_hostile_mail_whole_with_capped_values(store, name):
    raw = HOSTILE_MAILS[name]()
    stored = store_arrival(store, raw, None)
    with store.sessions() as s:
        item = s.get(Item, stored.id)
        assert (item.source, item.status) == ("email", "queued")
        assert item.source_ref.startswith("hostile-")
        assert len(item.subject or "") <= MAX_KEPT_VALUE
        assert len(item.sender or "") <= MAX_KEPT_VALUE
        assert store.blobs.get(item.content_sha256) == raw, "the raw bytes are kept whole"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.load(DEFAULT_MODEL_DIR)


@pytest.mark.slow
def test_the_worker_takes_every_hostile_mail_to_review_with_capped_headers(store, analyzer):
    ids = {store_arrival(store, make(), None).id: name for name, make in HOSTILE_HEADERS.items()}
    outcomes = process_batch(store, analyzer, "w1", size=len(ids))
    assert {ids[o.item_id]: o.status for o in outcomes} == dict.fromkeys(HOSTILE_HEADERS, "review")
    with store.sessions() as s:
        for item_id, name in ids.items():
            item = s.get(Item, item_id)
            assert "Kerkstraat 7" in item.text, name
            assert all(len(value) <= MAX_KEPT_VALUE for _, value in item.headers), name
            assert ["From", ""] not in item.headers
            assert len(item.subject or "") <= MAX_KEPT_VALUE and len(item.sender) <= MAX_KEPT_VALUE
            assert len(item.text) < 10_000, f"{name}: a header does not flood the text"
