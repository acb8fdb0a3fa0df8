"""Reading a person's tests and sessions with Core queries on :mod:`psoas.store.tables`
(their pain ratings: :mod:`psoas.store.pain_reads`).

Every function takes a :data:`~psoas.store.database.Reader` (a Core connection, an
ORM session or a fast SQLite reader) and a profile id, and returns plain values or
the core's dataclasses. The statements are named queries (:mod:`psoas.store.query`),
so on SQLite the read commands run them without importing SQLAlchemy (issue 18).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from psoas.core.reliability import PhotoAngle
from psoas.store.fast_reads import DEFAULT_PROFILE
from psoas.store.query import query, run, scalar

if TYPE_CHECKING:
    from psoas.core.progress import SelfTestPoint
    from psoas.core.session_record import SessionSummary
    from psoas.store.database import Reader


@query
def _profile() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import profiles

    return select(profiles.c.id).where(profiles.c.name == bindparam("name"))


def profile_id(db: Reader, name: str = DEFAULT_PROFILE) -> int:
    """The id of the named profile, created on first use."""
    found = scalar(db, _profile, {"name": name})
    if found is not None:
        return int(found)
    from sqlalchemy import insert

    from psoas.store.tables import profiles, utcnow

    made = db.execute(insert(profiles).values(name=name, created_at=utcnow()))
    return int(made.inserted_primary_key[0])  # type: ignore[attr-defined]


@query
def _latest_test() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    return (
        select(self_tests)
        .where(self_tests.c.profile_id == bindparam("profile"))
        .order_by(self_tests.c.taken_at.desc(), self_tests.c.id.desc())
        .limit(1)
    )


def latest_test(db: Reader, profile: int) -> Any:
    """The newest stored self-test (every column), or None."""
    return run(db, _latest_test, {"profile": profile}).first()


@query
def _session_tests() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    return (
        select(self_tests.c.phase, self_tests.c.answers)
        .where(self_tests.c.session_id == bindparam("session"))
        .order_by(self_tests.c.taken_at, self_tests.c.id)
    )


def session_test_answers(db: Reader, session_id: int) -> dict[str, dict[str, Any]]:
    """The answers of a session's pre- and post-tests, by phase."""
    rows = run(db, _session_tests, {"session": session_id})
    return {phase: answers for phase, answers in rows}  # noqa: C416 - rows are not pairs to dict()


@query
def _steps_logged() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import step_logs as steps

    return select(steps.c.step_index, steps.c.status).where(
        steps.c.session_id == bindparam("session")
    )


def logged_indexes(db: Reader, session_id: int) -> set[int]:
    """Indexes of the steps already written for a session."""
    return set(logged_statuses(db, session_id))


def logged_statuses(db: Reader, session_id: int) -> dict[int, str]:
    """Each written step's index and how it ended (``done``, ``skipped``, ``partial``)."""
    rows = run(db, _steps_logged, {"session": session_id})
    return {index: status for index, status in rows}  # noqa: C416 - rows are not pairs to dict()


@query
def _hold_progress() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import sessions

    return select(sessions.c.hold_progress).where(sessions.c.id == bindparam("session"))


def hold_progress(db: Reader, session_id: int) -> dict[str, float] | None:
    """The hold that was under way when the session stopped, if any."""
    found = scalar(db, _hold_progress, {"session": session_id})
    return dict(found) if found else None


def _session_rows(by: str, seen: bool = False) -> Any:
    """A session's columns that the player's routes use: ``by_id``, or a profile's
    newest ``unfinished`` (still active) one. ``seen`` adds what the player shows, in
    the same query: its saved plan (``plan``) and the indexes of the steps written,
    comma-separated (``finished``)."""
    from sqlalchemy import String, bindparam, cast, func, select

    from psoas.store.tables import plans, sessions, step_logs

    s = sessions.c
    columns = [s.id, s.uid, s.profile_id, s.plan_id, s.routine, s.status, s.started_at]
    chosen = select(*columns)
    if seen:
        written = (
            select(func.aggregate_strings(cast(step_logs.c.step_index, String), ","))
            .where(step_logs.c.session_id == s.id)
            .scalar_subquery()
        )
        chosen = select(*columns, plans.c.data.label("plan"), written.label("finished"))
        chosen = chosen.outerjoin(plans, plans.c.id == s.plan_id)
    if by == "by_id":
        return chosen.where(s.id == bindparam("session"))
    return (
        chosen.where(s.profile_id == bindparam("profile"), s.status == "active")
        .order_by(s.started_at.desc(), s.id.desc())
        .limit(1)
    )


