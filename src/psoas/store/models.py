"""ORM classes over the tables of :mod:`psoas.store.tables`, for writes and the web app.

The schema is described once, in Core; each class here maps one table, with typed
attributes. Read-only command paths query the tables directly and never import this.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from psoas.store import tables
from psoas.store.tables import new_uid, utcnow


class Base(DeclarativeBase):
    """Base of every mapped class."""

    metadata = tables.metadata


class Profile(Base):
    """A person whose tests and sessions are kept (the CLI uses one local profile)."""

    __table__ = tables.profiles

    id: Mapped[int]
    name: Mapped[str]
    created_at: Mapped[datetime]
    massage_on_at: Mapped[datetime | None]
    safety_changed_at: Mapped[datetime | None]
    props_owned: Mapped[list[str] | None]
    abilities: Mapped[dict[str, bool] | None]
    routine_id: Mapped[int | None]


class User(Base):
    """An account, needed only when psoas is served beyond this computer."""

    __table__ = tables.users

    id: Mapped[int]
    username: Mapped[str]
    password_hash: Mapped[str]
    profile_id: Mapped[int]
    created_at: Mapped[datetime]
    session_version: Mapped[int]


class LoginAttempt(Base):
    """One login attempt, kept for the login limit's window."""

    __table__ = tables.login_attempts

    id: Mapped[int]
    key: Mapped[str]
    at: Mapped[datetime]


class CoachLink(Base):
    """A client's invitation: this coach may read the client's plans and progress."""

    __table__ = tables.coach_links

    id: Mapped[int]
    client_profile_id: Mapped[int]
    coach_user_id: Mapped[int]
    created_at: Mapped[datetime]


class SelfTest(Base):
    """One self-test: the answers given and the findings they led to."""

    __table__ = tables.self_tests

    id: Mapped[int]
    uid: Mapped[str]
    profile_id: Mapped[int]
    session_id: Mapped[int | None]
    taken_at: Mapped[datetime]
    phase: Mapped[str]
    answers: Mapped[dict[str, Any]]
    findings: Mapped[dict[str, Any]]
    source: Mapped[str]


class Measurement(Base):
    """Angles measured from a photo or clip (numbers only; the image is not kept)."""

    __table__ = tables.measurements

    id: Mapped[int]
    uid: Mapped[str]
    profile_id: Mapped[int]
    test_id: Mapped[int | None]
    measured_at: Mapped[datetime]
    position: Mapped[str]
    side: Mapped[str]
    angles: Mapped[dict[str, Any]]
    back_arched: Mapped[bool | None]


class PlanRecord(Base):
    """A plan as it was built (its JSON), so a session can be resumed exactly."""

    __table__ = tables.plans

    id: Mapped[int]
    profile_id: Mapped[int]
    routine: Mapped[str]
    created_at: Mapped[datetime]
    data: Mapped[dict[str, Any]]


class SessionRecord(Base):
    """One guided session: a plan being done, step by step."""

    __table__ = tables.sessions

    id: Mapped[int]
    uid: Mapped[str]
    profile_id: Mapped[int]
    plan_id: Mapped[int | None]
    routine: Mapped[str]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    status: Mapped[str]
    discomfort: Mapped[int | None]
    flag: Mapped[str | None]
    hold_progress: Mapped[dict[str, Any] | None]

    steps: Mapped[list[StepLog]] = relationship(
        back_populates="session", order_by="StepLog.step_index", cascade="all, delete-orphan"
    )


class StepLog(Base):
    """One step of a session, written the moment it finishes."""

    __table__ = tables.step_logs

    id: Mapped[int]
    session_id: Mapped[int]
    step_index: Mapped[int]
    practice_id: Mapped[str]
    side: Mapped[str | None]
    role: Mapped[str]
    status: Mapped[str]
    planned_seconds: Mapped[int]
    seconds_held: Mapped[int]
    ended_at: Mapped[datetime]

    session: Mapped[SessionRecord] = relationship(back_populates="steps")


class PainRating(Base):
    """A pain or discomfort rating on the 0-10 numeric scale."""

    __table__ = tables.pain_ratings

    id: Mapped[int]
    uid: Mapped[str]
    profile_id: Mapped[int]
    session_id: Mapped[int | None]
    rated_at: Mapped[datetime]
    value: Mapped[int]
    context: Mapped[str]


class NightlyScreen(Base):
    """Tonight's screen: the red flags that apply and pain now, asked before a session."""

    __table__ = tables.nightly_screens

    id: Mapped[int]
    uid: Mapped[str]
    profile_id: Mapped[int]
    session_id: Mapped[int | None]
    answered_at: Mapped[datetime]
    red_flags: Mapped[list[str]]
    pain: Mapped[int]


class ClearanceRecord(Base):
    """The person's record that a provider has cleared them for one caution flag."""

    __table__ = tables.clearances

    id: Mapped[int]
    uid: Mapped[str]
    profile_id: Mapped[int]
    flag_id: Mapped[str]
    cleared_on: Mapped[date]
    cleared_by: Mapped[str | None]
    recorded_at: Mapped[datetime]


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
