"""store.retention on both databases: what is due, deletion without a trace, counts kept,
and a run that dies half-way finished by the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from contract.statuses import ItemStatus
from store.items import quarantine
from store.mailbox import MailboxMessage
from store.models import AuditEntry, Base, Item, Quarantined, Suggestion
from store.retention import (
    ITEMS_ROW,
    BlobDeletion,
    Policy,
    PolicyError,
    RetiredCount,
    apply,
    delete_one,
    due,
)
from store.review import DecisionInput, confirm
from tests.review.factories import seed_item

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
POLICY = Policy.load()


def days(n: float) -> timedelta:
    return timedelta(days=n)


def decision(*codes: str) -> DecisionInput:
    return DecisionInput(codes, ("D-000101",), (), "primair_proces", ("hik",), "normaal", None)


def make(
    store,
    n: int,
    *,
    received: datetime,
    confirmed: datetime | None = None,
    codes: tuple[str, ...] = ("schijnhuwelijk",),
    status: str | None = None,
) -> int:
    item_id = seed_item(
        store,
        n=n,
        received=received,
        subject=f"Melding Fictief-{n}",
        text=f"Pieter Verzonnen-{n} (V-nummer 1234567890) woont elders.",
    )
    if confirmed is not None:
        confirm(store.sessions, item_id, "anna", decision(*codes), now=confirmed)
    if status is not None:
        with store.sessions() as session, session.begin():
            session.get(Item, item_id).status = status
    return item_id


def every_outcome_and_age(store) -> tuple[dict[str, int], dict[str, int]]:
    """Items on both sides of each term; returns (due, kept) ids by name."""
    old = NOW - days(6 * 365)
    due_ = {
        "not_a_signal_400d": make(
            store, 1, received=NOW - days(401), confirmed=NOW - days(400), codes=("algemene_vraag",)
        ),
        "signal_6y": make(store, 2, received=old, confirmed=old + days(3)),
        "failed_400d": make(store, 3, received=NOW - days(400), status=ItemStatus.FAILED),
        "quarantined_400d": make(store, 4, received=NOW - days(400), status=ItemStatus.QUARANTINED),
    }
    kept = {
        "not_a_signal_300d": make(
            store, 5, received=NOW - days(301), confirmed=NOW - days(300), codes=("algemene_vraag",)
        ),
        "signal_4y": make(store, 6, received=NOW - days(4 * 365), confirmed=NOW - days(4 * 365)),
        # received 6 years ago, confirmed 4 years ago: the term runs from the confirmation
        "signal_late": make(store, 7, received=old, confirmed=NOW - days(4 * 365)),
        "failed_100d": make(store, 8, received=NOW - days(100), status=ItemStatus.FAILED),
        "open_10y": make(store, 9, received=NOW - days(3650)),  # in review: never deleted
    }
    return due_, kept


def test_dry_run_lists_exactly_what_the_policy_says(store):
    due_ids, _ = every_outcome_and_age(store)
    file_id = quarantine(
        store.sessions,
        store.blobs,
        b"\x00kapot",
        source="scan",
        source_ref="kapot.pdf",
        reason="unreadable",
    )
    with store.sessions() as session, session.begin():
        session.get(Quarantined, file_id).at = NOW - days(366)
    with store.sessions() as session:
        listed = due(session, POLICY, NOW)
    assert {(d.kind, d.id, d.outcome) for d in listed} == {
        ("item", due_ids["not_a_signal_400d"], "not_a_signal"),
        ("item", due_ids["signal_6y"], "signal"),
        ("item", due_ids["failed_400d"], "failed"),
        ("item", due_ids["quarantined_400d"], "failed"),
        ("quarantine", file_id, "failed"),
    }


def all_rows_as_text(store) -> str:
    """Every row of every table, as text: to search for traces."""
    out = []
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            out += [repr(tuple(r)) for r in conn.execute(select(table))]
    return "\n".join(out)


def test_apply_leaves_no_trace_and_keeps_counts(store):
    due_ids, kept = every_outcome_and_age(store)
    gone = due_ids["signal_6y"]
    with store.sessions() as session, session.begin():
        digest = session.get(Item, gone).content_sha256
        session.add(
            MailboxMessage(
                folder="INBOX",
                uidvalidity=1,
                uid=7,
                item_id=gone,
                content_sha256=digest,
                state="moved",
            )
        )
        # a kept item proposes the deleted one as the same case
        newest = session.scalars(
            select(Suggestion).where(Suggestion.item_id == kept["signal_4y"])
        ).all()[-1]
        newest.related = [{"item_id": gone, "score": 0.9, "evidence": ["Pieter Verzonnen-2"]}]
    report = apply(store.sessions, store.blobs, POLICY, actor="test", now=NOW)
    assert report.deleted == {"not_a_signal": 1, "signal": 1, "failed": 2}
    assert not store.blobs.exists(digest)
    dump = all_rows_as_text(store)
    for n in (1, 2, 3, 4):
        assert f"Verzonnen-{n}" not in dump and f"Fictief-{n}" not in dump
    for n in (5, 6, 7, 8, 9):
        assert f"Verzonnen-{n}" in dump
    with store.sessions() as session:
        assert sorted(session.scalars(select(Item.id))) == sorted(kept.values())
        for item_id in due_ids.values():
            entries = session.scalars(select(AuditEntry).where(AuditEntry.item_id == item_id))
            for entry in entries:
                if entry.action == "retention.deleted":
                    assert set(entry.detail) == {
                        "kind",
                        "outcome",
                        "keep_days",
                        "since",
                        "term_started",
                    }
                else:
                    assert entry.detail == {"removed": "retention"}
        assert session.scalar(select(func.count()).select_from(BlobDeletion)) == 0
        counts = {
            (r.week, r.source, r.outcome, r.code): r.n
            for r in session.scalars(select(RetiredCount))
        }
        assert sum(n for k, n in counts.items() if k[3] == ITEMS_ROW) == 4
        assert counts[("2020-W49", "email", "signal", "schijnhuwelijk")] == 1
        assert counts[("2025-W43", "email", "not_a_signal", "algemene_vraag")] == 1  # 26 Oct
    for item_id in kept.values():
        with store.sessions() as session:
            assert store.blobs.exists(session.get(Item, item_id).content_sha256)
    # nothing is due any more
    assert apply(store.sessions, store.blobs, POLICY, now=NOW).deleted == {
        "not_a_signal": 0,
        "signal": 0,
        "failed": 0,
    }


def test_a_crash_between_commit_and_file_removal_is_finished_by_the_next_run(store):
    item_id = make(store, 1, received=NOW - days(400), status=ItemStatus.FAILED)
    with store.sessions() as session:
        digest = session.get(Item, item_id).content_sha256
        (entry,) = due(session, POLICY, NOW)
    assert delete_one(store.sessions, entry, POLICY, "test", NOW)  # then the process dies
    assert store.blobs.exists(digest)
    report = apply(store.sessions, store.blobs, POLICY, now=NOW)
    assert report.blobs == 1 and not store.blobs.exists(digest)


def test_a_policy_must_name_every_outcome_with_a_term(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("outcomes:\n  signal: {keep_days: 10, since: receipt}\n")
    with pytest.raises(PolicyError, match="exactly"):
        Policy.load(bad)
    bad.write_text(
        "outcomes:\n  signal: {keep_days: 10, since: ooit}\n"
        "  not_a_signal: {keep_days: 1, since: receipt}\n  failed: {keep_days: 1, since: receipt}\n"
    )
    with pytest.raises(PolicyError, match="signal needs"):
        Policy.load(bad)
    assert POLICY.terms["signal"].keep_days == 1826


@pytest.mark.slow
def _hang_on_deleting(engine, item_id: int) -> None:
    """A trigger that makes the DELETE of one item hang, so a run stops there for sure:
    every earlier item is committed, this one's transaction is half written."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "CREATE FUNCTION hang() RETURNS trigger AS"
                    " $$ BEGIN PERFORM pg_sleep(3600); RETURN OLD; END $$ LANGUAGE plpgsql"
                )
            )
            conn.execute(
                text(
                    "CREATE TRIGGER hang BEFORE DELETE ON items FOR EACH ROW"
                    f" WHEN (OLD.id = {item_id}) EXECUTE FUNCTION hang()"
                )
            )
        else:  # SQLite triggers cannot sleep: a cross join of 10^12 rows does instead
            conn.execute(text("CREATE TABLE ballast (n INTEGER)"))
            conn.execute(text("INSERT INTO ballast VALUES " + ",".join(["(1)"] * 1000)))
            conn.execute(
                text(
                    f"CREATE TRIGGER hang BEFORE DELETE ON items WHEN OLD.id = {item_id} BEGIN"
                    " SELECT count(*) FROM ballast a, ballast b, ballast c, ballast d; END"
                )
            )


