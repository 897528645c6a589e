"""phenomena: clusters of items an analyst named, and the items in each

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phenomena",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False, unique=True),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "phenomenon_items",
        sa.Column(
            "phenomenon_id",
            sa.Integer(),
            sa.ForeignKey("phenomena.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("added_by", sa.String(128), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("phenomenon_id", "item_id"),
    )
    op.create_index("ix_phenomenon_items_item_id", "phenomenon_items", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_phenomenon_items_item_id", table_name="phenomenon_items")
    op.drop_table("phenomenon_items")
    op.drop_table("phenomena")
