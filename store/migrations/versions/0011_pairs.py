"""pairs: reviewers' verdicts on proposed duplicate signals, and the keys that find
candidate pairs (so a new item reads only the items that share a rare key with it)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pair_verdicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_low", sa.Integer(), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "item_high", sa.Integer(), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(255), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.UniqueConstraint("item_low", "item_high", name="uq_pair_verdicts_pair"),
        sa.CheckConstraint("item_low < item_high", name="ck_pair_verdicts_order"),
    )
    op.create_index("ix_pair_verdicts_item_high", "pair_verdicts", ["item_high"])
    op.create_table(
        "related_keys",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False
        ),
        sa.PrimaryKeyConstraint("key", "item_id"),
    )
    op.create_index("ix_related_keys_item_id", "related_keys", ["item_id"])


def downgrade() -> None:
    op.drop_index("ix_related_keys_item_id", table_name="related_keys")
    op.drop_table("related_keys")
    op.drop_index("ix_pair_verdicts_item_high", table_name="pair_verdicts")
    op.drop_table("pair_verdicts")
