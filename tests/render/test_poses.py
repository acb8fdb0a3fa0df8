"""Every keyframe is solved from what it touches: each declared contact holds within
1 cm, nothing sinks into the floor or a prop, and the angles match the words."""

from __future__ import annotations

from typing import Any

import pytest

from psoas.catalog.loader import load_catalog
from psoas.catalog.model import Catalog, Figure
from psoas.core.body import thigh_to_floor_degrees
from psoas.core.posing import TOLERANCE_CM, Solved, contact_report, solve
from psoas.core.psoas_length import pose_length, practice_length


def _keyframes() -> list[Any]:
    """Every practice's keyframes, then every self-test check's figure (index -1 - n)."""
    found = []
    for practice in load_catalog().practices:
        found += [
            pytest.param(practice.id, i, id=f"{practice.id}-{i}")
            for i in range(len(practice.figures))
        ]
        found += [
            pytest.param(practice.id, -1 - i, id=f"{practice.id}-check-{check.id}")
            for i, check in enumerate(practice.checks)
            if check.figure is not None
        ]
    return found


KEYFRAMES = _keyframes()


def figure(catalog: Catalog, practice: str, index: int = 0) -> Figure:
    """A practice's keyframe, or (negative index) the figure of one of its checks."""
    found = catalog.require(practice)
    if index >= 0:
        return found.figures[index]
    drawn = found.checks[-1 - index].figure
    assert drawn is not None
    return drawn


def final(catalog: Catalog, practice: str) -> Figure:
    """The keyframe a practice ends in."""
    return catalog.require(practice).figures[-1]


@pytest.mark.parametrize(("practice", "index"), KEYFRAMES)
def test_every_keyframe_rests_on_what_it_touches(
    catalog: Catalog, practice: str, index: int
) -> None:
    """Side views: at least one contact with the floor or a prop, every contact within
    1 cm, nothing sunk deeper than 1 cm, at the lowest and highest bolster too."""
    drawn = figure(catalog, practice, index)
    if drawn.view == "above":  # seen from the ceiling: the floor is the page
        assert drawn.contacts == ()
        return
    supports = {c.split(" on ")[1] for c in drawn.contacts}
    assert supports & {"floor", *(p.kind for p in drawn.props)}, "it must rest on something"
    heights = (13.0, 20.0) if any(p.kind == "bolster" for p in drawn.props) else (None,)
    for height in heights:
        report = contact_report(solve(drawn, height))
        assert report.holds, (height, report)


def test_the_check_fails_for_a_figure_lifted_off_its_supports(catalog: Catalog) -> None:
    """The same solved bolster release raised by 3 cm: every contact is now a gap."""
    solved = solve(figure(catalog, "bolster-release"))
    floating = Solved(
        pose=solved.pose,
        body=solved.body.shifted(0.0, 3.0),
        props=solved.props,
        contacts=solved.contacts,
    )
    report = contact_report(floating)
    assert not report.holds
    assert all(gap > TOLERANCE_CM for gap in report.gaps.values())


def test_the_upper_back_rests_at_the_person_s_bolster_height(catalog: Catalog) -> None:
    """A taller bolster lifts the upper back (and the thighs stay down)."""
    drawn = figure(catalog, "bolster-release")
    low, high = solve(drawn, 13.0), solve(drawn, 20.0)
    assert high.body.points["scapula_tip"][1] - low.body.points["scapula_tip"][1] > 5
    for solved in (low, high):
        assert abs(thigh_to_floor_degrees(solved.body)) < 10


def test_the_drawn_angles_match_the_words(catalog: Catalog) -> None:
    """The lunge opens the back hip past straight; the press-up is on straight arms,
    the chest up and the elbows off the floor; the knee-to-chest leaves the other leg long
    and holds the knee; the hip-flexor work bends the working hip to about 90°."""
    lunge = solve(final(catalog, "lunge-hip-flexor-stretch")).pose
    assert lunge.hip <= -10
    press = solve(final(catalog, "prone-press-up"))
    assert press.pose.elbow <= 15
    assert press.body.points["elbow"][1] > 15, "on the palms, not on the forearms"
    assert press.body.points["c7"][1] > 25, "the chest is up"
    knee = solve(final(catalog, "knee-to-chest-position"))
    assert knee.pose.knee_far == 0
    assert abs(thigh_to_floor_degrees(knee.body, far=True)) < 10
    assert contact_report(knee).gaps["hand on shin"] <= TOLERANCE_CM
    lift = solve(final(catalog, "hip-flexor-resistance")).pose
    assert 70 <= lift.hip <= 100
    cross = solve(figure(catalog, "prone-cross-over-stretch"))
    assert cross.pose.arms_out, "arms out at 90°: seen end-on, not overhead"
    for point in ("elbow", "wrist", "hand", "elbow_far", "hand_far"):
        assert abs(cross.body.points[point][0] - cross.body.points["shoulder"][0]) < 3


def test_the_psoas_length_comes_from_the_solved_pose(catalog: Catalog) -> None:
    """Shorter than standing for the knee lift (its working hip bends), longer for the
    lunge; and the figure's solved pose, not its starting angles, is what counts."""
    assert practice_length(catalog.require("hip-flexor-resistance")).change_percent < -10
    assert practice_length(catalog.require("lunge-hip-flexor-stretch")).change_percent > 0
    lunge_figure = final(catalog, "lunge-hip-flexor-stretch")
    expected = pose_length(solve(lunge_figure).pose)
    assert practice_length(catalog.require("lunge-hip-flexor-stretch")) == expected


def test_stored_poses_are_already_solved(catalog: Catalog) -> None:
    """`make poses` keeps each stored pose at its solution, so drawing a figure only
    checks it; a bolster of another height is solved afresh."""
    for practice in catalog.practices:
        checks = [check.figure for check in practice.checks if check.figure is not None]
        for drawn in (*practice.figures, *checks):
            assert solve(drawn).pose == drawn.pose, (practice.id, drawn.caption)
    bolster = figure(catalog, "bolster-release")
    assert solve(bolster, 20.0).pose != bolster.pose
