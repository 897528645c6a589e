"""Engine, sessions and migrations for SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Execution option of the engine behind `read_only_sessions`.
READ_ONLY = "ikp_read_only"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        _private_file(make_url(url).database)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            # WAL lets the web queue read while a worker writes; foreign keys are off by default.
            dbapi_conn.isolation_level = None  # let SQLAlchemy's BEGIN below take control
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            # IMMEDIATE takes the write lock up front: two writers never deadlock on upgrade.
            # A reader takes none: in WAL mode it neither waits for a writer nor blocks one.
            read_only = conn.get_execution_options().get(READ_ONLY, False)
            conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def _private_file(database: str | None) -> None:
    """The SQLite file readable by its owner alone (0600), created so before SQLite opens
    it; its -wal and -shm files take the same mode from it.

    An existing file is never opened here: closing any descriptor of a SQLite file drops
    every lock this process holds on it, which would let another process delete the WAL
    under an open connection. Its mode is changed by path.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        info = os.stat(database)
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            os.chmod(database, 0o600)  # a file created world-readable before this fix


def alembic_config() -> Config:
    # alembic (with mako and pygments, about 11 MB) is imported only when migrations run:
    # the fork server and the worker processes, which never migrate, go without it.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent; safe with several daemons)."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_only_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions that only read (views, metrics, health): on SQLite a deferred BEGIN, so a
    scrape never queues for the write lock behind the workers nor holds them up; on
    PostgreSQL a READ ONLY transaction, which refuses writes."""
    options: dict[str, bool] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return sessionmaker(engine.execution_options(**options), expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
