"""Page views read in read-only transactions: the write lock is taken only for the short
write of their audit entries (and a session's idle clock), never while a page masks,
highlights or counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from store.db import READ_ONLY
from tests.review.factories import login, seed_pair
from tests.store.factories import unprocessed_items

# Tables a view may write to: its audit entries, and the session's idle clock.
VIEW_WRITES = ("audit_log", "web_sessions")


@contextmanager
def statements(client) -> Iterator[list[tuple[bool, str]]]:  # type: ignore[no-untyped-def]
    """(read-only transaction?, SQL) of every statement the app's store runs meanwhile."""
    engine = client.app.state.store.engine
    seen: list[tuple[bool, str]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        seen.append((bool(conn.get_execution_options().get(READ_ONLY)), statement))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.mark.parametrize(
    ("user", "page"),
    [
        ("anna", "/items/{later}"),
        ("anna", "/items/{later}/export.json"),
        ("anna", "/"),
        ("anna", "/niet-verwerkt"),
        ("anna", "/search?q=1234567890"),
        ("dirk", "/figures"),
        ("dirk", "/figures.csv"),
        ("dirk", "/trends"),
        ("dirk", "/trends.csv"),
        ("dirk", "/phenomena"),
        ("carla", "/audit"),
    ],
)
def test_a_page_reads_in_a_read_only_transaction_and_writes_only_its_audit(
    client, seeded, user, page
):
    _, later = seed_pair(seeded)
    unprocessed_items(seeded)
    login(client, user)
    with statements(client) as seen:
        assert client.get(page.format(later=later)).status_code == 200
    reads = [sql for read_only, sql in seen if read_only]
    written = [sql for read_only, sql in seen if not read_only]
    assert any("FROM" in sql for sql in reads)
    assert all(
        sql.lstrip().upper().startswith(("INSERT INTO", "UPDATE", "DELETE FROM"))
        and sql.split()[2].strip('"') in VIEW_WRITES
        for sql in written
        if not sql.lstrip().upper().startswith(("SELECT", "PRAGMA", "BEGIN", "COMMIT"))
    ), written
    # What is read while writing is a session's own row, never the page's data.
    assert not [sql for sql in written if "FROM items" in sql or "FROM audit_log" in sql]
