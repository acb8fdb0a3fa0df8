"""Tonight's picture, read from storage: the answers that hold tonight, the findings,
and the person's choices, ready for the planner.

One function serves every shell (``psoas plan``, ``psoas start``, the web app), so
they all plan from the same facts: the newest self-test; tonight's screen when it
is newer (or the one being answered now); the rating before the newest one (for
the pain-jump rule); the provider clearances; the ball-massage choice; and the
last session's flag.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from psoas.catalog.model import Catalog
from psoas.core.assessment import Answers, Findings, assess, stored_answers
from psoas.core.baseline import FULL_TEST, StoredTest, current_baseline, measures_better
from psoas.core.nightly import Screen, tonight_answers
from psoas.core.own_routines import OWN
from psoas.core.plan_types import Plan
from psoas.core.planner import PlanChoices
from psoas.core.progression import Progression, progression
from psoas.exceptions import BadInput
from psoas.store.nights import first_full_test, recent_nights
from psoas.store.query import query, run
from psoas.store.safety_records import (
    clearances,
    equipment,
    last_session_flag,
    latest_screen,
    limits_of,
    massage_on_since,
    recent_pain,
)

if TYPE_CHECKING:
    from psoas.core.week import Week
    from psoas.store.database import Reader


@dataclass(frozen=True)
class Tonight:
    """What tonight's plan is built from."""

    answers: Answers
    findings: Findings
    choices: PlanChoices


def load_tonight(
    db: Reader,
    profile: int,
    catalog: Catalog,
    screen: Screen | None = None,
    given: Answers | None = None,
) -> Tonight | None:
    """Tonight's picture, or None before the first self-test.

    The answers are the newest full self-test with newer check-ins laid over what
    they measured (:func:`psoas.core.baseline.current_baseline`). ``screen`` is a
    screen being answered now (not yet stored); without it, a stored screen newer
    than the full test gives tonight's flags. Pain is the newest rating of any kind.
    ``given`` are answers given now instead of the stored tests (``psoas plan
    --answers``): their pain is compared with the last stored rating.
    """
    ratings = recent_pain(db, profile)
    cleared = clearances(db, profile)
    massage = massage_on_since(db, profile) is not None
    owned, abilities = equipment(db, profile)
    choices = PlanChoices(
        massage=massage,
        step_back=last_session_flag(db, profile),
        progression=_progression(db, profile, catalog, given),
        owned=None if owned is None else frozenset(owned),
        unable=limits_of(abilities),
    )
    if given is not None:
        previous = ratings[0][1] if ratings else None
        findings = assess(given, catalog, previous_pain=previous, clearances=cleared)
        return Tonight(given, findings, choices)
    baseline = current_baseline(tests_since_baseline(db, profile))
    if baseline is None:
        return None
    if screen is not None:
        pain, previous = screen.pain, (ratings[0][1] if ratings else None)
    else:
        newest = latest_screen(db, profile)
        if newest is not None and newest.answered_at > baseline.since:
            screen = Screen(tuple(newest.red_flags), newest.pain)
        pain = ratings[0][1] if ratings else baseline.answers.pain
        previous = ratings[1][1] if len(ratings) > 1 else None
    answers = replace(tonight_answers(baseline.answers, screen, catalog), pain=pain)
    findings = assess(
        answers, catalog, previous_pain=previous, clearances=cleared, measured=baseline.measured
    )
    return Tonight(answers, findings, choices)


#: The app's routine when the person has chosen none of their own.
DEFAULT_ROUTINE = "bedtime"


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
    from psoas.store.routine_records import find_routine, tonight_routine

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
    blank = dict.fromkeys(("thighs_lift", "thighs_flat", "back_gap", "gap_even"))
    general = stored_answers({**blank, "ribs_stick_out": None, "pain": 0})
    made = load_tonight(db, profile, catalog, given=general)
    assert made is not None  # given answers always make a picture
    return made, True


def _progression(db: Reader, profile: int, catalog: Catalog, given: Answers | None) -> Progression:
    """Tonight's dose from the record (:mod:`psoas.core.progression`)."""
    strength = {p.id for p in catalog.practices if "strength_load" in p.demands}
    nights = recent_nights(db, profile, strength)
    first = first_full_test(db, profile)
    moved = None
    if first is not None:
        now = given
        if now is None:
            baseline = current_baseline(tests_since_baseline(db, profile))
            now = baseline.answers if baseline else None
        if now is not None:
            moved = measures_better(stored_answers(first[1]), now)
    walk = catalog.get("walking")
    return progression(
        nights,
        date.today(),
        first_test=first[0].astimezone().date() if first else None,
        moved=moved,
        walk_start_min=walk.hold.default_s // 60 if walk else 10,
    )


