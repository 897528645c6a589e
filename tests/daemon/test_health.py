"""/healthz, /readyz and /metrics: without login, from the database and the daemon's parts."""

from __future__ import annotations

import json
import re
import sqlite3
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ikp.config import Settings
from ikp.web import web_app
from store import Store
from store.items import Intake, add_item
from store.models import Item
from store.review import DecisionInput, confirm
from tests.factories.waiting import wait_for
from tests.review.factories import seed_item
from tests.services.dovecot import free_port

DECISION = DecisionInput(
    ("schijnhuwelijk",), ("D-000101",), (), "primair_proces", ("hik",), "normaal", None
)


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def metric(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample in Prometheus text, or None."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = rf"^{re.escape(name)}{re.escape('{' + want + '}') if want else ''} (\S+)$"
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else None


def store_text(store: Store, n: int, *, received: datetime | None = None) -> int:
    return add_item(
        store.sessions,
        store.blobs,
        Intake(
            raw=f"Melding {n}: op Kerkstraat {n} in Zwolle wonen te veel mensen.".encode(),
            source="file",
            source_ref=f"melding-{n}.txt",
            media_type="text/plain",
            received=received or datetime.now(UTC),
        ),
        actor="test",
    ).id


def test_health_and_metrics_need_no_login_and_show_the_database(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", ready_queue_age_s=600)
    loaded = {"models": True, "mailbox": True}
    app = web_app(
        settings,
        mailbox_connected=lambda: loaded["mailbox"],
        models_loaded=lambda: loaded["models"],
    )
    with TestClient(app, follow_redirects=False) as client:
        assert client.get("/healthz").json() == {"status": "alive"}
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {
            "database": "ok",
            "mailbox": "ok",
            "models": "ok",
            "queue": "ok",
        }
        loaded["models"] = False
        assert client.get("/readyz").status_code == 503
        assert client.get("/readyz").json()["checks"]["models"] == "not loaded"
        loaded["models"] = True

        with Store(settings.effective_database_url, settings.data_dir) as store:
            confirm(store.sessions, seed_item(store, n=1), "anna", DECISION)
            seed_item(store, n=2)
            old = store_text(store, 3)
            with store.sessions() as session, session.begin():
                session.get(Item, old).stored_at = datetime.now(UTC) - timedelta(minutes=11)
        unready = client.get("/readyz")
        assert unready.status_code == 503
        assert unready.json()["checks"]["queue"].startswith("oldest queued item 0:11")

        text = client.get("/metrics").text
    assert metric(text, "ikp_items", status="confirmed") == 1
    assert metric(text, "ikp_items", status="review") == 1
    assert metric(text, "ikp_items", status="queued") == 1
    assert 660 <= metric(text, "ikp_oldest_queued_seconds") < 700
    assert metric(text, "ikp_outbox_messages", state="pending") == 2
    assert metric(text, "ikp_outbox_messages", state="sent") == 0


def start_daemon(daemon_factory, tmp_path: Path, env: dict[str, str], args: list[str]):
    url = f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}"
    port = free_port()
    daemon = daemon_factory(url, {"IKP_WEB_PORT": str(port), **env})
    daemon.args = args
    daemon.start()
    return daemon, port


def test_readyz_turns_unready_when_the_mailbox_is_unreachable(daemon_factory, dovecot, tmp_path):
    env = {
        "IKP_IMAP_HOST": "127.0.0.1",
        "IKP_IMAP_PORT": str(dovecot.port),
        "IKP_IMAP_SSL": "false",
        "IKP_IMAP_USER": dovecot.user,
        "IKP_IMAP_PASSWORD": dovecot.password,
    }
    daemon, port = start_daemon(daemon_factory, tmp_path, env, ["--workers", "0"])

    def ready() -> tuple[int, dict]:
        status, body = get(port, "/readyz")
        return status, json.loads(body) if body else {}

    wait_for(lambda: ready()[0] == 200, 60, "the daemon to be ready")
    assert ready()[1]["checks"]["mailbox"] == "ok" and ready()[1]["checks"]["models"] == "off"
    dovecot.stop()
    wait_for(lambda: ready()[0] == 503, 60, "/readyz to turn unready")
    assert ready()[1]["checks"]["mailbox"] == "not connected"
    assert get(port, "/healthz")[0] == 200  # alive all the same
    dovecot.start()
    wait_for(lambda: ready()[0] == 200, 90, "/readyz to be ready again")
    status, text = get(port, "/metrics")
    assert status == 200 and metric(text, "ikp_imap_reconnects_total") >= 1
    assert daemon.terminate(30) == 0


@pytest.mark.slow
def test_metrics_add_up_the_worker_processes(daemon_factory, tmp_path):
    daemon, port = start_daemon(
        daemon_factory, tmp_path, {}, ["--workers", "1", "--processes", "2"]
    )
    wait_for(lambda: get(port, "/readyz")[0] == 200, 180, "both worker processes loaded")
    with Store(f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}", tmp_path / "data") as store:
        for n in range(40):
            store_text(store, n)

    def reviewed() -> float:
        return metric(get(port, "/metrics")[1], "ikp_items", status="review") or 0

    wait_for(lambda: reviewed() == 40, 180, "every item analysed")
    text = get(port, "/metrics")[1]
    assert metric(text, "ikp_items_processed_total", outcome="review") == 40
    batches = metric(text, "ikp_stage_batch_seconds_count", stage="analyse")
    assert batches is not None and batches >= 2
    assert metric(text, "ikp_stage_batch_seconds_bucket", le="+Inf", stage="save") == batches
    versions = re.findall(r'^ikp_model_info\{.*version="([^"]+)"\} 1\.0$', text, re.MULTILINE)
    assert len(versions) == 2, versions  # one line per live worker process
    assert metric(text, "ikp_ocr_pages_total") == 0
    assert daemon.terminate(30) == 0
    assert not any((tmp_path / "data" / "metrics").iterdir())


def test_the_web_queue_serves_its_pages_without_loading_spacy(daemon_factory, tmp_path):
    # spaCy and numpy come with search's recognisers: ≈ 35 MB of the daemon's memory budget.
    daemon, port = start_daemon(daemon_factory, tmp_path, {}, ["--workers", "0"])
    wait_for(lambda: get(port, "/readyz")[0] == 200, 60, "the daemon to be ready")
    assert get(port, "/metrics")[0] == 200 and get(port, "/login")[0] == 200
    mapped = Path(f"/proc/{daemon.process.pid}/maps").read_text()
    assert "/site-packages/spacy/" not in mapped and "/site-packages/numpy/" not in mapped
    assert daemon.terminate(30) == 0


def test_readyz_and_metrics_answer_while_a_writer_holds_the_database(daemon_factory, tmp_path):
    daemon, port = start_daemon(daemon_factory, tmp_path, {}, ["--workers", "0"])
    wait_for(lambda: get(port, "/readyz")[0] == 200, 60, "the daemon to be ready")
    writer = sqlite3.connect(tmp_path / "data" / "ikp.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # as a worker saving a batch; a reader that wanted
    try:  # the write lock too would wait out the busy timeout (30 s, more than get's 10 s)
        ready, checks = get(port, "/readyz")
        assert ready == 200, checks
        status, text = get(port, "/metrics")
        assert status == 200 and metric(text, "ikp_oldest_queued_seconds") == 0
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert daemon.terminate(30) == 0
