"""The week in review, from the same records as history, progress and progression."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from psoas.core.progress import SelfTestPoint, SessionSummary
from psoas.core.progression import Night, progression
from psoas.core.week import week_summary

TODAY = date(2026, 11, 28)


def _session(
    day: date, status: str = "finished", done: int = 4, skipped: int = 0
) -> SessionSummary:
    started = datetime(day.year, day.month, day.day, 21, tzinfo=UTC)
    return SessionSummary(f"s{day}", started, day, "bedtime", status, done, skipped, 0, 900)


def _point(day: date, gap: str, pain: int) -> SelfTestPoint:
    moment = datetime(day.year, day.month, day.day, 21, tzinfo=UTC)
    return SelfTestPoint.from_answers(moment, "pre", {"back_gap": gap, "pain": pain})


def test_a_week_in_review() -> None:
    """Counts this week's sessions only; says what moved and what the rules change."""
    days = [TODAY - timedelta(days=n) for n in range(14, -1, -1)]
    sessions = [_session(d, skipped=1 if d == TODAY else 0) for d in days]
    points = [_point(d, "hand" if d < TODAY - timedelta(days=6) else "fingers", 2) for d in days]
    # The release held every night this week, not before; pain calm throughout.
    nights = [Night(d, d >= TODAY - timedelta(days=6), 2) for d in days]
    now = progression(nights, TODAY)
    week = week_summary(sessions, points, nights, TODAY, now)
    assert (week.start, week.end) == (TODAY - timedelta(days=6), TODAY)
    assert (week.sessions, week.finished, week.steps_done, week.steps_skipped) == (7, 7, 28, 1)
    assert (week.done, week.partly_done, week.rest_nights) == (7, 0, 0)
    assert week.minutes == 105.0
    assert week.moved == ("Back gap: a whole hand → fingers.",)
    assert any(line.startswith("Bolster release: 3 min, down from 10.") for line in week.next_week)
    data = week.to_data()
    assert data["start"] == "2026-11-22"
    assert data["moved"] == ["Back gap: a whole hand → fingers."]


def test_pain_moved_is_told_from_its_series() -> None:
    """Pain: the last rating before the week against the latest in it, from the pain
    series (a screen counts; a re-test after the release does not)."""
    from psoas.core.pain import PainRating

    def rated(days_ago: int, value: int, context: str) -> PainRating:
        day = TODAY - timedelta(days=days_ago)
        return PainRating(datetime(day.year, day.month, day.day, 21, tzinfo=UTC), value, context)  # type: ignore[arg-type]

    ratings = [rated(9, 5, "test"), rated(2, 3, "screen"), rated(1, 0, "retest")]
    week = week_summary([], [], [], TODAY, progression([], TODAY), pain=ratings)
    assert week.moved == ("Pain: 5/10 → 3/10.",)
    same = week_summary([], [], [], TODAY, progression([], TODAY), pain=ratings[:1])
    assert same.moved == ()


def test_a_quiet_week_says_so() -> None:
    """No sessions, no tests: nothing moved, no change to the plan."""
    week = week_summary([], [], [], TODAY, progression([], TODAY))
    assert week.sessions == 0
    assert week.moved == ()
    assert week.next_week == ("No change to the plan: the same doses carry on.",)


def test_the_week_tells_each_photographed_side_against_the_persons_own_mdc() -> None:
    """The left side measured before the week and again in it is told from the last
    measuring before to the latest, judged against the person's own MDC; the right side,
    measured only this week, is not; an arched-back measuring is left out as in progress."""
    from psoas.core.reliability import PhotoAngle

    def at(days_ago: int, minute: int = 0) -> datetime:
        day = TODAY - timedelta(days=days_ago)
        return datetime(day.year, day.month, day.day, 12, minute, tzinfo=UTC)

    angles = [
        *(PhotoAngle(at(10, n), "left", a, False) for n, a in enumerate((14.0, 12.5, 15.1))),
        PhotoAngle(at(0), "left", 2.0, True),  # flat only with the back arched
        *(PhotoAngle(at(1, n), "left", a, False) for n, a in enumerate((3.1, 4.4, 2.6))),
        PhotoAngle(at(1, 30), "right", 9.0, False),
    ]
    week = week_summary([], [], [], TODAY, progression([], TODAY), thigh_angles=angles)
    assert week.moved == (
        "Thigh angle from photos, left: 13.9° → 3.4°; your readings vary by about 1.1°; "
        "this 10.5° change is real (more than 3.1°).",
    )
    once = week_summary([], [], [], TODAY, progression([], TODAY), thigh_angles=angles[:3])
    assert once.moved == ()
