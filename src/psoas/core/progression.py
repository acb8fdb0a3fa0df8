"""How the plan changes with practice: small named rules over the nights so far.

Everything is worked out again from the record each time (no hidden counters), so
the plan on night 60 follows from nights 1 to 59 exactly as these rules say. Each
rule names its source: an article id, or the app's own choice and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

#: The bolster release starts at its catalog length (10 min, 000/003) ...
RELEASE_START_MIN = 10
#: ... and a trained psoas needs only about 2 minutes (003).
RELEASE_TRAINED_MIN = 2
#: Each night whose re-test shows the release held takes this much off the next
#: release, and each night it did not adds it back. The app's own choice: one
#: minute a night reaches 2 minutes after eight good nights, and backs off as fast.
RELEASE_STEP_MIN = 1
#: How many re-tests the release rule replays (older ones no longer matter).
RELEASE_WINDOW = 30
#: Strength waits until the pain has been 3 or less at this many sessions in a row
#: (002: relieve pain before strengthening; "several sessions" is the app's own 3).
STRENGTH_CALM_SESSIONS = 3
STRENGTH_PAIN_MAX = 3
#: The first strength dose and how it builds, per week since strength began: two
#: sets of eight, one more rep each week up to twelve, then a third set (002: start
#: light and build slowly). Reps are counted at about 3 s each, with 60 s of rest
#: between sets. The numbers are the app's own choice, from common beginner dosing.
START_SETS, MAX_SETS = 2, 3
START_REPS, MAX_REPS = 8, 12
REST_BETWEEN_SETS_S = 60
SECONDS_PER_REP = 3
#: Walking starts at its catalog length and builds by this many minutes a week, up
#: to 30 (002: walk more; the step is the app's own choice).
WALK_STEP_MIN, WALK_MAX_MIN = 2, 30
#: After this many weeks the tests are reviewed against where they started.
REVIEW_AFTER_DAYS = 42
#: A break of this many days or more starts the next night gently again (the app's
#: own choice: a week away undoes the dose built up, not the person's progress).
BREAK_DAYS = 7
#: The gentle restart holds until this many calm sessions (pain 3 or less) are done
#: again after the break: the app's own choice, the same count strength waits for.
RESTART_CALM_SESSIONS = STRENGTH_CALM_SESSIONS


@dataclass(frozen=True)
class Night:
    """One ended session, as the progression rules see it."""

    day: date
    #: The re-test after the release showed thighs flat and a pencil gap (the release
    #: held, 003); None without a re-test.
    released: bool | None
    #: Pain at the session's start (its test, or tonight's screen); None if not given.
    pain: int | None
    #: A strength step was done.
    strength_done: bool = False


@dataclass(frozen=True)
class Dose:
    """Sets and repetitions for a strength step."""

    sets: int
    reps: int
    rest_s: int = REST_BETWEEN_SETS_S

    @property
    def set_seconds(self) -> int:
        """About how long one set takes."""
        return self.reps * SECONDS_PER_REP


@dataclass(frozen=True)
class Progression:
    """Tonight's dose, with the reason for each part in plain words."""

    release_min: int = RELEASE_START_MIN
    release_why: str = ""
    strength_ready: bool = False
    strength_why: str = ""
    dose: Dose = Dose(START_SETS, START_REPS)
    dose_why: str = ""
    walk_min: int = 10
    #: The six-week review, when it is due and the tests have not moved.
    review: str | None = None
    #: Said after a break of a week or more.
    restart: str | None = None


def release_minutes(nights: Sequence[Night]) -> tuple[int, str]:
    """The bolster release's length tonight: one minute off for each recent night the
    release held, one back for each it did not, between 10 and 2 minutes (003)."""
    tested = [n for n in nights if n.released is not None][-RELEASE_WINDOW:]
    minutes = before = RELEASE_START_MIN
    for night in tested:
        before = minutes
        step = -RELEASE_STEP_MIN if night.released else RELEASE_STEP_MIN
        minutes = min(RELEASE_START_MIN, max(RELEASE_TRAINED_MIN, minutes + step))
    if not tested:
        return minutes, f"{minutes} min to start with, the release's own length."
    recent = tested[-5:]
    held = sum(1 for n in recent if n.released)
    change = ""
    if minutes != before:
        change = f", {'down' if minutes < before else 'up'} from {before}"
    return minutes, (
        f"{minutes} min{change}: the release held (thighs flat, a pencil gap at the re-test) "
        f"on {held} of your last {len(recent)} nights; a trained psoas needs about "
        f"{RELEASE_TRAINED_MIN} min."
    )


def strength_readiness(nights: Sequence[Night]) -> tuple[bool, str]:
    """Strength starts once the pain has been 3 or less at the last 3 sessions (002)."""
    rated = [n.pain for n in nights if n.pain is not None][-STRENGTH_CALM_SESSIONS:]
    calm = len(rated) == STRENGTH_CALM_SESSIONS and all(p <= STRENGTH_PAIN_MAX for p in rated)
    if calm:
        return True, (
            f"Strength is in: your pain was {STRENGTH_PAIN_MAX} or less at your last "
            f"{STRENGTH_CALM_SESSIONS} sessions."
        )
    return False, (
        f"Strength waits until your pain has been {STRENGTH_PAIN_MAX} or less at "
        f"{STRENGTH_CALM_SESSIONS} sessions in a row (so far {_calm_run(nights)})."
    )


