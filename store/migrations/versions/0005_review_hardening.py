"""review hardening: indexed signal types of each item's newest suggestion, login failures

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "item_signal_types",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "code"),
    )
    op.create_index(
        "ix_item_signal_types_code_item", "item_signal_types", ["code", "item_id"], unique=False
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_login_failures_username_at", "login_failures", ["username", "at"], unique=False
    )
    op.create_index("ix_login_failures_client_at", "login_failures", ["client", "at"], unique=False)
    _backfill()


def _backfill() -> None:
    """Index the newest suggestion of every item stored before this revision."""
    conn = op.get_bind()
    newest = sa.text(
        "SELECT item_id, signal_types FROM suggestions WHERE id IN "
        "(SELECT max(id) FROM suggestions GROUP BY item_id)"
    )
    table = sa.table("item_signal_types", sa.column("item_id"), sa.column("code"))
    batch: list[dict[str, object]] = []
    for item_id, signal_types in conn.execute(newest):
        # JSON comes back parsed on PostgreSQL and as text on SQLite.
        entries = json.loads(signal_types) if isinstance(signal_types, str) else signal_types
        codes = sorted({str(e["code"]) for e in entries or []})
        batch.extend({"item_id": item_id, "code": c} for c in codes)
        if len(batch) >= 5000:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)


def downgrade() -> None:
    op.drop_index("ix_login_failures_client_at", table_name="login_failures")
    op.drop_index("ix_login_failures_username_at", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_index("ix_item_signal_types_code_item", table_name="item_signal_types")
    op.drop_table("item_signal_types")
