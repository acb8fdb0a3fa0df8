"""A session from start to end, for the terminal player and the web player alike:
tonight's screen and the plan it allows (or the refusal), starting (setting aside an
unfinished one, its time held kept), saving a step, the test and re-test, the end,
and what a resume needs.

Every function takes the profile it acts for; a session of another profile is
:class:`~psoas.exceptions.NotFound`, checked here once for both shells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from psoas.catalog.model import Catalog
from psoas.core.assessment import Answers, assess, measured_lift_cm, parse_answers
from psoas.core.baseline import StoredTest
from psoas.core.retest import compare_tests
from psoas.core.safety import session_flag
from psoas.core.session import longest_hold_s
from psoas.core.session_record import ENDED
from psoas.exceptions import BadInput, NeedsTest, NotFound
from psoas.store.reads import (
    hold_progress,
    logged_statuses,
    plan_data,
    session_row,
    session_test_answers,
)
from psoas.store.repository import (
    add_test,
    begin_session,
    end_session,
    keep_hold_progress,
    log_step,
    save_plan,
    set_aside_unfinished,
    set_session_bolster,
)
from psoas.store.safety_records import add_screen
from psoas.usecases.tonight import bolster_with, load_tonight, plan_for_tonight

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from psoas.core.nightly import Screen
    from psoas.core.plan_types import Plan
    from psoas.core.tonight import Tonight
    from psoas.store.database import Reader

#: How a step may end.
STEP_STATUSES = ("done", "skipped", "partial")
#: How a session may end (psoas.core.session_record.ENDED).
END_STATUSES = ENDED


@dataclass(frozen=True)
class Screened:
    """Tonight's picture and the plan tonight's screen allows."""

    tonight: Tonight
    plan: Plan


def plan_from_screen(
    db: Reader,
    profile: int,
    catalog: Catalog,
    screen: Screen | None,
    routine: str | None = None,
    minutes: float | None = None,
    routine_uid: str | None = None,
) -> Screened:
    """Tonight's plan from tonight's screen (None: the stored one, when it is newer
    than the baseline); NeedsTest before the first self-test. The plan is ``urgent``
    after a *get care now* answer: :func:`refuse` then keeps the screen as a record,
    and nothing starts."""
    tonight = load_tonight(db, profile, catalog, screen=screen)
    if tonight is None:
        raise NeedsTest("take the self-test first: the plan is built from it")
    return Screened(
        tonight, plan_for_tonight(db, catalog, profile, tonight, routine, minutes, routine_uid)
    )


def refuse(db: Session, profile: int, screen: Screen) -> None:
    """Keep a screen that started nothing (a *get care now* answer) as a record."""
    add_screen(db, profile, screen)


def rescreen(db: Session, profile: int, session_id: int, screen: Screen) -> None:
    """Keep tonight's screen of a session resumed on another night, which goes on."""
    owned(db, profile, session_id)
    add_screen(db, profile, screen, session_id=session_id)


@dataclass(frozen=True)
class SetAside:
    """An unfinished session that a new one set aside, with the time it kept."""

    started_at: datetime
    kept_s: int


@dataclass(frozen=True)
class Started:
    """A session just opened, and the unfinished ones it set aside."""

    id: int
    uid: str
    set_aside: list[SetAside] = field(default_factory=list)


def start(
    db: Session,
    profile: int,
    plan: dict[str, Any],
    screen: Screen,
    *,
    started_at: datetime | None = None,
    uid: str | None = None,
) -> Started:
    """Open a session for ``plan`` (as its JSON) with tonight's ``screen``; any
    unfinished session is set aside first (:func:`set_aside`)."""
    aside = set_aside(db, profile)
    record = begin_session(
        db, profile, save_plan(db, profile, plan), started_at=started_at, uid=uid
    )
    add_screen(db, profile, screen, session_id=record.id)
    return Started(record.id, record.uid, aside)


