"""Angles from keypoints, and the checks that refuse a reading a person should not trust."""

from __future__ import annotations

import math

import pytest

from psoas.core.measure import Keypoint, facing_side, frame_angles, read

W, H = 800, 500


def lying(
    thigh_deg: float = 30.0,
    *,
    side: str = "left",
    spread: float = 4.0,
    scale: float = 1.0,
    hidden: tuple[str, ...] = (),
    shift: tuple[float, float] = (0, 0),
) -> dict[str, Keypoint]:
    """A person on their back, side-on, head to the left, knees bent so the thigh rises."""
    hip = (400 + shift[0], 380 + shift[1])
    thigh = 140 * scale
    knee = (
        hip[0] + thigh * math.cos(math.radians(thigh_deg)),
        hip[1] - thigh * math.sin(math.radians(thigh_deg)),
    )
    ankle = (knee[0] + 60 * scale, 385 + shift[1])
    shoulder = (hip[0] - 190 * scale, 375 + shift[1])
    points = {"shoulder": shoulder, "hip": hip, "knee": knee, "ankle": ankle}
    other = "right" if side == "left" else "left"
    frame = {}
    for joint, (x, y) in points.items():
        frame[f"{side}_{joint}"] = Keypoint(x, y, 0.0 if f"{side}_{joint}" in hidden else 0.99)
        seen = 0.0 if f"{other}_{joint}" in hidden else 0.6
        frame[f"{other}_{joint}"] = Keypoint(x + spread, y - spread, seen)
    return frame


@pytest.mark.parametrize("angle", [0.0, 15.0, 30.0, 60.0])
def test_thigh_angle(angle: float) -> None:
    """The thigh's angle to the floor comes out as drawn."""
    reading = read([lying(angle)], W, H)
    assert reading.accepted, reading.reason
    assert reading.angles is not None
    assert reading.angles.thigh_to_floor_deg == pytest.approx(angle, abs=0.01)
    assert reading.side == "left"


def drawn_angle(frame: dict[str, Keypoint], a: str, b: str, c: str) -> float:
    """The angle at joint ``b`` between ``a`` and ``c`` as drawn, worked out here."""
    (ax, ay), (bx, by), (cx, cy) = ((frame[j].x, frame[j].y) for j in (a, b, c))
    first = math.atan2(ay - by, ax - bx)
    second = math.atan2(cy - by, cx - bx)
    angle = abs(math.degrees(first - second)) % 360
    return 360 - angle if angle > 180 else angle


def test_hip_and_knee_angles() -> None:
    """Hip (shoulder–hip–knee) and knee (hip–knee–ankle) angles are the joint angles
    of the figure as drawn."""
    frame = lying(30)
    angles = frame_angles(frame, "left")
    hip = drawn_angle(frame, "left_shoulder", "left_hip", "left_knee")
    knee = drawn_angle(frame, "left_hip", "left_knee", "left_ankle")
    assert angles.hip_deg == pytest.approx(hip, abs=0.01)
    assert angles.knee_deg == pytest.approx(knee, abs=0.01)
    assert 80 < knee < 100  # the drawn knee is bent about square
    assert abs(angles.trunk_to_floor_deg) < 5


def test_side_facing_the_camera_is_the_clearer_one() -> None:
    """The side the model sees best is the side measured."""
    assert facing_side(lying(side="right")) == "right"


def test_no_person() -> None:
    """No keypoints: not detected, with a reason to act on."""
    reading = read([{}], W, H)
    assert (reading.detected, reading.accepted) == (False, False)
    assert "no person" in reading.reason


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        (lying(hidden=("left_ankle", "left_knee", "right_ankle", "right_knee")), "legs cut off"),
        (lying(spread=120), "not side-on"),
        (lying(scale=0.15), "too small"),
        (lying(shift=(500, 0)), "outside the picture"),
    ],
)
def test_bad_readings_are_refused(frame: dict[str, Keypoint], reason: str) -> None:
    """Each kind of untrustworthy picture is refused with its own reason."""
    reading = read([frame], W, H)
    assert reading.detected
    assert not reading.accepted
    assert reason in reading.reason
    assert reading.angles is None


