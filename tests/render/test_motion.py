"""Practices shown moving: the loop passes through each solved keyframe, keeps limbs
their length on the way, stays on the floor, and is small."""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pytest

from psoas.catalog.model import Catalog
from psoas.render.motion import frames, practice_motion_svg
from psoas.render.scene import Scene, build_scene
from tests.conftest import Run


def lengths(scene: Scene) -> list[float]:
    """Every segment's drawn length."""
    return [math.dist(*shape.points) for shape in scene.shapes if shape.kind == "capsule"]


def test_the_loop_holds_each_solved_keyframe_and_keeps_limbs_whole(catalog: Catalog) -> None:
    """The lunge's loop starts on its first keyframe and reaches its second exactly;
    on the way every segment keeps its length and nothing goes through the floor."""
    practice = catalog.require("lunge-hip-flexor-stretch")
    scenes, times = frames(practice)
    keyframes = [build_scene(f) for f in practice.figures]
    assert scenes[0].shapes == keyframes[0].shapes
    assert any(scene.shapes == keyframes[1].shapes for scene in scenes)
    assert scenes[-1].shapes == scenes[0].shapes, "the loop ends where it began"
    assert times == sorted(times)
    assert times[0] == 0
    assert times[-1] == 1
    first = lengths(scenes[0])
    for scene in scenes:
        assert lengths(scene) == pytest.approx(first, abs=0.1)
        assert scene.body.lowest() > -2.0


def test_every_practice_s_loop_is_a_few_kb(catalog: Catalog) -> None:
    """Gzipped (as the server sends it), each loop is under 4 KB; a practice with
    one keyframe does not move at all; no frame goes through the floor."""
    for practice in catalog.practices:
        svg = practice_motion_svg(practice)
        assert len(gzip.compress(svg.encode())) < 4096, practice.id
        assert ("<animate " in svg) is (len(practice.figures) > 1), practice.id
        if len(practice.figures) > 1:
            assert min(s.body.lowest() for s in frames(practice)[0]) > -2.0, practice.id


def test_show_writes_the_loop(run: Run, tmp_path: Path) -> None:
    """`psoas show ID --moving FILE` writes the animated SVG."""
    path = tmp_path / "squats.svg"
    result = run("show", "squats", "--moving", str(path))
    assert result.code == 0, result.err
    written = path.read_text()
    assert 'class="psoas-figure psoas-moving"' in written
    assert "<animate " in written
