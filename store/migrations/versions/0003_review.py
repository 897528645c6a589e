"""review queue: claims by reviewers, channel and reporter of phone/desk signals

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("channel", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("reporter_name", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reporter_contact", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_items_status_due", ["status", "due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_status_due")
        batch_op.drop_column("confirmed_at")
        batch_op.drop_column("reporter_contact")
        batch_op.drop_column("reporter_name")
        batch_op.drop_column("channel")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
