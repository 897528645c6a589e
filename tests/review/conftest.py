"""Fixtures for the review app: a store with fictional users and items, a client, and
the real app on loopback with headless Chromium for the browser tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ikp.config import Settings, open_store
from store import Store
from tests.review.chromium import ARGS, CHROMIUM, free_port
from tests.review.factories import add_users


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def seeded(settings: Settings) -> Iterator[Store]:
    with open_store(settings) as store:
        add_users(store)
        yield store


@pytest.fixture
def client(settings: Settings, seeded: Store) -> Iterator[TestClient]:
    from ikp.web import web_app

    with TestClient(web_app(settings), follow_redirects=False) as c:
        yield c


@pytest.fixture
def live(settings: Settings, seeded: Store) -> Iterator[str]:
    """The web queue as `ikp` serves it, on a free loopback port; its base URL."""
    from ikp.web import serve_web

    port = free_port()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve_web, args=(replace(settings, web_port=port), stop), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        pytest.fail("review app did not start")
    yield f"http://127.0.0.1:{port}"
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive(), "serve_web() did not stop when stop_event was set"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
