"""Whether the low back was arched when a photo measurement was taken.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measurements") as table:
        table.add_column(sa.Column("back_arched", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measurements") as table:
        table.drop_column("back_arched")
