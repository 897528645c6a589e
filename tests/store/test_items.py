from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from contract.records import Part
from store.items import (
    BODY_CHARS,
    HEADER_VALUE_CHARS,
    MAX_HEADERS,
    Analysed,
    add_item,
    iter_items,
    quarantine,
    save_analyses,
    save_analysis,
)
from store.models import AuditEntry, Item, Quarantined
from store.queue import claim_batch
from tests.store.factories import RECEIVED, analysis, mail_bytes, mail_intake


def count_items(store) -> int:
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(Item))


def test_storing_the_same_mail_twice_stores_one_item(store):
    raw = mail_bytes()
    first = add_item(store.sessions, store.blobs, mail_intake(raw))
    second = add_item(store.sessions, store.blobs, mail_intake(raw))
    assert first.created and not second.created
    assert first.id == second.id
    assert count_items(store) == 1


def test_same_message_id_via_another_route_is_one_item(store):
    one = mail_bytes(received_hops=("mx1.example",))
    other = mail_bytes(received_hops=("mx2.example", "relay.example"))
    assert one != other
    a = add_item(store.sessions, store.blobs, mail_intake(one))
    b = add_item(store.sessions, store.blobs, mail_intake(other))
    assert a.id == b.id and count_items(store) == 1


def test_different_mails_are_different_items(store):
    a = add_item(store.sessions, store.blobs, mail_intake(mail_bytes(message_id="<a@x>"), "a@x"))
    b = add_item(store.sessions, store.blobs, mail_intake(mail_bytes(message_id="<b@x>"), "b@x"))
    assert a.id != b.id and count_items(store) == 2


def test_concurrent_stores_of_one_mail_give_one_item(store):
    raw = mail_bytes()
    results = []
    barrier = threading.Barrier(4)

    def worker():
        barrier.wait()
        results.append(add_item(store.sessions, store.blobs, mail_intake(raw)))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r.id for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert count_items(store) == 1


def test_raw_original_is_kept_in_the_blob_store(store):
    raw = mail_bytes()
    add_item(store.sessions, store.blobs, mail_intake(raw))
    with store.sessions() as s:
        item = s.scalars(select(Item)).one()
    assert store.blobs.get(item.content_sha256) == raw


def test_received_keeps_its_moment_across_time_zones(store):
    from zoneinfo import ZoneInfo

    local = datetime(2026, 11, 23, 0, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    intake = mail_intake(mail_bytes())
    intake = type(intake)(**{**intake.__dict__, "received": local})
    stored = add_item(store.sessions, store.blobs, intake)
    with store.sessions() as s:
        item = s.get(Item, stored.id)
    assert item.received == local
    assert item.received.utcoffset() == timedelta(0)


def test_saved_analysis_appears_in_items_json(store):
    stored = add_item(store.sessions, store.blobs, mail_intake(mail_bytes()))
    with store.sessions() as s, s.begin():
        save_analysis(s, s.get(Item, stored.id), analysis())
    [summary] = list(iter_items(store.sessions))
    assert summary == {
        "id": stored.id,
        "source": "email",
        "source_ref": "tip-1@gemeente.example",
        "received": RECEIVED.isoformat(),
        "status": "review",
        "signal_types": ["verblijfsfraude"],
        "primary": "primair_proces",
        "due": "2026-11-30",
    }


def test_storing_is_audited(store):
    add_item(store.sessions, store.blobs, mail_intake(mail_bytes()), actor="imap")
    with store.sessions() as s:
        entry = s.scalars(select(AuditEntry)).one()
    assert (entry.actor, entry.action) == ("imap", "item.stored")
    assert entry.at <= datetime.now(UTC)


def test_quarantine_keeps_bytes_and_reason_once(store):
    raw = b"\x00\x01 not a mail"
    first = quarantine(
        store.sessions, store.blobs, raw, source="email", source_ref="x", reason="empty"
    )
    again = quarantine(
        store.sessions, store.blobs, raw, source="email", source_ref="x", reason="empty"
    )
    assert first == again
    with store.sessions() as s:
        row = s.scalars(select(Quarantined)).one()
    assert row.reason == "empty" and store.blobs.get(row.content_sha256) == raw


HEADERS = (
    ("From", "handhaving@gemeente.example"),
    ("To", "ikp@ind.example"),
    ("Subject", "Melding adresfraude"),
)
BODY = Part("body", "text/plain", size=40, text="Dhr. K. Bakkali woont niet op Kerkstraat 12.")
ATTACHMENT = Part("attachment:brief.pdf", "application/pdf", "brief.pdf", 9000, text="Brief.")


def with_document(result, **changes):
    return replace(result, document=replace(result.document, **changes))


def test_the_worker_saves_the_mails_headers_and_its_body_text(store):
    stored = add_item(store.sessions, store.blobs, mail_intake(mail_bytes()))
    assert claim_batch(store.sessions, "w1", 10)
    done = with_document(analysis(), headers=HEADERS, parts=(BODY, ATTACHMENT))
    with store.sessions() as s, s.begin():
        assert save_analyses(s, [Analysed(stored.id, done)], "w1") == [stored.id]
    with store.sessions() as s:
        item = s.get(Item, stored.id)
    assert item.headers == [list(pair) for pair in HEADERS]
    body, attachment = item.parts
    assert body["origin"] == "body" and body["text"] == BODY.text
    assert attachment["origin"] == "attachment:brief.pdf" and attachment["text"] is None


def test_saved_headers_and_body_text_are_bounded(store):
    stored = add_item(store.sessions, store.blobs, mail_intake(mail_bytes()))
    many = tuple((f"X-Kop-{n}", "w" * 5_000) for n in range(MAX_HEADERS + 50))
    huge = Part("body", "text/plain", text="tekst " * 100_000)
    with store.sessions() as s, s.begin():
        save_analysis(
            s, s.get(Item, stored.id), with_document(analysis(), headers=many, parts=(huge,))
        )
    with store.sessions() as s:
        item = s.get(Item, stored.id)
    assert len(item.headers) == MAX_HEADERS
    assert {len(value) for _, value in item.headers} == {HEADER_VALUE_CHARS}
    assert len(item.parts[0]["text"]) == BODY_CHARS


def test_an_item_not_analysed_yet_has_no_stored_headers(store):
    stored = add_item(store.sessions, store.blobs, mail_intake(mail_bytes()))
    with store.sessions() as s:
        assert s.get(Item, stored.id).headers is None
    with store.sessions() as s, s.begin():  # a file has no headers: stored as none, not unknown
        save_analysis(s, s.get(Item, stored.id), with_document(analysis(), headers=()))
    with store.sessions() as s:
        assert s.get(Item, stored.id).headers == []


def test_possible_links_are_kept_apart_from_the_proposed_ones(store):
    from contract.records import DossierLink

    possible = DossierLink("D-000456", 0.31, ("achternaam exact", "woonplaats anders"))
    stored = add_item(store.sessions, store.blobs, mail_intake(mail_bytes()))
    with store.sessions() as s, s.begin():
        save_analysis(s, s.get(Item, stored.id), replace(analysis(), possible_links=(possible,)))
    with store.sessions() as s:
        suggestion = s.get(Item, stored.id).suggestions[-1]
        assert [d["dossier_id"] for d in suggestion.dossier_links] == ["D-000123"]
        assert suggestion.possible_links == [
            {
                "dossier_id": "D-000456",
                "score": 0.31,
                "evidence": ["achternaam exact", "woonplaats anders"],
                "soort": "persoon",
            }
        ]
