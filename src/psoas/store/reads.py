"""Reading a person's tests, pain and sessions with Core queries on :mod:`psoas.store.tables`.

Every function takes a :data:`~psoas.store.database.Reader` (a Core connection or an
ORM session) and a profile id, and returns plain values or the core's dataclasses.
Nothing here imports the ORM, so the read commands start in little more than the
time it takes to import SQLAlchemy itself (issue 18).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, bindparam, case, func, insert, select

from psoas.core.reliability import PhotoAngle
from psoas.exceptions import BadInput
from psoas.store.tables import measurements, pain_ratings, profiles, self_tests, sessions, utcnow
from psoas.store.tables import step_logs as steps

if TYPE_CHECKING:
    from psoas.core.progress import Progress, SelfTestPoint, SessionSummary
    from psoas.store.database import Reader

DEFAULT_PROFILE = "default"

_PROFILE = select(profiles.c.id).where(profiles.c.name == bindparam("name"))


def profile_id(db: Reader, name: str = DEFAULT_PROFILE) -> int:
    """The id of the named profile, created on first use."""
    found = db.scalar(_PROFILE, {"name": name})
    if found is not None:
        return int(found)
    made = db.execute(insert(profiles).values(name=name, created_at=utcnow()))
    return int(made.inserted_primary_key[0])  # type: ignore[attr-defined]


_LATEST_TEST = (
    select(self_tests)
    .where(self_tests.c.profile_id == bindparam("profile"))
    .order_by(self_tests.c.taken_at.desc(), self_tests.c.id.desc())
    .limit(1)
)


def latest_test(db: Reader, profile: int) -> Row[Any] | None:
    """The newest stored self-test (every column), or None."""
    return db.execute(_LATEST_TEST, {"profile": profile}).first()


def session_test_answers(db: Reader, session_id: int) -> dict[str, dict[str, Any]]:
    """The answers of a session's pre- and post-tests, by phase."""
    rows = db.execute(
        select(self_tests.c.phase, self_tests.c.answers)
        .where(self_tests.c.session_id == session_id)
        .order_by(self_tests.c.taken_at, self_tests.c.id)
    )
    return {phase: answers for phase, answers in rows}  # noqa: C416 - rows are not pairs to dict()


_LOGGED = select(steps.c.step_index).where(steps.c.session_id == bindparam("session"))
_STEP_LOGGED = select(steps.c.id).where(
    steps.c.session_id == bindparam("session"), steps.c.step_index == bindparam("index")
)


def step_logged(db: Reader, session_id: int, index: int) -> bool:
    """True when this step of the session is already written."""
    return db.scalar(_STEP_LOGGED, {"session": session_id, "index": index}) is not None


def logged_indexes(db: Reader, session_id: int) -> set[int]:
    """Indexes of the steps already written for a session."""
    return set(db.execute(_LOGGED, {"session": session_id}).scalars())


def logged_statuses(db: Reader, session_id: int) -> dict[int, str]:
    """Each written step's index and how it ended (``done``, ``skipped``, ``partial``)."""
    rows = db.execute(
        select(steps.c.step_index, steps.c.status).where(steps.c.session_id == session_id)
    )
    return {index: status for index, status in rows}  # noqa: C416 - rows are not pairs to dict()


def hold_progress(db: Reader, session_id: int) -> dict[str, float] | None:
    """The hold that was under way when the session stopped, if any."""
    found = db.scalar(select(sessions.c.hold_progress).where(sessions.c.id == session_id))
    return dict(found) if found else None


def _summaries_statement() -> Any:
    counts = (
        select(
            steps.c.session_id.label("sid"),
            func.sum(case((steps.c.status == "done", 1), else_=0)).label("done"),
            func.sum(case((steps.c.status == "skipped", 1), else_=0)).label("skipped"),
            func.sum(case((steps.c.status == "partial", 1), else_=0)).label("partial"),
            func.sum(steps.c.seconds_held).label("held"),
        )
        .group_by(steps.c.session_id)
        .subquery()
    )
    s = sessions.c
    return (
        select(
            s.uid,
            s.started_at,
            s.routine,
            s.status,
            s.discomfort,
            s.flag,
            counts.c.done,
            counts.c.skipped,
            counts.c.partial,
            counts.c.held,
        )
        .outerjoin(counts, counts.c.sid == s.id)
        .where(s.profile_id == bindparam("profile"))
        .order_by(s.started_at, s.id)
    )


# Statements on hot paths are built once; building a statement costs more than running it.
_SUMMARIES = _summaries_statement()


