"""Nightly safety: tonight's screens, provider clearances, the massage choice, session flags.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nightly_screens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_nightly_screens_profile_id", "nightly_screens", ["profile_id"])
    op.create_index("ix_nightly_screens_session_id", "nightly_screens", ["session_id"])
    op.create_index("ix_nightly_screens_answered_at", "nightly_screens", ["answered_at"])
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.String(length=40), nullable=False),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("cleared_by", sa.String(length=100), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
        sa.UniqueConstraint("profile_id", "flag_id"),
    )
    op.create_index("ix_clearances_profile_id", "clearances", ["profile_id"])
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("massage_on_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("safety_changed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("flag", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("flag")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("safety_changed_at")
        batch.drop_column("massage_on_at")
    op.drop_index("ix_clearances_profile_id", table_name="clearances")
    op.drop_table("clearances")
    op.drop_index("ix_nightly_screens_answered_at", table_name="nightly_screens")
    op.drop_index("ix_nightly_screens_session_id", table_name="nightly_screens")
    op.drop_index("ix_nightly_screens_profile_id", table_name="nightly_screens")
    op.drop_table("nightly_screens")
