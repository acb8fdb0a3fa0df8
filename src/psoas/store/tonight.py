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

from sqlalchemy.orm import Session

from psoas.catalog.model import Catalog
from psoas.core.assessment import Answers, Findings, assess, parse_answers
from psoas.core.nightly import Screen, tonight_answers
from psoas.core.planner import PlanChoices
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
    #: Ids of the stored rows it came from, so a cache can tell when it changes.
    key: tuple[object, ...]


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
        return Tonight(given, findings, choices, ("given", given, previous))
    if test is None:
        return None
    answers = parse_answers(test.answers)
    stored = None
    if screen is None:
        newest = latest_screen(db, profile)
        if newest is not None and newest.answered_at > test.taken_at:
            stored = newest
            screen = Screen(tuple(newest.red_flags), newest.pain)  # type: ignore[arg-type]
        previous = ratings[1][1] if len(ratings) > 1 else None
    else:
        previous = ratings[0][1] if ratings else None
    answers = tonight_answers(answers, screen, catalog)
    findings = assess(answers, catalog, previous_pain=previous, clearances=cleared)
    key = (
        test.uid,
        stored.uid if stored else None,
        (screen.red_flags, screen.pain) if screen else None,
        previous,
        tuple((c.flag_id, c.cleared_on) for c in cleared),
        choices,
    )
    return Tonight(answers, findings, choices, key)


__all__ = ["Tonight", "load_tonight"]
