"""dossier row hashes: re-importing an unchanged register row skips it

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Empty after the upgrade: the next import reads every row once and fills it.
    op.create_table(
        "dossier_row_hashes",
        sa.Column("dossier_id", sa.String(length=64), nullable=False),
        sa.Column("row_hash", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossiers.dossier_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("dossier_id"),
    )


def downgrade() -> None:
    op.drop_table("dossier_row_hashes")
