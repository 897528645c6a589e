"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 09:45:13.093518
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_item_id"), ["item_id"], unique=False)

    op.create_table(
        "dossiers",
        sa.Column("dossier_id", sa.String(length=64), nullable=False),
        sa.Column("soort", sa.String(length=16), nullable=False),
        sa.Column("v_nummer", sa.String(length=16), nullable=True),
        sa.Column("bsn", sa.String(length=16), nullable=True),
        sa.Column("voornamen", sa.Text(), nullable=True),
        sa.Column("achternaam", sa.Text(), nullable=True),
        sa.Column("geboortedatum", sa.Date(), nullable=True),
        sa.Column("nationaliteit", sa.Text(), nullable=True),
        sa.Column("adres", sa.Text(), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("woonplaats", sa.Text(), nullable=True),
        sa.Column("telefoon", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("naam", sa.Text(), nullable=True),
        sa.Column("kvk", sa.String(length=16), nullable=True),
        sa.Column("surname_key", sa.String(length=255), nullable=True),
        sa.Column("organisation_key", sa.String(length=255), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id"),
    )
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossiers_bsn"), ["bsn"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_email"), ["email"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dossiers_geboortedatum"), ["geboortedatum"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dossiers_kvk"), ["kvk"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dossiers_organisation_key"), ["organisation_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dossiers_postcode"), ["postcode"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_surname_key"), ["surname_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_telefoon"), ["telefoon"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossiers_v_nummer"), ["v_nummer"], unique=False)

    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_ref", sa.String(length=998), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=255), nullable=False),
        sa.Column("received", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("sender", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("locked_by", sa.String(length=255), nullable=True),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("primary", sa.String(length=32), nullable=True),
        sa.Column("priority", sa.String(length=16), nullable=True),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_sha256"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index("ix_items_due", ["due"], unique=False)
        batch_op.create_index(
            "ix_items_status_next_attempt", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("source_ref", sa.String(length=998), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_sha256"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=128), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("decided_by", sa.String(length=255), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signal_types", sa.JSON(), nullable=False),
        sa.Column("dossier_ids", sa.JSON(), nullable=False),
        sa.Column("primary", sa.String(length=32), nullable=False),
        sa.Column("inform", sa.JSON(), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_item_id"), ["item_id"], unique=False)

    op.create_table(
        "entities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entities_item_id"), ["item_id"], unique=False)

    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model_version", sa.String(length=128), nullable=False),
        sa.Column("uncertain", sa.Boolean(), nullable=False),
        sa.Column("signal_types", sa.JSON(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("dossier_links", sa.JSON(), nullable=False),
        sa.Column("routing", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestions_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestions_item_id"))

    op.drop_table("suggestions")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entities_item_id"))

    op.drop_table("entities")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_item_id"))

    op.drop_table("decisions")
    op.drop_table("users")
    op.drop_table("quarantine")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_status_next_attempt")
        batch_op.drop_index("ix_items_due")

    op.drop_table("items")
    with op.batch_alter_table("dossiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossiers_v_nummer"))
        batch_op.drop_index(batch_op.f("ix_dossiers_telefoon"))
        batch_op.drop_index(batch_op.f("ix_dossiers_surname_key"))
        batch_op.drop_index(batch_op.f("ix_dossiers_postcode"))
        batch_op.drop_index(batch_op.f("ix_dossiers_organisation_key"))
        batch_op.drop_index(batch_op.f("ix_dossiers_kvk"))
        batch_op.drop_index(batch_op.f("ix_dossiers_geboortedatum"))
        batch_op.drop_index(batch_op.f("ix_dossiers_email"))
        batch_op.drop_index(batch_op.f("ix_dossiers_bsn"))

    op.drop_table("dossiers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_item_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
