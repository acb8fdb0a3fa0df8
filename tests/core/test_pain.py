"""Pain as one fact: the series, its change in points and per cent with the rule it met,
a rise over recent weeks, and the rating a plan measures a rise from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from psoas.core.pain import (
    RISE_WINDOW_DAYS,
    PainRating,
    pain_change,
    pain_now,
    pain_series,
    recent_rise,
)

DAY = datetime(2026, 11, 2, 21, 0, tzinfo=UTC)


def series(*values: int, every: int = 7) -> list[PainRating]:
    """Ratings at the self-test, ``every`` days apart."""
    return [PainRating(DAY + timedelta(days=every * n), v, "test") for n, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "rule", "improved", "worse", "amount"),
    [
        ([6, 4], "points", True, False, "2 points less (33 %)"),
        ([3, 2], "share", True, False, "1 point less (33 %)"),  # 30 % rule, said as such
        ([10, 8], "points", True, False, "2 points less (20 %)"),
        ([7, 6], None, False, False, "1 point less (14 %)"),
        ([4, 3], None, False, False, "1 point less (25 %)"),  # under the 30 % line
        ([4, 5], None, False, False, "1 point more (25 %)"),
        ([3, 4], "share", False, True, "1 point more (33 %)"),
        ([2, 4], "points", False, True, "2 points more (100 %)"),
        ([0, 0], None, False, False, "no change"),
        ([0, 1], None, False, False, "1 point more"),  # no share of a first 0
        ([0, 2], "points", False, True, "2 points more"),
    ],
)
def test_a_change_says_its_points_per_cent_and_rule(
    values: list[int], rule: str | None, improved: bool, worse: bool, amount: str
) -> None:
    """2 points or more, else 30 % or more of the first rating; the words give both
    numbers and name the rule that was met, or that none was."""
    change = pain_change(series(*values))
    assert change is not None
    assert change.rule == rule
    assert (change.meaningful_improvement, change.meaningful_worsening) == (improved, worse)
    assert change.amount == amount
    if rule == "share":
        assert "(30 % or more)" in change.verdict
    elif rule == "points":
        assert "(2 points or more)" in change.verdict
    else:
        assert change.verdict.startswith("no change that matters yet")
    if change.change == 0:
        assert change.sentence == f"{values[0]} → {values[-1]}: no change"
    else:
        assert change.sentence.startswith(f"{values[0]} → {values[-1]}, {amount}: ")


def test_pain_change_needs_two_ratings() -> None:
    """One rating is not a trend."""
    assert pain_change(series(5)) is None
    assert pain_change([]) is None


def test_a_rise_over_three_weeks_is_named_though_the_first_rating_was_high() -> None:
    """6 at the start, then 2, then a climb to 7 within three weeks: first to latest is
    "no change that matters", and the rise from 2 to 7 is named beside it."""
    values = series(6, 2, 4, 7, every=7)
    change = pain_change(values)
    assert change is not None
    assert change.rule is None
    assert change.rise is not None
    assert (change.rise.low, change.rise.latest, change.rise.points) == (2, 7, 5)
    assert "risen 5 points in 14 days, from 2 on" in change.verdict


def test_a_rise_is_two_points_within_the_window() -> None:
    """A rise of 1 is none; 2 within the window is one; the same 2 from a low older than
    the window is not a recent rise."""
    assert recent_rise(series(3, 4, every=3)) is None
    assert recent_rise(series(3, 5, every=3)) is not None
    old_low = [
        PainRating(DAY, 2, "test"),
        PainRating(DAY + timedelta(days=RISE_WINDOW_DAYS + 5), 4, "test"),
        PainRating(DAY + timedelta(days=RISE_WINDOW_DAYS + 6), 4, "test"),
    ]
    assert recent_rise(old_low) is None


def test_the_series_is_pain_before_practice_counted_once() -> None:
    """The re-test after the release and the discomfort after a session stay out; a
    check-in carrying over its session's screen rating is one answer, counted once; a
    check-in that rated pain anew is kept."""
    ratings = [
        PainRating(DAY, 5, "test"),
        PainRating(DAY + timedelta(days=1), 3, "screen", "7"),
        PainRating(DAY + timedelta(days=1, minutes=1), 3, "check_in", "7"),
        PainRating(DAY + timedelta(days=1, minutes=30), 1, "retest", "7"),
        PainRating(DAY + timedelta(days=1, minutes=31), 0, "after_session", "7"),
        PainRating(DAY + timedelta(days=2), 2, "screen", "8"),
        PainRating(DAY + timedelta(days=2, minutes=1), 4, "check_in", "8"),
    ]
    assert [(r.value, r.context) for r in pain_series(ratings)] == [
        (5, "test"),
        (3, "screen"),
        (2, "screen"),
        (4, "check_in"),
    ]


def test_the_plan_measures_a_rise_from_the_lowest_of_three_weeks() -> None:
    """Tonight's 5 after 2, 3, 4 on the nights before: the rise is measured from the 2
    (the lowest of three weeks), not from last night's 4; with no earlier rating there
    is nothing to rise from."""
    before = series(2, 3, 4, every=1)
    now = DAY + timedelta(days=3)
    told = pain_now(before, now, 5)
    assert told is not None
    assert (told.value, told.reference) == (5, 2)
    assert told.reference_words is not None
    assert "lowest in the last 3 weeks" in told.reference_words
    last = pain_now(series(4, 2, every=1), now, 5)
    assert last is not None
    assert (last.reference, last.reference_words) == (2, "at your last rating")
    first = pain_now([], now, 5)
    assert first is not None
    assert first.reference is None
    assert pain_now([], now) is None
    newest = pain_now(before, now)
    assert newest is not None
    assert (newest.value, newest.reference) == (4, 2)
