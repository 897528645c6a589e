"""Store.reading: sessions for views, metrics and health that never take the write lock."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from store.items import add_item
from store.models import Item
from store.queue import item_counts
from tests.store.factories import mail_bytes, mail_intake


def test_a_reader_is_not_held_up_by_an_open_write_and_sees_only_committed_items(store):
    add_item(store.sessions, store.blobs, mail_intake(mail_bytes()))
    with store.sessions() as writer, writer.begin():
        # On SQLite this transaction holds the write lock (BEGIN IMMEDIATE); a reader that
        # wanted it too would wait out the 30 s busy timeout and fail with "locked".
        writer.get(Item, 1).status = "review"
        writer.flush()
        with store.reading() as reader:
            assert item_counts(reader) == {"queued": 1}
    with store.reading() as reader:
        assert item_counts(reader) == {"review": 1}


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_reader_cannot_write_on_postgresql(store):
    item_id = add_item(store.sessions, store.blobs, mail_intake(mail_bytes())).id
    with store.reading() as reader:
        reader.scalars(select(Item)).one().status = "review"
        with pytest.raises(DBAPIError, match="read-only transaction"):
            reader.flush()
    with store.sessions() as writer, writer.begin():  # the pooled connection writes again
        writer.get(Item, item_id).status = "review"
    with store.reading() as reader:
        assert item_counts(reader) == {"review": 1}
