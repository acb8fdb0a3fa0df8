"""The psoas length model: monotonic in hip flexion, sitting < standing < lunge."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psoas.catalog.model import Catalog, FigurePose
from psoas.core.assessment import assess
from psoas.core.planner import build_plan
from psoas.core.psoas_length import (
    STANDING_LENGTH_M,
    path_length_m,
    pose_length,
    practice_length,
    relative_length,
    sitting_change_percent,
)
from tests.core.answers import answers


def test_standing_is_one() -> None:
    """Upright standing is the reference, and the path is a plausible 20–30 cm."""
    assert relative_length(0, 0) == pytest.approx(1.0)
    assert 0.2 < STANDING_LENGTH_M < 0.3


@given(st.floats(-40, 139), st.floats(0.5, 20), st.floats(-30, 30))
def test_monotonic_in_hip_flexion(hip: float, step: float, lumbar: float) -> None:
    """More hip flexion never lengthens the psoas, at any lumbar angle."""
    upper = min(hip + step, 140)
    assert path_length_m(upper, lumbar) <= path_length_m(hip, lumbar) + 1e-12


@given(st.floats(-40, 140), st.floats(-60, 44), st.floats(0.5, 10))
def test_lumbar_extension_lengthens(hip: float, lumbar: float, step: float) -> None:
    """Bending the lower back backwards lengthens the psoas."""
    upper = min(lumbar + step, 45)
    assert path_length_m(hip, upper) >= path_length_m(hip, lumbar) - 1e-12


def test_sitting_standing_lunge(catalog: Catalog) -> None:
    """Sitting shortens it, the lunge lengthens it: sitting < standing < lunge."""
    lunge = practice_length(catalog.require("lunge-hip-flexor-stretch")).longest
    assert relative_length(90, -10) < 1.0 < lunge
    assert sitting_change_percent() < -10
    assert 1.02 < lunge < 1.15


def test_stretches_lengthen_and_sitting_like_positions_shorten(catalog: Catalog) -> None:
    """Every hip-opening stretch lengthens the psoas; curled positions shorten it."""
    for practice_id in (
        "lunge-hip-flexor-stretch",
        "prone-cross-over-stretch",
        "all-fours-leg-reach",
        "prone-press-up",
    ):
        assert practice_length(catalog.require(practice_id)).change_percent > 0, practice_id
    assert practice_length(catalog.require("calves-on-chair-position")).change_percent < -10


def test_pose_length_takes_each_leg() -> None:
    """In a split pose the longer side is the stretched one."""
    length = pose_length(FigurePose(hip=-20, hip_far=90))
    assert length.near > 1 > length.far
    assert length.longest == length.near


def test_planner_keeps_the_most_lengthening_stretches(catalog: Catalog) -> None:
    """When time is short the plan keeps the stretches that lengthen the psoas most."""
    findings = assess(answers(), catalog)
    full = [s.id for s in build_plan(catalog, findings, "full").steps if s.kind == "stretch"]
    short = build_plan(catalog, findings, "full", minutes=14)
    kept = {s.id for s in short.steps if s.kind == "stretch"}
    assert kept
    assert kept < set(full)
    ranked = sorted(set(full), key=lambda i: -practice_length(catalog.require(i)).longest)
    assert kept == set(ranked[: len(kept)])
