"""Reading and writing a person's tests, plans and sessions.

Functions take an open SQLAlchemy ``Session`` (a unit of work from
:meth:`psoas.store.database.Database.session`) and a profile id, and return
either ORM rows or the core's plain dataclasses. The reads that need no ORM live in
:mod:`psoas.store.reads` and are offered here too, so a shell imports from one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.orm import Session

from psoas.store.models import (
    Measurement,
    PainRating,
    PlanRecord,
    SelfTest,
    SessionRecord,
    utcnow,
)
from psoas.store.pain_reads import pain_ratings_of
from psoas.store.reads import (
    DEFAULT_PROFILE,
    hold_progress,
    latest_test,
    logged_indexes,
    logged_statuses,
    measured_thigh_angles,
    profile_id,
    self_test_points,
    session_summaries,
    session_test_answers,
)
from psoas.store.tables import step_logs


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
    db: Session | Connection,
    session_id: int,
    *,
    index: int,
    practice_id: str,
    side: str | None,
    role: str,
    status: str,
    planned_seconds: int,
    seconds_held: int,
) -> bool:
    """Write one finished step unless that step of the session is written already (the
    phone's queue and a live request may send it at the same moment); True if written.

    One ``INSERT ... ON CONFLICT DO NOTHING`` on SQLite and PostgreSQL (no check first,
    no savepoint: one round trip); other databases insert in a savepoint instead.
    """
    values = {
        "session_id": session_id,
        "step_index": index,
        "practice_id": practice_id,
        "side": side,
        "role": role,
        "status": status,
        "planned_seconds": planned_seconds,
        "seconds_held": seconds_held,
        "ended_at": utcnow(),
    }
    dialect = (db.get_bind() if isinstance(db, Session) else db).dialect.name
    statement = _step_insert(dialect)
    if statement is None:
        return _insert_in_savepoint(db, values)  # type: ignore[arg-type]
    return db.execute(statement, values).first() is not None


@cache
def _step_insert(dialect: str) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING RETURNING id`` for a step, built once per
    dialect (building a statement costs more than running it); None where the
    dialect has no such statement."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    else:
        return None
    return insert(step_logs).on_conflict_do_nothing().returning(step_logs.c.id)


def _insert_in_savepoint(db: Session, values: dict[str, Any]) -> bool:
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    try:
        with db.begin_nested():
            db.execute(insert(step_logs).values(values))
    except IntegrityError:
        return False
    return True


def end_session(
    db: Session,
    session_id: int,
    *,
    status: str,
    discomfort: int | None = None,
    flag: str | None = None,
) -> None:
    """Close a session: ``finished`` or ``ended_early``, with the discomfort rating (kept
    as a pain rating after the session too) and why it is flagged, if it is (the use
    case works that out: psoas.usecases.sessions.finish)."""
    record = db.get_one(SessionRecord, session_id)
    record.status = status
    record.ended_at = utcnow()
    record.discomfort = discomfort
    record.flag = flag
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


_UNFINISHED = (
    select(SessionRecord)
    .where(SessionRecord.profile_id == bindparam("profile"), SessionRecord.status == "active")
    .order_by(SessionRecord.started_at.desc(), SessionRecord.id.desc())
    .limit(1)
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


def keep_hold_progress(db: Session, session_id: int, progress: dict[str, float] | None) -> None:
    """Note where the hold under way stands (None once it is over)."""
    db.execute(
        update(SessionRecord).where(SessionRecord.id == session_id).values(hold_progress=progress)
    )


def add_measuring(
    db: Session,
    profile: int,
    *,
    position: str,
    side: str,
    captures: Sequence[dict[str, float]],
    test_id: int | None,
    back_arched: bool | None,
) -> list[Measurement]:
    """Store an accepted measuring, one row per capture, attached to the test
    ``test_id`` (if any) with whether the low back was arched, as the caller found it
    (psoas.usecases.measuring)."""
    now = utcnow()
    rows = [
        Measurement(
            profile_id=profile,
            test_id=test_id,
            measured_at=now,
            position=position,
            side=side,
            angles=angles,
            back_arched=back_arched,
        )
        for angles in captures
    ]
    db.add_all(rows)
    db.flush()
    return rows


__all__ = [
    "DEFAULT_PROFILE",
    "add_measuring",
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
    "pain_ratings_of",
    "plan_of",
    "profile_id",
    "save_plan",
    "self_test_points",
    "session_summaries",
    "session_test_answers",
    "set_aside_unfinished",
    "set_session_bolster",
    "unfinished_session",
]
