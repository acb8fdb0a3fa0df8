"""Photos of a real person the tests may ship (tests/data/people, BSD-3), measured by hand.

``walking-side.jpg`` is a woman walking past side-on, her left side to the
camera and the leg behind her straight; its thigh was measured by hand (see the
README beside the photos). Turned a quarter turn, the same photo is a person
lying on their back, which is what the self-test photo shows.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

PEOPLE = Path(__file__).resolve().parent / "data" / "people"
WALKING = PEOPLE / "walking-side.jpg"
TWO_PEOPLE = PEOPLE / "two-people.jpg"
#: ``walking-side.jpg`` turned to lying, as 2-second phone-format clips.
LYING_HEVC = PEOPLE / "lying-hevc.mov"
LYING_H264 = PEOPLE / "lying-h264.mp4"
#: The hand-measured thigh axis of the straight (facing) leg, in pixels: a point on
#: it and its direction (from (245, 250) to (271, 320)).
HAND_THIGH_AT = (245.0, 250.0)
HAND_THIGH = (26.0, 70.0)
#: How far a reading may be from the hand measurement, in degrees.
TOLERANCE_DEG = 5.0


def hand_angle(dx: float, dy: float) -> float:
    """Degrees above the image horizontal (negative below) of a direction in pixels, y down."""
    return math.degrees(math.atan2(-dy, abs(dx)))


#: The hand-measured thigh to the floor, upright and (a quarter turn clockwise
#: sends the direction (dx, dy) to (-dy, dx)) lying.
HAND_THIGH_DEG = hand_angle(*HAND_THIGH)
HAND_THIGH_LYING_DEG = hand_angle(-HAND_THIGH[1], HAND_THIGH[0])


def lying_upside_down_with_exif(out: Path) -> Path:
    """The lying photo stored upside down with EXIF orientation 3 ("turn 180° to show"),
    as a phone held the other way round saves it."""
    from PIL import Image

    turned = lying(WALKING, out.with_suffix(".png"))
    with Image.open(turned) as picture:
        exif = Image.Exif()
        exif[0x0112] = 3
        picture.rotate(180).save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out


def write_clip(path: Path, frames: list[Any], fps: int = 30) -> Path:
    """Write BGR ``frames`` as an MP4 clip (MPEG-4 part 2, which OpenCV can always write)."""
    import cv2

    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def lying(path: Path, out: Path) -> Path:
    """The photo turned a quarter turn clockwise: the person lies on their back, face up."""
    import cv2

    cv2.imwrite(str(out), cv2.rotate(cv2.imread(str(path)), cv2.ROTATE_90_CLOCKWISE))
    return out
