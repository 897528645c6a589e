"""Fixtures for the review app: a store with fictional users and items, and a client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ikp.config import Settings, open_store
from store import Store
from store.models import User
from store.users import add_user
from tests.review.factories import PASSWORD, USERS


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def seeded(settings: Settings) -> Iterator[Store]:
    with open_store(settings) as store:
        add_user(store.sessions, "anna", USERS["anna"], PASSWORD)  # the real path, once
        with store.sessions() as session, session.begin():
            digest = session.scalars(select(User.password_hash)).one()
            for name, role in list(USERS.items())[1:]:
                # argon2 is slow on purpose; the other users share anna's hash
                session.add(User(username=name, role=role, password_hash=digest))
        yield store


@pytest.fixture
def client(settings: Settings, seeded: Store) -> Iterator[TestClient]:
    from ikp.web import web_app

    with TestClient(web_app(settings), follow_redirects=False) as c:
        yield c