def set_aside(db: Session, profile: int) -> list[SetAside]:
    """Set aside every unfinished session: the hold that was under way in one keeps the
    time already held, written as a partial step (nothing held is lost); its other
    steps stay as they were written."""
    found = []
    for record in set_aside_unfinished(db, profile):
        kept = _keep_held(db, record.id, record.plan_id)
        found.append(SetAside(record.started_at, kept))
    return found


def _keep_held(db: Session, session_id: int, plan_id: int | None) -> int:
    """Write the hold under way in a session as a partial step; the seconds kept."""
    progress = hold_progress(db, session_id)
    steps = (plan_data(db, plan_id) or {}).get("steps", []) if plan_id else []
    if not progress:
        return 0
    index = int(progress["index"])
    held = round(float(progress["total_s"]) - float(progress["left_s"]))
    if not 0 <= index < len(steps) or held <= 0 or index in logged_statuses(db, session_id):
        return 0
    held = min(held, longest_hold_s(int(steps[index]["seconds"])))
    save_step(db, session_id, steps, index, "partial", held)
    keep_hold_progress(db, session_id, None)
    return held


def owned(db: Reader, profile: int, session_id: int) -> Any:
    """The person's session row (:func:`psoas.store.reads.session_row`); another
    person's, or none, is NotFound."""
    record = session_row(db, session_id)
    return mine(record, profile)


def mine(record: Any, profile: int) -> Any:
    """``record`` when it exists and belongs to ``profile``; NotFound otherwise."""
    if record is None or record.profile_id != profile:
        raise NotFound("no such session")
    return record


def check_step(steps: list[dict[str, Any]], index: Any, status: Any, held: Any) -> dict[str, Any]:
    """The step ``index`` of a session's plan, when ``status`` and ``held`` can be
    stored for it; BadInput naming the field otherwise."""
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise BadInput("field 'index' must be a step number")
    if status not in STEP_STATUSES:
        raise BadInput("field 'status' must be done, skipped or partial")
    if index >= len(steps):
        raise BadInput(f"the session has no step {index}")
    step = steps[index]
    longest = longest_hold_s(int(step["seconds"]))
    if not isinstance(held, int) or isinstance(held, bool) or not 0 <= held <= longest:
        raise BadInput(f"field 'seconds_held' must be whole seconds, 0 to {longest} for this step")
    return step


def save_step(
    db: Session | Connection,
    session_id: int,
    steps: list[dict[str, Any]],
    index: Any,
    status: Any,
    held: Any,
) -> bool:
    """Write one finished step of a session whose ownership the caller has checked
    (:func:`owned`) and whose plan's ``steps`` it read; sending it twice writes it once.
    True when written."""
    step = check_step(steps, index, status, held)
    return log_step(
        db,
        session_id,
        index=index,
        practice_id=step["id"],
        side=step.get("side"),
        role=step.get("role", "practice"),
        status=status,
        planned_seconds=int(step["seconds"]),
        seconds_held=held,
    )


def keep_hold(db: Session, session_id: int, progress: dict[str, float] | None) -> None:
    """Note where the hold under way stands (None once it is over), for a resume."""
    keep_hold_progress(db, session_id, progress)


@dataclass(frozen=True)
class SessionTest:
    """A session's test or re-test as stored: the findings, the bolster height it set
    (the test before the release only, when it measured one), and what changed since
    the test (the re-test only)."""

    answers: Answers
    findings: dict[str, Any]
    bolster_cm: float | None
    compared: list[str] | None


