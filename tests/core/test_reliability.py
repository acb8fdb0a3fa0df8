"""A person's own error on the photo angle: SEM from repeats, MDC95, and real changes,
with a fixed set of repeats."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from psoas.core.progress import progress
from psoas.core.reliability import (
    PhotoAngle,
    Reliability,
    measurings,
    reliability,
    repeat_sets,
    sem,
)

T0 = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)


def readings(*groups: tuple[int, str, list[float]]) -> list[tuple[datetime, str, float]]:
    """(day, side, angles): each group's angles a few minutes apart on that day."""
    return [
        (T0 + timedelta(days=day, minutes=4 * n), side, angle)
        for day, side, angles in groups
        for n, angle in enumerate(angles)
    ]


def test_repeats_group_by_side_within_fifteen_minutes() -> None:
    found = readings((0, "left", [10, 12, 11]), (0, "right", [15]), (7, "left", [20, 21, 19]))
    assert repeat_sets(found) == [[10, 12, 11], [15], [20, 21, 19]]


def test_sem_and_mdc_from_a_fixed_set_of_repeats() -> None:
    """Two measurings of three: each spread 1° around its mean, so SEM = 1°, and
    MDC95 = 1.96 × √2 × 1 = 2.77°."""
    assert sem([[10, 12, 11], [20, 21, 19]]) == pytest.approx(1.0)
    assert sem([[10], [12]]) is None  # no repeat, no error to speak of
    assert sem([[10, 10, 10]]) is None  # one picture read three times is no repeat
    assert sem([[10, 10, 10], [10, 12, 11]]) == pytest.approx(1.0)
    found = reliability(readings((0, "left", [10, 12, 11]), (7, "left", [20, 21, 19])))
    assert found is not None
    assert (found.sem, found.repeats) == (pytest.approx(1.0), 4)
    assert found.mdc == pytest.approx(1.96 * math.sqrt(2))
    assert found.real(3.0)
    assert not found.real(2.5)
    assert found.words(5) == (
        "your readings vary by about 1.0°; this 5.0° change is real (more than 2.8°)"
    )
    # The MDC shown is rounded to 0.1°; a change no larger than that number is not real.
    near = Reliability(3.06 / (1.96 * math.sqrt(2)), 3)
    assert (near.shown_mdc, near.real(3.1), near.real(3.2)) == (3.1, False, True)
    assert near.words(3.1).endswith("this 3.1° change is within your own variation (3.1°)")
    assert Reliability(2.0, 3).words(-4) == (
        "your readings vary by about 2.0°; this 4.0° change is within your own variation (5.5°)"
    )


def test_progress_marks_photo_changes_against_the_persons_own_mdc() -> None:
    """The change the trend shows (first to latest measuring, each the mean of its
    captures) is the one judged."""
    angles = readings((0, "left", [30, 32, 31]), (14, "left", [20, 21, 19]))
    result = progress([], thigh_angles=angles)
    change = result.photo_changes()["left"]
    assert change["change"] == -11.0  # 31 first, 20 latest
    assert change["real"] is True
    assert change["words"].endswith("this 11.0° change is real (more than 2.8°)")
    data = result.to_data()
    assert data["photo_reliability"]["sem"] == pytest.approx(1.0)
    single = progress([], thigh_angles=readings((0, "left", [30]), (14, "left", [28])))
    assert single.photo_changes()["left"] == {"change": -2.0, "real": None, "words": None}


def test_the_photo_trend_and_its_change_use_the_numbers_the_table_shows() -> None:
    """Means of three captures are rarely round: the trend, its change and the words
    take the table's one-decimal numbers, so '13.9 → 3.4' is told as a 10.5° change."""
    angles = readings((0, "left", [14.0, 12.5, 15.1]), (56, "left", [3.1, 4.4, 2.6]))
    result = progress([], thigh_angles=angles)
    shown = result.series["measured_thigh_deg"]
    left = next(t for t in result.trends if t.measure == "measured_thigh_left_deg")
    assert shown == [13.9, 3.4]
    assert (left.first, left.latest) == (13.9, 3.4)
    assert result.photo_changes()["left"]["change"] == -10.5


