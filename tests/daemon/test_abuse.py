"""The abuse suite: hostile mail through the real `ikp run` with its web queue.

The daemon must stay up with an RSS under 1 GB, every stored item's page must answer
200 for every role, and every item must be in review or on the "Niet verwerkt" page
with its reason (mail that could not be stored at all too).
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.daemon.conftest import REPO
from tests.factories.mail import HOSTILE_MAILS, tip_mail
from tests.factories.waiting import wait_for
from tests.review.factories import PASSWORD, USERS, csrf_of
from tests.services.dovecot import free_port

pytestmark = [pytest.mark.imap, pytest.mark.slow]
RSS_LIMIT = 1024**3
NOT_A_MAIL = b"losse tekst zonder kopregels\r\n"


def rss_of_tree(pid: int) -> tuple[int, int]:
    """(RSS of `pid`, RSS of `pid` and all its descendants) in bytes, from /proc."""
    own = total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = [  # each thread lists the children it started
                c
                for task in Path(f"/proc/{current}/task").iterdir()
                for c in (task / "children").read_text().split()
            ]
        except OSError:
            continue  # ended meanwhile
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        rss = int(found.group(1)) * 1024 if found else 0
        own = rss if current == pid else own
        total += rss
        todo += [int(c) for c in children]
    return own, total


class RssWatch:
    """Samples a process tree's RSS every 0.2 s in a thread; keeps the peaks."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_own = self.peak_total = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            own, total = rss_of_tree(self.pid)
            self.peak_own = max(self.peak_own, own)
            self.peak_total = max(self.peak_total, total)

    def __enter__(self) -> RssWatch:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        # Printed also when the test fails (shown with `pytest -s`): the peaks are measurements.
        own, total = self.peak_own / 2**20, self.peak_total / 2**20
        print(f"peak RSS: daemon {own:.0f} MB, tree {total:.0f} MB")


def add_users(env: dict[str, str]) -> None:
    for name, role in USERS.items():
        subprocess.run(
            [sys.executable, "-m", "ikp.cli", "users", "add", name, "--role", role],
            input=PASSWORD + "\n",
            text=True,
            env=env,
            cwd=REPO,
            check=True,
            capture_output=True,
        )


def rows(url: str, query: str) -> list[tuple]:  # type: ignore[type-arg]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(query))]
    except Exception:  # schema not migrated yet
        return []
    finally:
        engine.dispose()


@pytest.fixture
def logged_in() -> Iterator[object]:
    clients: list[httpx.Client] = []

    def login(base: str, username: str) -> httpx.Client:
        client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
        clients.append(client)
        token = csrf_of(client.get("/login").text)
        data = {"username": username, "password": PASSWORD, "csrf_token": token}
        assert client.post("/login", data=data).status_code == 303
        return client

    yield login
    for client in clients:
        client.close()


def test_hostile_mail_leaves_ikp_run_up_small_and_every_item_seen(
    dovecot, daemon_factory, logged_in, tmp_path
):
    (tmp_path / "data").mkdir()
    url = f"sqlite:///{tmp_path / 'data' / 'ikp.sqlite3'}"
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "kapot.pdf").write_bytes(b"%PDF-1.4\nkapot\n%%EOF\n")  # a quarantined item
    client = dovecot.client()
    for make in HOSTILE_MAILS.values():
        client.append("INBOX", make())
    client.append("INBOX", tip_mail(1))
    client.append("INBOX", NOT_A_MAIL)  # cannot be stored as an item: mailbox quarantine
    client.logout()
    port = free_port()
    extra = {**dovecot.env(), "IKP_SCAN_DIR": str(scans), "IKP_WEB_PORT": str(port)}
    daemon = daemon_factory(url, extra, workers=1, web=True)
    add_users({**daemon.env})
    daemon.start()
    assert daemon.process is not None
    base = f"http://127.0.0.1:{port}"
    expected_items = len(HOSTILE_MAILS) + 2
    settled = "SELECT count(*) FROM items WHERE status IN ('review', 'failed', 'quarantined')"
    with RssWatch(daemon.process.pid) as watch:
        wait_for(
            lambda: (
                rows(url, settled) == [(expected_items,)]
                and rows(url, "SELECT count(*) FROM quarantine") == [(1,)]
            ),
            600,
            "every mail and scan analysed or quarantined",
        )
        items = dict(rows(url, "SELECT id, status FROM items"))
        unstored = [r[0] for r in rows(url, "SELECT source_ref FROM quarantine")]
        for username, role in USERS.items():
            web = logged_in(base, username)
            assert web.get("/").status_code == 200, username
            for item_id in items:
                assert web.get(f"/items/{item_id}").status_code == 200, (username, item_id)
            if role in ("medewerker", "beheerder"):
                page = web.get("/niet-verwerkt")
                assert page.status_code == 200
                for item_id, status in items.items():
                    listed = f'href="/items/{item_id}"' in page.text
                    assert listed == (status != "review"), (item_id, status)
                assert all(ref in page.text for ref in unstored)
            if role in ("analist", "beheerder"):
                assert web.get("/figures").status_code == 200
        [(zipped,)] = rows(url, "SELECT id FROM items WHERE subject = 'Bijlagen bij melding'")
        cut = logged_in(base, "dirk").get(f"/items/{zipped}")  # analist: masked, 24 M chars
        assert "tekst hierna niet geanalyseerd" in cut.text and "niet getoond" in cut.text
        [(long,)] = rows(url, "SELECT id FROM items WHERE message_id LIKE 'hostile-long-30mb@%'")
        page = logged_in(base, "dirk").get(f"/items/{long}").text
        # Only the start of the text reaches the daemon; the cut still names the whole length.
        whole = re.search(r"eerste [\d.]+ van de ([\d.]+) tekens", page)
        assert whole and int(whole.group(1).replace(".", "")) >= 30_000_000, page[-3000:]
        assert daemon.running(), daemon.log_text()[-3000:]
    assert watch.peak_own < RSS_LIMIT, f"daemon RSS peaked at {watch.peak_own / 2**20:.0f} MB"
    assert watch.peak_total < RSS_LIMIT, f"tree RSS peaked at {watch.peak_total / 2**20:.0f} MB"
    statuses = sorted(items.values())
    assert statuses.count("review") == len(HOSTILE_MAILS) + 1, statuses
    assert daemon.terminate() == 0
