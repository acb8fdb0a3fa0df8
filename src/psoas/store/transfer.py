"""The rows an import adds (:mod:`psoas.store.exporting` writes the file).

The file is checked whole before anything here runs (psoas.usecases.import_checks);
psoas.usecases.transfer decides what goes in, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.store.export_format import (
    ClearanceIn,
    MeasurementIn,
    PainIn,
    ScreenIn,
    SelfTestIn,
    SessionIn,
)
from psoas.store.models import (
    ClearanceRecord,
    Measurement,
    NightlyScreen,
    PainRating,
    PlanRecord,
    Profile,
    SelfTest,
    SessionRecord,
    StepLog,
)


@dataclass
class ImportResult:
    """How many rows of each kind were added and skipped as already present."""

    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def session_owners(db: Session, uids: list[str]) -> dict[str, tuple[int, int]]:
    """Each of these session uids already stored: (its id, its profile)."""
    rows = select(SessionRecord.uid, SessionRecord.id, SessionRecord.profile_id).where(
        SessionRecord.uid.in_(uids)
    )
    return {uid: (sid, owner) for uid, sid, owner in db.execute(rows)}


def add_session(db: Session, profile: int, session: SessionIn) -> int:
    """Store an exported session (its plan and steps as given); its id."""
    plan_id = None
    if session.plan is not None:
        plan = PlanRecord(profile_id=profile, routine=session.routine, data=session.plan)
        db.add(plan)
        db.flush()
        plan_id = plan.id
    record = SessionRecord(
        uid=session.uid,
        profile_id=profile,
        plan_id=plan_id,
        routine=session.routine,
        started_at=session.started_at,
        ended_at=session.ended_at,
        status=session.status,
        discomfort=session.discomfort,
        flag=session.flag,
    )
    record.steps = [
        StepLog(
            step_index=step.index,
            practice_id=step.practice_id,
            side=step.side,
            role=step.role,
            status=step.status,
            planned_seconds=step.planned_seconds,
            seconds_held=step.seconds_held,
            ended_at=step.ended_at,
        )
        for step in session.steps
    ]
    db.add(record)
    db.flush()
    return int(record.id)


def ids_of_tests(db: Session, profile: int, uids: set[str]) -> dict[str, int]:
    """The ids of the person's tests with these uids."""
    rows = select(SelfTest.uid, SelfTest.id).where(
        SelfTest.uid.in_(uids), SelfTest.profile_id == profile
    )
    return dict(db.execute(rows).all())


def self_test_row(
    profile: int, test: SelfTestIn, findings: dict[str, Any], session_id: int | None
) -> SelfTest:
    """An exported self-test as a row (added by :func:`add_new`)."""
    return SelfTest(
        uid=test.uid,
        profile_id=profile,
        session_id=session_id,
        taken_at=test.taken_at,
        phase=test.phase,
        answers=test.answers.to_data(),
        findings=findings,
        source="import",
    )


def pain_row(profile: int, rating: PainIn, session_id: int | None) -> PainRating:
    """An exported pain rating as a row."""
    return PainRating(
        uid=rating.uid,
        profile_id=profile,
        session_id=session_id,
        rated_at=rating.rated_at,
        value=rating.value,
        context=rating.context,
    )


def measurement_row(profile: int, measured: MeasurementIn, test_id: int | None) -> Measurement:
    """An exported measurement as a row."""
    return Measurement(
        uid=measured.uid,
        profile_id=profile,
        test_id=test_id,
        measured_at=measured.measured_at,
        position=measured.position,
        side=measured.side,
        angles=asdict(measured.angles),
        back_arched=measured.back_arched,
    )


def screen_row(profile: int, screen: ScreenIn, session_id: int | None) -> NightlyScreen:
    """An exported screen as a row."""
    return NightlyScreen(
        uid=screen.uid,
        profile_id=profile,
        session_id=session_id,
        answered_at=screen.answered_at,
        red_flags=list(screen.red_flags),
        pain=screen.pain,
    )


def kept_clearances(db: Session, profile: int) -> tuple[set[str], set[str]]:
    """The flags the person has a clearance for, and every clearance uid stored."""
    flags = set(
        db.scalars(select(ClearanceRecord.flag_id).where(ClearanceRecord.profile_id == profile))
    )
    return flags, set(db.scalars(select(ClearanceRecord.uid)))


def add_clearance_row(db: Session, profile: int, cleared: ClearanceIn) -> None:
    """Store an exported clearance."""
    db.add(
        ClearanceRecord(
            uid=cleared.uid,
            profile_id=profile,
            flag_id=cleared.flag,
            cleared_on=cleared.cleared_on,
            cleared_by=cleared.by,
        )
    )
    db.flush()


def choices_now(db: Session, profile: int) -> Profile:
    """The person's profile row, whose choices an import may fill in."""
    return db.get_one(Profile, profile)


_Row = TypeVar("_Row", SelfTestIn, PainIn, MeasurementIn, ScreenIn)


def add_new(
    db: Session,
    result: ImportResult,
    kind: str,
    table: type[SelfTest] | type[PainRating] | type[Measurement] | type[NightlyScreen],
    rows: Iterable[_Row],
    build: Callable[[_Row], SelfTest | PainRating | Measurement | NightlyScreen],
) -> None:
    """Add each row whose uid ``table`` lacks (counted as added), skip the others."""
    known = set(db.scalars(select(table.uid)))
    for row in rows:
        if row.uid in known:
            result.skipped[kind] += 1
        else:
            db.add(build(row))
            result.added[kind] += 1
    db.flush()


__all__ = [
    "ImportResult",
    "add_clearance_row",
    "add_new",
    "add_session",
    "choices_now",
    "ids_of_tests",
    "kept_clearances",
    "measurement_row",
    "pain_row",
    "screen_row",
    "self_test_row",
    "session_owners",
]
