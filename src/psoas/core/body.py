"""A side-view stick body: a pose of joint angles in, the body's points out.

Proportions follow Winter's anthropometric table (segment lengths as fractions of
standing height, *Biomechanics and Motor Control of Human Movement*, 4th ed.,
2009) for a 175 cm adult. The trunk is split at the lumbosacral joint into a
lumbar and a thoracic segment, placed as in the OpenSim gait2392 model.

Coordinates are centimetres, x forward for a standing body, y up. Angles are
degrees: ``hip``, ``shoulder`` (flexion +), ``knee``, ``elbow`` (flexion +),
``ankle`` (toes up +), ``lumbar``, ``thorax``, ``neck`` (extension, bending back,
+) and ``tilt``, the whole body's orientation (0 standing, 90 lying on the back
with the head to the left, -90 lying face down with the head to the right).
Each segment is drawn as a capsule of the given radius, so a body can be laid
on the floor by its lowest surface, not its bones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from psoas.catalog.model import FigurePose

HEIGHT_CM = 175.0
THIGH = 0.245 * HEIGHT_CM
SHANK = 0.246 * HEIGHT_CM
FOOT = 0.152 * HEIGHT_CM
ANKLE_HEIGHT = 0.039 * HEIGHT_CM
UPPER_ARM = 0.186 * HEIGHT_CM
FOREARM = 0.146 * HEIGHT_CM
HAND = 0.108 * HEIGHT_CM
LUMBAR = 17.0
THORAX = 22.0
NECK = 8.0
HEAD_RADIUS = 10.5
#: The lumbosacral joint relative to the hip joint in the pelvis (gait2392 back joint).
LUMBOSACRAL = (-3.0, 14.8)
#: Half-thickness of each segment's capsule.
RADIUS = {
    "pelvis": 6.5,
    "lumbar": 7.0,
    "thorax": 9.0,
    "neck": 5.0,
    "thigh": 7.5,
    "shank": 5.0,
    "foot": 3.0,
    "upper_arm": 4.5,
    "forearm": 3.5,
    "hand": 2.5,
}

Point = tuple[float, float]


def rotate(vector: Point, degrees: float) -> Point:
    """``vector`` turned counter-clockwise by ``degrees``."""
    a = math.radians(degrees)
    x, y = vector
    return (x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a))


def add(p: Point, q: Point) -> Point:
    """Vector sum."""
    return (p[0] + q[0], p[1] + q[1])


@dataclass(frozen=True)
class Segment:
    """A capsule between two points."""

    name: str
    start: Point
    end: Point
    radius: float
    far: bool = False


@dataclass(frozen=True)
class Body:
    """The body's named points and capsules, resting on the floor (y = 0)."""

    points: dict[str, Point]
    segments: tuple[Segment, ...]
    head_center: Point
    head_radius: float = HEAD_RADIUS
    angles: dict[str, float] = field(default_factory=dict)

    def shifted(self, dx: float, dy: float) -> Body:
        """The same body moved by (dx, dy)."""

        def move(p: Point) -> Point:
            return (p[0] + dx, p[1] + dy)

        return Body(
            points={k: move(v) for k, v in self.points.items()},
            segments=tuple(replace(s, start=move(s.start), end=move(s.end)) for s in self.segments),
            head_center=move(self.head_center),
            head_radius=self.head_radius,
            angles=self.angles,
        )

    def lowest(self) -> float:
        """The lowest surface point of the body (capsule bottoms, head)."""
        bottoms = [min(s.start[1], s.end[1]) - s.radius for s in self.segments]
        bottoms.append(self.head_center[1] - self.head_radius)
        return min(bottoms)

    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of every surface."""
        xs, ys = [], []
        for s in self.segments:
            for p in (s.start, s.end):
                xs += [p[0] - s.radius, p[0] + s.radius]
                ys += [p[1] - s.radius, p[1] + s.radius]
        hx, hy = self.head_center
        xs += [hx - self.head_radius, hx + self.head_radius]
        ys += [hy - self.head_radius, hy + self.head_radius]
        return min(xs), min(ys), max(xs), max(ys)


def _leg(hip: Point, pelvis: float, flexion: float, knee: float, ankle: float) -> list[Point]:
    thigh_angle = pelvis + flexion
    knee_point = add(hip, rotate((0, -THIGH), thigh_angle))
    shank_angle = thigh_angle - knee
    ankle_point = add(knee_point, rotate((0, -SHANK), shank_angle))
    foot_angle = shank_angle + ankle
    heel = add(ankle_point, rotate((-0.25 * FOOT, -ANKLE_HEIGHT), foot_angle))
    toe = add(ankle_point, rotate((0.75 * FOOT, -ANKLE_HEIGHT), foot_angle))
    return [knee_point, ankle_point, heel, toe]


def _arm(
    shoulder: Point, trunk: float, flexion: float, elbow: float, wrist_bend: float = 0.0
) -> list[Point]:
    upper_angle = trunk + flexion
    elbow_point = add(shoulder, rotate((0, -UPPER_ARM), upper_angle))
    fore_angle = upper_angle + elbow
    wrist = add(elbow_point, rotate((0, -FOREARM), fore_angle))
    hand = add(wrist, rotate((0, -HAND), fore_angle + wrist_bend))
    return [elbow_point, wrist, hand]


#: How far an arm held out to the side drops from the shoulder to rest on the floor,
#: seen end-on (about the trunk's half-thickness less the arm's, measured on the figure).
ARM_OUT_DROP = 5.6


def _arm_end_on(shoulder: Point) -> list[Point]:
    elbow = add(shoulder, (0.0, -ARM_OUT_DROP))
    return [elbow, elbow, add(elbow, (0.01, 0.0))]


def pose_body(pose: FigurePose) -> Body:
    """Forward kinematics: the pose's points, laid on the floor by its lowest surface."""
    hip: Point = (0.0, 0.0)
    tilt = pose.tilt
    lumbosacral = add(hip, rotate(LUMBOSACRAL, tilt))
    lumbar_angle = tilt + pose.lumbar
    t12 = add(lumbosacral, rotate((0, LUMBAR), lumbar_angle))
    thorax_angle = lumbar_angle + pose.thorax
    c7 = add(t12, rotate((0, THORAX), thorax_angle))
    shoulder = add(t12, rotate((2.0, 0.85 * THORAX), thorax_angle))
    # Where the upper back meets a bolster whose edge is at the lower tips of the
    # shoulder blades (about the level of T7).
    scapula_tip = add(t12, rotate((0.0, 0.6 * THORAX), thorax_angle))
    neck_angle = thorax_angle + pose.neck
    neck_top = add(c7, rotate((1.0, NECK), neck_angle))
    head = add(neck_top, rotate((1.5, HEAD_RADIUS - 1.0), neck_angle))
    near = _leg(hip, tilt, pose.hip, pose.knee, pose.ankle)
    far = _leg(
        hip,
        tilt,
        pose.hip if pose.hip_far is None else pose.hip_far,
        pose.knee if pose.knee_far is None else pose.knee_far,
        pose.ankle if pose.ankle_far is None else pose.ankle_far,
    )
    arm = _arm(shoulder, thorax_angle, pose.shoulder, pose.elbow, pose.wrist)
    arm_far = _arm(
        shoulder,
        thorax_angle,
        pose.shoulder if pose.shoulder_far is None else pose.shoulder_far,
        pose.elbow if pose.elbow_far is None else pose.elbow_far,
        pose.wrist,
    )
    if pose.arms_out:  # end-on: from the shoulder down to the floor it rests on
        arm = arm_far = _arm_end_on(shoulder)
    points: dict[str, Point] = {
        "hip": hip,
        "lumbosacral": lumbosacral,
        "t12": t12,
        "c7": c7,
        "shoulder": shoulder,
        "scapula_tip": scapula_tip,
        "neck_top": neck_top,
        "knee": near[0],
        "ankle": near[1],
        "heel": near[2],
        "toe": near[3],
        "knee_far": far[0],
        "ankle_far": far[1],
        "heel_far": far[2],
        "toe_far": far[3],
        "elbow": arm[0],
        "wrist": arm[1],
        "hand": arm[2],
        "elbow_far": arm_far[0],
        "wrist_far": arm_far[1],
        "hand_far": arm_far[2],
    }
    # Drawing order: the far limbs first (behind), then the trunk, then the near limbs.
    layout = [
        ("upper_arm", "shoulder", "elbow_far", True),
        ("forearm", "elbow_far", "wrist_far", True),
        ("hand", "wrist_far", "hand_far", True),
        ("thigh", "hip", "knee_far", True),
        ("shank", "knee_far", "ankle_far", True),
        ("foot", "heel_far", "toe_far", True),
        ("pelvis", "hip", "lumbosacral", False),
        ("lumbar", "lumbosacral", "t12", False),
        ("thorax", "t12", "c7", False),
        ("neck", "c7", "neck_top", False),
        ("thigh", "hip", "knee", False),
        ("shank", "knee", "ankle", False),
        ("foot", "heel", "toe", False),
        ("upper_arm", "shoulder", "elbow", False),
        ("forearm", "elbow", "wrist", False),
        ("hand", "wrist", "hand", False),
    ]
    segments = [
        Segment(n, points[a], points[b], RADIUS[n], far_side) for n, a, b, far_side in layout
    ]
    angles = {
        "thigh": tilt + pose.hip,
        "shank": tilt + pose.hip - pose.knee,
        "thigh_far": tilt + (pose.hip if pose.hip_far is None else pose.hip_far),
        "thorax": thorax_angle,
    }
    body = Body(points=points, segments=tuple(segments), head_center=head, angles=angles)
    return body.shifted(0.0, -body.lowest())


def thigh_to_floor_degrees(body: Body, far: bool = False) -> float:
    """The thigh's angle above the floor, hip to knee, in degrees (0 = flat)."""
    hip = body.points["hip"]
    knee = body.points["knee_far" if far else "knee"]
    return math.degrees(math.atan2(knee[1] - hip[1], abs(knee[0] - hip[0])))


def shank_from_vertical_degrees(body: Body, far: bool = False) -> float:
    """How far the shin leans from vertical, in degrees (0 = vertical)."""
    knee = body.points["knee_far" if far else "knee"]
    ankle = body.points["ankle_far" if far else "ankle"]
    return math.degrees(math.atan2(abs(knee[0] - ankle[0]), abs(knee[1] - ankle[1])))


__all__ = [
    "HEIGHT_CM",
    "RADIUS",
    "Body",
    "Segment",
    "pose_body",
    "shank_from_vertical_degrees",
    "thigh_to_floor_degrees",
]
