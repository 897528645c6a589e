"""Real mails with charsets no codec knows, stored by the installed `ikp ingest`: every
item page answers 200 for every role, and each item is in review or on "Niet verwerkt"."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ikp.config import Settings, open_store
from ikp.web import web_app
from store.models import Item
from tests.acceptance.conftest import IKP
from tests.review.factories import USERS, add_users, login

# From ../shared/corpora/emails: each names a charset Python has no codec for.
UNKNOWN_CHARSETS = (
    "enmime/html-mime-bad-unknown-charset-inline.raw",
    "enmime/unk-charset-html-only.raw",
    "enmime/unk-charset-part.raw",
    "hunnysoft-via-zbateson/invalid-charset.txt",
    "php-mime-mail-parser/issue230",
)


@pytest.fixture(scope="module")
def stored(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    data = tmp_path_factory.mktemp("odd-charsets")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IKP_")}
    env["IKP_DATA_DIR"] = str(data)
    mails = [shared_dir / "corpora" / "emails" / name for name in UNKNOWN_CHARSETS]
    done = subprocess.run(
        [str(IKP), "ingest", *map(str, mails)],
        env=env,
        cwd=data,
        check=True,
        timeout=900,
        capture_output=True,
        text=True,
    )
    # Every mail is an item (two of them carry one Message-ID: stored once).
    assert all(f"{mail}: item " in done.stdout + done.stderr for mail in mails), done
    yield Settings(data_dir=data)


def test_mails_in_unknown_charsets_have_pages_for_every_role(stored: Settings) -> None:
    with open_store(stored) as store:
        add_users(store)
        with store.sessions() as session:
            items = dict(session.execute(select(Item.id, Item.status)).tuples().all())
    assert len(items) >= len(UNKNOWN_CHARSETS) - 1
    assert set(items.values()) <= {"review", "failed", "quarantined"}
    for username in USERS:
        with TestClient(web_app(stored), follow_redirects=False) as client:
            login(client, username)
            for item_id in items:
                page = client.get(f"/items/{item_id}")
                assert page.status_code == 200, (username, item_id)
            unprocessed = client.get("/niet-verwerkt")
            if unprocessed.status_code == 200:  # the roles that may retry or register
                for item_id, status in items.items():
                    listed = f'href="/items/{item_id}"' in unprocessed.text
                    assert listed == (status != "review"), (item_id, status)
