"""link_verdicts: reviewers' accept/reject of each proposed or possible dossier link (issue
16 point 3), the labelled pairs for the next fit of the link scorer; and each suggestion's
possible links (the uncertain band below the proposals)

Revision ID: 0016
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
# 0015 is another branch's; whichever merges second chains onto the other's head.
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_verdicts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "item_id", sa.Integer(), sa.ForeignKey("items.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(255), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.UniqueConstraint("item_id", "dossier_id", name="uq_link_verdicts_link"),
    )
    op.create_index("ix_link_verdicts_dossier_id", "link_verdicts", ["dossier_id"])
    op.add_column("suggestions", sa.Column("possible_links", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("suggestions", "possible_links")
    op.drop_index("ix_link_verdicts_dossier_id", table_name="link_verdicts")
    op.drop_table("link_verdicts")
