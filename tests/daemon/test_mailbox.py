"""The IMAP bookkeeping in the store: one item per mail, whatever the UIDs do."""

from __future__ import annotations

from sqlalchemy import func, select

from ikp.intake import mail_intake
from store.mailbox import (
    MOVED,
    QUARANTINED,
    STORED,
    MailboxMessage,
    MailKey,
    mark_moved,
    quarantine_mail,
    states,
    store_mail,
    store_mails,
)
from store.models import Item, Quarantined
from tests.factories.mail import tip_mail


def count(store, model) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_storing_the_same_uid_twice_keeps_one_item_and_one_row(store):
    key = MailKey("INBOX", 7, 1)
    first = store_mail(store.sessions, store.blobs, key, mail_intake(tip_mail(1)))
    again = store_mail(store.sessions, store.blobs, key, mail_intake(tip_mail(1)))
    assert (first.state, first.created) == (STORED, True)
    assert (again.state, again.created, again.item_id) == (STORED, False, first.item_id)
    assert count(store, Item) == 1
    assert count(store, MailboxMessage) == 1


def test_a_changed_uidvalidity_does_not_store_a_mail_twice(store):
    raw = tip_mail(1)
    before = store_mail(store.sessions, store.blobs, MailKey("INBOX", 7, 12), mail_intake(raw))
    after = store_mail(store.sessions, store.blobs, MailKey("INBOX", 8, 1), mail_intake(raw))
    assert after.created is False
    assert after.item_id == before.item_id
    assert count(store, Item) == 1
    assert {u: k.state for u, k in states(store.sessions, "INBOX", 8).items()} == {1: STORED}


def test_moved_mails_are_marked_moved(store):
    store_mail(store.sessions, store.blobs, MailKey("INBOX", 7, 3), mail_intake(tip_mail(3)))
    mark_moved(store.sessions, "INBOX", 7, [3])
    assert {u: k.state for u, k in states(store.sessions, "INBOX", 7).items()} == {3: MOVED}


def test_an_unstorable_mail_is_kept_in_quarantine_once_with_its_reason(store):
    key = MailKey("INBOX", 7, 4)
    quarantine_mail(store.sessions, store.blobs, key, b"rommel", "not a mail: no header lines")
    quarantine_mail(store.sessions, store.blobs, key, b"rommel", "not a mail: no header lines")
    assert count(store, Quarantined) == 1
    assert count(store, Item) == 0
    assert {u: k.state for u, k in states(store.sessions, "INBOX", 7).items()} == {4: QUARANTINED}
    with store.sessions() as session:
        assert session.scalars(select(Quarantined.reason)).one() == "not a mail: no header lines"


def test_a_chunk_is_stored_once_per_mail_also_with_repeats_inside_it(store):
    earlier = store_mail(
        store.sessions, store.blobs, MailKey("INBOX", 7, 1), mail_intake(tip_mail(1))
    )
    chunk = [
        (MailKey("INBOX", 7, 1), mail_intake(tip_mail(1))),  # this UID was stored before
        (MailKey("INBOX", 7, 2), mail_intake(tip_mail(2))),
        (MailKey("INBOX", 7, 3), mail_intake(tip_mail(2))),  # the same mail again, another UID
        (MailKey("INBOX", 7, 4), mail_intake(tip_mail(4))),
    ]
    outcomes = store_mails(store.sessions, store.blobs, chunk, owner="me")
    assert [(o.created, o.mine) for o in outcomes] == [
        (False, False),
        (True, True),
        (False, True),
        (True, True),
    ]
    assert outcomes[0].item_id == earlier.item_id
    assert outcomes[2].item_id == outcomes[1].item_id
    assert count(store, Item) == 3
    assert {u: k.state for u, k in states(store.sessions, "INBOX", 7).items()} == {
        1: STORED,
        2: STORED,
        3: STORED,
        4: STORED,
    }
    with store.sessions() as session:
        for (_, intake), outcome in zip(chunk, outcomes, strict=True):
            stored = session.get(Item, outcome.item_id)
            assert store.blobs.get(stored.content_sha256) == intake.raw


def test_a_chunk_that_meets_a_race_is_stored_mail_by_mail(store, monkeypatch):
    """One transaction per chunk; an IntegrityError (another daemon was quicker) rolls it
    back, and the chunk is stored again one mail per transaction."""
    from sqlalchemy.exc import IntegrityError

    import store.mailbox as mailbox

    real = mailbox._store
    calls = {"n": 0}

    def racing(session, key, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # the second mail of the chunk: "a unique constraint failed"
            real(session, key, *args, **kwargs)
            raise IntegrityError("INSERT", {}, Exception("duplicate key"))
        return real(session, key, *args, **kwargs)

    monkeypatch.setattr(mailbox, "_store", racing)
    chunk = [(MailKey("INBOX", 9, n), mail_intake(tip_mail(n))) for n in (1, 2, 3)]
    outcomes = store_mails(store.sessions, store.blobs, chunk, owner="me")
    assert [(o.state, o.created, o.mine) for o in outcomes] == [(STORED, True, True)] * 3
    assert count(store, Item) == 3
    assert set(states(store.sessions, "INBOX", 9)) == {1, 2, 3}
