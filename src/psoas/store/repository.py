"""Reading and writing a person's tests, plans and sessions.

Functions take an open SQLAlchemy ``Session`` (a unit of work from
:meth:`psoas.store.database.Database.session`) and a profile id, and return
either ORM rows or the core's plain dataclasses.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from psoas.core.progress import Progress, SelfTestPoint, SessionSummary, progress
from psoas.store.models import (
    Measurement,
    PainRating,
    PlanRecord,
    Profile,
    SelfTest,
    SessionRecord,
    StepLog,
    utcnow,
)

DEFAULT_PROFILE = "default"


def profile_id(db: Session, name: str = DEFAULT_PROFILE) -> int:
    """The id of the named profile, created on first use."""
    found = db.scalar(select(Profile.id).where(Profile.name == name))
    if found is not None:
        return found
    profile = Profile(name=name)
    db.add(profile)
    db.flush()
    return profile.id


def add_test(
    db: Session,
    profile: int,
    answers: dict[str, Any],
    findings: dict[str, Any],
    *,
    taken_at: datetime | None = None,
    phase: str = "check",
    source: str = "check",
    session_id: int | None = None,
    uid: str | None = None,
) -> SelfTest:
    """Store one self-test (and its pain as a rating)."""
    when = taken_at or utcnow()
    test = SelfTest(
        profile_id=profile,
        answers=answers,
        findings=findings,
        taken_at=when,
        phase=phase,
        source=source,
        session_id=session_id,
    )
    if uid:
        test.uid = uid
    db.add(test)
    db.flush()
    return test


def latest_test(db: Session, profile: int) -> SelfTest | None:
    """The newest test that was actually done (not a skipped pre/post test)."""
    return db.scalar(_LATEST_TEST, {"profile": profile})


def save_plan(db: Session, profile: int, plan: dict[str, Any]) -> PlanRecord:
    """Keep the plan exactly as built, so its session can be resumed."""
    record = PlanRecord(profile_id=profile, routine=plan["routine"], data=plan)
    db.add(record)
    db.flush()
    return record


def begin_session(
    db: Session,
    profile: int,
    plan: PlanRecord,
    *,
    started_at: datetime | None = None,
    uid: str | None = None,
) -> SessionRecord:
    """Open a new active session for ``plan``, started now unless ``started_at`` says
    otherwise (a session started offline), with ``uid`` when the phone chose it."""
    record = SessionRecord(
        profile_id=profile,
        plan_id=plan.id,
        routine=plan.routine,
        started_at=started_at or utcnow(),
        status="active",
    )
    if uid is not None:
        record.uid = uid
    db.add(record)
    db.flush()
    return record


def log_step(
    db: Session,
    session_id: int,
    *,
    index: int,
    practice_id: str,
    side: str | None,
    role: str,
    status: str,
    planned_seconds: int,
    seconds_held: int,
    ended_at: datetime | None = None,
) -> StepLog:
    """Write one finished step."""
    log = StepLog(
        session_id=session_id,
        step_index=index,
        practice_id=practice_id,
        side=side,
        role=role,
        status=status,
        planned_seconds=planned_seconds,
        seconds_held=seconds_held,
        ended_at=ended_at or utcnow(),
    )
    db.add(log)
    db.flush()
    return log


def end_session(
    db: Session, session_id: int, *, status: str, discomfort: int | None = None
) -> None:
    """Close a session: ``finished`` or ``ended_early``, with the discomfort rating.

    The session is flagged when its re-test was 2+ points more painful than its test,
    or the discomfort 7 or more (:func:`psoas.core.safety.session_flag`).
    """
    from psoas.core.safety import session_flag

    record = db.get_one(SessionRecord, session_id)
    record.status = status
    record.ended_at = utcnow()
    record.discomfort = discomfort
    tests = session_test_answers(db, session_id)
    record.flag = session_flag(
        tests.get("pre", {}).get("pain"), tests.get("post", {}).get("pain"), discomfort
    )
    if discomfort is not None:
        db.add(
            PainRating(
                profile_id=record.profile_id,
                session_id=record.id,
                rated_at=record.ended_at,
                value=discomfort,
                context="after_session",
            )
        )


def unfinished_session(db: Session, profile: int) -> SessionRecord | None:
    """The newest session that can be resumed (still ``active``)."""
    return db.scalar(_UNFINISHED, {"profile": profile})


def set_aside_unfinished(db: Session, profile: int) -> list[SessionRecord]:
    """Mark every active session ``abandoned`` (a new one is starting); their steps stay."""
    found = list(
        db.scalars(
            select(SessionRecord).where(
                SessionRecord.profile_id == profile, SessionRecord.status == "active"
            )
        )
    )
    for record in found:
        record.status = "abandoned"
    return found


def step_logged(db: Session, session_id: int, index: int) -> bool:
    """True when this step of the session is already written."""
    return db.scalar(_STEP_LOGGED, {"session": session_id, "index": index}) is not None


def plan_of(db: Session, record: SessionRecord) -> dict[str, Any] | None:
    """The plan a session was started with."""
    if record.plan_id is None:
        return None
    plan = db.get(PlanRecord, record.plan_id)
    return plan.data if plan else None


def set_session_bolster(db: Session, session_id: int, height_cm: float) -> None:
    """Give every bolster step of the session's saved plan a new height (the test at
    the start of the session measured it), so a resume uses it too."""
    record = db.get_one(SessionRecord, session_id)
    plan = db.get(PlanRecord, record.plan_id) if record.plan_id else None
    if plan is None:
        return
    data = dict(plan.data)
    data["steps"] = [
        {**step, "bolster_height_cm": height_cm} if "bolster_height_cm" in step else step
        for step in data.get("steps", [])
    ]
    plan.data = data


def logged_indexes(db: Session, session_id: int) -> set[int]:
    """Indexes of the steps already written for a session."""
    return set(db.scalars(_LOGGED, {"session": session_id}))


def logged_statuses(db: Session, session_id: int) -> dict[int, str]:
    """Each written step's index and how it ended (``done``, ``skipped``, ``partial``)."""
    rows = db.execute(
        select(StepLog.step_index, StepLog.status).where(StepLog.session_id == session_id)
    )
    return dict(rows.tuples().all())


