"""Import a JSON export again (:mod:`psoas.store.exporting` writes one).

An import is all-or-nothing: the whole file is validated before anything is
written, everything goes in one transaction, and rows whose uid is already in
the database are skipped, so importing the same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from psoas.core.own_routines import OWN
from psoas.core.planner import ROUTINES
from psoas.core.session import longest_hold_s
from psoas.core.timeline import EARLIEST, day_too_far_ahead, too_early, too_far_ahead
from psoas.exceptions import BadInput
from psoas.store.export_format import (
    ClearanceIn,
    ExportFile,
    MeasurementIn,
    PainIn,
    ScreenIn,
    SelfTestIn,
    SessionIn,
    StepIn,
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
from psoas.validation import validate_as


@dataclass
class ImportResult:
    """How many rows of each kind were added and skipped as already present."""

    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)


def _check_time(value: datetime, where: str) -> datetime:
    """A record's time, with its time zone and not in the future (core.timeline)."""
    if value.tzinfo is None:
        raise BadInput(f"import: {where} has a time without a timezone ({value.isoformat()})")
    if too_far_ahead(value, datetime.now(UTC)):
        raise BadInput(f"import: {where} is in the future ({value.date().isoformat()})")
    if too_early(value):
        raise BadInput(f"import: {where} is before {EARLIEST:%Y} ({value.date().isoformat()})")
    return value


def _plain(text: str) -> bool:
    """Printable text: nothing that could clear or recolour a terminal."""
    return text.isprintable()


def _check_plan(plan: dict[str, Any], where: str) -> None:
    """A saved plan as psoas writes one, each step a known kind with a whole number of
    seconds, so a resumed session or an export never breaks. (NaN and infinity never get
    this far: :func:`psoas.validation.parse_json` refuses them.)"""
    steps = plan.get("steps")
    if plan.get("routine") not in (*ROUTINES, OWN) or not isinstance(steps, list):
        raise BadInput(f"import: {where} needs a known routine and a list of steps")
    for j, step in enumerate(steps):
        if not isinstance(step, dict):
            raise BadInput(f"import: {where}.steps.{j} must be an object")
        ident, seconds = step.get("id"), step.get("seconds")
        if not isinstance(ident, str) or not ident or len(ident) > 60 or not _plain(ident):
            raise BadInput(f"import: {where}.steps.{j}.id must be a practice id")
        if (
            isinstance(seconds, bool)
            or not isinstance(seconds, int)
            or not 0 <= seconds <= MAX_STEP_S
        ):
            raise BadInput(f"import: {where}.steps.{j}.seconds must be whole seconds")
        if step.get("side") not in (None, "left", "right"):
            raise BadInput(f"import: {where}.steps.{j}.side must be left, right or empty")
        if step.get("role", "practice") not in ("test", "retest", "practice"):
            raise BadInput(f"import: {where}.steps.{j}.role must be test, retest or practice")


def _check_step(step: StepIn, planned: int | None, where: str) -> None:
    """A logged step as the player writes one: a step of the session's plan (no negative
    index, none past its plan's last step), whole seconds, and held no longer than the
    step allows (core.session.longest_hold_s)."""
    _check_time(step.ended_at, f"{where}.ended_at")
    if step.index < 0 or (planned is not None and step.index >= planned):
        which = "0 or more" if planned is None else f"0 to {planned - 1}, a step of its plan"
        raise BadInput(f"import: {where}.index must be {which}, not {step.index}")
    if step.seconds_held < 0 or step.planned_seconds < 0:
        raise BadInput(f"import: {where} has negative seconds")
    if step.planned_seconds > MAX_STEP_S:
        raise BadInput(f"import: {where}.planned_seconds must be at most {MAX_STEP_S}")
    longest = longest_hold_s(step.planned_seconds)
    if step.seconds_held > longest:
        raise BadInput(
            f"import: {where}.seconds_held is {step.seconds_held}, longer than the step "
            f"allows ({longest} s: its {step.planned_seconds} s and an hour more at most)"
        )


#: The longest a step of a plan is planned for (6 hours; a saved plan's check too).
MAX_STEP_S = 6 * 3600


def parse_any_export(data: Any) -> ExportFile:
    """A psoas JSON export, or a FHIR Bundle psoas wrote (read back into one)."""
    from psoas.fhir_bundle import from_bundle, is_bundle

    return parse_export(from_bundle(data) if is_bundle(data) else data)


