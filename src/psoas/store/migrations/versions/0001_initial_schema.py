"""Initial schema: profiles, self-tests, plans, sessions, step logs, pain ratings.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 07:30:28.389021
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("routine", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plans_profile_id", "plans", ["profile_id"])

    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("routine", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("discomfort", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_sessions_profile_id", "sessions", ["profile_id"])
    op.create_index("ix_sessions_started_at", "sessions", ["started_at"])
    op.create_index("ix_sessions_status", "sessions", ["status"])

    op.create_table(
        "pain_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("rated_at", sa.DateTime(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("context", sa.String(length=14), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_pain_ratings_profile_id", "pain_ratings", ["profile_id"])
    op.create_index("ix_pain_ratings_rated_at", "pain_ratings", ["rated_at"])
    op.create_index("ix_pain_ratings_session_id", "pain_ratings", ["session_id"])

    op.create_table(
        "self_tests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("phase", sa.String(length=10), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["profile_id"], ["profiles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_self_tests_profile_id", "self_tests", ["profile_id"])
    op.create_index("ix_self_tests_session_id", "self_tests", ["session_id"])
    op.create_index("ix_self_tests_taken_at", "self_tests", ["taken_at"])

    op.create_table(
        "step_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("step_index", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.String(length=60), nullable=False),
        sa.Column("side", sa.String(length=5), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("planned_seconds", sa.Integer(), nullable=False),
        sa.Column("seconds_held", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "step_index"),
    )
    op.create_index("ix_step_logs_session_id", "step_logs", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_step_logs_session_id", table_name="step_logs")

    op.drop_table("step_logs")
    op.drop_index("ix_self_tests_taken_at", table_name="self_tests")
    op.drop_index("ix_self_tests_session_id", table_name="self_tests")
    op.drop_index("ix_self_tests_profile_id", table_name="self_tests")

    op.drop_table("self_tests")
    op.drop_index("ix_pain_ratings_session_id", table_name="pain_ratings")
    op.drop_index("ix_pain_ratings_rated_at", table_name="pain_ratings")
    op.drop_index("ix_pain_ratings_profile_id", table_name="pain_ratings")

    op.drop_table("pain_ratings")
    op.drop_index("ix_sessions_status", table_name="sessions")
    op.drop_index("ix_sessions_started_at", table_name="sessions")
    op.drop_index("ix_sessions_profile_id", table_name="sessions")

    op.drop_table("sessions")
    op.drop_index("ix_plans_profile_id", table_name="plans")

    op.drop_table("plans")
    op.drop_table("profiles")
