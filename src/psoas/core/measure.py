"""Angles of the self-test from body keypoints in a side-view photo or clip, with sanity checks.

Pure geometry: a pose model (see :mod:`psoas.vision`) finds the keypoints; this
module chooses the side facing the camera, computes the angles, and refuses a
reading a person should not trust, with a reason they can act on. A refused
reading is never stored as a measurement.

Image coordinates are pixels with y growing downward; angles are degrees. The
floor is taken as the image's horizontal, so the camera must be level.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Side = Literal["left", "right"]
JOINTS = ("shoulder", "hip", "knee", "ankle")
#: Keypoints with a lower model visibility than this are treated as not seen.
MIN_VISIBILITY = 0.5
#: Left and right thigh lengths (in the image) may differ by at most this share.
MAX_SIDE_MISMATCH = 0.35
#: A clip's steady stretch: the thigh lengths in it stay within this share of their
#: median (neither the camera nor the person moved) ...
STEADY_LENGTH_SHARE = 0.12
#: ... and the thigh angles within this many degrees of theirs.
STEADY_ANGLE_DEG = 4.0
#: The ankle may lie past the picture's edge by up to this share of the thigh's length
#: (the model still seeing it): a person lying long fills a landscape photo and the
#: feet are what it cuts off. Most of the shin is still in view, so the model places
#: the ankle along it, and the thigh angle needs only the hip and knee, which must be
#: inside. The app's own choice, from the design set of the evaluation images.
ANKLE_PAST_EDGE_SHARE = 1 / 3
#: The two hips closer than this share of the thigh length means the body is side-on.
MAX_HIP_SPREAD = 0.6
#: The trunk must lie within this many degrees of the floor for the lying checks.
MAX_LYING_TRUNK = 35.0
#: What a photo may show: lying flat (checked as such), the sit-to-lie descent, or anything.
POSITIONS = ("lying", "descent", "any")
#: A second pose with this many keypoints seen at this visibility is another person.
OTHER_PERSON_POINTS = 6
OTHER_PERSON_VISIBILITY = 0.8
#: The mirrored reading may differ from the direct one by at most this many degrees.
MAX_MIRROR_DISAGREEMENT = 8.0
#: A clip whose steady stretch holds this many times the frames it needs gives three
#: captures (one per third of the stretch): holding still across a clip repeats the
#: measuring, as lying down three times does.
CAPTURES_PER_MEASURING = 3


@dataclass(frozen=True)
class Keypoint:
    """One body point in pixels with the model's visibility (0–1)."""

    x: float
    y: float
    visibility: float = 1.0


Frame = Mapping[str, Keypoint]
"""Keypoints of one image, keyed ``left_hip``, ``right_knee``, ... (shoulders to ankles)."""


