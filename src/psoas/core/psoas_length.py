"""How long the psoas is in a pose, relative to standing upright.

The muscle–tendon path is the psoas of the OpenSim gait2392 model (after Delp et
al., "An interactive graphics-based model of the lower extremity to study
orthopaedic surgical procedures", IEEE Trans. Biomed. Eng. 37:757–767, 1990),
reduced to the side view:

* origin on the front of the lumbar spine, carried by the lumbar segment, which
  turns about the lumbosacral joint (lumbar extension turns it backwards);
* two via points on the pelvic brim, fixed in the pelvis, where the muscle
  passes over the front of the pelvis. The brim works as a pulley: a via point
  counts only while the straight path would otherwise pass behind it (through
  bone), so in hip extension the muscle wraps over the brim and in flexion it
  lifts off it;
* a via point and the insertion on the lesser trochanter of the femur, which
  turns about the hip joint centre (flexion turns it forwards).

Coordinates (metres, pelvis frame centred on the hip joint, x forward, y up,
z lateral) are the model's, shifted to the hip joint centre. Rotations are in
the sagittal plane only, so the lateral (z) offsets are constant. The length is
the sum of the straight pieces between the points; 1.0 is upright standing
(hip and lumbar spine at 0°). In this model the path is about 26 cm long; 20°
of hip extension lengthens it by about 5 %, 90° of hip flexion (sitting)
shortens it by about a quarter, an average flexion moment arm of about 4 cm,
within the range published for the psoas. It is a geometric estimate for
comparing positions, not a measurement of any person.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from psoas.catalog.model import FigurePose, Practice

Point3 = tuple[float, float, float]

#: Lumbosacral joint about which the lumbar segment turns (gait2392 back joint).
LUMBOSACRAL: tuple[float, float] = (-0.0300, 0.1476)
ORIGIN: Point3 = (0.0060, 0.1548, 0.0289)
PELVIC_BRIM: tuple[Point3, Point3] = ((0.0469, 0.0091, 0.0759), (0.0419, -0.0144, 0.0816))
FEMUR_VIA: Point3 = (0.0016, -0.0507, 0.0873)
INSERTION: Point3 = (-0.0188, -0.0597, 0.0939)

#: Reference poses for comparisons.
SITTING = {"hip_flexion": 90.0, "lumbar_extension": -10.0}


def _turn(point: Point3, about: tuple[float, float], degrees: float) -> Point3:
    a = math.radians(degrees)
    x, y = point[0] - about[0], point[1] - about[1]
    return (
        about[0] + x * math.cos(a) - y * math.sin(a),
        about[1] + x * math.sin(a) + y * math.cos(a),
        point[2],
    )


def _wraps(start: Point3, end: Point3, brim: Point3) -> bool:
    """True when the straight line start→end would pass behind ``brim`` (through bone)."""
    low, high = sorted((start[1], end[1]))
    if not low < brim[1] < high:
        return False
    x_line = start[0] + (end[0] - start[0]) * (brim[1] - start[1]) / (end[1] - start[1])
    return brim[0] > x_line


def path_points(hip_flexion: float, lumbar_extension: float = 0.0) -> list[Point3]:
    """The points the psoas runs through in this pose, origin to insertion."""
    hip = (0.0, 0.0)
    femur_via = _turn(FEMUR_VIA, hip, hip_flexion)
    path = [_turn(ORIGIN, LUMBOSACRAL, lumbar_extension)]
    for brim in PELVIC_BRIM:
        if _wraps(path[-1], femur_via, brim):
            path.append(brim)
    return [*path, femur_via, _turn(INSERTION, hip, hip_flexion)]


def path_length_m(hip_flexion: float, lumbar_extension: float = 0.0) -> float:
    """The psoas path length in metres for the given angles (degrees)."""
    points = path_points(hip_flexion, lumbar_extension)
    return sum(math.dist(a, b) for a, b in pairwise(points))


STANDING_LENGTH_M = path_length_m(0.0, 0.0)


def relative_length(hip_flexion: float, lumbar_extension: float = 0.0) -> float:
    """Length relative to upright standing (1.0); hip flexion shortens, extension lengthens."""
    return path_length_m(hip_flexion, lumbar_extension) / STANDING_LENGTH_M


@dataclass(frozen=True)
class PoseLength:
    """Relative psoas length on each side of a pose, and the longer of the two."""

    near: float
    far: float

    @property
    def longest(self) -> float:
        """The more stretched side."""
        return max(self.near, self.far)

    @property
    def change_percent(self) -> int:
        """The longer side's change from standing, in whole percent."""
        return round((self.longest - 1.0) * 100)


def pose_length(pose: FigurePose) -> PoseLength:
    """The relative psoas length of both legs in ``pose``."""
    far_hip = pose.hip if pose.hip_far is None else pose.hip_far
    return PoseLength(
        near=relative_length(pose.hip, pose.lumbar),
        far=relative_length(far_hip, pose.lumbar),
    )


def practice_length(practice: Practice) -> PoseLength:
    """The most lengthening keyframe of a practice, from its solved poses (the ones
    drawn). A strength practice counts the position it works in (its last keyframe)
    and the working (near) leg, as it is that hip that bends."""
    from psoas.core.posing import solve

    if practice.kind == "strength":
        worked = pose_length(solve(practice.figures[-1]).pose).near
        return PoseLength(near=worked, far=worked)
    lengths = [pose_length(solve(f).pose) for f in practice.figures]
    return max(lengths, key=lambda length: length.longest)


def length_data(length: PoseLength) -> dict[str, float | int]:
    """JSON-ready: the relative length, the change in percent, and sitting's for comparison."""
    return {
        "relative_length": round(length.longest, 3),
        "change_percent": length.change_percent,
        "sitting_change_percent": sitting_change_percent(),
    }


def sitting_change_percent() -> int:
    """Sitting's change from standing, in whole percent (negative: shorter)."""
    return round((relative_length(**SITTING) - 1.0) * 100)


__all__ = [
    "SITTING",
    "STANDING_LENGTH_M",
    "PoseLength",
    "length_data",
    "path_length_m",
    "path_points",
    "pose_length",
    "practice_length",
    "relative_length",
    "sitting_change_percent",
]
