"""Sessions you can end and a login limit shared by every worker: each account's
session version (raised by logout and a password change, which ends its sessions), and
the recent login attempts, kept in the database.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False, index=True),
        sa.Column("at", sa.DateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("login_attempts")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