def _stop_hanging(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE wait_event = 'PgSleep' AND datname = current_database()"
                )
            )
            conn.execute(text("DROP TRIGGER hang ON items"))
            conn.execute(text("DROP FUNCTION hang()"))
        else:
            conn.execute(text("DROP TRIGGER hang"))
            conn.execute(text("DROP TABLE ballast"))


def test_apply_killed_half_way_is_finished_by_the_next_apply(store, database_url, tmp_path):
    """`ikp retention apply` in a process of its own, killed with SIGKILL in the middle
    of deleting one item, after the items before it are gone."""
    now = datetime.now(UTC)  # the command uses the real clock; the ages are relative to it
    count = 40
    ids = [make(store, n, received=now - days(800), status=ItemStatus.FAILED) for n in range(count)]
    kept = make(store, 10_000, received=now - days(10), status=ItemStatus.FAILED)
    with store.sessions() as session:
        digests = {i: session.get(Item, i).content_sha256 for i in ids}
    env = {**os.environ, "IKP_DATABASE_URL": database_url, "IKP_DATA_DIR": str(tmp_path / "data")}
    # A plain engine: the store's SQLite engine begins IMMEDIATE, which would wait for
    # the hanging writer; a plain read sees what it committed.
    reader = create_engine(database_url)

    def remaining() -> int:
        with reader.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM items")).scalar_one() - 1

    half = count // 2  # due items go oldest first, then by id: ids[:half] go before the hang
    _hang_on_deleting(reader, ids[half])
    command = [sys.executable, "-m", "ikp.cli", "retention", "apply"]
    process = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while remaining() > count - half and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    _stop_hanging(reader)
    assert remaining() == count - half
    finished = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert finished.returncode == 0, finished.stderr
    assert remaining() == 0
    with store.sessions() as session:
        assert session.scalars(select(Item.id)).all() == [kept]
        items_counted = session.scalar(
            select(func.sum(RetiredCount.n)).where(RetiredCount.code == ITEMS_ROW)
        )
        assert items_counted == count  # each deleted item counted once, none twice
        assert session.scalar(select(func.count()).select_from(BlobDeletion)) == 0
        deleted_entries = session.scalar(
            select(func.count()).where(AuditEntry.action == "retention.deleted")
        )
        assert deleted_entries == count
    assert not any(store.blobs.exists(d) for d in digests.values())
    reader.dispose()