def session_test(
    db: Session,
    profile: int,
    catalog: Catalog,
    session_id: int,
    phase: str,
    given: dict[str, Any],
    *,
    screen_pain: int | None = None,
) -> SessionTest:
    """Store the test (``pre``) or re-test (``post``) of the person's session.

    Tonight's red flags are carried over; the pain defaults to ``screen_pain`` (tonight's
    screen, not asked twice). The findings say the bolster height the plan uses
    (psoas.core.baseline: a check-in with the thighs down keeps the measured height);
    a height measured at the test before the release becomes tonight's, saved with the
    plan so a resume uses it too.
    """
    if phase not in ("pre", "post"):
        raise BadInput("field 'phase' must be pre or post")
    record = owned(db, profile, session_id)
    tonight = load_tonight(db, profile, catalog)
    earlier = session_test_answers(db, record.id).get("pre")
    values = dict(given)
    values.setdefault("red_flags", list(tonight.answers.red_flags) if tonight else [])
    if values.get("pain") is None and screen_pain is not None:
        values["pain"] = screen_pain
    answers = parse_answers(values)
    previous = earlier.get("pain") if phase == "post" and earlier else None
    bolster = measured_lift_cm(answers) if phase == "pre" else None
    height = bolster_with(db, profile, catalog, StoredTest(datetime.now(UTC), phase, answers))
    findings = assess(answers, catalog, previous_pain=previous, bolster=height).to_data()
    findings["session_bolster_cm"] = bolster
    if bolster is not None:
        set_session_bolster(db, record.id, bolster)
    add_test(
        db,
        profile,
        answers.to_data(),
        findings,
        phase=phase,
        source="session",
        session_id=record.id,
    )
    compared = None
    if phase == "post" and earlier is not None:
        compared = compare_tests(parse_answers(earlier), answers)
        findings["compared"] = compared
    return SessionTest(answers, findings, bolster, compared)


def finish(db: Session, profile: int, session_id: int, status: Any, discomfort: Any) -> str:
    """Close the person's session with ``status`` and the discomfort rating (0–10 or
    None); a session already closed stays as it was. It is flagged when its re-test was
    2 or more points more painful than its test, or the discomfort 7 or more
    (:func:`psoas.core.safety.session_flag`). Returns its status."""
    if status not in END_STATUSES:
        raise BadInput("field 'status' must be finished or ended_early")
    if discomfort is not None and (
        not isinstance(discomfort, int) or isinstance(discomfort, bool) or not 0 <= discomfort <= 10
    ):
        raise BadInput("field 'discomfort' must be 0 to 10 or null")
    record = owned(db, profile, session_id)
    if record.status in END_STATUSES:
        return str(record.status)
    tests = session_test_answers(db, record.id)
    pre, post = tests.get("pre", {}).get("pain"), tests.get("post", {}).get("pain")
    flag = session_flag(pre, post, discomfort)
    end_session(db, record.id, status=status, discomfort=discomfort, flag=flag)
    return str(status)


@dataclass(frozen=True)
class Resumable:
    """What a resume needs of the newest unfinished session."""

    id: int
    started_at: datetime
    plan: dict[str, Any]
    #: Each written step's index and how it ended.
    finished: dict[int, str]
    #: The answers of its test and re-test so far, by phase.
    tests: dict[str, dict[str, Any]]
    #: The hold that was under way, if any.
    hold: dict[str, float] | None


def resumable(db: Session, profile: int) -> Resumable | None:
    """The newest unfinished session of the person, or None; BadInput when its plan is
    lost (it cannot go on)."""
    from psoas.store.repository import unfinished_session

    record = unfinished_session(db, profile)
    if record is None:
        return None
    plan = plan_data(db, record.plan_id) if record.plan_id else None
    if plan is None:
        raise BadInput(
            "the unfinished session has lost its plan; start a new one with `psoas start`"
        )
    return Resumable(
        record.id,
        record.started_at,
        plan,
        logged_statuses(db, record.id),
        session_test_answers(db, record.id),
        hold_progress(db, record.id),
    )


__all__ = [
    "END_STATUSES",
    "STEP_STATUSES",
    "Resumable",
    "Screened",
    "SessionTest",
    "SetAside",
    "Started",
    "check_step",
    "finish",
    "keep_hold",
    "mine",
    "owned",
    "plan_from_screen",
    "refuse",
    "rescreen",
    "resumable",
    "save_step",
    "session_test",
    "set_aside",
    "start",
]