_SESSION = query(partial(_session_rows, "by_id"), key=f"{__name__}.session_by_id")
_SESSION_SEEN = query(partial(_session_rows, "by_id", True), key=f"{__name__}.session_seen")
_UNFINISHED_SEEN = query(
    partial(_session_rows, "unfinished", True), key=f"{__name__}.unfinished_seen"
)


def session_row(db: Reader, session_id: int) -> Any:
    """A session's id, uid, profile_id, plan_id, routine, status and started_at, or None."""
    return run(db, _SESSION, {"session": session_id}).first()


def session_view(db: Reader, session_id: int) -> Any:
    """As :func:`session_row`, with the saved ``plan`` and the ``finished`` step indexes
    (comma-separated, or None), in one query: what the player shows of a session."""
    return run(db, _SESSION_SEEN, {"session": session_id}).first()


def unfinished_view(db: Reader, profile: int) -> Any:
    """The newest session that can be resumed (as :func:`session_view`), or None."""
    return run(db, _UNFINISHED_SEEN, {"profile": profile}).first()


@query
def _plan_data() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import plans

    return select(plans.c.data).where(plans.c.id == bindparam("plan"))


def plan_data(db: Reader, plan_id: int) -> dict[str, Any] | None:
    """A saved plan's JSON, or None."""
    found: dict[str, Any] | None = scalar(db, _plan_data, {"plan": plan_id})
    return found


@query
def _summaries() -> Any:
    from sqlalchemy import bindparam, case, func, select

    from psoas.store.tables import plans, sessions
    from psoas.store.tables import step_logs as steps

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
            func.json_array_length(plans.c.data["steps"]).label("planned"),
            plans.c.data["rest_only"].as_boolean().label("rest_only"),
        )
        .outerjoin(counts, counts.c.sid == s.id)
        .outerjoin(plans, plans.c.id == s.plan_id)
        .where(s.profile_id == bindparam("profile"))
        .order_by(s.started_at, s.id)
    )


def session_summaries(db: Reader, profile: int, tz: Any = None) -> list[SessionSummary]:
    """Every session with its done/skipped/partial counts, oldest first, in one query.

    Each session's ``day`` is its date in ``tz`` (default: this computer's time zone).
    """
    from psoas.core.session_record import SessionSummary

    rows = run(db, _summaries, {"profile": profile})
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
            planned_steps=None if planned is None else int(planned),
            rest_only=bool(rest_only),
        )
        for (
            uid,
            started,
            routine,
            status,
            discomfort,
            flag,
            done,
            skipped,
            partial,
            held,
            planned,
            rest_only,
        ) in rows
    ]


@query
def _test_points() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    t = self_tests.c
    return (
        select(t.taken_at, t.phase, t.answers, t.session_id)
        .where(t.profile_id == bindparam("profile"), t.taken_at >= bindparam("since"))
        .order_by(t.taken_at, t.id)
    )


#: Before any record: ``since`` for reads of everything.
EVER = datetime(1, 1, 1, tzinfo=UTC)


def stored_tests(db: Reader, profile: int, since: datetime = EVER) -> list[Any]:
    """Every stored test from ``since`` on: (taken_at, phase, answers, session_id)."""
    return list(run(db, _test_points, {"profile": profile, "since": since}))


def self_test_points(db: Reader, profile: int) -> list[SelfTestPoint]:
    """Every stored test as trend points, oldest first."""
    return points_of(stored_tests(db, profile))


def points_of(rows: list[Any]) -> list[SelfTestPoint]:
    """Test rows (:func:`stored_tests`) as trend points."""
    from psoas.core.progress import SelfTestPoint

    return [SelfTestPoint.from_answers(when, phase, answers) for when, phase, answers, _ in rows]


@query
def _thigh_angles() -> Any:
    from sqlalchemy import bindparam, select

    from psoas.store.tables import measurements

    m = measurements.c
    return (
        select(m.measured_at, m.side, m.angles, m.back_arched, m.test_id)
        .where(m.profile_id == bindparam("profile"))
        .order_by(m.measured_at, m.id)
    )


def measured_thigh_angles(db: Reader, profile: int) -> list[PhotoAngle]:
    """The thigh-to-floor angle of every stored measurement, oldest first."""
    rows = run(db, _thigh_angles, {"profile": profile})
    return [
        PhotoAngle(t, side, float(a["thigh_to_floor_deg"]), arched, test)
        for t, side, a, arched, test in rows
        if "thigh_to_floor_deg" in a
    ]


__all__ = [
    "DEFAULT_PROFILE",
    "EVER",
    "hold_progress",
    "latest_test",
    "logged_indexes",
    "logged_statuses",
    "measured_thigh_angles",
    "plan_data",
    "points_of",
    "profile_id",
    "self_test_points",
    "session_row",
    "session_summaries",
    "session_test_answers",
    "session_view",
    "stored_tests",
    "unfinished_view",
]
