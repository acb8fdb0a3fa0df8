"""What a person owns and can do: the props they have, and whether they can get down
to the floor and lie face down.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("props_owned", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("abilities", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("abilities")
        batch.drop_column("props_owned")
