"""Tonight's picture and tonight's plan, for every shell: ``psoas plan``, ``psoas
start``, the web player, the plan page, handouts and reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from psoas.catalog.model import Catalog
from psoas.core.own_routines import OWN
from psoas.core.tonight import Tonight, general_answers, tonight_picture
from psoas.exceptions import BadInput
from psoas.store.tonight import read_tonight_record

if TYPE_CHECKING:
    from psoas.core.assessment import Answers
    from psoas.core.baseline import StoredTest
    from psoas.core.bolster import BolsterHeight
    from psoas.core.nightly import Screen
    from psoas.core.plan_types import Plan
    from psoas.store.database import Reader
    from psoas.store.routine_records import RoutineRecord

#: The app's routine when the person has chosen none of their own.
DEFAULT_ROUTINE = "bedtime"


def strength_ids(catalog: Catalog) -> set[str]:
    """The practices whose steps the progression counts as strength done."""
    return {p.id for p in catalog.practices if "strength_load" in p.demands}


def load_tonight(
    db: Reader,
    profile: int,
    catalog: Catalog,
    screen: Screen | None = None,
    given: Answers | None = None,
) -> Tonight | None:
    """Tonight's picture (:func:`psoas.core.tonight.tonight_picture`), or None before
    the first self-test. ``screen`` is one being answered now; ``given`` are answers
    given now (a self-test being taken, or ``psoas plan --answers``)."""
    now = datetime.now(UTC)
    record = read_tonight_record(db, profile, strength_ids(catalog), now)
    return tonight_picture(record, catalog, now, date.today(), screen=screen, given=given)


def bolster_with(db: Reader, profile: int, catalog: Catalog, test: StoredTest) -> BolsterHeight:
    """The bolster height once ``test`` (being stored now) joins the person's tests
    (:func:`psoas.core.baseline.bolster_height`): a check-in before a release that
    measured a height sets it; one with the thighs down keeps the measured height."""
    from psoas.core.baseline import bolster_height
    from psoas.core.bolster import starting_bolster_height_cm
    from psoas.store.tonight import tests_since_baseline

    tests = [*tests_since_baseline(db, profile), test]
    return bolster_height(tests, starting_bolster_height_cm(catalog))


def tonight_routine(db: Reader, profile: int, today: date) -> RoutineRecord | None:
    """The person's chosen routine when it runs tonight
    (:func:`psoas.core.routine_lifecycle.runs_on`), else None."""
    from psoas.core.routine_lifecycle import runs_on
    from psoas.store.routine_records import chosen_routine

    record = chosen_routine(db, profile)
    if record is None or not runs_on(record.status, record.starts_on, today):
        return None
    return record


def plan_for_tonight(
    db: Reader,
    catalog: Catalog,
    profile: int,
    tonight: Tonight,
    routine: str | None = None,
    minutes: float | None = None,
    routine_uid: str | None = None,
) -> Plan:
    """Tonight's plan. ``routine`` is one of the app's, or ``own`` for a routine of the
    person's own (``routine_uid``, else the one they chose); None means the chosen
    routine when there is one, else bedtime."""
    from psoas.core.own_plan import build_own_plan
    from psoas.core.planner import build_plan
    from psoas.store.routine_records import find_routine

    record = None
    if routine_uid is not None:
        record = find_routine(db, profile, routine_uid)
    elif routine in (None, OWN):
        record = tonight_routine(db, profile, date.today())
        if record is None and routine == OWN:
            raise BadInput(
                "no routine of your own is chosen for tonight: `psoas routine use NAME` "
                "chooses one (`psoas routine list` names them)"
            )
    if record is None:
        chosen = routine or DEFAULT_ROUTINE
        return build_plan(catalog, tonight.findings, chosen, minutes, tonight.choices)  # type: ignore[arg-type]
    if minutes is not None:
        raise BadInput("--minutes is for the app's routines; your own runs as you wrote it")
    return build_own_plan(
        catalog, tonight.findings, record.routine, tonight.choices, record.uid, record.author
    )


def tonight_or_general(db: Reader, profile: int, catalog: Catalog) -> tuple[Tonight, bool]:
    """Tonight's picture, or one from general answers (nothing tested, no pain) before the
    first self-test, for what shows the routines anyway (handouts, reminders); the flag
    is True when it is the general one."""
    tonight = load_tonight(db, profile, catalog)
    if tonight is not None:
        return tonight, False
    made = load_tonight(db, profile, catalog, given=general_answers())
    assert made is not None  # given answers always make a picture
    return made, True


__all__ = [
    "DEFAULT_ROUTINE",
    "bolster_with",
    "load_tonight",
    "plan_for_tonight",
    "strength_ids",
    "tonight_or_general",
    "tonight_routine",
]
