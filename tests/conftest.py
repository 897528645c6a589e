"""Fixtures shared by every test package: the shared corpora, the two databases, a clock."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("IKP_SHARED_DIR", REPO.parent / "shared")).resolve()
PG_SERVER = os.environ.get("IKP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
# Monday 23 November 2026, 10:00 in Amsterdam: the "now" of the tests' fixed dates.
FIXED_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that stands still until a test moves it.

    A test that compares dates with "today" sets the clock instead of depending on
    the day it runs: pass `clock.now` as `now=` where the code takes one, or set
    `clock` as the review app's `app.state.clock` (called like time.time).
    """

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now.timestamp()

    @property
    def today(self) -> date:
        from contract.clock import local_today

        return local_today(self.now)

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "SIGNAL_CONTRACT.md").exists():
        pytest.fail(f"../shared is missing (looked in {SHARED}); set IKP_SHARED_DIR")
    return SHARED


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards.

    A missing server fails the tests: the production database is never skipped.
    """
    from sqlalchemy import create_engine, text

    name = f"ikp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # pragma: no cover - only when the server is down
        pytest.fail(f"PostgreSQL at {PG_SERVER} is not reachable: {exc}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _reset_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each kind: every storage test runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    url = request.getfixturevalue("pg_database")
    _reset_pg(url)
    return url


@pytest.fixture
def store(database_url: str, tmp_path: Path) -> Iterator[object]:
    from store import Store

    with Store(database_url, tmp_path / "data") as s:
        yield s
