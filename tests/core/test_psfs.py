"""The Patient-Specific Functional Scale: scores, due dates on a fixed clock, the change
that matters, and what is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from psoas.core.psfs import (
    ActivityRating,
    PsfsResponse,
    is_due,
    next_due,
    parse_ratings,
    psfs_change,
    psfs_summary,
)
from psoas.exceptions import BadInput

START = datetime(2026, 11, 2, 20, 0, tzinfo=UTC)


def answered(days: int, *scores: int) -> PsfsResponse:
    names = ("Sitting through a film", "Running 5 km", "Lifting a child")
    ratings = tuple(ActivityRating(n, s) for n, s in zip(names, scores, strict=False))
    return PsfsResponse(START + timedelta(days=days), ratings)


def test_the_score_is_the_mean_rating() -> None:
    assert answered(0, 4, 2, 3).mean == 3.0
    assert answered(0, 4, 3).mean == 3.5
    assert answered(0, 7).mean == 7.0


def test_due_at_the_start_then_every_two_weeks() -> None:
    assert is_due([], date(2026, 11, 2))
    assert next_due([]) is None
    first = [answered(0, 4, 2)]
    assert next_due(first) == date(2026, 11, 16)
    assert not is_due(first, date(2026, 11, 15))
    assert is_due(first, date(2026, 11, 16))
    again = [*first, answered(15, 5, 3)]
    assert next_due(again) == date(2026, 12, 1)


def test_a_change_of_two_points_matters_and_the_words_agree() -> None:
    """2 points on the mean matter (Stratford 1995); 3 on one activity is listed."""
    small = psfs_change([answered(0, 4, 2), answered(14, 5, 3)])
    assert small is not None
    assert (small.change, small.meaningful) == (1.0, False)
    assert small.verdict == "within 2 points: no change that matters yet"
    assert small.activities == ()
    big = psfs_change([answered(0, 4, 2), answered(28, 7, 3)])
    assert big is not None
    assert (big.change, big.meaningful) == (2.0, True)
    assert big.verdict == "2 points better: a change that matters"
    assert big.activities == (("Sitting through a film", 4, 7),)
    worse = psfs_change([answered(0, 8, 8), answered(14, 5, 6)])
    assert worse is not None
    assert worse.verdict == "2.5 points worse: a change that matters"
    assert psfs_change([answered(0, 4)]) is None
    summary = psfs_summary([answered(0, 4, 2), answered(28, 7, 3)], date(2026, 11, 30))
    assert summary["change"]["change"] == summary["responses"][1]["mean"] - 3.0
    assert summary["due"] is False


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "rate 1 to 3 activities"),
        ([{"activity": "a", "score": 1}] * 4, "rate 1 to 3 activities"),
        ([{"activity": "a", "score": 11}], "whole number 0 to 10"),
        ([{"activity": "a", "score": True}], "whole number 0 to 10"),
        ([{"activity": "a", "score": 2.5}], "whole number 0 to 10"),
        ([{"activity": " ", "score": 2}], "name the activity"),
        ([{"activity": "a", "score": 2, "x": 1}], "'activity' and 'score' only"),
        ([{"activity": "Run", "score": 2}, {"activity": "run", "score": 3}], "each activity once"),
        ([{"activity": "x" * 81, "score": 2}], "at most 80 characters"),
        ({"activity": "a", "score": 2}, "rate 1 to 3 activities"),
    ],
)
def test_bad_ratings_are_refused_in_one_line(data: Any, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        parse_ratings(data)