def keep_hold_progress(db: Session, session_id: int, progress: dict[str, float] | None) -> None:
    """Note where the hold under way stands (None once it is over)."""
    db.execute(
        update(SessionRecord).where(SessionRecord.id == session_id).values(hold_progress=progress)
    )


def hold_progress(db: Session, session_id: int) -> dict[str, float] | None:
    """The hold that was under way when the session stopped, if any."""
    found = db.scalar(select(SessionRecord.hold_progress).where(SessionRecord.id == session_id))
    return dict(found) if found else None


def add_measurement(
    db: Session, profile: int, *, position: str, side: str, angles: dict[str, float]
) -> Measurement:
    """Store an accepted measurement, attached to the newest self-test if there is one."""
    test = latest_test(db, profile)
    row = Measurement(
        profile_id=profile,
        test_id=None if test is None else test.id,
        measured_at=utcnow(),
        position=position,
        side=side,
        angles=angles,
    )
    db.add(row)
    db.flush()
    return row


def measured_thigh_angles(db: Session, profile: int) -> list[tuple[datetime, str, float]]:
    """(time, side, thigh-to-floor degrees) of every stored measurement, oldest first."""
    rows = db.execute(
        select(Measurement.measured_at, Measurement.side, Measurement.angles)
        .where(Measurement.profile_id == profile)
        .order_by(Measurement.measured_at)
    )
    return [
        (t, side, float(a["thigh_to_floor_deg"]))
        for t, side, a in rows
        if "thigh_to_floor_deg" in a
    ]


def session_test_answers(db: Session, session_id: int) -> dict[str, dict[str, Any]]:
    """The answers of a session's pre- and post-tests, by phase."""
    rows = db.execute(
        select(SelfTest.phase, SelfTest.answers)
        .where(SelfTest.session_id == session_id)
        .order_by(SelfTest.taken_at, SelfTest.id)
    )
    return {phase: answers for phase, answers in rows}  # noqa: C416 - rows are not pairs to dict()


