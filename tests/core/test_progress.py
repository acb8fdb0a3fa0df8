"""Progress maths: streaks with rest days, meaningful pain change, trends of the test."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from psoas.core.pain import PainRating
from psoas.core.progress import (
    SelfTestPoint,
    SessionSummary,
    progress,
    streaks,
    summarize_history,
)

TODAY = date(2026, 6, 30)


def days(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=o) for o in offsets]


@pytest.mark.parametrize(
    ("practice_days", "expected"),
    [
        ([], (0, 0)),
        (days(0), (1, 1)),
        (days(0, 1, 2), (3, 3)),
        (days(0, 2, 4), (3, 3)),  # one rest day between sessions keeps the streak
        (days(0, 3), (1, 1)),  # two rest days break it
        (days(1, 2), (2, 2)),  # yesterday's session still counts today
        (days(2, 3), (2, 2)),  # a rest day today too
        (days(3, 4, 5), (0, 3)),  # too long ago: no current streak
        (days(0, 0, 1), (2, 2)),  # two sessions on one day count once
        (days(0, 10, 11, 12, 13), (1, 4)),
    ],
)
def test_streaks_allow_one_rest_day(practice_days: list[date], expected: tuple[int, int]) -> None:
    """Current and longest streak; a single rest day never breaks a streak."""
    assert streaks(practice_days, TODAY) == expected


def point(day: int, **values: object) -> SelfTestPoint:
    base: dict[str, object] = {
        "pain": 5,
        "bolster_height_cm": None,
        "thighs_lift": False,
        "thighs_flat": False,
        "back_gap": "hand",
        "gap_even": False,
        "tighter_side": "left",
        "ribs_stick_out": True,
    }
    base.update(values)
    return SelfTestPoint(taken_at=datetime(2026, 1, day, tzinfo=UTC), phase="check", **base)  # type: ignore[arg-type]


def test_trends_of_every_measure() -> None:
    """Each measure runs from its first to its latest value, with the direction it moved."""
    result = progress(
        [
            point(1, bolster_height_cm=25.0),
            point(20, bolster_height_cm=18.0, back_gap="fingers", thighs_flat=True, pain=2),
            point(10, back_gap="hand"),
        ],
        [rating(1, 5), rating(20, 2), rating(10, 5)],
    )
    trends = {t.measure: t for t in result.trends}
    assert (trends["bolster_height_cm"].first, trends["bolster_height_cm"].latest) == (25, 18)
    assert trends["bolster_height_cm"].direction == "better"
    assert trends["bolster_height_cm"].count == 2
    assert trends["back_gap"].direction == "better"
    assert trends["thighs_flat"].direction == "better"
    assert trends["ribs_stick_out"].direction == "same"
    assert result.pain is not None
    assert result.pain.meaningful_improvement
    assert result.series["back_gap"] == [2, 2, 1]
    assert [v for _, v in result.points("bolster_height_cm")] == [25, 18]


def test_photo_thigh_angles_trend_by_side() -> None:
    """Photos of the left and right thigh, taken in turn, each get a trend of their own:
    the left eased from 14 to 6 degrees while the right stayed at 5, not "left 14 to
    right 5" as one mixed line would say."""
    day = datetime(2026, 3, 1, tzinfo=UTC)
    photos = [
        (day, "left", 14.0),
        (day + timedelta(minutes=1), "right", 5.0),
        (day + timedelta(days=30), "right", 5.0),
        (day + timedelta(days=30, minutes=1), "left", 6.0),
    ]
    result = progress([point(1)], thigh_angles=photos[::-1])  # stored order does not matter
    trends = {t.measure: t for t in result.trends}
    left, right = trends["measured_thigh_left_deg"], trends["measured_thigh_right_deg"]
    assert (left.first, left.latest, left.count, left.direction) == (14.0, 6.0, 2, "better")
    assert (right.first, right.latest, right.count, right.direction) == (5.0, 5.0, 2, "same")
    assert "measured_thigh_deg" not in trends
    assert result.series["measured_sides"] == ["left", "right", "right", "left"]
    assert result.series["measured_thigh_deg"] == [14.0, 5.0, 5.0, 6.0]
    assert [v for _, v in result.points("measured_thigh_left_deg")] == [14.0, 6.0]
    assert [v for _, v in result.points("measured_thigh_right_deg")] == [5.0, 5.0]


def rating(day: int, value: int, context: str = "test") -> PainRating:
    return PainRating(datetime(2026, 1, day, tzinfo=UTC), value, context)  # type: ignore[arg-type]


def test_after_session_ratings_are_charted_but_not_the_verdict() -> None:
    """Discomfort after sessions is its own charted line and trend row, and stays out of
    the pain series and its verdict (one rating is not a trend)."""
    result = progress([point(1, pain=6)], [rating(1, 6), rating(31, 3, "after_session")])
    assert result.series["pain_values"] == [6]
    assert result.series["discomfort_values"] == [3]
    assert [v for _, v in result.points("discomfort")] == [3]
    assert result.pain is None
    trends = {t.measure: t for t in result.trends}
    assert (trends["discomfort_after"].first, trends["discomfort_after"].latest) == (3, 3)


