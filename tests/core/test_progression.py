"""The progression rules, one by one, then twelve scripted weeks through the planner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psoas.catalog.model import Catalog
from psoas.core.assessment import assess
from psoas.core.planner import Plan, PlanChoices, build_plan
from psoas.core.progression import (
    BREAK_DAYS,
    Night,
    progression,
    release_minutes,
    six_week_review,
    strength_dose,
    strength_readiness,
)
from tests.core.answers import answers

DAY0 = date(2026, 9, 7)


def nights(*released: bool | None, pain: int | None = 2, start: date = DAY0) -> list[Night]:
    return [Night(start + timedelta(days=i), r, pain) for i, r in enumerate(released)]


@pytest.mark.parametrize(
    ("outcomes", "minutes"),
    [
        ((), 10),
        ((True,), 9),
        ((True,) * 8, 2),
        ((True,) * 12, 2),  # never below a trained psoas's 2 minutes (003)
        ((True,) * 8 + (False,) * 3, 5),  # and back up when it stops holding
        ((False,) * 5, 10),  # never above the catalog's 10 minutes
        ((True, None, True), 8),  # a night without a re-test says nothing
    ],
)
def test_release_shortens_as_it_holds_and_lengthens_if_not(
    outcomes: tuple[bool | None, ...], minutes: int
) -> None:
    """One minute off per night the release held, one back per night it did not."""
    got, why = release_minutes(nights(*outcomes))
    assert got == minutes
    assert f"{minutes} min" in why


def test_the_release_says_what_it_changed_from() -> None:
    """ "6 min, down from 7: the release held on 4 of your last 5 nights"."""
    _, why = release_minutes(nights(True, True, True, True))
    assert why.startswith("6 min, down from 7: the release held")
    assert "on 4 of your last 4 nights" in why
    _, back = release_minutes(nights(True, True, False))
    assert back.startswith("9 min, up from 8:")


def test_strength_waits_for_three_calm_sessions() -> None:
    """Pain 3 or less at the last three sessions; a sore night starts the count again."""
    assert not strength_readiness(nights(None, None, pain=2))[0]
    assert strength_readiness(nights(None, None, None, pain=3))[0]
    sore = [*nights(None, None, None, pain=1), Night(DAY0 + timedelta(days=3), None, 5)]
    ready, why = strength_readiness(sore)
    assert not ready
    assert "so far 0" in why


def test_strength_builds_week_by_week() -> None:
    """2 × 8 in the first week, a rep more each week to 12, then a third set."""
    first = [Night(DAY0, None, 1, strength_done=True)]
    for weeks, (sets, reps) in (
        (0, (2, 8)),
        (1, (2, 9)),
        (4, (2, 12)),
        (5, (3, 12)),
        (20, (3, 12)),
    ):
        dose, _ = strength_dose(first, DAY0 + timedelta(weeks=weeks))
        assert (dose.sets, dose.reps) == (sets, reps), weeks


def test_the_six_week_review() -> None:
    """Due after six weeks, and only when no measure got better."""
    today = DAY0 + timedelta(days=43)
    assert six_week_review(DAY0, DAY0 + timedelta(days=30), []) is None
    assert six_week_review(DAY0, today, ["back_gap"]) is None
    review = six_week_review(DAY0, today, [])
    assert review is not None
    assert "physiotherapist" in review


def test_a_break_restarts_gently_until_three_calm_sessions() -> None:
    """After 19 days away: the full release and the first strength dose, not for one
    night but until three calm sessions are done again; then the rules replay only the
    nights since the break (no 2-minute release, no week 6 of strength)."""
    record = [Night(DAY0 + timedelta(days=i), True, 1, strength_done=True) for i in range(40)]
    soon = progression(record, DAY0 + timedelta(days=40))
    assert soon.release_min == 2
    assert soon.restart is None
    assert soon.dose.reps == 12
    back_on = DAY0 + timedelta(days=39 + 19)
    for done in range(3):
        since = [
            Night(back_on + timedelta(days=n), True, 1, strength_done=True) for n in range(done)
        ]
        now = progression([*record, *since], back_on + timedelta(days=done))
        assert now.release_min == 10, done
        assert (now.dose.sets, now.dose.reps) == (2, 8)
        assert now.restart is not None
        assert "after 19 days away" in now.restart
        assert f"{done} of 3 so far" in now.restart
    since = [Night(back_on + timedelta(days=n), True, 1, strength_done=True) for n in range(3)]
    after = progression([*record, *since], back_on + timedelta(days=3))
    assert after.restart is None
    assert after.release_min == 7  # three held nights since the break, from 10
    assert (after.dose.sets, after.dose.reps) == (2, 8)  # week 1 of strength again
    assert "week 1 of strength" in after.dose_why


def test_a_sore_night_after_a_break_does_not_end_the_restart() -> None:
    """Only calm sessions (pain 3 or less) count toward the restart's three."""
    record = [Night(DAY0 + timedelta(days=i), True, 1) for i in range(10)]
    back = DAY0 + timedelta(days=9 + BREAK_DAYS)
    since = [Night(back + timedelta(days=n), True, pain) for n, pain in enumerate((1, 5, 2))]
    now = progression([*record, *since], back + timedelta(days=3))
    assert now.restart is not None
    assert "2 of 3 so far" in now.restart
    short = DAY0 + timedelta(days=9 + BREAK_DAYS - 1)
    assert progression(record, short).restart is None