def _summaries_statement() -> Any:
    counts = (
        select(
            StepLog.session_id.label("sid"),
            func.sum(case((StepLog.status == "done", 1), else_=0)).label("done"),
            func.sum(case((StepLog.status == "skipped", 1), else_=0)).label("skipped"),
            func.sum(case((StepLog.status == "partial", 1), else_=0)).label("partial"),
            func.sum(StepLog.seconds_held).label("held"),
        )
        .group_by(StepLog.session_id)
        .subquery()
    )
    return (
        select(
            SessionRecord.uid,
            SessionRecord.started_at,
            SessionRecord.routine,
            SessionRecord.status,
            SessionRecord.discomfort,
            SessionRecord.flag,
            counts.c.done,
            counts.c.skipped,
            counts.c.partial,
            counts.c.held,
        )
        .outerjoin(counts, counts.c.sid == SessionRecord.id)
        .where(SessionRecord.profile_id == bindparam("profile"))
        .order_by(SessionRecord.started_at, SessionRecord.id)
    )


# Statements on hot paths are built once; building a statement costs more than running it.
_SUMMARIES = _summaries_statement()
_LATEST_TEST = (
    select(SelfTest)
    .where(SelfTest.profile_id == bindparam("profile"))
    .order_by(SelfTest.taken_at.desc(), SelfTest.id.desc())
    .limit(1)
)
_UNFINISHED = (
    select(SessionRecord)
    .where(SessionRecord.profile_id == bindparam("profile"), SessionRecord.status == "active")
    .order_by(SessionRecord.started_at.desc(), SessionRecord.id.desc())
    .limit(1)
)
_LOGGED = select(StepLog.step_index).where(StepLog.session_id == bindparam("session"))
_STEP_LOGGED = select(StepLog.id).where(
    StepLog.session_id == bindparam("session"), StepLog.step_index == bindparam("index")
)


def session_summaries(db: Session, profile: int, tz: Any = None) -> list[SessionSummary]:
    """Every session with its done/skipped/partial counts, oldest first, in one query.

    Each session's ``day`` is its date in ``tz`` (default: this computer's time zone).
    """
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


def self_test_points(db: Session, profile: int) -> list[SelfTestPoint]:
    """Every stored test as trend points, oldest first."""
    rows = db.execute(
        select(SelfTest.taken_at, SelfTest.phase, SelfTest.answers)
        .where(SelfTest.profile_id == profile)
        .order_by(SelfTest.taken_at, SelfTest.id)
    )
    return [SelfTestPoint.from_answers(t, phase, answers) for t, phase, answers in rows]


def pain_ratings(db: Session, profile: int) -> list[tuple[datetime, int]]:
    """After-session discomfort ratings, oldest first."""
    rows = db.execute(
        select(PainRating.rated_at, PainRating.value)
        .where(PainRating.profile_id == profile, PainRating.context == "after_session")
        .order_by(PainRating.rated_at)
    )
    return [(t, v) for t, v in rows]


def progress_of(db: Session, profile: int) -> Progress:
    """The person's progress: every test measure, pain and photo angle over time."""
    return progress(
        self_test_points(db, profile),
        pain_ratings(db, profile),
        measured_thigh_angles(db, profile),
    )


__all__ = [
    "DEFAULT_PROFILE",
    "add_measurement",
    "add_test",
    "begin_session",
    "end_session",
    "hold_progress",
    "keep_hold_progress",
    "latest_test",
    "log_step",
    "logged_indexes",
    "logged_statuses",
    "measured_thigh_angles",
    "pain_ratings",
    "plan_of",
    "profile_id",
    "progress_of",
    "save_plan",
    "self_test_points",
    "session_summaries",
    "session_test_answers",
    "set_aside_unfinished",
    "set_session_bolster",
    "step_logged",
    "unfinished_session",
]
