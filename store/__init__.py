"""Storage: SQLAlchemy models and migrations, the blob store, the work queue.

`Store` bundles what the daemon and the CLI need for one database and data dir.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

# These register their tables with the models.
import store.mailbox
import store.outbox
import store.phenomena
import store.retention  # noqa: F401
from store.blobs import BlobStore, private_dir
from store.db import make_engine, migrate, read_only_sessions, session_factory
from store.dossiers import SqlDossierIndex


class Store:
    def __init__(self, database_url: str, data_dir: Path, *, apply_migrations: bool = True) -> None:
        self.database_url = database_url
        self.data_dir = data_dir
        if database_url.startswith("sqlite"):
            private_dir(data_dir)
        self.engine: Engine = make_engine(database_url)
        if apply_migrations:
            migrate(self.engine)
        self.sessions: sessionmaker[Session] = session_factory(self.engine)
        self.reading: sessionmaker[Session] = read_only_sessions(self.engine)
        self.blobs = BlobStore(data_dir / "blobs")
        self.dossiers = SqlDossierIndex(self.sessions)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["BlobStore", "SqlDossierIndex", "Store"]