def test_mismatched_legs_are_refused() -> None:
    """Left and right thighs of very different lengths: not filmed from the side."""
    frame = lying(30)
    frame["right_knee"] = Keypoint(frame["right_hip"].x + 30, frame["right_hip"].y, 0.9)
    reading = read([frame], W, H)
    assert not reading.accepted
    assert "legs do not match" in reading.reason


def test_tilted_camera_is_refused_when_lying() -> None:
    """A lying test whose body runs steeply across the picture means a tilted camera."""
    frame = {k: Keypoint(p.y, p.x, p.visibility) for k, p in lying(10).items()}  # turned 90°
    reading = read([frame], H, W)
    assert not reading.accepted


def test_clip_median_and_steadiness() -> None:
    """A clip gives the median of its steady frames; limbs that keep jumping are refused."""
    steady = [lying(a) for a in (28.0, 30.0, 31.0, 30.5, 29.5)]
    reading = read(steady, W, H)
    assert reading.accepted
    assert reading.angles is not None
    assert reading.angles.thigh_to_floor_deg == pytest.approx(30.0, abs=0.01)
    assert reading.frames == 5
    jumpy = [lying(30, scale=s) for s in (1.0, 1.6, 1.0, 1.6, 1.0, 1.6)]
    assert "changed length" in read(jumpy, W, H).reason


def test_clip_is_measured_where_the_person_holds_still() -> None:
    """Getting into position first and getting up after do not count: the longest
    steady stretch does, and one glitch of the model inside it does not break it."""
    settling = [lying(a) for a in (80.0, 65.0, 50.0, 35.0)]
    holding = [lying(a) for a in (20.0, 21.0, 19.5)] + [{}] + [lying(a) for a in (20.5, 20.0)]
    leaving = [lying(a, scale=1.3) for a in (40.0, 70.0)]
    reading = read(settling + holding + leaving, W, H, steady_frames=5)
    assert reading.accepted, reading.reason
    assert reading.angles is not None
    assert reading.angles.thigh_to_floor_deg == pytest.approx(20.0, abs=0.01)
    assert 4 <= reading.frame_index <= 9
    short = read(settling + holding[:3] + leaving, W, H, steady_frames=5)
    assert (short.accepted, short.reason) == (
        False,
        "the body kept moving: hold still for two seconds",
    )


def test_clip_that_never_holds_still_is_refused() -> None:
    """A thigh that keeps rising is never steady, even though every frame is usable."""
    rising = [lying(float(a)) for a in range(0, 60, 6)]
    reading = read(rising, W, H, steady_frames=5)
    assert not reading.accepted
    assert "kept moving" in reading.reason


def test_clip_reading_names_the_frame_its_keypoints_come_from() -> None:
    """The keypoints shown for a clip are one real frame's, and the reading says which:
    the middle steady frame, or the first frame with a person when refused."""
    frames = [{}, {}, *(lying(a) for a in (28.0, 29.0, 30.0, 31.0, 32.0))]
    reading = read(frames, W, H)
    assert reading.accepted
    assert reading.frame_index == 4
    assert reading.keypoints == {k: (p.x, p.y) for k, p in frames[4].items()}
    jumpy = [{}, lying(30, scale=1.0), lying(30, scale=1.6), lying(30, scale=1.0)]
    refused = read(jumpy, W, H)
    assert not refused.accepted
    assert refused.frame_index == 1
    assert refused.keypoints == {k: (p.x, p.y) for k, p in jumpy[1].items()}


def test_json_shape() -> None:
    """The reading's JSON has the documented keys and pixel keypoints."""
    data = read([lying(20)], W, H).to_data()
    assert {"detected", "accepted", "reason", "side", "angles", "keypoints"} <= set(data)
    assert set(data["angles"]) == {
        "thigh_to_floor_deg",
        "hip_deg",
        "knee_deg",
        "trunk_to_floor_deg",
    }
    assert len(data["keypoints"]["left_hip"]) == 2


def test_a_point_with_no_finite_place_is_outside_the_picture() -> None:
    """A keypoint at NaN or infinity is refused as outside the picture, not measured."""
    for bad in (math.nan, math.inf):
        frame = dict(lying())
        frame["left_knee"] = Keypoint(bad, 300.0, 0.99)
        reading = read([frame], W, H)
        assert not reading.accepted
        assert "outside the picture" in reading.reason
