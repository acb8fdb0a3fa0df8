"""Tonight's picture, read from storage: the answers that hold tonight, the findings,
and the person's choices, ready for the planner.

One function serves every shell (``psoas plan``, ``psoas start``, the web app), so
they all plan from the same facts: the newest self-test; tonight's screen when it
is newer (or the one being answered now); the rating before the newest one (for
the pain-jump rule); the provider clearances; the ball-massage choice; and the
last session's flag.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, func, select
from sqlalchemy.orm import Session

from psoas.catalog.model import Catalog
from psoas.core.assessment import Answers, Findings, assess, parse_answers
from psoas.core.nightly import Screen, tonight_answers
from psoas.core.planner import PlanChoices
from psoas.store.models import NightlyScreen, Profile, SelfTest, SessionRecord
from psoas.store.repository import latest_test
from psoas.store.safety_records import (
    clearances,
    last_session_flag,
    latest_screen,
    massage_on_since,
    recent_pain,
)


@dataclass(frozen=True)
class Tonight:
    """What tonight's plan is built from."""

    answers: Answers
    findings: Findings
    choices: PlanChoices


def load_tonight(
    db: Session,
    profile: int,
    catalog: Catalog,
    screen: Screen | None = None,
    given: Answers | None = None,
) -> Tonight | None:
    """Tonight's picture, or None before the first self-test.

    ``screen`` is a screen being answered now (not yet stored); without it, a stored
    screen newer than the test counts. ``given`` are answers given now instead of the
    stored test (``psoas plan --answers``): their pain is compared with the last
    stored rating.
    """
    test = latest_test(db, profile)
    ratings = recent_pain(db, profile)
    cleared = clearances(db, profile)
    massage = massage_on_since(db, profile) is not None
    choices = PlanChoices(massage=massage, step_back=last_session_flag(db, profile))
    if given is not None:
        previous = ratings[0][1] if ratings else None
        findings = assess(given, catalog, previous_pain=previous, clearances=cleared)
        return Tonight(given, findings, choices)
    if test is None:
        return None
    answers = parse_answers(test.answers)
    if screen is None:
        newest = latest_screen(db, profile)
        if newest is not None and newest.answered_at > test.taken_at:
            screen = Screen(tuple(newest.red_flags), newest.pain)  # type: ignore[arg-type]
        previous = ratings[1][1] if len(ratings) > 1 else None
    else:
        previous = ratings[0][1] if ratings else None
    answers = tonight_answers(answers, screen, catalog)
    findings = assess(answers, catalog, previous_pain=previous, clearances=cleared)
    return Tonight(answers, findings, choices)


def _fingerprint_statement() -> object:
    """One statement of scalar subqueries over every row tonight's picture reads."""
    profile = bindparam("profile", type_=Integer)
    newest_test = select(func.max(SelfTest.id)).where(SelfTest.profile_id == profile)
    newest_screen = select(func.max(NightlyScreen.id)).where(NightlyScreen.profile_id == profile)
    choices = select(Profile.safety_changed_at).where(Profile.id == profile)
    ended = (
        select(SessionRecord.id)
        .where(
            SessionRecord.profile_id == profile,
            SessionRecord.status.in_(("finished", "ended_early")),
        )
        .order_by(SessionRecord.started_at.desc(), SessionRecord.id.desc())
        .limit(1)
    )
    return select(
        newest_test.scalar_subquery(),
        newest_screen.scalar_subquery(),
        choices.scalar_subquery(),
        ended.scalar_subquery(),
    )


_FINGERPRINT = _fingerprint_statement()


def tonight_fingerprint(db: Session, profile: int) -> tuple[object, ...]:
    """What tonight's picture depends on, in one query: the newest test, screen and
    ended session (rows never edited once written) and the time the massage choice
    or a clearance last changed. A cache keyed by it never serves a stale plan."""
    row = db.execute(_FINGERPRINT, {"profile": profile}).one()  # type: ignore[call-overload]
    return tuple(row)


__all__ = ["Tonight", "load_tonight", "tonight_fingerprint"]
