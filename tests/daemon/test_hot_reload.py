"""Issue 5: a running daemon uses a newly promoted model without a restart."""

from __future__ import annotations

import json
import os
import re
import signal

import pytest
from sqlalchemy import create_engine, text

from classifiers import DEFAULT_MODEL_DIR
from ikp.cli import main
from tests.factories.daemon import analysed, store_items
from tests.factories.mail import tip_mail
from tests.factories.models import copy_model
from tests.factories.waiting import wait_for

pytestmark = [pytest.mark.imap, pytest.mark.slow]

SHIPPED = json.loads((DEFAULT_MODEL_DIR / "model_card.json").read_text())["model_version"]


def model_versions(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT i.subject, s.model_version FROM items i "
                    "JOIN suggestions s ON s.item_id = i.id WHERE i.status = 'review'"
                )
            )
            return dict(rows.all())
    except Exception:  # schema not migrated yet
        return {}
    finally:
        engine.dispose()


def test_a_promoted_model_is_used_from_the_next_mail_on_and_a_broken_one_is_not(
    dovecot, daemon_factory, tmp_path, monkeypatch
):
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data / 'ikp.sqlite3'}"
    copy_model(data, "signals-test-b")
    copy_model(data, "signals-test-kapot", corrupt=True)
    monkeypatch.setenv("IKP_DATA_DIR", str(data))
    daemon = daemon_factory(url, dovecot.env(), workers=1).start()
    client = dovecot.client()

    def deliver(n: int, version: str) -> None:
        client.append("INBOX", tip_mail(n))
        wait_for(lambda: model_versions(url).get(f"Melding {n}") == version, 90, f"mail {n}")

    deliver(1, SHIPPED)
    assert main(["models", "promote", "signals-test-b"]) == 0
    wait_for(lambda: "model signals-test-b loaded from" in daemon.log_text(), 30, "the reload")
    deliver(2, "signals-test-b")

    assert main(["models", "promote", "signals-test-kapot", "--force"]) == 0
    wait_for(lambda: "could not be loaded" in daemon.log_text(), 30, "the failed reload")
    deliver(3, "signals-test-b")  # the old model goes on

    assert main(["models", "rollback"]) == 0  # back to signals-test-b: nothing to load
    assert main(["models", "rollback"]) == 0  # back to the shipped model
    wait_for(lambda: f"model {SHIPPED} loaded from" in daemon.log_text(), 30, "the rollback")
    deliver(4, SHIPPED)
    assert daemon.running()
    assert daemon.terminate() == 0
    client.logout()


def test_each_worker_process_loads_a_promoted_model_itself_also_one_started_again(
    daemon_factory, tmp_path, monkeypatch
):
    """With --processes 2 the models come from the fork server, loaded at start; a promote
    is loaded by each worker process (its own copy), and by one started again after that."""
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data / 'ikp.sqlite3'}"
    copy_model(data, "signals-test-b")
    monkeypatch.setenv("IKP_DATA_DIR", str(data))
    daemon = daemon_factory(url, {}, workers=1)
    daemon.args += ["--processes", "2"]
    daemon.start()

    def reloads() -> int:
        return daemon.log_text().count("model signals-test-b loaded from")

    wait_for(lambda: daemon.log_text().count("loaded; 1 worker(s)") == 2, 120, "two processes")
    assert main(["models", "promote", "signals-test-b"]) == 0
    wait_for(lambda: reloads() == 2, 60, "both worker processes to load the promoted model")

    worker = int(re.findall(r"worker process 1 started \(pid (\d+)\)", daemon.log_text())[0])
    os.kill(worker, signal.SIGKILL)  # started again from the fork server, with the old model
    wait_for(lambda: reloads() == 3, 60, "the new worker process to load the promoted model")
    store_items(url, data, "a", 32)
    wait_for(lambda: analysed(url)[0] == {"review": 32}, 120, "every item in review")
    engine = create_engine(url)
    with engine.connect() as conn:
        used = conn.execute(text("SELECT DISTINCT model_version FROM suggestions")).scalars()
        assert set(used) == {"signals-test-b"}
    engine.dispose()
    assert daemon.terminate(30) == 0
