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


def test_migration_0005_indexes_the_newest_suggestion_of_existing_items(store):
    from alembic import command
    from sqlalchemy import text

    from store.db import alembic_config, migrate

    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with store.engine.begin() as conn:  # rows as revision 0004 knew them: no index table
        conn.execute(
            text(
                "INSERT INTO items (id, source, source_ref, content_sha256, media_type, received,"
                " stored_at, status, attempts, parts) VALUES (1, 'file', 'a.txt', 'aa', "
                "'text/plain', :t, :t, 'review', 0, '[]')"
            ),
            {"t": "2026-11-23 10:00:00"},
        )
        for sid, codes in ((1, '[{"code": "mensenhandel"}]'), (2, '[{"code": "schijnhuwelijk"}]')):
            conn.execute(
                text(
                    "INSERT INTO suggestions (id, item_id, created_at, model_version, uncertain,"
                    " signal_types, scores, dossier_links, routing) VALUES (:id, 1, :t, 'm', "
                    "false, :codes, '{}', '[]', '{}')"
                ),
                {"id": sid, "t": "2026-11-23 10:00:00", "codes": codes},
            )
    migrate(store.engine)
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT item_id, code FROM item_signal_types")).all()
    assert [tuple(r) for r in rows] == [(1, "schijnhuwelijk")]
