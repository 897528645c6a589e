"""search: full text over items (FTS5 on SQLite, a Dutch tsvector GIN index on PostgreSQL)
and the search keys of an item's entities (normalised identifiers, name and address keys)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Kept in step with store/search.py (FTS_TABLE, PG_DOCUMENT), which queries them.
FTS_TABLE = "items_fts"
PG_DOCUMENT = (
    "setweight(to_tsvector('dutch'::regconfig, coalesce(subject, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, left(coalesce(text, ''), 200000)), 'B')"
)


def upgrade() -> None:
    op.create_table(
        "search_keys",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", "item_id"),
    )
    op.create_index("ix_search_keys_item_id", "search_keys", ["item_id"])
    op.create_index("ix_items_received", "items", ["received"])
    if op.get_bind().dialect.name == "sqlite":
        # External content: the text lives once, in items; triggers keep the index in step
        # with every insert, update and delete of an item's subject or text.
        op.execute(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(subject, text, content='items', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            f"CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN "
            f"INSERT INTO {FTS_TABLE}(rowid, subject, text) "
            "VALUES (new.id, new.subject, new.text); END"
        )
        op.execute(
            f"CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject, text) "
            "VALUES ('delete', old.id, old.subject, old.text); END"
        )
        op.execute(
            f"CREATE TRIGGER items_fts_update AFTER UPDATE OF subject, text ON items BEGIN "
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, subject, text) "
            "VALUES ('delete', old.id, old.subject, old.text); "
            f"INSERT INTO {FTS_TABLE}(rowid, subject, text) "
            "VALUES (new.id, new.subject, new.text); END"
        )
        op.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    else:
        # An expression index: nothing to keep in step by hand. The text is cut at 200,000
        # characters because a tsvector holds at most 1 MB.
        op.execute(f"CREATE INDEX ix_items_search ON items USING gin (({PG_DOCUMENT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("items_fts_insert", "items_fts_delete", "items_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        op.execute("DROP INDEX IF EXISTS ix_items_search")
    op.drop_index("ix_items_received", table_name="items")
    op.drop_index("ix_search_keys_item_id", table_name="search_keys")
    op.drop_table("search_keys")
