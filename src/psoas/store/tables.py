"""The database tables, in SQLAlchemy Core: the one description of the schema.

Read commands query these tables directly, so they never pay for importing the ORM
(:mod:`psoas.store.models` maps its classes onto the same tables for the writes and
the web app). Rows hold what happened; no planning logic lives here. Every row a
person may export and import again has a ``uid`` (a random UUID) so an import can
skip what is already there.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect

metadata = MetaData()


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


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _uid() -> Column[str]:
    return Column("uid", String(36), unique=True, nullable=False, default=new_uid)


def _owner() -> Column[int]:
    """The profile a row belongs to."""
    return Column(
        "profile_id",
        Integer,
        ForeignKey("profiles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _session_link() -> Column[int]:
    """The session a row was made in, if any."""
    return Column("session_id", Integer, ForeignKey("sessions.id", ondelete="SET NULL"), index=True)


def _at(name: str, *, index: bool = False, required: bool = True) -> Column[datetime]:
    return Column(name, UTCDateTime(), nullable=not required, index=index)


def _created(name: str = "created_at") -> Column[datetime]:
    return Column(name, UTCDateTime(), nullable=False, default=utcnow)


#: A person whose tests and sessions are kept (the CLI uses one local profile).
profiles = Table(
    "profiles",
    metadata,
    _id(),
    Column("name", String(100), unique=True, nullable=False),
    _created(),
    # When the person turned ball massage on, after its safety questions (None: off).
    _at("massage_on_at", required=False),
    # When the massage choice or a clearance last changed (so cached plans know).
    _at("safety_changed_at", required=False),
    # The non-household props the person owns; None until they say.
    Column("props_owned", JSON),
    # What they said they can do: {"floor": bool, "face_down": bool}, only the answers
    # given (an unanswered one is assumed possible).
    Column("abilities", JSON),
    # The routine of their own that is tonight's plan; None: the app's routines.
    Column(
        "routine_id",
        Integer,
        ForeignKey("routines.id", ondelete="SET NULL", use_alter=True, name="fk_profile_routine"),
    ),
)

#: An account, needed only when psoas is served beyond this computer.
users = Table(
    "users",
    metadata,
    _id(),
    Column("username", String(60), unique=True, nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    _created(),
    # Signed into every session cookie; logout and a password change raise it, which
    # ends every session of the account.
    Column("session_version", Integer, nullable=False, default=0, server_default="0"),
)

#: One login attempt, by key (an address, or a name at an address), kept for the login
#: limit's window so it holds across workers and concurrent requests.
login_attempts = Table(
    "login_attempts",
    metadata,
    _id(),
    Column("key", String(200), nullable=False, index=True),
    _at("at", index=True),
)

#: A client's invitation: this coach may read the client's plans and progress.
coach_links = Table(
    "coach_links",
    metadata,
    _id(),
    Column(
        "client_profile_id",
        Integer,
        ForeignKey("profiles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "coach_user_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    _created(),
    UniqueConstraint("client_profile_id", "coach_user_id"),
)

#: One self-test: the answers given and the findings they led to.
self_tests = Table(
    "self_tests",
    metadata,
    _id(),
    _uid(),
    _owner(),
    _session_link(),
    _at("taken_at", index=True),
    # check (on its own), pre or post (inside a session).
    Column("phase", String(10), nullable=False, default="check"),
    Column("answers", JSON, nullable=False),
    Column("findings", JSON, nullable=False),
    # Where the row came from: check, session, import or file (old JSON store).
    Column("source", String(10), nullable=False, default="check"),
)

#: Angles measured from a photo or clip (numbers only; the image is not kept).
measurements = Table(
    "measurements",
    metadata,
    _id(),
    _uid(),
    _owner(),
    Column("test_id", Integer, ForeignKey("self_tests.id", ondelete="SET NULL"), index=True),
    _at("measured_at", index=True),
    Column("position", String(20), nullable=False),
    Column("side", String(5), nullable=False),
    Column("angles", JSON, nullable=False),
    # Whether the low back was arched (the test's back gap) when it was taken; None: unknown.
    Column("back_arched", Boolean),
)

#: A plan as it was built (its JSON), so a session can be resumed exactly.
plans = Table(
    "plans",
    metadata,
    _id(),
    _owner(),
    Column("routine", String(20), nullable=False),
    _created(),
    Column("data", JSON, nullable=False),
)

#: One guided session: a plan being done, step by step.
sessions = Table(
    "sessions",
    metadata,
    _id(),
    _uid(),
    _owner(),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="SET NULL")),
    Column("routine", String(20), nullable=False),
    _at("started_at", index=True),
    _at("ended_at", required=False),
    # active (may be resumed), finished, ended_early or abandoned.
    Column("status", String(12), nullable=False, default="active", index=True),
    # Discomfort after the session, 0-10.
    Column("discomfort", Integer),
    # Why the session is flagged (pain rose, or high discomfort), or None.
    Column("flag", String(200)),
    # The hold under way: {"index", "left_s", "total_s"}, kept while it runs.
    Column("hold_progress", JSON),
)

#: One step of a session, written the moment it finishes.
step_logs = Table(
    "step_logs",
    metadata,
    _id(),
    Column(
        "session_id",
        Integer,
        ForeignKey("sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("step_index", Integer, nullable=False),
    Column("practice_id", String(60), nullable=False),
    Column("side", String(5)),
    Column("role", String(10), nullable=False),
    # done, skipped or partial.
    Column("status", String(8), nullable=False),
    Column("planned_seconds", Integer, nullable=False),
    Column("seconds_held", Integer, nullable=False),
    _at("ended_at"),
    UniqueConstraint("session_id", "step_index"),
)

#: A pain or discomfort rating on the 0-10 numeric scale.
pain_ratings = Table(
    "pain_ratings",
    metadata,
    _id(),
    _uid(),
    _owner(),
    _session_link(),
    _at("rated_at", index=True),
    Column("value", Integer, nullable=False),
    # test (given with a self-test) or after_session.
    Column("context", String(14), nullable=False),
)

#: Tonight's screen: the red flags that apply and pain now, asked before a session.
nightly_screens = Table(
    "nightly_screens",
    metadata,
    _id(),
    _uid(),
    _owner(),
    _session_link(),
    _at("answered_at", index=True),
    Column("red_flags", JSON, nullable=False),
    Column("pain", Integer, nullable=False),
)

#: The person's record that a provider has cleared them for one caution flag.
clearances = Table(
    "clearances",
    metadata,
    _id(),
    _uid(),
    _owner(),
    Column("flag_id", String(40), nullable=False),
    Column("cleared_on", Date, nullable=False),
    Column("cleared_by", String(100)),
    _created("recorded_at"),
    UniqueConstraint("profile_id", "flag_id"),
)

#: A routine of the person's own, or one a coach they invited wrote for them.
routines = Table(
    "routines",
    metadata,
    _id(),
    _uid(),
    _owner(),
    Column("name", String(60), nullable=False),
    # The routine as psoas.core.own_routines.OwnRoutine.to_data() writes it.
    Column("spec", JSON, nullable=False),
    # A coach's change to an accepted routine, waiting for the person to accept it (the
    # accepted spec runs until then), or None.
    Column("offered_spec", JSON),
    # Who wrote it: None for the person; else the coach (kept by name if they leave).
    Column("author_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("author_name", String(60)),
    # The first day it is meant for (a coach's routine), or None.
    Column("starts_on", Date),
    # own, offered (by a coach, not yet accepted), accepted, declined or archived.
    Column("status", String(10), nullable=False, index=True),
    _created(),
    Column("updated_at", UTCDateTime(), nullable=False, default=utcnow),
)

#: Every change to a routine: who, when, what, and the routine as it became.
routine_changes = Table(
    "routine_changes",
    metadata,
    _id(),
    Column(
        "routine_id",
        Integer,
        ForeignKey("routines.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", UTCDateTime(), nullable=False, default=utcnow),
    # None: the person; else the coach's account (kept by name if it goes).
    Column("by_user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("by_name", String(60)),
    # created, edited, offered, accepted, declined, chosen, set_aside, archived, imported.
    Column("action", String(12), nullable=False),
    Column("spec", JSON),
)

#: One answering of the Patient-Specific Functional Scale (psoas.core.psfs).
psfs_responses = Table(
    "psfs_responses",
    metadata,
    _id(),
    _uid(),
    _owner(),
    _at("taken_at", index=True),
    # [{"activity": str, "score": 0-10}, ...], one to three.
    Column("ratings", JSON, nullable=False),
)

__all__ = [
    "UTCDateTime",
    "clearances",
    "coach_links",
    "login_attempts",
    "measurements",
    "metadata",
    "new_uid",
    "nightly_screens",
    "pain_ratings",
    "plans",
    "profiles",
    "psfs_responses",
    "routine_changes",
    "routines",
    "self_tests",
    "sessions",
    "step_logs",
    "users",
    "utcnow",
]
