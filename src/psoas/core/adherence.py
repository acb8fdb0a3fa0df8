"""Adherence as one fact: which sessions count as done, what was planned and when,
and the flags a coach sees.

Each rule is a small named function with where it comes from. Every surface (the
history, the week in review, the coach's pages, the report) counts with these, so
"done" and "planned" mean the same thing everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil
from typing import Any

from psoas.core.pain import PainRise
from psoas.core.session_record import ENDED, SessionSummary, session_outcome, tally

#: Sessions a week of a routine that does not say how often: the program is nightly.
NIGHTLY = 7
#: Days without a done session before the coach is told (the app's own choice: a week).
QUIET_DAYS = 7
#: How far back a reported red flag is shown (the app's own choice: two weeks, the
#: PSFS's own interval, so a coach who looks in between sessions of care sees it).
RED_FLAG_DAYS = 14


@dataclass(frozen=True)
class Prescription:
    """A routine in force from ``start`` until ``end`` (exclusive; None: still), planned
    ``per_week`` times a week."""

    routine: str
    per_week: int
    start: date
    end: date | None = None

    def in_force(self, day: date) -> bool:
        """True on the days it is in force."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class RoutineEvent:
    """One change to a person's routines that can start or end a prescription."""

    day: date
    #: ``chosen`` or ``accepted`` (it becomes tonight's plan), ``set_aside`` (back to the
    #: app's routines) or ``archived`` (deleted); others change nothing here.
    action: str
    routine: str
    name: str
    per_week: int | None
    starts_on: date | None = None


#: The changes that put a routine in force, and those that end the one in force.
STARTS = ("chosen", "accepted")
ENDS = ("set_aside", "archived")


def prescriptions_from(events: Sequence[RoutineEvent]) -> list[Prescription]:
    """When each routine was in force, from its changes (oldest first): from the day it
    was chosen or accepted (or its start date, when later) until another was, or it was
    set aside or deleted. A routine that does not say how often is nightly
    (:data:`NIGHTLY`)."""
    found: list[Prescription] = []
    current: RoutineEvent | None = None

    def opened(event: RoutineEvent, end: date | None = None) -> Prescription:
        start = max(event.day, event.starts_on or event.day)
        return Prescription(event.name, event.per_week or NIGHTLY, start, end)

    def close(day: date) -> None:
        if current is not None and opened(current).start < day:
            found.append(opened(current, day))

    for event in sorted(events, key=lambda e: e.day):
        if event.action in STARTS:
            close(event.day)
            current = event
        elif event.action in ENDS and current is not None and event.routine == current.routine:
            close(event.day)
            current = None
    if current is not None:
        found.append(opened(current))
    return found


def per_week_on(prescriptions: Sequence[Prescription], day: date) -> int | None:
    """How often a week the routine in force on ``day`` plans a session (the most, should
    two overlap); None when no routine is in force."""
    return max((p.per_week for p in prescriptions if p.in_force(day)), default=None)


def per_day_cap(prescriptions: Sequence[Prescription], day: date) -> int:
    """How many done sessions a day counts at most: as many as the routine in force plans
    a day (one, or two for a routine done twice a day), else one (the app's own choice,
    so a session run again on the same night is not counted twice)."""
    per_week = per_week_on(prescriptions, day)
    return 1 if per_week is None else max(1, ceil(per_week / 7))


def done_count(
    sessions: Sequence[SessionSummary],
    start: date,
    end: date,
    prescriptions: Sequence[Prescription],
) -> int:
    """Done sessions (:func:`session_outcome`) from ``start`` to ``end``, each day capped
    by :func:`per_day_cap`."""
    per_day = Counter(
        s.day for s in sessions if start <= s.day <= end and session_outcome(s) == "done"
    )
    return sum(min(n, per_day_cap(prescriptions, day)) for day, n in per_day.items())


def planned_count(prescriptions: Sequence[Prescription], start: date, end: date) -> int | None:
    """Sessions planned from ``start`` to ``end``: each day a routine is in force adds a
    seventh of its ``per_week``, and the sum is rounded up to whole sessions (the app's
    own choice: a routine in force for part of a week plans at least one session in it);
    None when no routine was in force on any of those days (nothing is planned before a
    routine existed, and a person with no routine has none planned)."""
    sevenths = 0
    touched = False
    day = start
    while day <= end:
        per_week = per_week_on(prescriptions, day)
        if per_week is not None:
            touched = True
            sevenths += per_week
        day += timedelta(days=1)
    return -(-sevenths // 7) if touched else None


@dataclass(frozen=True)
class Week:
    """Seven days ending ``end``: sessions done, partly done and rest nights, and how
    many were planned (None: no routine in force)."""

    end: date
    done: int
    planned: int | None
    partly: int = 0
    rest: int = 0

    @property
    def words(self) -> str:
        """The week in words: "3 of 5 done", or "3 done" when nothing was planned."""
        done = (
            f"{self.done} done" if self.planned is None else f"{self.done} of {self.planned} done"
        )
        return tally(done, self.partly, self.rest)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "end": self.end.isoformat(),
            "done": self.done,
            "planned": self.planned,
            "partly": self.partly,
            "rest": self.rest,
            "words": self.words,
        }


