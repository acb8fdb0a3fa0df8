"""A client at a glance: done against planned by week, and the flags, on a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from psoas.core.adherence import coach_flags, quiet_for, weekly
from psoas.core.progress import SessionSummary

TODAY = date(2026, 11, 28)


def sessions(*days_ago: int, status: str = "finished") -> list[SessionSummary]:
    made = []
    for n in days_ago:
        day = TODAY - timedelta(days=n)
        when = datetime(day.year, day.month, day.day, 21, tzinfo=UTC)
        made.append(SessionSummary(f"s{n}", when, day, "bedtime", status, 3, 0, 0, 600))
    return made


def test_done_against_planned_week_by_week() -> None:
    """Seven-day spans ending today; nightly unless the routine says how often; an
    abandoned session does not count."""
    record = sessions(0, 1, 2, 8, 9) + sessions(3, status="abandoned")
    weeks = weekly(record, None, TODAY, weeks=2)
    assert [(w.end, w.done, w.planned) for w in weeks] == [
        (TODAY - timedelta(days=7), 2, 7),
        (TODAY, 3, 7),
    ]
    assert [w.planned for w in weekly(record, 3, TODAY, weeks=2)] == [3, 3]


def test_the_flags_a_coach_sees() -> None:
    assert coach_flags([], TODAY, [], []) == ["no session yet"]
    assert coach_flags(sessions(7), TODAY, [], []) == ["no session in 7 days"]
    assert coach_flags(sessions(6), TODAY, [], []) == []
    assert coach_flags(sessions(1), TODAY, [5, 3], []) == ["pain up 2 points"]
    assert coach_flags(sessions(1), TODAY, [4, 3], []) == []
    flagged = coach_flags(sessions(1), TODAY, [], ["night_pain", "night_pain", "swelling"])
    assert flagged == ["red flag reported: night pain, swelling"]
    assert quiet_for(sessions(3, 5), TODAY) == 3