def test_photo_words_give_the_numbers_and_how_to_learn_ones_own_variation() -> None:
    """Without repeats the sentence says how to learn the person's variation instead of
    judging the change; a measuring left out of the trend is said too."""
    single = progress([], thigh_angles=readings((0, "left", [30]), (14, "left", [28.25])))
    assert single.photo_words() == [
        "Thigh angle from photos, left: 30.0° → 28.2°; measure three times in a row (lie "
        "down, get up, lie down again) to learn how much your own readings vary."
    ]
    angles = [
        PhotoAngle(T0, "right", 30.0, False),
        PhotoAngle(T0 + timedelta(days=7), "right", 2.0, True),
        PhotoAngle(T0 + timedelta(days=14), "right", 18.0, False),
    ]
    words = progress([], thigh_angles=angles).photo_words()
    assert words[0].startswith("Thigh angle from photos, right: 30.0° → 18.0°; measure three")
    assert words[1].startswith("1 photo measuring is not counted")
    assert progress([]).photo_words() == []


def test_after_one_measuring_the_words_say_how_large_a_real_change_will_be() -> None:
    """Three captures once: the spread is known, so the words give the change a later
    measuring must beat; one capture alone says how to learn it."""
    once = progress([], thigh_angles=readings((0, "left", [10, 12, 11])))
    assert once.photo_words() == [
        "Thigh angle from photos, left: 11.0°, one measuring so far; your readings vary by "
        "about 1.0°, so a later change of more than 2.8° will be real."
    ]
    alone = progress([], thigh_angles=readings((0, "right", [20])))
    assert alone.photo_words()[0].startswith(
        "Thigh angle from photos, right: 20.0°, one measuring so far; measure three times"
    )


def test_measurings_keep_their_captures_spread_and_low_back() -> None:
    """Three captures taken together are one measuring: its angle is their mean, its
    spread their range, and its low back arched when any capture's was."""
    found = measurings(
        [
            PhotoAngle(T0, "left", 10.0, False),
            PhotoAngle(T0 + timedelta(minutes=3), "left", 14.0, True),
            PhotoAngle(T0 + timedelta(minutes=5), "left", 12.0, None),
            PhotoAngle(T0 + timedelta(days=1), "left", 20.0),
        ]
    )
    assert [(m.values, m.back_arched) for m in found] == [
        ((10.0, 14.0, 12.0), True),
        ((20.0,), None),
    ]
    assert (found[0].degrees, found[0].spread) == (12.0, 4.0)


def test_a_flat_thigh_with_an_arched_back_is_not_counted_as_a_release() -> None:
    """The trend and the chart leave out a measuring whose thigh lay flat only because
    the low back arched; the series still lists it, marked."""
    angles = [
        PhotoAngle(T0, "left", 30.0, False),
        PhotoAngle(T0 + timedelta(days=7), "left", 2.0, True),  # flat, back arched
        PhotoAngle(T0 + timedelta(days=14), "left", 18.0, False),
    ]
    result = progress([], thigh_angles=angles)
    assert result.series["measured_counted"] == [True, False, True]
    assert result.series["measured_back_arched"] == [False, True, False]
    left = next(t for t in result.trends if t.measure == "measured_thigh_left_deg")
    assert (left.first, left.latest, left.count) == (30.0, 18.0, 2)
    assert [v for _, v in result.points("measured_thigh_left_deg")] == [30.0, 18.0]
    assert result.photo_left_out() == (
        "1 photo measuring is not counted: the thigh lay flat only because the low back "
        "arched (a whole hand under it in that night's test)"
    )
    assert progress([], thigh_angles=angles[:1]).photo_left_out() is None


def test_readings_of_different_self_tests_are_different_measurings() -> None:
    """Two nights' tests taken minutes apart (or a re-test) never pool their captures."""
    found = measurings(
        [
            PhotoAngle(T0, "left", 10.0, None, 1),
            PhotoAngle(T0 + timedelta(minutes=2), "left", 11.0, None, 1),
            PhotoAngle(T0 + timedelta(minutes=4), "left", 20.0, None, 2),
        ]
    )
    assert [m.values for m in found] == [(10.0, 11.0), (20.0,)]
