"""The body model and the figures: what the text says is what the figure shows."""

from __future__ import annotations

import math

import pytest

from psoas.catalog.model import Catalog, FigurePose
from psoas.core.body import (
    SHANK,
    THIGH,
    pose_body,
    shank_from_vertical_degrees,
    thigh_to_floor_degrees,
)
from psoas.core.posing import TOLERANCE_CM
from psoas.render.scene import build_scene


def test_standing_proportions() -> None:
    """Standing upright: the body stands on the floor, about 175 cm tall."""
    body = pose_body(FigurePose())
    assert body.lowest() == pytest.approx(0, abs=1e-6)
    top = body.head_center[1] + body.head_radius
    assert 160 < top < 185
    assert math.dist(body.points["hip"], body.points["knee"]) == pytest.approx(THIGH)
    assert math.dist(body.points["knee"], body.points["ankle"]) == pytest.approx(SHANK)


def test_lying_on_the_back_faces_up() -> None:
    """tilt 90 lays the body on its back: the head to the left, everything near the floor."""
    body = pose_body(FigurePose(tilt=90))
    assert body.head_center[0] < body.points["hip"][0] < body.points["ankle"][0]
    _, _, _, top = body.bounds()
    assert top < 40


def test_every_figure_rests_on_the_floor(catalog: Catalog) -> None:
    """No figure floats or sinks: its lowest surface is on the floor, within the 1 cm
    the contact solver allows."""
    for practice in catalog.practices:
        for figure in practice.figures:
            scene = build_scene(figure)
            if figure.view == "side":
                assert abs(scene.body.lowest()) <= TOLERANCE_CM, practice.id


def test_bolster_release_legs_straight_thighs_down(catalog: Catalog) -> None:
    """In the bolster release the legs are straight and the thighs rest on the floor."""
    figure = catalog.require("bolster-release").figures[0]
    assert figure.pose.knee == 0
    body = build_scene(figure).body
    assert abs(thigh_to_floor_degrees(body)) < 3
    knee_y = body.points["knee"][1]
    assert knee_y < 10


@pytest.mark.parametrize("height", [13.0, 20.0, 28.0])
def test_bolster_figure_uses_the_persons_height(catalog: Catalog, height: float) -> None:
    """The upper back rests on a bolster of the person's height."""
    figure = catalog.require("bolster-release").figures[0]
    scene = build_scene(figure, bolster_cm=height)
    bolster = next(s for s in scene.shapes if s.label == "bolster")
    assert 2 * bolster.size_y == pytest.approx(height, abs=0.5)


def test_pelvis_block_release_shins_vertical(catalog: Catalog) -> None:
    """In the pelvis-block release the shins are vertical and the block is under the pelvis."""
    figure = catalog.require("pelvis-block-release").figures[0]
    scene = build_scene(figure)
    assert shank_from_vertical_degrees(scene.body) < 10
    block = next(s for s in scene.shapes if s.label == "block")
    pelvis_x = (scene.body.points["hip"][0] + scene.body.points["lumbosacral"][0]) / 2
    assert block.points[0][0] - block.size <= pelvis_x <= block.points[0][0] + block.size


def test_lunge_back_hip_is_extended_standing(catalog: Catalog) -> None:
    """In the lunge, done standing, the back hip is extended (behind the body), the front
    hip flexed, the trunk upright, and neither knee touches the floor: its figures show
    what its steps say, for someone who cannot kneel or get down to the floor too."""
    figure = catalog.require("lunge-hip-flexor-stretch").figures[-1]
    pose = figure.pose
    assert pose.hip < -10
    assert pose.hip_far is not None
    assert pose.hip_far > 30
    assert abs(pose.tilt) < 5
    body = build_scene(figure).body
    assert body.points["knee"][1] > 15
    assert body.points["knee_far"][1] > 15


def test_prone_practices_lie_face_down(catalog: Catalog) -> None:
    """Practices marked face down are drawn face down."""
    for practice in catalog.practices:
        if practice.prone:
            assert abs(practice.figures[0].pose.tilt + 90) < 15, practice.id


def test_self_test_checks_have_figures(catalog: Catalog) -> None:
    """Each check of the self-test has a figure of what it looks for."""
    test = catalog.require("sit-to-lie-test")
    assert all(check.figure is not None for check in test.checks)
    thighs = next(c for c in test.checks if c.id == "thighs-flat").figure
    assert thighs is not None
    assert thigh_to_floor_degrees(build_scene(thighs).body) > 5


def test_per_side_practices_show_a_side(catalog: Catalog) -> None:
    """Where one side works differently, the figure marks the near side."""
    for practice in catalog.practices:
        if practice.per_side and practice.kind in ("stretch", "position", "massage"):
            assert practice.figures[0].side is not None, practice.id
