"""dossier_keys: the weak-evidence keys of each person's dossier (a name with a place, a
birth year or a street; an address), so that a tip without numbers finds its dossier
in a register of a million rows by index. Filled by the next `ikp dossiers import`
(the register row format changed, so every row is read again).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_keys",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column(
            "dossier_id",
            sa.String(64),
            sa.ForeignKey("dossiers.dossier_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", "dossier_id"),
    )
    op.create_index("ix_dossier_keys_dossier_id", "dossier_keys", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_dossier_keys_dossier_id", table_name="dossier_keys")
    op.drop_table("dossier_keys")