def load_week(db: Reader, profile: int, catalog: Catalog, today: date | None = None) -> Week:
    """The week ending ``today`` in review (:func:`psoas.core.week.week_summary`)."""
    from psoas.core.week import week_summary
    from psoas.store.reads import measured_thigh_angles, self_test_points, session_summaries

    day = today or date.today()
    strength = {p.id for p in catalog.practices if "strength_load" in p.demands}
    walk = catalog.get("walking")
    walk_min = walk.hold.default_s // 60 if walk else 10
    return week_summary(
        session_summaries(db, profile),
        self_test_points(db, profile),
        recent_nights(db, profile, strength),
        day,
        _progression(db, profile, catalog, None),
        walk_min,
        measured_thigh_angles(db, profile),
    )


#: Check-ins after the full test that are read at most; the newest ones measure
#: everything the older ones could, so a year of nightly sessions costs no more.
CHECK_INS_READ = 60


#: Before any test: the check-ins read when there is no full test yet.
_EVER = datetime(1, 1, 1, tzinfo=UTC)


def _tests_statement(full: bool) -> Any:
    """The newest full test, or the newest check-ins from ``since`` on."""
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    t = self_tests.c
    chosen = select(t.taken_at, t.phase, t.answers).where(t.profile_id == bindparam("profile"))
    if full:
        chosen = chosen.where(t.phase == FULL_TEST).limit(1)
    else:
        chosen = chosen.where(t.phase != FULL_TEST, t.taken_at >= bindparam("since"))
        chosen = chosen.limit(CHECK_INS_READ)
    return chosen.order_by(t.taken_at.desc(), t.id.desc())


_NEWEST_FULL = query(partial(_tests_statement, full=True), key=f"{__name__}.newest_full")
_CHECK_INS = query(partial(_tests_statement, full=False), key=f"{__name__}.check_ins")


def tests_since_baseline(db: Reader, profile: int) -> list[StoredTest]:
    """The newest full self-test and the (newest) check-ins after it, oldest first."""
    full = run(db, _NEWEST_FULL, {"profile": profile}).first()
    since = _EVER if full is None else full.taken_at
    rows = run(db, _CHECK_INS, {"profile": profile, "since": since}).all()
    rows.reverse()
    if full is not None:
        rows.insert(0, full)
    return [StoredTest(t, phase, stored_answers(a)) for t, phase, a in rows]


@query
def _fingerprint() -> Any:
    """One statement of scalar subqueries over every row tonight's picture reads."""
    from sqlalchemy import Integer, bindparam, func, select

    from psoas.store.tables import nightly_screens, profiles, self_tests, sessions

    profile = bindparam("profile", type_=Integer)
    newest_test = select(func.max(self_tests.c.id)).where(self_tests.c.profile_id == profile)
    newest_screen = select(func.max(nightly_screens.c.id)).where(
        nightly_screens.c.profile_id == profile
    )
    choices = select(profiles.c.safety_changed_at).where(profiles.c.id == profile)
    ended = (
        select(sessions.c.id)
        .where(
            sessions.c.profile_id == profile,
            sessions.c.status.in_(("finished", "ended_early")),
        )
        .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
        .limit(1)
    )
    return select(
        newest_test.scalar_subquery(),
        newest_screen.scalar_subquery(),
        choices.scalar_subquery(),
        ended.scalar_subquery(),
    )


def tonight_fingerprint(db: Reader, profile: int) -> tuple[object, ...]:
    """What tonight's picture depends on, in one query: the newest test, screen and
    ended session (rows never edited once written) and the time the massage choice
    or a clearance last changed. A cache keyed by it never serves a stale plan."""
    return tuple(run(db, _fingerprint, {"profile": profile}).one())


__all__ = [
    "CHECK_INS_READ",
    "DEFAULT_ROUTINE",
    "Tonight",
    "load_tonight",
    "load_week",
    "plan_for_tonight",
    "tests_since_baseline",
    "tonight_fingerprint",
    "tonight_or_general",
]
