"""Fixtures for the review app: a store with fictional users and items, a client, and
the real app on loopback with headless Chromium for the browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ikp.config import Settings, open_store
from store import Store
from tests.review.chromium import ARGS, CHROMIUM, serving
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
    with serving(settings) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install -y chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()
