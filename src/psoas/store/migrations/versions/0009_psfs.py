"""The Patient-Specific Functional Scale: each answering, with its activities and scores.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "psfs_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "profile_id",
            sa.Integer(),
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("taken_at", sa.DateTime(), nullable=False, index=True),
        sa.Column("ratings", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("psfs_responses")
