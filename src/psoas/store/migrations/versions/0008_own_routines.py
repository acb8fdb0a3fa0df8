"""Routines of one's own, and those a coach writes for a client: the routines, every
change made to them, and which one is tonight's plan.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "routines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "profile_id",
            sa.Integer(),
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("offered_spec", sa.JSON()),
        sa.Column("author_user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("author_name", sa.String(60)),
        sa.Column("starts_on", sa.Date()),
        sa.Column("status", sa.String(10), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "routine_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "routine_id",
            sa.Integer(),
            sa.ForeignKey("routines.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("by_name", sa.String(60)),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("spec", sa.JSON()),
    )
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("routine_id", sa.Integer()))
        batch.create_foreign_key(
            "fk_profile_routine", "routines", ["routine_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint("fk_profile_routine", type_="foreignkey")
        batch.drop_column("routine_id")
    op.drop_table("routine_changes")
    op.drop_table("routines")
