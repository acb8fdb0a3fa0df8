"""The reads tonight's picture is built from (:class:`psoas.core.tonight.TonightRecord`):
the tests since the baseline, the pain ratings of the rise window, the screen, the
clearances, the choices and the nights. Nothing here decides anything; the rules are
in :mod:`psoas.core.tonight` and the use case in :mod:`psoas.usecases.tonight`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from psoas.core.assessment import stored_answers
from psoas.core.baseline import FULL_TEST, PLANNING_PHASES, StoredTest
from psoas.core.nightly import Screen
from psoas.core.pain import RISE_WINDOW_DAYS, PainRating
from psoas.core.tonight import TonightRecord
from psoas.store.nights import first_full_test, recent_nights
from psoas.store.query import query, run
from psoas.store.safety_records import (
    clearances,
    equipment,
    last_session_flag,
    latest_screen,
    massage_on_since,
    recent_pain,
)

if TYPE_CHECKING:
    from psoas.store.database import Reader


def read_tonight_record(
    db: Reader, profile: int, strength_ids: set[str], now: datetime
) -> TonightRecord:
    """Everything tonight's picture is built from, read as stored."""
    owned, abilities = equipment(db, profile)
    newest = latest_screen(db, profile)
    first = first_full_test(db, profile)
    return TonightRecord(
        tests=tests_since_baseline(db, profile),
        pain=tonight_pain_ratings(db, profile, now),
        latest_screen=None if newest is None else Screen(tuple(newest.red_flags), newest.pain),
        latest_screen_at=None if newest is None else newest.answered_at,
        clearances=tuple(clearances(db, profile)),
        massage_on=massage_on_since(db, profile) is not None,
        props_owned=None if owned is None else frozenset(owned),
        abilities=abilities,
        last_session_flag=last_session_flag(db, profile),
        nights=tuple(recent_nights(db, profile, strength_ids)),
        first_test=None
        if first is None
        else (first[0].astimezone().date(), stored_answers(first[1])),
    )


#: Newest ratings read beside the window, so a reference is found after a long gap.
NEWEST_PAIN_READ = 4


def tonight_pain_ratings(db: Reader, profile: int, now: datetime) -> list[PainRating]:
    """The pain ratings the plan's rise rule reads: those of the window before ``now``
    (psoas.core.pain.RISE_WINDOW_DAYS) and the newest few before it."""
    from psoas.store.pain_reads import pain_ratings_of

    since = now - timedelta(days=RISE_WINDOW_DAYS)
    found = pain_ratings_of(db, profile, since)
    seen = {(r.at, r.context) for r in found}
    older = [r for r in recent_pain(db, profile, NEWEST_PAIN_READ) if (r.at, r.context) not in seen]
    return sorted([*older, *found], key=lambda r: r.at)


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


@query
def _newest_measured_descent() -> Any:
    """The newest test of the given phases whose answers hold a lift height."""
    from sqlalchemy import bindparam, select

    from psoas.store.tables import self_tests

    t = self_tests.c
    return (
        select(t.taken_at, t.phase, t.answers)
        .where(
            t.profile_id == bindparam("profile"),
            t.phase.in_(bindparam("phases", expanding=True)),
            t.answers["lift_height_cm"].as_float().is_not(None),
        )
        .order_by(t.taken_at.desc(), t.id.desc())
        .limit(1)
    )


def tests_since_baseline(db: Reader, profile: int) -> list[StoredTest]:
    """The newest full self-test and the (newest) check-ins after it, oldest first, and
    before them the newest test with a lift height, when it is older (the bolster
    height is kept from it: psoas.core.baseline.bolster_height)."""
    full = run(db, _NEWEST_FULL, {"profile": profile}).first()
    since = _EVER if full is None else full.taken_at
    rows = run(db, _CHECK_INS, {"profile": profile, "since": since}).all()
    rows.reverse()
    if full is not None:
        rows.insert(0, full)
    phases = {"profile": profile, "phases": list(PLANNING_PHASES)}
    measured = run(db, _newest_measured_descent, phases).first()
    if measured is not None and (not rows or measured.taken_at < rows[0].taken_at):
        rows.insert(0, measured)
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
    "read_tonight_record",
    "tests_since_baseline",
    "tonight_fingerprint",
    "tonight_pain_ratings",
]
