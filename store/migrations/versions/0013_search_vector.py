"""search_vector: PostgreSQL stores each item's Dutch tsvector in a generated column with
the GIN index on it, instead of indexing an expression that every row visited outside the
index (filtered scans, ranking) has to recompute. SQLite (FTS5) is unchanged.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# Kept in step with store/search.py (SEARCH_VECTOR): migration 0010's document, verbatim.
DOCUMENT = (
    "setweight(to_tsvector('dutch'::regconfig, coalesce(subject, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, left(coalesce(text, ''), 200000)), 'B')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # The expression index goes first, so the table rewrite below does not rebuild it.
    op.execute("DROP INDEX IF EXISTS ix_items_search")
    # A STORED generated column rewrites the table: that computes the vector of every
    # existing item (the backfill), and PostgreSQL recomputes it on every insert and update.
    op.execute(
        f"ALTER TABLE items ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DOCUMENT}) "
        "STORED"
    )
    op.execute("CREATE INDEX ix_items_search_vector ON items USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_items_search_vector")
    op.execute("ALTER TABLE items DROP COLUMN IF EXISTS search_vector")
    op.execute(f"CREATE INDEX ix_items_search ON items USING gin (({DOCUMENT}))")
