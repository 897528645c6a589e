"""Fixtures for the review app: a store with fictional users and items, and a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ikp.config import Settings, open_store
from store import Store
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
