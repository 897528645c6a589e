"""`ikp retention --dry-run` and `ikp retention apply`, and the daemon's daily run."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from contract.statuses import ItemStatus
from ikp.cli import main
from ikp.daemon import retention_loop
from store import Store
from store.models import Item
from store.retention import Policy
from tests.factories.waiting import wait_for
from tests.review.factories import seed_item


def failed_item(store: Store, n: int, age_days: int) -> int:
    item_id = seed_item(store, n=n, received=datetime.now(UTC) - timedelta(days=age_days))
    with store.sessions() as session, session.begin():
        session.get(Item, item_id).status = ItemStatus.FAILED
    return item_id


def test_dry_run_lists_and_apply_deletes(database_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IKP_DATABASE_URL", database_url)
    monkeypatch.setenv("IKP_DATA_DIR", str(tmp_path / "data"))
    with Store(database_url, tmp_path / "data") as store:
        old, young = failed_item(store, 1, 400), failed_item(store, 2, 30)
    assert main(["retention", "--dry-run"]) == 0
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(x["kind"], x["id"], x["outcome"]) for x in lines] == [("item", old, "failed")]
    assert "would delete 1" in err
    with Store(database_url, tmp_path / "data") as store, store.sessions() as session:
        assert len(session.scalars(select(Item.id)).all()) == 2  # a dry run deletes nothing
    assert main(["retention", "apply"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"deleted": {"not_a_signal": 0, "signal": 0, "failed": 1}, "blobs_removed": 1}
    with Store(database_url, tmp_path / "data") as store, store.sessions() as session:
        assert session.scalars(select(Item.id)).all() == [young]
    assert main(["retention"]) == 2  # neither --dry-run nor apply


def test_the_daemon_applies_the_policy_on_its_schedule(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'ikp.sqlite3'}", tmp_path / "data") as store:
        old = failed_item(store, 1, 400)
        stop = threading.Event()
        thread = threading.Thread(
            target=retention_loop,
            args=(store, Policy.load(), stop),
            kwargs={"first_s": 0.1, "every_s": 3600},
            daemon=True,
        )
        thread.start()

        def gone() -> bool:
            with store.sessions() as session:
                return session.get(Item, old) is None

        wait_for(gone, 20, "the daily run to delete the old item")
        stop.set()
        thread.join(5)
        assert not thread.is_alive()
