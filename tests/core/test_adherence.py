"""Adherence as one fact, on a fixed clock: which sessions count as done, what was
planned and from when, and the flags a coach sees."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from psoas.core.adherence import (
    Prescription,
    RoutineEvent,
    adherence,
    coach_flags,
    planned_count,
    prescriptions_from,
    quiet_for,
    week_of,
    weekly,
)
from psoas.core.pain import PainRise
from psoas.core.session_record import SessionSummary, session_outcome

TODAY = date(2026, 11, 28)


def session(
    days_ago: int,
    status: str = "finished",
    done: int = 3,
    planned: int | None = 3,
    rest_only: bool = False,
    skipped: int = 0,
) -> SessionSummary:
    day = TODAY - timedelta(days=days_ago)
    when = datetime(day.year, day.month, day.day, 21, tzinfo=UTC)
    return SessionSummary(
        f"s{days_ago}-{status}",
        when,
        day,
        "bedtime",
        status,
        done,
        skipped,
        0,
        600,
        planned_steps=planned,
        rest_only=rest_only,
    )


def sessions(*days_ago: int, status: str = "finished") -> list[SessionSummary]:
    return [session(n, status) for n in days_ago]


NIGHTLY_SINCE_EVER = [Prescription("evening", 7, date(2026, 1, 1))]


@pytest.mark.parametrize(
    ("summary", "outcome"),
    [
        (session(0, done=6, planned=10), "done"),  # more than half
        (session(0, done=5, planned=10), "partly"),  # half is not most
        (session(0, "ended_early", done=9, planned=10), "done"),
        (session(0, "ended_early", done=1, planned=10), "partly"),
        (session(0, "abandoned", done=9, planned=10), "partly"),  # never ended
        (session(0, "active", done=10, planned=10), "partly"),
        (session(0, done=0, planned=0, rest_only=True), "rest"),  # a 0-step rest night
        (session(0, done=4, planned=4, rest_only=True), "rest"),
        (session(0, "ended_early", done=0, planned=10, skipped=1), "none"),
        (session(0, done=2, planned=None, skipped=1), "done"),  # plan lost: steps written
    ],
)
def test_a_session_counts_by_its_steps(summary: SessionSummary, outcome: str) -> None:
    """Done means ended with more than half of its planned steps done; a rest-only plan
    is a rest night; anything else with a step done is partly done."""
    assert session_outcome(summary) == outcome


def test_done_against_planned_week_by_week() -> None:
    """Seven-day spans ending today; a session run twice on one night counts once; an
    abandoned session, a 1-of-10 session and a rest night are not done."""
    record = [
        *sessions(0, 1, 2, 8, 9),
        session(3, "abandoned"),
        session(4, "ended_early", done=1, planned=10),
        session(5, done=0, planned=0, rest_only=True),
        session(0),  # the same night again
    ]
    weeks = weekly(record, NIGHTLY_SINCE_EVER, TODAY, weeks=2)
    assert [(w.end, w.done, w.planned, w.partly, w.rest) for w in weeks] == [
        (TODAY - timedelta(days=7), 2, 7, 0, 0),
        (TODAY, 3, 7, 2, 1),
    ]
    assert weeks[-1].words == "3 of 7 done, 2 partly done, 1 rest night"
    three = [Prescription("evening", 3, date(2026, 1, 1))]
    assert [w.planned for w in weekly(record, three, TODAY, weeks=2)] == [3, 3]


def test_nothing_is_planned_before_a_routine_existed_or_without_one() -> None:
    """A routine prescribed mid-week plans its share of that week and nothing before; a
    client who never had one has none planned, and says so."""
    started = [Prescription("evening", 5, TODAY - timedelta(days=2))]
    weeks = weekly(sessions(0, 1, 10), started, TODAY, weeks=3)
    assert [w.planned for w in weeks] == [None, None, 3]  # 3 days of 5 a week: 2.1, up
    assert planned_count(started, TODAY - timedelta(days=2), TODAY - timedelta(days=2)) == 1
    assert planned_count(started, TODAY - timedelta(days=9), TODAY - timedelta(days=3)) is None
    none = adherence(sessions(0, 1, 10), [], TODAY, weeks=4)
    assert none.planned is None
    assert none.words == "3 sessions done (no routine prescribed)"
    assert none.weeks[-1].words == "2 done"


def test_a_twice_a_day_routine_counts_two_a_day() -> None:
    """Done sessions a day are capped by what the routine plans a day."""
    twice = [Prescription("morning and night", 14, date(2026, 1, 1))]
    record = [session(0), session(0), session(0)]
    assert week_of(record, TODAY, twice).done == 2
    assert week_of(record, TODAY, NIGHTLY_SINCE_EVER).done == 1


def test_prescriptions_come_from_the_routine_changes() -> None:
    """A routine is in force from the day it is chosen or accepted (or its start date)
    until another is, or it is set aside or deleted; without a count it is nightly."""
    day = [TODAY - timedelta(days=n) for n in range(30, -1, -1)]
    events = [
        RoutineEvent(day[0], "created", "a", "own", None),
        RoutineEvent(day[2], "chosen", "a", "own", None),
        RoutineEvent(day[5], "offered", "b", "physio", 3, day[9]),
        RoutineEvent(day[6], "accepted", "b", "physio", 3, day[9]),
        RoutineEvent(day[20], "set_aside", "b", "physio", 3, day[9]),
        RoutineEvent(day[25], "chosen", "a", "own", None),
        RoutineEvent(day[27], "archived", "b", "physio", 3, day[9]),  # not the one in force
    ]
    assert prescriptions_from(events) == [
        Prescription("own", 7, day[2], day[6]),
        Prescription("physio", 3, day[9], day[20]),
        Prescription("own", 7, day[25]),
    ]


def test_the_flags_a_coach_sees() -> None:
    """No done session in a week, a recent rise in pain, a red flag in two weeks."""
    at = datetime(2026, 11, 20, 21, tzinfo=UTC)
    rise = PainRise(2, at, 5, at + timedelta(days=6))
    assert coach_flags([], TODAY, None, []) == ["no session yet"]
    assert coach_flags(sessions(7), TODAY, None, []) == ["no session in 7 days"]
    assert coach_flags(sessions(6), TODAY, None, []) == []
    assert coach_flags(sessions(1), TODAY, rise, []) == [
        "pain has risen 3 points in 6 days, from 2 on 20 Nov to 5"
    ]
    flagged = coach_flags(sessions(1), TODAY, None, ["night_pain", "night_pain", "swelling"])
    assert flagged == ["red flag reported: night pain, swelling"]
    assert quiet_for(sessions(3, 5), TODAY) == 3
    assert quiet_for([session(1, done=0, planned=3)], TODAY) is None
