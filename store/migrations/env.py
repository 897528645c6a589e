"""Alembic environment: run by `store.db.migrate`, never by hand-edited URLs."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

import store.mailbox  # noqa: F401  (its table lives on Base.metadata too)
from store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    if connection.dialect.name == "postgresql":
        # Several daemons may start at once on one database: one migrates, the others wait.
        connection.execute(text("SELECT pg_advisory_xact_lock(4242001)"))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; use `ikp` commands")
run_migrations_online()