def test_history_summary_counts() -> None:
    """Totals of done, skipped and partial steps and minutes across sessions."""
    started = datetime(2026, 6, 30, 21, tzinfo=UTC)
    sessions = [
        SessionSummary("a", started, TODAY, "bedtime", "finished", 4, 0, 0, 900),
        SessionSummary(
            "b", started, TODAY - timedelta(days=2), "full", "ended_early", 2, 3, 1, 300
        ),
    ]
    summary = summarize_history(sessions, TODAY)
    assert (summary.steps_done, summary.steps_skipped, summary.steps_partial) == (6, 3, 1)
    assert summary.minutes == 20
    assert summary.finished == 1
    assert summary.current_streak_days == 2


def test_the_pain_verdict_uses_the_numbers_of_the_table() -> None:
    """Discomfort after a session (a different question) never makes the pain verdict:
    "Pain 4 → 0" cannot come from an untouched 0 after a session."""
    from datetime import UTC, datetime, timedelta

    from psoas.core.progress import SelfTestPoint, progress

    day = datetime(2026, 11, 1, tzinfo=UTC)
    tests = [
        SelfTestPoint.from_answers(day, "check", {"pain": 4}),
        SelfTestPoint.from_answers(day + timedelta(days=7), "check", {"pain": 4}),
    ]
    ratings = [
        PainRating(day, 4, "test"),
        PainRating(day + timedelta(days=7), 4, "test"),
        PainRating(day + timedelta(days=8), 0, "after_session"),
    ]
    result = progress(tests, ratings)
    row = next(t for t in result.trends if t.measure == "pain")
    assert result.pain is not None
    assert (result.pain.first, result.pain.latest) == (row.first, row.latest) == (4, 4)
    assert not result.pain.meaningful_improvement
    after = next(t for t in result.trends if t.measure == "discomfort_after")
    assert (after.first, after.latest) == (0, 0)


def test_re_tests_after_the_release_are_their_own_series() -> None:
    """Where each night starts makes the trend; the re-test after the release is kept
    apart, so the chart does not zig-zag between the two."""
    from datetime import UTC, datetime, timedelta

    from psoas.core.progress import SelfTestPoint, progress

    day = datetime(2026, 11, 1, 21, tzinfo=UTC)
    points = []
    for night in range(3):
        start = day + timedelta(days=night)
        points.append(SelfTestPoint.from_answers(start, "pre", {"pain": 3, "back_gap": "hand"}))
        after = start + timedelta(minutes=20)
        points.append(SelfTestPoint.from_answers(after, "post", {"pain": 2, "back_gap": "pencil"}))
    result = progress(points)
    gap = next(t for t in result.trends if t.measure == "back_gap")
    assert (gap.first, gap.latest, gap.count, gap.direction) == (2, 2, 3, "same")
    assert result.series["back_gap"] == [2, 2, 2]
    assert result.series["after_back_gap"] == [0, 0, 0]
    assert [v for _, v in result.points("after_back_gap")] == [0, 0, 0]
    assert result.tests == 6


def test_the_words_and_the_table_tell_the_same_numbers() -> None:
    """Each measure's first and latest words name exactly the table's first and latest
    values, and a check-in is told apart from a self-test."""
    from datetime import UTC, datetime, timedelta

    from psoas.core.progress import SelfTestPoint, progress

    day = datetime(2026, 11, 3, 21, tzinfo=UTC)
    full = {
        "pain": 4,
        "thighs_lift": True,
        "lift_height_cm": 20,
        "thighs_flat": False,
        "back_gap": "hand",
        "gap_even": False,
        "tighter_side": "left",
        "ribs_stick_out": True,
    }
    later = {
        "pain": 2,
        "thighs_lift": True,
        "lift_height_cm": 17,
        "thighs_flat": True,
        "back_gap": "fingers",
        "gap_even": True,
        "ribs_stick_out": False,
    }
    result = progress(
        [
            SelfTestPoint.from_answers(day, "check", full),
            SelfTestPoint.from_answers(day + timedelta(days=18), "pre", later),
            SelfTestPoint.from_answers(day + timedelta(days=18, minutes=20), "post", full),
        ]
    )
    table = {t.measure: (t.first, t.latest) for t in result.trends}
    words = {w.measure: w for w in result.words}
    named = {
        "bolster_height_cm": {20.0: "20 cm (8 in)", 17.0: "17 cm (6.5 in)"},
        "thighs_flat": {0.0: "off the floor", 1.0: "resting on the floor"},
        "back_gap": {2: "a whole hand", 1: "fingers", 0: "a pencil"},
        "gap_even": {0.0: "the left side arching more", 1.0: "even"},
        "ribs_stick_out": {1.0: "rising", 0.0: "resting down"},
    }
    for measure, names in named.items():
        first, latest = table[measure]
        assert words[measure].first == names[first], measure
        assert words[measure].latest == names[latest], measure
    assert words["back_gap"].text == (
        "Back gap: a whole hand on 3 Nov 2026 (self-test); fingers since 21 Nov 2026 (check-in)."
    )
