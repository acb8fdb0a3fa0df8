"""Measurements: angles from a photo or clip, attached to a self-test.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("test_id", sa.Integer(), nullable=True),
        sa.Column("measured_at", sa.DateTime(), nullable=False),
        sa.Column("position", sa.String(length=20), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=False),
        sa.Column("angles", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["test_id"], ["self_tests.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_measurements_profile_id", "measurements", ["profile_id"])
    op.create_index("ix_measurements_test_id", "measurements", ["test_id"])
    op.create_index("ix_measurements_measured_at", "measurements", ["measured_at"])


def downgrade() -> None:
    op.drop_index("ix_measurements_measured_at", table_name="measurements")
    op.drop_index("ix_measurements_test_id", table_name="measurements")
    op.drop_index("ix_measurements_profile_id", table_name="measurements")
    op.drop_table("measurements")