@dataclass(frozen=True)
class Angles:
    """The measured angles, in degrees."""

    thigh_to_floor_deg: float
    hip_deg: float
    knee_deg: float
    trunk_to_floor_deg: float

    def to_data(self) -> dict[str, float]:
        """JSON-ready, to a tenth of a degree."""
        return {k: round(v, 1) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class Reading:
    """The result for one photo or clip."""

    detected: bool
    accepted: bool
    reason: str
    side: Side | None = None
    angles: Angles | None = None
    keypoints: dict[str, tuple[float, float]] = field(default_factory=dict)
    frames: int = 1
    #: Which frame of a clip ``keypoints`` come from (0 for a photo).
    frame_index: int = 0
    #: A long steady clip's three captures (the angles of each third), else empty.
    captures: tuple[Angles, ...] = ()

    def to_data(self) -> dict[str, Any]:
        """The documented ``psoas measure --json`` fields (without ``file``)."""
        return {
            "detected": self.detected,
            "accepted": self.accepted,
            "reason": self.reason,
            "side": self.side,
            "angles": self.angles.to_data() if self.angles else None,
            "keypoints": {k: [round(x, 1), round(y, 1)] for k, (x, y) in self.keypoints.items()},
            "frames": self.frames,
            "captures": [c.to_data() for c in self.captures],
        }


def _angle_to_floor(a: Keypoint, b: Keypoint) -> float:
    """Angle of a→b above the image horizontal, 0–90 whichever way it points."""
    dx, dy = b.x - a.x, a.y - b.y
    return math.degrees(math.atan2(dy, abs(dx)))


def _joint_angle(a: Keypoint, b: Keypoint, c: Keypoint) -> float:
    """The angle at ``b`` between b→a and b→c, 0–180."""
    v1 = (a.x - b.x, a.y - b.y)
    v2 = (c.x - b.x, c.y - b.y)
    n1, n2 = math.hypot(*v1), math.hypot(*v2)
    if n1 == 0 or n2 == 0:
        return float("nan")
    cos = max(-1.0, min(1.0, (v1[0] * v2[0] + v1[1] * v2[1]) / (n1 * n2)))
    return math.degrees(math.acos(cos))


def _seen(frame: Frame, name: str) -> bool:
    point = frame.get(name)
    return point is not None and point.visibility >= MIN_VISIBILITY


def _past_edge(point: Keypoint, width: int, height: int) -> float:
    """How far (pixels) ``point`` lies outside the picture; 0 inside it, infinite when
    the point has no finite place."""
    if not (math.isfinite(point.x) and math.isfinite(point.y)):
        return math.inf
    return max(0.0, -point.x, point.x - width, -point.y, point.y - height)


def facing_side(frame: Frame) -> Side:
    """The side nearer the camera: the one whose hip, knee and ankle the model sees best."""

    def score(side: str) -> float:
        return sum(
            frame[f"{side}_{j}"].visibility
            for j in ("hip", "knee", "ankle")
            if f"{side}_{j}" in frame
        )

    return "left" if score("left") >= score("right") else "right"


def _length(frame: Frame, side: str, a: str, b: str) -> float:
    p, q = frame[f"{side}_{a}"], frame[f"{side}_{b}"]
    return math.hypot(p.x - q.x, p.y - q.y)


def check_frame(frame: Frame, width: int, height: int, lying: bool = True) -> str | None:
    """Why this frame cannot be trusted, or None when it can."""
    if not frame:
        return "no person found: make sure the whole body is in the picture, lit from the front"
    side = facing_side(frame)
    needed = [f"{side}_{j}" for j in JOINTS]
    missing = [n for n in needed if not _seen(frame, n)]
    if any(n.endswith(("knee", "ankle")) for n in missing):
        return "legs cut off or hidden: step the camera back so the feet are in the picture"
    if missing:
        return "the shoulder or hip is hidden: film from the side, at floor level"
    thigh = _length(frame, side, "hip", "knee")
    for name in needed:
        allowed = ANKLE_PAST_EDGE_SHARE * thigh if name.endswith("ankle") else 0.0
        if _past_edge(frame[name], width, height) > allowed:
            return "part of the body is outside the picture: step the camera back"
    if thigh < 0.05 * max(width, height):
        return "the person is too small in the picture: move the camera closer"
    other = "right" if side == "left" else "left"
    if all(f"{other}_{j}" in frame for j in ("hip", "knee")) and _seen(frame, f"{other}_knee"):
        other_thigh = _length(frame, other, "hip", "knee")
        if abs(other_thigh - thigh) > MAX_SIDE_MISMATCH * max(thigh, other_thigh):
            return "the two legs do not match: film straight from the side"
        hips = math.hypot(
            frame[f"{side}_hip"].x - frame[f"{other}_hip"].x,
            frame[f"{side}_hip"].y - frame[f"{other}_hip"].y,
        )
        if hips > MAX_HIP_SPREAD * thigh:
            return "the body is not side-on: turn the camera to look at the side of the body"
    if lying:
        trunk = abs(_angle_to_floor(frame[f"{side}_hip"], frame[f"{side}_shoulder"]))
        if (
            trunk > MAX_LYING_TRUNK
            and abs(_angle_to_floor(frame[f"{side}_hip"], frame[f"{side}_ankle"])) > MAX_LYING_TRUNK
        ):
            return "the body does not look level: keep the phone level and lie flat for the test"
    return None


def frame_angles(frame: Frame, side: Side) -> Angles:
    """The four angles of one frame, on the side facing the camera."""
    s, h, k, a = (frame[f"{side}_{j}"] for j in JOINTS)
    return Angles(
        thigh_to_floor_deg=_angle_to_floor(h, k),
        hip_deg=_joint_angle(s, h, k),
        knee_deg=_joint_angle(h, k, a),
        trunk_to_floor_deg=_angle_to_floor(h, s),
    )


def read(
    frames: Sequence[Frame],
    width: int,
    height: int,
    lying: bool = True,
    steady_frames: int | None = None,
) -> Reading:
    """Measure one photo (one frame) or a clip.

    A clip is measured over its longest steady stretch: frames in a row (one
    unusable frame may interrupt them) in which the thigh keeps its length and
    angle, so getting into position before and getting up after do not count.
    The angles are the medians over that stretch. A clip is refused when no
    stretch has ``steady_frames`` frames (by default a third of them, at least 2).
    """
    found = [f for f in frames if f]
    if not found:
        return Reading(False, False, "no person found: make sure the whole body is in the picture")
    first = found[0]

    def refused(reason: str, side: Side | None) -> Reading:
        """A refused reading, showing the first frame with a person in it."""
        return Reading(
            True, False, reason, side, None, _pixels(first), len(frames), _index(frames, first)
        )

    checked = [
        (i, f) for i, f in enumerate(frames) if f and not check_frame(f, width, height, lying)
    ]
    if not checked:
        reason = check_frame(first, width, height, lying) or "no usable frame"
        return refused(reason, facing_side(first))
    need = 1 if len(frames) == 1 else steady_frames or max(2, len(frames) // 3)
    if len(checked) < need:
        return refused("too few steady frames: hold still for two seconds", None)
    sides = [facing_side(f) for _, f in checked]
    side: Side = "left" if sides.count("left") >= sides.count("right") else "right"
    usable = [(i, f) for i, f in checked if facing_side(f) == side]
    thighs = [
        (i, _length(f, side, "hip", "knee"), frame_angles(f, side).thigh_to_floor_deg)
        for i, f in usable
    ]
    start, end = _steady_stretch(thighs, STEADY_ANGLE_DEG)
    stretch = usable[start:end]
    if len(stretch) < need:
        start, end = _steady_stretch(thighs, math.inf)
        if end - start < need:
            return refused(
                "the limbs changed length between frames: hold still and film from one spot", side
            )
        return refused("the body kept moving: hold still for two seconds", side)
    per_frame = [frame_angles(f, side) for _, f in stretch]
    captures: tuple[Angles, ...] = ()
    if len(frames) > 1 and len(stretch) >= CAPTURES_PER_MEASURING * need:
        third = len(per_frame) // CAPTURES_PER_MEASURING
        captures = tuple(
            _median_angles(per_frame[i * third : (i + 1) * third])
            for i in range(CAPTURES_PER_MEASURING)
        )
    shown_at, shown = stretch[len(stretch) // 2]
    return Reading(
        True,
        True,
        "ok",
        side,
        _median_angles(per_frame),
        _pixels(shown),
        len(frames),
        shown_at,
        captures,
    )


def _median_angles(angles: Sequence[Angles]) -> Angles:
    return Angles(
        *(
            statistics.median(getattr(a, name) for a in angles)
            for name in Angles.__dataclass_fields__
        )
    )


def another_person(pose: Frame) -> bool:
    """True when a second pose the model found is clearly a person (enough keypoints
    seen well), not a shadow or a pattern on the wall."""
    seen = sum(1 for p in pose.values() if p.visibility >= OTHER_PERSON_VISIBILITY)
    return seen >= OTHER_PERSON_POINTS


Box = tuple[int, int, int, int]


def search_for_others(frame: Frame, width: int, height: int) -> tuple[Box, list[Box]]:
    """Where to look for a second person: the box (x0, y0, x1, y1) that covers the found
    person (their keypoints' box, grown generously: more above, where the head is), and
    the parts of the covered picture to search, the whole and two overlapping halves
    along its long side, where a smaller person in the background is big enough for the
    detector to see. The app's own search: the model reports one person at a time."""
    xs = [p.x for p in frame.values()]
    ys = [p.y for p in frame.values()]
    size = max(max(xs) - min(xs), max(ys) - min(ys))
    cover = (
        int(max(0, min(xs) - 0.35 * size)),
        int(max(0, min(ys) - 0.6 * size)),
        int(min(width, max(xs) + 0.35 * size)),
        int(min(height, max(ys) + 0.35 * size)),
    )
    long = max(height, width)
    cut, keep = int(0.4 * long), int(0.6 * long)
    if width >= height:
        halves = [(0, 0, keep, height), (cut, 0, width, height)]
    else:
        halves = [(0, 0, width, keep), (0, cut, width, height)]
    return cover, [(0, 0, width, height), *halves]


def mirror_agrees(direct: Reading, mirrored: Reading) -> bool:
    """True when the reading of the mirrored photo vouches for the direct one: both
    accepted, the thigh angles within MAX_MIRROR_DISAGREEMENT. The model's gross errors
    rarely repeat in the mirror image (the app's own check, tuned on the design set)."""
    if not mirrored.accepted or mirrored.angles is None or direct.angles is None:
        return False
    gap = abs(direct.angles.thigh_to_floor_deg - mirrored.angles.thigh_to_floor_deg)
    return not math.isnan(gap) and gap <= MAX_MIRROR_DISAGREEMENT


#: Why a photo is refused when another person is in it, or the mirror disagrees.
TWO_PEOPLE = "two people in the picture: only the person doing the test should be in view"
UNSURE = "the reading is unsure: retake side-on, in good light"


def _steady_stretch(thighs: list[tuple[int, float, float]], angle_deg: float) -> tuple[int, int]:
    """The longest run ``thighs[start:end]`` of (frame index, thigh length, thigh angle)
    that holds still: no gap of more than one frame, lengths within STEADY_LENGTH_SHARE
    of their median, angles within ``angle_deg`` of theirs."""
    best = (0, 0)
    for start in range(len(thighs)):
        end = start + 1
        while (
            end < len(thighs)
            and thighs[end][0] - thighs[end - 1][0] <= 2
            and _holds_still(thighs[start : end + 1], angle_deg)
        ):
            end += 1
        if end - start > best[1] - best[0]:
            best = (start, end)
        if end == len(thighs):  # no later start can make a longer run
            break
    return best


def _holds_still(run: list[tuple[int, float, float]], angle_deg: float) -> bool:
    length = statistics.median(t[1] for t in run)
    angle = statistics.median(t[2] for t in run)
    return all(
        abs(t[1] - length) <= STEADY_LENGTH_SHARE * length and abs(t[2] - angle) <= angle_deg
        for t in run
    )


def _pixels(frame: Frame) -> dict[str, tuple[float, float]]:
    return {name: (p.x, p.y) for name, p in frame.items()}


def _index(frames: Sequence[Frame], frame: Frame) -> int:
    """The position of ``frame`` itself (not an equal one) in ``frames``."""
    return next(i for i, f in enumerate(frames) if f is frame)


#: What "in position" means for the practices the live camera can check.
POSITION_RULES = {
    "bolster-release": "lying back with the legs long and the thighs down",
    "lunge-hip-flexor-stretch": "upright in a lunge with the back hip open",
}


def in_position(practice_id: str, reading: Reading) -> tuple[bool, str]:
    """Whether a live reading shows the practice's position, and what to change if not."""
    if not reading.accepted or reading.angles is None:
        return False, reading.reason
    a = reading.angles
    if practice_id == "bolster-release":
        if abs(a.thigh_to_floor_deg) > 12:
            return False, "let the thighs rest on the floor (raise the bolster if they lift)"
        if a.knee_deg < 150:
            return False, "straighten the legs"
        return True, "in position"
    if practice_id == "lunge-hip-flexor-stretch":
        if a.trunk_to_floor_deg < 55:
            return False, "bring the trunk upright"
        if a.hip_deg < 150:
            return False, "move the hips forward to open the back hip"
        return True, "in position"
    return False, "no camera check for this practice"


__all__ = [
    "POSITIONS",
    "POSITION_RULES",
    "TWO_PEOPLE",
    "UNSURE",
    "Angles",
    "Frame",
    "Keypoint",
    "Reading",
    "another_person",
    "check_frame",
    "facing_side",
    "frame_angles",
    "in_position",
    "mirror_agrees",
    "read",
    "search_for_others",
]
