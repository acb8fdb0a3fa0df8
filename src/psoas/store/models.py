"""The database tables, as SQLAlchemy 2 declarative models.

Rows hold what happened; no planning logic lives here. Every row a person may
export and import again has a ``uid`` (a random UUID) so an import can skip
what is already there.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def new_uid() -> str:
    """A fresh random id for a row."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: UTCDateTime}


class Profile(Base):
    """A person whose tests and sessions are kept (the CLI uses one local profile)."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When the person turned ball massage on, after its safety questions (None: off).
    massage_on_at: Mapped[datetime | None]
    #: When the massage choice or a clearance last changed (so cached plans know).
    safety_changed_at: Mapped[datetime | None]
    #: The non-household props the person owns; None until they say.
    props_owned: Mapped[list[str] | None] = mapped_column(JSON)
    #: What they said they can do: ``{"floor": bool, "face_down": bool}``, only the
    #: answers given (an unanswered one is assumed possible).
    abilities: Mapped[dict[str, bool] | None] = mapped_column(JSON)


class User(Base):
    """An account, needed only when psoas is served beyond this computer."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Signed into every session cookie; logout and a password change raise it, which
    #: ends every session of the account.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")


class LoginAttempt(Base):
    """One login attempt, by ``key`` (an address, or a name at an address), kept for
    the login limit's window so it holds across workers and concurrent requests."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[datetime] = mapped_column(index=True)


class CoachLink(Base):
    """A client's invitation: this coach may read the client's plans and progress."""

    __tablename__ = "coach_links"
    __table_args__ = (UniqueConstraint("client_profile_id", "coach_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    coach_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SelfTest(Base):
    """One self-test: the answers given and the findings they led to."""

    __tablename__ = "self_tests"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    taken_at: Mapped[datetime] = mapped_column(index=True)
    #: ``check`` (on its own), ``pre`` or ``post`` (inside a session).
    phase: Mapped[str] = mapped_column(String(10), default="check")
    answers: Mapped[dict[str, Any]]
    findings: Mapped[dict[str, Any]]
    #: Where the row came from: ``check``, ``session``, ``import`` or ``file`` (old JSON store).
    source: Mapped[str] = mapped_column(String(10), default="check")


class Measurement(Base):
    """Angles measured from a photo or clip (numbers only; the image is not kept)."""

    __tablename__ = "measurements"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    test_id: Mapped[int | None] = mapped_column(
        ForeignKey("self_tests.id", ondelete="SET NULL"), index=True
    )
    measured_at: Mapped[datetime] = mapped_column(index=True)
    position: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(5))
    angles: Mapped[dict[str, Any]]


class PlanRecord(Base):
    """A plan as it was built (its JSON), so a session can be resumed exactly."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    routine: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    data: Mapped[dict[str, Any]]


class SessionRecord(Base):
    """One guided session: a plan being done, step by step."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    routine: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    #: ``active`` (may be resumed), ``finished``, ``ended_early`` or ``abandoned``.
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)
    #: Discomfort after the session, 0–10.
    discomfort: Mapped[int | None]
    #: Why the session is flagged (pain rose, or high discomfort), or None.
    flag: Mapped[str | None] = mapped_column(String(200))
    #: The hold under way: ``{"index", "left_s", "total_s"}``, kept while it runs.
    hold_progress: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    steps: Mapped[list[StepLog]] = relationship(
        back_populates="session", order_by="StepLog.step_index", cascade="all, delete-orphan"
    )


class StepLog(Base):
    """One step of a session, written the moment it finishes."""

    __tablename__ = "step_logs"
    __table_args__ = (UniqueConstraint("session_id", "step_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    step_index: Mapped[int] = mapped_column(Integer)
    practice_id: Mapped[str] = mapped_column(String(60))
    side: Mapped[str | None] = mapped_column(String(5))
    role: Mapped[str] = mapped_column(String(10))
    #: ``done``, ``skipped`` or ``partial``.
    status: Mapped[str] = mapped_column(String(8))
    planned_seconds: Mapped[int]
    seconds_held: Mapped[int]
    ended_at: Mapped[datetime]

    session: Mapped[SessionRecord] = relationship(back_populates="steps")


class PainRating(Base):
    """A pain or discomfort rating on the 0–10 numeric scale."""

    __tablename__ = "pain_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    rated_at: Mapped[datetime] = mapped_column(index=True)
    value: Mapped[int]
    #: ``test`` (given with a self-test) or ``after_session``.
    context: Mapped[str] = mapped_column(String(14))


class NightlyScreen(Base):
    """Tonight's screen: the red flags that apply and pain now, asked before a session."""

    __tablename__ = "nightly_screens"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="SET NULL"), index=True
    )
    answered_at: Mapped[datetime] = mapped_column(index=True)
    red_flags: Mapped[list[str]] = mapped_column(JSON)
    pain: Mapped[int]


class ClearanceRecord(Base):
    """The person's record that a provider has cleared them for one caution flag."""

    __tablename__ = "clearances"
    __table_args__ = (UniqueConstraint("profile_id", "flag_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uid)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    flag_id: Mapped[str] = mapped_column(String(40))
    cleared_on: Mapped[date] = mapped_column(Date)
    cleared_by: Mapped[str | None] = mapped_column(String(100))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


__all__ = [
    "Base",
    "ClearanceRecord",
    "CoachLink",
    "Measurement",
    "NightlyScreen",
    "PainRating",
    "PlanRecord",
    "Profile",
    "SelfTest",
    "SessionRecord",
    "StepLog",
    "User",
    "new_uid",
    "utcnow",
]