def week_of(
    sessions: Sequence[SessionSummary],
    end: date,
    prescriptions: Sequence[Prescription] = (),
    days: int = 7,
) -> Week:
    """The ``days`` ending ``end``, counted by the rules above."""
    start = end - timedelta(days=days - 1)
    mine = [s for s in sessions if start <= s.day <= end]
    outcomes = Counter(session_outcome(s) for s in mine)
    return Week(
        end,
        done_count(mine, start, end, prescriptions),
        planned_count(prescriptions, start, end),
        outcomes["partly"],
        outcomes["rest"],
    )


def weekly(
    sessions: Sequence[SessionSummary],
    prescriptions: Sequence[Prescription],
    today: date,
    weeks: int = 8,
) -> list[Week]:
    """Each of the ``weeks`` seven-day spans ending ``today``, oldest first."""
    return [
        week_of(sessions, today - timedelta(days=7 * n), prescriptions)
        for n in reversed(range(weeks))
    ]


@dataclass(frozen=True)
class Adherence:
    """Done against planned over a span of weeks, as one value every surface shows."""

    weeks: tuple[Week, ...]

    @property
    def done(self) -> int:
        """Done sessions in all the weeks."""
        return sum(w.done for w in self.weeks)

    @property
    def planned(self) -> int | None:
        """Planned sessions in all the weeks (None: no routine in any of them)."""
        found = [w.planned for w in self.weeks if w.planned is not None]
        return sum(found) if found else None

    @property
    def words(self) -> str:
        """ "12 of 20 planned sessions done" or "12 sessions done (no routine prescribed)"."""
        if self.planned is None:
            count = f"{self.done} session{'' if self.done == 1 else 's'}"
            return f"{count} done (no routine prescribed)"
        return f"{self.done} of {self.planned} planned sessions done"

    def to_data(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "weeks": [w.to_data() for w in self.weeks],
            "done": self.done,
            "planned": self.planned,
            "words": self.words,
            "this_week": self.weeks[-1].to_data() if self.weeks else None,
        }


def adherence(
    sessions: Sequence[SessionSummary],
    prescriptions: Sequence[Prescription],
    today: date,
    weeks: int = 8,
) -> Adherence:
    """The weeks ending ``today``, counted by the rules above."""
    return Adherence(tuple(weekly(sessions, prescriptions, today, weeks)))


def quiet_for(sessions: Sequence[SessionSummary], today: date) -> int | None:
    """Days since the last session with a step done (None: none yet)."""
    days = [s.day for s in sessions if session_outcome(s) != "none"]
    return (today - max(days)).days if days else None


def coach_flags(
    sessions: Sequence[SessionSummary],
    today: date,
    rise: PainRise | None,
    red_flags_lately: Sequence[str],
) -> list[str]:
    """The flags for a coach, each in words:

    - no session in 7 days (the app's own choice; also when there has been none at all);
    - a recent rise in pain (psoas.core.pain.recent_rise: 2 points or more within three
      weeks, the same rise the plan's pain rules act on);
    - a red flag reported in the last two weeks (001: red flags need a provider).
    """
    flags = []
    quiet = quiet_for(sessions, today)
    if quiet is None or quiet >= QUIET_DAYS:
        flags.append("no session in 7 days" if quiet is not None else "no session yet")
    if rise is not None:
        flags.append(f"pain has {rise.words}")
    if red_flags_lately:
        names = ", ".join(sorted(set(red_flags_lately))).replace("_", " ")
        flags.append(f"red flag reported: {names}")
    return flags


__all__ = [
    "ENDED",
    "NIGHTLY",
    "QUIET_DAYS",
    "RED_FLAG_DAYS",
    "Adherence",
    "Prescription",
    "RoutineEvent",
    "Week",
    "adherence",
    "coach_flags",
    "done_count",
    "per_day_cap",
    "per_week_on",
    "planned_count",
    "prescriptions_from",
    "quiet_for",
    "week_of",
    "weekly",
]
