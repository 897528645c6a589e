from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from store.models import Base


def test_migrations_match_the_models(store):
    """The schema comes from the migrations; the models must describe exactly that."""
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migrating_twice_is_harmless(store):
    from store.db import migrate

    migrate(store.engine)
    migrate(store.engine)