def parse_export(data: Any) -> ExportFile:
    """Validate an export file's content; raises :class:`BadInput` naming the field."""
    if not isinstance(data, dict):
        raise BadInput("import: the file must hold a JSON object (a psoas export)")
    parsed = validate_as(ExportFile, data, "import", BadInput)
    for i, session in enumerate(parsed.sessions):
        _check_time(session.started_at, f"sessions.{i}.started_at")
        if session.routine not in (*ROUTINES, OWN):
            known = ", ".join((*ROUTINES, OWN))
            raise BadInput(f"import: sessions.{i}.routine is not one of {known}")
        if session.plan is not None:
            _check_plan(session.plan, f"sessions.{i}.plan")
        if session.flag is not None and not _plain(session.flag):
            raise BadInput(f"import: sessions.{i}.flag holds control characters")
        if session.ended_at is not None:
            _check_time(session.ended_at, f"sessions.{i}.ended_at")
        indexes = [step.index for step in session.steps]
        if len(set(indexes)) != len(indexes):
            raise BadInput(f"import: sessions.{i} logs the same step index twice")
        planned = len(session.plan["steps"]) if session.plan is not None else None
        for j, step in enumerate(session.steps):
            _check_step(step, planned, f"sessions.{i}.steps.{j}")
        if session.discomfort is not None and not 0 <= session.discomfort <= 10:
            raise BadInput(f"import: sessions.{i}.discomfort must be 0 to 10")
    session_uids = {s.uid for s in parsed.sessions}
    for i, test in enumerate(parsed.tests):
        _check_time(test.taken_at, f"tests.{i}.taken_at")
        if test.session_uid and test.session_uid not in session_uids:
            raise BadInput(f"import: tests.{i} names a session that is not in the file")
    for i, rating in enumerate(parsed.pain_ratings):
        _check_time(rating.rated_at, f"pain_ratings.{i}.rated_at")
        if not 0 <= rating.value <= 10:
            raise BadInput(f"import: pain_ratings.{i}.value must be 0 to 10")
    test_uids = {t.uid for t in parsed.tests}
    for i, measured in enumerate(parsed.measurements):
        _check_time(measured.measured_at, f"measurements.{i}.measured_at")
        if not all(-180 <= v <= 180 for v in asdict(measured.angles).values()):
            raise BadInput(f"import: measurements.{i}.angles must be -180 to 180 degrees")
        if measured.test_uid and measured.test_uid not in test_uids:
            raise BadInput(f"import: measurements.{i} names a test that is not in the file")
    for i, screen in enumerate(parsed.screens):
        _check_time(screen.answered_at, f"screens.{i}.answered_at")
        if not 0 <= screen.pain <= 10:
            raise BadInput(f"import: screens.{i}.pain must be 0 to 10")
        if screen.session_uid and screen.session_uid not in session_uids:
            raise BadInput(f"import: screens.{i} names a session that is not in the file")
    for i, cleared in enumerate(parsed.clearances):
        if day_too_far_ahead(cleared.cleared_on, datetime.now(UTC)):
            raise BadInput(f"import: clearances.{i}.cleared_on is in the future")
        if too_early(cleared.cleared_on):
            raise BadInput(f"import: clearances.{i}.cleared_on is before {EARLIEST:%Y}")
        if cleared.by is not None and not _plain(cleared.by):
            raise BadInput(f"import: clearances.{i}.by holds control characters")
    flags = [c.flag for c in parsed.clearances]
    if len(set(flags)) != len(flags):
        raise BadInput("import: clearances lists the same flag twice")
    if parsed.choices and parsed.choices.massage_on_at:
        _check_time(parsed.choices.massage_on_at, "choices.massage_on_at")
    for i, answered in enumerate(parsed.psfs):
        _check_time(answered.taken_at, f"psfs.{i}.taken_at")
    for kind, uids in (
        ("tests", [t.uid for t in parsed.tests]),
        ("sessions", [s.uid for s in parsed.sessions]),
        ("pain_ratings", [r.uid for r in parsed.pain_ratings]),
        ("measurements", [m.uid for m in parsed.measurements]),
        ("screens", [n.uid for n in parsed.screens]),
        ("clearances", [c.uid for c in parsed.clearances]),
    ):
        if len(set(uids)) != len(uids):
            raise BadInput(f"import: {kind} repeats a uid")
    return parsed


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
    "parse_any_export",
    "parse_export",
    "screen_row",
    "self_test_row",
    "session_owners",
]
