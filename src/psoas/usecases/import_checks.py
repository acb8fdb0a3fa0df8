"""Checking an import file whole before anything is written: a psoas JSON export, or a
FHIR Bundle psoas wrote. Each refusal names the field, in people's words (BadInput:
exit 2, HTTP 400). The limits are the app's own choice, because a record the app could
never have written (a time in the future or before 2000, a step held far past its plan,
a step its plan does not have) would make every fact worked out from it wrong
(psoas.core.timeline, psoas.core.session.longest_hold_s)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from psoas.core.own_routines import OWN
from psoas.core.planner import ROUTINES
from psoas.core.session import longest_hold_s
from psoas.core.timeline import EARLIEST, day_too_far_ahead, too_early, too_far_ahead
from psoas.exceptions import BadInput
from psoas.store.export_format import ExportFile, StepIn
from psoas.validation import validate_as


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


__all__ = ["MAX_STEP_S", "parse_any_export", "parse_export"]