def _calm_run(nights: Sequence[Night]) -> int:
    run = 0
    for night in reversed([n for n in nights if n.pain is not None]):
        if night.pain is None or night.pain > STRENGTH_PAIN_MAX:
            break
        run += 1
    return run


def strength_dose(nights: Sequence[Night], today: date) -> tuple[Dose, str]:
    """Sets and reps by the week since strength began: light first, one rep more each
    week up to 12, then a third set (002: start light and build slowly)."""
    done = [n.day for n in nights if n.strength_done]
    if not done:
        return Dose(START_SETS, START_REPS), f"{START_SETS} × {START_REPS} to begin, light."
    week = (today - done[0]).days // 7
    reps = min(MAX_REPS, START_REPS + week)
    sets = START_SETS + (1 if START_REPS + week > MAX_REPS else 0)
    sets = min(MAX_SETS, sets)
    return Dose(sets, reps), f"{sets} × {reps}: week {week + 1} of strength, building slowly."


def walk_minutes(nights: Sequence[Night], today: date, start_min: int) -> int:
    """Walking builds by 2 minutes a week of practice, up to 30 (002: walk more)."""
    if not nights:
        return start_min
    weeks = (today - nights[0].day).days // 7
    return min(WALK_MAX_MIN, start_min + WALK_STEP_MIN * weeks)


def six_week_review(
    first_test: date | None, today: date, moved: Sequence[str] | None
) -> str | None:
    """After six weeks, if no measure of the test is better than at the start, say so
    and suggest a physiotherapist (the app's own choice: a plan that has not helped in
    six weeks deserves a second look). ``moved`` lists the measures that got better."""
    if first_test is None or moved is None or today - first_test < timedelta(REVIEW_AFTER_DAYS):
        return None
    if moved:
        return None
    weeks = (today - first_test).days // 7
    return (
        f"Six-week review: after {weeks} weeks none of your test's measures is better than "
        "at the start. That happens; it is worth showing your tests to a physiotherapist, "
        "who can look for what the self-test cannot."
    )


def since_break(nights: Sequence[Night], today: date) -> tuple[list[Night], int | None]:
    """The nights since the newest break of :data:`BREAK_DAYS` or more (between two
    nights, or from the last night to ``today``), and that break's length in days
    (None: no break). The dose rules replay only these nights: a break undoes the dose
    built up before it (see BREAK_DAYS)."""
    days = [n.day for n in nights] + [today]
    start, away = 0, None
    for i in range(1, len(days)):
        gap = (days[i] - days[i - 1]).days
        if gap >= BREAK_DAYS:
            start, away = i, gap
    return list(nights[start:]), away


def calm_since(nights: Sequence[Night]) -> int:
    """How many of ``nights`` were calm sessions (pain 3 or less at the start)."""
    return sum(1 for n in nights if n.pain is not None and n.pain <= STRENGTH_PAIN_MAX)


def break_restart(nights: Sequence[Night], today: date) -> str | None:
    """After a week or more away, the next sessions start gently again (the release at
    its full length, strength at its first dose) until :data:`RESTART_CALM_SESSIONS`
    calm sessions are done again; None when no restart holds."""
    since, away = since_break(nights, today)
    if away is None or not nights:
        return None
    done = calm_since(since)
    if done >= RESTART_CALM_SESSIONS:
        return None
    return (
        f"Welcome back: after {away} days away, sessions start gently again (the release "
        f"at its full length, strength at its first dose) until {RESTART_CALM_SESSIONS} "
        f"calm sessions are done again; {done} of {RESTART_CALM_SESSIONS} so far."
    )


def progression(
    nights: Sequence[Night],
    today: date,
    *,
    first_test: date | None = None,
    moved: Sequence[str] | None = None,
    walk_start_min: int = 10,
) -> Progression:
    """Tonight's dose from the nights so far (oldest first): after a break, from the
    nights since it (:func:`since_break`), gently until the restart is done."""
    restart = break_restart(nights, today)
    if restart:
        ready, ready_why = strength_readiness(nights)
        return Progression(
            RELEASE_START_MIN,
            f"{RELEASE_START_MIN} min: the full release while you start again after a break.",
            ready,
            ready_why,
            Dose(START_SETS, START_REPS),
            f"{START_SETS} × {START_REPS}: the first dose while you start again after a break.",
            walk_start_min,
            six_week_review(first_test, today, moved),
            restart,
        )
    since, _ = since_break(nights, today)
    minutes, why = release_minutes(since)
    ready, ready_why = strength_readiness(nights)
    dose, dose_why = strength_dose(since, today)
    return Progression(
        minutes,
        why,
        ready,
        ready_why,
        dose,
        dose_why,
        walk_minutes(since, today, walk_start_min),
        six_week_review(first_test, today, moved),
        None,
    )


__all__ = [
    "BREAK_DAYS",
    "RELEASE_START_MIN",
    "RELEASE_TRAINED_MIN",
    "RESTART_CALM_SESSIONS",
    "REVIEW_AFTER_DAYS",
    "STRENGTH_CALM_SESSIONS",
    "Dose",
    "Night",
    "Progression",
    "break_restart",
    "calm_since",
    "progression",
    "release_minutes",
    "since_break",
    "six_week_review",
    "strength_dose",
    "strength_readiness",
    "walk_minutes",
]
