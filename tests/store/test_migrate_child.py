"""store.migrate_child: the daemon's migrations run in a child process (alembic stays out)."""

from __future__ import annotations

import logging

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from store.db import alembic_config
from store.migrate_child import MigrationError, migrate_in_child


def revision(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()


def test_the_child_brings_a_new_database_to_the_newest_revision_and_reports_it(tmp_path, caplog):
    url = f"sqlite:///{tmp_path / 'ikp.sqlite3'}"
    with caplog.at_level(logging.INFO, logger="alembic.runtime.migration"):
        migrate_in_child(url)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision(url) == head
    assert {"items", "outbox"} <= set(inspect(create_engine(url)).get_table_names())
    assert any("Running upgrade" in r.getMessage() for r in caplog.records)
    migrate_in_child(url)  # once more, already at the newest revision: harmless
    assert revision(url) == head


def test_a_migration_that_fails_in_the_child_raises_its_reason(tmp_path):
    missing = tmp_path / "no such directory" / "ikp.sqlite3"
    with pytest.raises(MigrationError, match="No such file or directory"):
        migrate_in_child(f"sqlite:///{missing}")