def _plan(catalog: Catalog, record: list[Night], today: date, moved: list[str]) -> Plan:
    dose = progression(record, today, first_test=DAY0, moved=moved)
    findings = assess(answers(pain=record[-1].pain if record else 1), catalog)
    return build_plan(catalog, findings, "full", None, PlanChoices(progression=dose))


def _release_s(plan: Plan) -> int:
    return next(s.seconds for s in plan.steps if s.id == "bolster-release")


def _squats(plan: Plan) -> list[tuple[int | None, int | None]]:
    return [(s.set_no, s.reps) for s in plan.steps if s.id == "squats"]


def test_twelve_scripted_weeks(catalog: Catalog) -> None:
    """Nightly sessions for twelve weeks with a fixed clock and scripted answers: each
    rule acts and reverses as documented."""
    # The script: (first night, nights, released?, pain, away before) per stretch.
    script = [
        (0, 5, False, 5, 0),  # week 1: sore, the release does not hold yet
        (5, 10, True, 2, 0),  # then calm, and the release holds every night
        (15, 3, False, 2, 0),  # three nights it does not hold
        (18, 10, True, 2, 0),
        (28, 1, True, 6, 0),  # one sore night
        (29, 20, True, 2, 0),
        (59, 15, True, 2, 10),  # ten days away, then back
    ]
    record: list[Night] = []
    seen: dict[str, object] = {}
    for first, count, held, pain, away in script:
        if away:
            after_break = _plan(catalog, record, DAY0 + timedelta(days=first + away), [])
            seen["after break"] = (_release_s(after_break), _squats(after_break)[:1])
            assert "Welcome back" in after_break.notes[0]
            first += away
        for night in range(first, first + count):
            today = DAY0 + timedelta(days=night)
            plan = _plan(catalog, record, today, ["back_gap"] if night > 50 else [])
            done = bool(_squats(plan))
            seen.setdefault(f"release night {night}", _release_s(plan))
            seen.setdefault(f"strength night {night}", done)
            if night == 45:
                seen["review"] = any("Six-week review" in n for n in plan.notes)
            record.append(Night(today, held, pain, strength_done=done))
    # The release: 10 min while it does not hold, 2 min after eight good nights, back up
    # to 5 after three bad ones, then down again.
    assert seen["release night 0"] == 600
    assert seen["release night 5"] == 600
    assert seen["release night 13"] == 120
    assert seen["release night 18"] == 5 * 60
    assert seen["release night 28"] == 120
    # Strength: not while sore, in after three calm sessions, out after a sore night,
    # back after three calm ones.
    assert seen["strength night 7"] is False
    assert seen["strength night 8"] is True
    assert seen["strength night 29"] is False
    assert seen["strength night 32"] is True
    # The review on night 45: no measure had moved yet.
    assert seen["review"] is True
    # The break: the full release and the first strength dose again.
    assert seen["after break"] == (600, [(1, 8)])
    # Sets and reps build week by week: by night 49 strength had run six weeks.
    before_break = [n for n in record if n.day < DAY0 + timedelta(days=49)]
    final = _plan(catalog, before_break, DAY0 + timedelta(days=49), ["back_gap"])
    assert _squats(final) == [(1, 12), (2, 12), (3, 12)]
    # After the break the gentle start holds for three calm sessions, then the dose
    # builds again from the nights since the break, not from before it.
    assert seen["release night 71"] == 600
    assert seen["strength night 71"] is True
    assert seen["release night 72"] == 7 * 60
    end = _plan(catalog, record, DAY0 + timedelta(days=84), ["back_gap"])
    assert _squats(end)[0] == (1, 10)  # week 3 of strength since the break