def session_summaries(db: Reader, profile: int, tz: Any = None) -> list[SessionSummary]:
    """Every session with its done/skipped/partial counts, oldest first, in one query.

    Each session's ``day`` is its date in ``tz`` (default: this computer's time zone).
    """
    from psoas.core.progress import SessionSummary  # only here: planning needs none of it

    rows = db.execute(_SUMMARIES, {"profile": profile})
    return [
        SessionSummary(
            uid=uid,
            started_at=started,
            day=started.astimezone(tz).date(),
            routine=routine,
            status=status,
            done=int(done or 0),
            skipped=int(skipped or 0),
            partial=int(partial or 0),
            seconds_held=int(held or 0),
            discomfort=discomfort,
            flag=flag,
        )
        for uid, started, routine, status, discomfort, flag, done, skipped, partial, held in rows
    ]


def self_test_points(db: Reader, profile: int) -> list[SelfTestPoint]:
    """Every stored test as trend points, oldest first."""
    from psoas.core.progress import SelfTestPoint

    t = self_tests.c
    rows = db.execute(
        select(t.taken_at, t.phase, t.answers)
        .where(t.profile_id == profile)
        .order_by(t.taken_at, t.id)
    )
    return [SelfTestPoint.from_answers(when, phase, answers) for when, phase, answers in rows]


def after_session_pain(db: Reader, profile: int) -> list[tuple[datetime, int]]:
    """After-session discomfort ratings, oldest first."""
    p = pain_ratings.c
    rows = db.execute(
        select(p.rated_at, p.value)
        .where(p.profile_id == profile, p.context == "after_session")
        .order_by(p.rated_at)
    )
    return [(t, v) for t, v in rows]


def measured_thigh_angles(db: Reader, profile: int) -> list[PhotoAngle]:
    """The thigh-to-floor angle of every stored measurement, oldest first."""
    m = measurements.c
    rows = db.execute(
        select(m.measured_at, m.side, m.angles, m.back_arched, m.test_id)
        .where(m.profile_id == profile)
        .order_by(m.measured_at, m.id)
    )
    return [
        PhotoAngle(t, side, float(a["thigh_to_floor_deg"]), arched, test)
        for t, side, a, arched, test in rows
        if "thigh_to_floor_deg" in a
    ]


def progress_of(db: Reader, profile: int) -> Progress:
    """The person's progress: every test measure, pain and photo angle over time."""
    from psoas.core.progress import progress
    from psoas.store.psfs_records import psfs_of

    return progress(
        self_test_points(db, profile),
        after_session_pain(db, profile),
        measured_thigh_angles(db, profile),
        psfs_of(db, profile),
    )


def progress_between(db: Reader, profile: int, start: date, end: date, tz: Any = None) -> Progress:
    """The person's progress from ``start`` to ``end`` (days in ``tz``, default local)."""
    from psoas.core.progress import progress
    from psoas.store.psfs_records import psfs_of

    def within(moment: datetime) -> bool:
        return start <= moment.astimezone(tz).date() <= end

    return progress(
        [p for p in self_test_points(db, profile) if within(p.taken_at)],
        [r for r in after_session_pain(db, profile) if within(r[0])],
        [m for m in measured_thigh_angles(db, profile) if within(m[0])],
        [r for r in psfs_of(db, profile) if within(r.taken_at)],
    )


def report_input(db: Reader, profile: int, name: str, start: date, end: date) -> Any:
    """Everything the progress report (:mod:`psoas.render.report`) shows for the period."""
    import math

    from psoas.render.report import ReportInput
    from psoas.store.overview import client_overview

    if not start <= end:
        raise BadInput("the report's start must not be after its end")
    if (end - start).days > MAX_REPORT_DAYS:
        raise BadInput(f"a report covers at most {MAX_REPORT_DAYS} days")
    weeks = max(1, math.ceil(((end - start).days + 1) / 7))
    overview = client_overview(db, profile, end, weeks)
    return ReportInput(name, start, end, overview, progress_between(db, profile, start, end))


#: The longest period one report covers (a year): its weekly table stays readable.
MAX_REPORT_DAYS = 366

__all__ = [
    "DEFAULT_PROFILE",
    "after_session_pain",
    "hold_progress",
    "latest_test",
    "logged_indexes",
    "logged_statuses",
    "measured_thigh_angles",
    "profile_id",
    "progress_between",
    "progress_of",
    "report_input",
    "self_test_points",
    "session_summaries",
    "session_test_answers",
    "step_logged",
]
